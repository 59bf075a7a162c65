import type { CheckResult } from '../checks/types.js';
import type { Severity } from '../alerting/event.js';

/** How one (target, check) alert turns results into notifications. */
export interface AlertPolicy {
  /** Consecutive failing results before the alert fires. */
  failureThreshold: number;
  /** Consecutive passing results before a firing alert resolves. */
  successThreshold: number;
  /** At most one firing notification per this long (the original rule: 5 minutes per type). */
  cooldownMs: number;
  /** Repeat the firing notification this often while the alert stays firing; 0 = never. */
  remindEveryMs: number;
}

export const DEFAULT_POLICY: AlertPolicy = {
  failureThreshold: 2,
  successThreshold: 2,
  cooldownMs: 5 * 60_000,
  remindEveryMs: 0,
};

/**
 * The monitor's memory of one alert. Plain JSON (times as Unix ms) so it survives a restart as is:
 * a firing alert that was notified stays notified, and its resolve is still owed.
 */
export interface AlertMemory {
  phase: 'ok' | 'firing';
  failures: number;
  successes: number;
  /** Unix ms when the current incident started firing. */
  since?: number;
  severity?: Severity;
  /** Whether the current incident's firing notification went out (false while held by cooldown). */
  notified: boolean;
  notifiedSeverity?: Severity;
  /** Last firing notification of any incident: the cooldown counts from here. */
  lastFiringAt?: number;
  /** Last firing or reminder notification: reminders count from here. */
  lastNotifiedAt?: number;
  /** The last failing result, so a resolve can say what it resolves. */
  last?: { value?: string; threshold?: string; message: string };
}

export function initialMemory(): AlertMemory {
  return { phase: 'ok', failures: 0, successes: 0, notified: false };
}

export type Notification = 'firing' | 'reminder' | 'resolved';

/** What one step did: the state change (for the log) and the notification to send, if any. */
export interface StepOutcome {
  memory: AlertMemory;
  transition?: 'fired' | 'resolved' | 'held-by-cooldown' | 'flap-suppressed';
  notify?: Notification;
}

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, warning: 3, high: 4, critical: 5 };

function severityOf(result: CheckResult): Severity | undefined {
  if (result.status === 'critical') return 'critical';
  if (result.status === 'warning') return 'warning';
  return undefined;
}

function cooled(at: number | undefined, now: number, cooldownMs: number): boolean {
  return at === undefined || now - at >= cooldownMs;
}

/**
 * One result in, one decision out. Pure: the caller persists the memory and delivers the
 * notification. `unknown` results change nothing: not knowing is neither failing nor healing.
 */
export function step(prev: AlertMemory, result: CheckResult, policy: AlertPolicy, now: number): StepOutcome {
  const m: AlertMemory = { ...prev };
  const severity = severityOf(result);

  if (result.status === 'unknown') return { memory: m };

  if (severity === undefined) {
    m.failures = 0;
    m.successes += 1;
    if (m.phase !== 'firing' || m.successes < policy.successThreshold) return { memory: m };
    const wasNotified = m.notified;
    m.phase = 'ok';
    m.notified = false;
    m.notifiedSeverity = undefined;
    m.severity = undefined;
    if (wasNotified) return { memory: m, transition: 'resolved', notify: 'resolved' };
    // It fired and healed inside the cooldown without ever being announced: nothing to close.
    m.since = undefined;
    return { memory: m, transition: 'flap-suppressed' };
  }

  m.successes = 0;
  m.failures += 1;
  m.last = { value: result.value, threshold: result.threshold, message: result.message };
  let transition: StepOutcome['transition'];
  if (m.phase === 'ok') {
    if (m.failures < policy.failureThreshold) return { memory: m };
    m.phase = 'firing';
    m.since = now;
    m.notified = false;
    transition = 'fired';
  }
  m.severity = severity;

  if (!m.notified) {
    if (!cooled(m.lastFiringAt, now, policy.cooldownMs)) {
      return { memory: m, transition: transition === 'fired' ? 'held-by-cooldown' : undefined };
    }
    m.notified = true;
    m.notifiedSeverity = severity;
    m.lastFiringAt = now;
    m.lastNotifiedAt = now;
    return { memory: m, transition: transition ?? 'fired', notify: 'firing' };
  }

  // Already announced: escalate once the cooldown allows, else remind if asked to.
  const escalated = RANK[severity] > RANK[m.notifiedSeverity ?? severity];
  if (escalated && cooled(m.lastFiringAt, now, policy.cooldownMs)) {
    m.notifiedSeverity = severity;
    m.lastFiringAt = now;
    m.lastNotifiedAt = now;
    return { memory: m, notify: 'firing' };
  }
  if (policy.remindEveryMs > 0 && cooled(m.lastNotifiedAt, now, policy.remindEveryMs)) {
    m.lastNotifiedAt = now;
    return { memory: m, notify: 'reminder' };
  }
  return { memory: m };
}
