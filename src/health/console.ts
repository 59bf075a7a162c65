import { formatMb } from '../checks/format.js';
import type { CheckResult } from '../checks/types.js';
import type { AlertTransition, CheckReport } from './target-runner.js';

/** Counts behind the original summary line. */
export interface RunCounts {
  checks: number;
  successes: number;
  uptimeSeconds: number;
}

export function formatInterval(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** The original banner. */
export function bannerLines(o: {
  apiUrl: string;
  healthEndpoint: string;
  intervalMs: number;
  targets: number;
}): string[] {
  const lines = ['[INFO] SpaceTime VR Health Monitor Started'];
  if (o.targets > 1) lines.push(`[INFO] Targets: ${o.targets}`);
  else lines.push(`[INFO] API URL: ${o.apiUrl}`, `[INFO] Health Endpoint: ${o.healthEndpoint}`);
  lines.push(`[INFO] Poll Interval: ${formatInterval(o.intervalMs)}`);
  return lines;
}

function summaryWord(report: CheckReport): string {
  const bad = (id: CheckResult['check']): CheckResult | undefined =>
    report.results.find((r) => r.check === id && (r.status === 'critical' || r.status === 'warning'));
  if (!report.poll.ok && bad('AUTH_FAILED')) return `AUTH FAILED (${report.poll.failure.kind})`;
  if (!report.poll.ok) return `DOWN (${report.poll.failure.kind})`;
  if (report.verdict === 'degraded') {
    const names = report.results
      .filter((r) => r.status === 'warning' || r.status === 'critical')
      .map((r) => r.check);
    return `DEGRADED (${names.join(', ')})`;
  }
  return 'HEALTHY';
}

/** The original per-check lines, plus one line per problem that names it. */
export function checkLines(report: CheckReport, counts: RunCounts, prefix: string): string[] {
  const tag = `${prefix}[Check #${report.number}]`;
  const lines = [`${tag} Starting health check...`];
  const { poll } = report;
  if (poll.ok) {
    lines.push(`${tag} Response time: ${poll.durationSeconds.toFixed(3)}s`);
    const mem = report.memory;
    if (mem?.bytes !== undefined) {
      lines.push(`${tag} Memory: ${formatMb(mem.bytes)}${mem.source === 'resident' ? ' (resident)' : ''}`);
    } else {
      lines.push(`${tag} Memory: unknown${mem ? ` (${mem.why})` : ''}`);
    }
    const fps = poll.sample.engine.fps;
    lines.push(`${tag} FPS: ${fps === undefined ? 'unknown' : fps.toFixed(1)}`);
  }
  for (const r of report.results) {
    if (r.status === 'warning' || r.status === 'critical') {
      lines.push(`${tag} [${r.status.toUpperCase()}] ${r.check}: ${r.message}`);
    }
  }
  const rate = counts.checks === 0 ? 0 : (100 * counts.successes) / counts.checks;
  lines.push(
    `${tag} ${summaryWord(report)} | Uptime: ${Math.floor(counts.uptimeSeconds)}s | Success Rate: ${rate.toFixed(1)}%`,
  );
  return lines;
}

/** One line per alert transition; says truthfully what happened to the notification. */
export function alertLine(t: AlertTransition, delivery: string, cooldownMs: number): string {
  const { result, outcome, event } = t;
  if (event) {
    const what =
      outcome.notify === 'reminder' ? 'REMINDER' : event.state === 'firing' ? 'FIRING' : 'RESOLVED';
    return `[ALERT] ${what} ${result.check} (${event.severity}) ${event.summary} - ${delivery}`;
  }
  if (outcome.transition === 'held-by-cooldown') {
    return `[ALERT] HELD ${result.check} ${result.message} - fired again within the ${formatInterval(cooldownMs)} cooldown; notification deferred`;
  }
  return `[ALERT] SUPPRESSED ${result.check} ${result.message} - recovered within the cooldown; never notified, nothing to resolve`;
}
