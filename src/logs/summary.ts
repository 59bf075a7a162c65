import type { LogStats } from './counters.js';

/** One line for the console: what happened since `before` (a previous snapshot, or nothing). */
export function formatSummary(now: LogStats, before: LogStats | undefined, label: string): string {
  const bySource = new Map<string, number>();
  let total = 0;
  let errors = 0;
  for (const e of now.events) {
    const prev = before?.events.find((b) => b.source === e.source && b.level === e.level)?.count ?? 0;
    const n = e.count - prev;
    if (n === 0) continue;
    total += n;
    if (e.level === 'error') errors += n;
    bySource.set(e.source, (bySource.get(e.source) ?? 0) + n);
  }
  const diff = (pick: (s: LogStats) => number): number => pick(now) - (before ? pick(before) : 0);
  const http = (s: LogStats, only5xx: boolean): number =>
    s.httpRequests.filter((r) => !only5xx || r.code.startsWith('5')).reduce((n, r) => n + r.count, 0);
  const sources = [...bySource.entries()].map(([s, n]) => `${s} ${n}`).join(', ');
  const headset =
    now.headsetConnected === undefined ? 'unknown' : now.headsetConnected ? 'connected' : 'disconnected';
  return (
    `[logs] ${label}: ${total} events${sources ? ` (${sources})` : ''}` +
    ` | errors ${errors}` +
    ` | http ${diff((s) => http(s, false))} (5xx ${diff((s) => http(s, true))})` +
    ` | scene loads ${diff((s) => s.sceneLoads.loaded)} ok, ${diff((s) => s.sceneLoads.failed + s.sceneLoads.timeout)} failed` +
    ` | auth failures ${diff((s) => s.authFailures)}` +
    ` | rate limits ${diff((s) => s.rateLimitHits)}` +
    ` | headset ${headset}`
  );
}
