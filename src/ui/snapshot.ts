import type { PollFailure } from '../target/failure.js';
import type { GameTarget } from '../target/types.js';

/** An alert the page lists; the health monitor supplies them (no secrets: same fields as AlertEvent). */
export interface PageAlert {
  target: string;
  check: string;
  severity: string;
  summary: string;
  since: string;
}

/** What the status page shows for one game; every number is absent when the game did not send it. */
export interface TargetSnapshot {
  name: string;
  up: boolean;
  failure?: Pick<PollFailure, 'kind' | 'message'>;
  responseSeconds?: number;
  fps?: number;
  staticMemoryBytes?: number;
  vrInitialized?: boolean;
  environment?: string;
  apiVersion?: string;
  tokenExpiresAt?: number;
  /** Field ids the game did not send usably, with why. */
  unknown: Record<string, string>;
  checkedAt: string;
}

export interface StatusSnapshot {
  generatedAt: string;
  targets: TargetSnapshot[];
  alerts: PageAlert[];
}

/**
 * Reads every target through its shared client: the page adds no load of its own beyond the
 * minimum sample age, whatever number of browsers have it open.
 */
export async function takeSnapshot(
  targets: readonly GameTarget[],
  alerts: () => PageAlert[],
): Promise<StatusSnapshot> {
  const rows = await Promise.all(
    targets.map(async (target): Promise<TargetSnapshot> => {
      const [perf, status] = await Promise.all([target.poll(), target.status()]);
      const row: TargetSnapshot = {
        name: target.config.name,
        up: perf.ok,
        responseSeconds: perf.durationSeconds,
        tokenExpiresAt: target.tokenInfo()?.expiresAt,
        unknown: {},
        checkedAt: new Date(perf.at).toISOString(),
      };
      if (perf.ok) {
        row.fps = perf.sample.engine.fps;
        row.staticMemoryBytes = perf.sample.memory.staticBytes;
        row.unknown = { ...perf.sample.unknown };
      } else {
        row.failure = { kind: perf.failure.kind, message: perf.failure.message };
      }
      if (status.ok) {
        row.vrInitialized = status.status.vrInitialized;
        row.environment = status.status.environment;
        row.apiVersion = status.status.apiVersion;
      }
      return row;
    }),
  );
  return { generatedAt: new Date().toISOString(), targets: rows, alerts: alerts() };
}
