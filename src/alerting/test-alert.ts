import { createDestination, type DestinationSpec } from './destination.js';
import { alertId, type AlertEvent, type AlertState } from './event.js';
import type { Verdict } from './providers/provider.js';
import { NetworkError, Transport } from './transport.js';

/** The alert `notify test` sends: clearly a test, harmless if it reaches a real channel. */
export function testAlert(state: AlertState = 'firing', at = new Date()): AlertEvent {
  const target = 'spacetime-monitor';
  const check = 'NOTIFY_TEST';
  return {
    id: alertId(target, check),
    target,
    check,
    severity: 'info',
    state,
    value: 'test',
    threshold: 'none',
    since: at.toISOString(),
    at: at.toISOString(),
    summary: 'Test alert from `spacetime-monitor notify test`: delivery works. No action needed.',
    details: { host: 'spacetime-monitor', note: 'sent by hand to check the destination' },
  };
}

export interface TestResult {
  /** `slack (hooks.slack.com/…)` */
  destination: string;
  status?: number;
  /** The provider's answer body (capped, secrets of this destination removed). */
  answer: string;
  verdict: Verdict;
}

/** One direct attempt, no outbox and no retry: what does the provider say to us right now? */
export async function sendTestAlert(
  spec: DestinationSpec,
  options: { state?: AlertState; timeoutMs?: number } = {},
): Promise<TestResult> {
  const destination = createDestination(spec);
  const transport = new Transport({ timeoutMs: options.timeoutMs ?? 10_000 });
  try {
    const rendered = destination.provider.render(testAlert(options.state), destination.context);
    const answer = await transport.post(destination.endpoint, rendered);
    const verdict = destination.provider.interpret(answer);
    if ('reason' in verdict) verdict.reason = destination.scrub(verdict.reason);
    return {
      destination: destination.redacted,
      status: answer.status,
      answer: destination.scrub(answer.body),
      verdict,
    };
  } catch (err) {
    if (!(err instanceof NetworkError)) throw err;
    return {
      destination: destination.redacted,
      answer: '',
      verdict: { outcome: 'retry', reason: err.message },
    };
  } finally {
    await transport.close();
  }
}
