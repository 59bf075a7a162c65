import { alertId, type AlertEvent } from '../alerting/event.js';
import type { CheckResult } from '../checks/types.js';
import type { AlertMemory, Notification } from './alert-state.js';

/**
 * The AlertEvent for one notification. A resolve is built from the memory *before* the step, so
 * it carries the incident's start, severity and last failing reading: it says what it closes.
 */
export function buildAlertEvent(
  target: string,
  result: CheckResult,
  notification: Notification,
  before: AlertMemory,
  after: AlertMemory,
  now: number,
): AlertEvent {
  const memory = notification === 'resolved' ? before : after;
  const since = new Date(memory.since ?? now).toISOString();
  const details: Record<string, string> = { message: result.message };
  if (notification === 'reminder') details.reminder = 'true';
  if (notification === 'resolved') {
    if (memory.last?.value) details.last_value = memory.last.value;
    if (memory.last?.message) details.last_message = memory.last.message;
    return {
      id: alertId(target, result.check),
      target,
      check: result.check,
      severity: memory.notifiedSeverity ?? memory.severity ?? 'info',
      state: 'resolved',
      value: result.value,
      threshold: memory.last?.threshold ?? result.threshold,
      since,
      at: new Date(now).toISOString(),
      summary: `${target}: ${result.check} resolved (was: ${memory.last?.message ?? 'failing'})`,
      details,
    };
  }
  return {
    id: alertId(target, result.check),
    target,
    check: result.check,
    severity: memory.severity ?? 'critical',
    state: 'firing',
    value: result.value,
    threshold: result.threshold,
    since,
    at: new Date(now).toISOString(),
    summary: result.message,
    details,
  };
}
