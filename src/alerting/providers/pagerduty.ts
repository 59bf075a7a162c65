import { createHash } from 'node:crypto';
import type { AlertEvent, Severity } from '../event.js';
import { codePoints, fit } from '../text.js';
import { interpretStatus, JSON_HEADERS, type Provider, type RenderContext } from './provider.js';

/** PagerDuty Events API v2 limits (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/). */
export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255, source: 255 } as const;

export const PAGERDUTY_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  warning: 'warning',
  medium: 'warning',
  low: 'info',
  info: 'info',
};

export const CLIENT = 'spacetime-monitor';

/**
 * The incident key: the alert id itself when it fits, so the trigger and the resolve (from any
 * process, after any restart) name the same incident; a long id keeps a readable head and gains a
 * hash of the whole id so two long ids never collide.
 */
export function dedupKey(alertId: string): string {
  if (codePoints(alertId) <= PAGERDUTY_LIMITS.dedupKey) return alertId;
  const hash = createHash('sha256').update(alertId).digest('hex').slice(0, 32);
  return `${Array.from(alertId)
    .slice(0, PAGERDUTY_LIMITS.dedupKey - hash.length - 1)
    .join('')}#${hash}`;
}

function renderBody(event: AlertEvent, context: RenderContext) {
  if (!context.routingKey) throw new Error('pagerduty destination without a routing key');
  return {
    routing_key: context.routingKey,
    event_action: event.state === 'firing' ? 'trigger' : 'resolve',
    dedup_key: dedupKey(event.id),
    payload: {
      summary: fit(`[${event.severity}] ${event.summary}`, PAGERDUTY_LIMITS.summary),
      source: fit(event.target, PAGERDUTY_LIMITS.source),
      severity: PAGERDUTY_SEVERITY[event.severity],
      timestamp: event.at,
      component: event.target,
      group: 'spacetime',
      class: event.check,
      custom_details: {
        check: event.check,
        state: event.state,
        value: event.value ?? null,
        threshold: event.threshold ?? null,
        since: event.since,
        details: event.details,
      },
    },
    client: CLIENT,
    ...(context.clientUrl ? { client_url: context.clientUrl } : {}),
  };
}

export const pagerduty: Provider = {
  kind: 'pagerduty',
  // The Events API allows bursts but asks integrations to stay around 2 events per second.
  minIntervalMs: 500,
  render: (event, context) => ({
    body: JSON.stringify(renderBody(event, context)),
    headers: { ...JSON_HEADERS },
  }),
  interpret: interpretStatus,
};
