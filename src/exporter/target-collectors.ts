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
import type { ReadLogFacts } from './log-facts.js';

/** The live sources of one target beyond its HTTP API. */
export interface TargetSources {
  readProcessStats: ReadProcessStats;
  telemetry?: TelemetryClient;
  logs?: ReadLogFacts;
}

/** Every collector one target has, in the order its metrics appear. */
export function targetCollectors(
  env: CollectorEnv,
  config: TargetConfig,
  sources: TargetSources,
): Collector[] {
  const logs = sources.logs;
  return [
    performanceCollector(env),
    statusCollector(env, { headsetFromLogs: logs && (() => logs().headsetConnected) }),
    securityCollector(env, logs),
    tokenCollector(env),
    tlsCollector(env),
    processCollector(env, { spec: config.process, read: sources.readProcessStats }),
    ...(sources.telemetry ? [telemetryCollector(env, sources.telemetry)] : []),
    ...(logs ? [logsCollector(env, logs)] : []),
  ];
}
