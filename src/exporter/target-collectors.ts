import type { TelemetryClient } from '../target/telemetry-client.js';
import type { TargetConfig } from '../target/types.js';
import type { Collector, CollectorEnv } from './collector.js';
import { logsCollector } from './collectors/logs.js';
import { performanceCollector } from './collectors/performance.js';
import { processCollector, type ReadProcessStats } from './collectors/process.js';
import { securityCollector } from './collectors/security.js';
import { statusCollector } from './collectors/status.js';
import { telemetryCollector } from './collectors/telemetry.js';
import { tlsCollector } from './collectors/tls.js';
import { tokenCollector } from './collectors/token.js';
import type { LogCounters } from '../logs/counters.js';

/** The live sources of one target beyond its HTTP API. */
export interface TargetSources {
  readProcessStats: ReadProcessStats;
  telemetry?: TelemetryClient;
  logs?: LogCounters;
}

interface CollectorFactory {
  /** Where the metrics come from, as docs/metrics.md names it. */
  source: string;
  /** Undefined when the target has no such source configured (its metrics are then absent). */
  make(env: CollectorEnv, config: TargetConfig, sources: TargetSources): Collector | undefined;
}

/** Every kind of collector a target can have, in the order its metrics appear. */
export const COLLECTOR_FACTORIES: readonly CollectorFactory[] = [
  { source: 'GET /performance', make: (env) => performanceCollector(env) },
  {
    source: 'GET /status (headset: console VR lines when logs are tailed)',
    make: (env, _c, { logs }) =>
      statusCollector(env, { headsetFromLogs: logs && (() => logs.snapshot().headsetConnected) }),
  },
  {
    source: '/performance documented shape, else console and audit logs',
    make: (env, _c, { logs }) => securityCollector(env, logs),
  },
  { source: 'the API token (JWT)', make: (env) => tokenCollector(env) },
  { source: 'TLS handshake with an https target', make: (env) => tlsCollector(env) },
  {
    source: "/proc for the game's process (start time: JWT iat when no process is configured)",
    make: (env, config, sources) =>
      processCollector(env, { spec: config.process, read: sources.readProcessStats }),
  },
  {
    source: 'our client on the telemetry WebSocket',
    make: (env, _c, { telemetry }) => telemetry && telemetryCollector(env, telemetry),
  },
  {
    source: 'the log pipeline (console, audit, access logs)',
    make: (env, _c, { logs }) => logs && logsCollector(env, logs),
  },
];

export function targetCollectors(
  env: CollectorEnv,
  config: TargetConfig,
  sources: TargetSources,
): Collector[] {
  return COLLECTOR_FACTORIES.flatMap((f) => f.make(env, config, sources) ?? []);
}
