/**
 * One alert transition, as every part of the kit hands it to src/alerting/. Providers render it;
 * it never carries a secret (no token, webhook URL or routing key), so it can be logged as is.
 */
export type Severity = 'critical' | 'high' | 'warning' | 'medium' | 'low' | 'info';

export type AlertState = 'firing' | 'resolved';

export interface AlertEvent {
  /** Stable identity of the incident, `${target}/${check}`: PagerDuty dedup_key, outbox key. */
  id: string;
  target: string;
  /** e.g. API_DOWN, LOW_FPS. */
  check: string;
  severity: Severity;
  state: AlertState;
  /** What was measured, as text with its unit ("41.7 FPS", "connection_refused"). */
  value?: string;
  /** The threshold it crossed, as text with its unit ("< 60 FPS"). */
  threshold?: string;
  /** ISO 8601: when the incident started firing (for resolved: when it had started). */
  since: string;
  /** ISO 8601: when this transition happened. */
  at: string;
  /** One line, e.g. "local: FPS 41.7 below 60". */
  summary: string;
  /** Extra facts for humans and custom_details: plain strings, no secrets. */
  details: Record<string, string>;
}

export function alertId(target: string, check: string): string {
  return `${target}/${check}`;
}
