import type { CheckResult } from '../checks/types.js';

/** One target's state after one check, as the original tool's summary line named it. */
export type Verdict = 'healthy' | 'degraded' | 'down';

const RANK: Record<Verdict, number> = { healthy: 0, degraded: 1, down: 2 };

/** Down: no usable answer or the token is refused. Degraded: answered, but something crossed a limit. */
export function verdictOf(results: readonly CheckResult[]): Verdict {
  let v: Verdict = 'healthy';
  for (const r of results) {
    if (r.status !== 'warning' && r.status !== 'critical') continue;
    if (r.check === 'API_DOWN' || r.check === 'AUTH_FAILED') return 'down';
    v = 'degraded';
  }
  return v;
}

export function worst(verdicts: Iterable<Verdict>): Verdict {
  let v: Verdict = 'healthy';
  for (const x of verdicts) if (RANK[x] > RANK[v]) v = x;
  return v;
}

/** `--once` exit codes: 0 healthy, 1 degraded, 2 down or auth refused. */
export function exitCodeOf(v: Verdict): 0 | 1 | 2 {
  return RANK[v] as 0 | 1 | 2;
}
