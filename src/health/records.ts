import type { AlertTransition, CheckReport } from './target-runner.js';
import type { RunCounts } from './console.js';

/**
 * Structured records for the log file and `--json` (ECS names at the top, our own fields under
 * `spacetime.*`). Built from reports and events only, which never hold a token.
 */
export function reportRecord(report: CheckReport, counts: RunCounts): Record<string, unknown> {
  const { poll } = report;
  return {
    'event.action': 'health-check',
    'event.outcome': poll.ok ? 'success' : 'failure',
    labels: { target: report.target, verdict: report.verdict },
    spacetime: {
      target: report.target,
      check_number: report.number,
      verdict: report.verdict,
      response_time_seconds: poll.durationSeconds,
      status_code: poll.statusCode,
      failure_kind: poll.ok ? undefined : poll.failure.kind,
      fps: poll.ok ? poll.sample.engine.fps : undefined,
      memory_bytes: report.memory?.bytes,
      memory_source: report.memory?.bytes !== undefined ? report.memory.source : undefined,
      uptime_seconds: Math.floor(counts.uptimeSeconds),
      success_rate: counts.checks === 0 ? 0 : counts.successes / counts.checks,
      checks: Object.fromEntries(
        report.results.map((r) => [r.check, { status: r.status, value: r.value, threshold: r.threshold }]),
      ),
    },
  };
}

export function transitionRecord(
  target: string,
  t: AlertTransition,
  delivery: string,
): Record<string, unknown> {
  const action = t.outcome.notify ?? t.outcome.transition ?? 'changed';
  return {
    'event.action': `alert-${action}`,
    'event.kind': 'alert',
    labels: { target, check: t.result.check },
    spacetime: {
      alert: t.event ?? {
        target,
        check: t.result.check,
        value: t.result.value,
        threshold: t.result.threshold,
        summary: t.result.message,
      },
      transition: t.outcome.transition,
      delivery,
    },
  };
}
