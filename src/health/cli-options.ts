import type { Thresholds } from '../checks/types.js';
import type { Config } from '../config/schema.js';
import { targetFromFlags } from '../target/from-flags.js';
import type { TargetConfig } from '../target/types.js';
import type { HealthConfig } from './config.js';
import { DEFAULT_THRESHOLDS, HEALTH_DEFAULTS } from './defaults.js';
import { applyThresholds } from './resolve-policy.js';

/** The flags of `spacetime-monitor health`, as commander hands them over (no defaults applied). */
export interface HealthFlags {
  apiUrl?: string;
  healthEndpoint?: string;
  interval?: string;
  logFile?: string;
  alertWebhook?: string[];
  responseTime?: string;
  memory?: string;
  fps?: string;
  jwtToken?: string;
  pid?: string;
  pidFile?: string;
  once?: boolean;
  stateFile?: string;
  json?: boolean;
}

export interface ResolvedHealth {
  targets: TargetConfig[];
  intervalMs: number;
  thresholds: Thresholds;
  health?: HealthConfig;
  alerting?: Config['alerting'];
  logFile: string;
  stateFile: string;
  webhooks: string[];
  concurrency?: number;
  jitter?: number;
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new Error(`--${flag}: "${value}" is not a positive number`);
  }
  return n;
}

/**
 * Flags over the config file over the original defaults. Config targets make a fleet; without
 * them the flags describe the one game, as in the original tool.
 */
export function resolveHealthFlags(flags: HealthFlags, config?: Config): ResolvedHealth {
  const health = config?.health;
  const intervalMs =
    flags.interval !== undefined
      ? positive('interval', flags.interval) * 1000
      : (health?.interval ?? HEALTH_DEFAULTS.intervalMs);

  let thresholds = applyThresholds(DEFAULT_THRESHOLDS, health?.thresholds);
  if (flags.responseTime !== undefined) {
    thresholds = { ...thresholds, responseTimeSeconds: positive('response-time', flags.responseTime) };
  }
  if (flags.memory !== undefined) {
    thresholds = { ...thresholds, memoryBytes: positive('memory', flags.memory) * 1024 * 1024 };
  }
  if (flags.fps !== undefined) thresholds = { ...thresholds, fps: positive('fps', flags.fps) };

  let targets = config?.targets ?? [];
  if (targets.length === 0) {
    const target = targetFromFlags({
      apiUrl: flags.apiUrl ?? HEALTH_DEFAULTS.apiUrl,
      healthEndpoint: flags.healthEndpoint ?? HEALTH_DEFAULTS.healthEndpoint,
      jwtToken: flags.jwtToken ?? HEALTH_DEFAULTS.jwtToken,
    });
    const pid = flags.pid !== undefined ? positive('pid', flags.pid) : undefined;
    if (pid !== undefined || flags.pidFile !== undefined) target.process = { pid, pidFile: flags.pidFile };
    targets = [target];
  } else if (
    flags.apiUrl !== undefined ||
    flags.jwtToken !== undefined ||
    flags.healthEndpoint !== undefined
  ) {
    throw new Error(
      '--api-url, --health-endpoint and --jwt-token describe one game; the config file already lists targets',
    );
  }

  return {
    targets,
    intervalMs,
    thresholds,
    health,
    alerting: config?.alerting,
    logFile: flags.logFile ?? health?.log_file ?? HEALTH_DEFAULTS.logFile,
    stateFile: flags.stateFile ?? health?.state_file ?? HEALTH_DEFAULTS.stateFile,
    webhooks: flags.alertWebhook ?? [],
    concurrency: health?.concurrency,
    jitter: health?.jitter,
  };
}
