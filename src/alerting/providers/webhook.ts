import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { AlertEvent } from '../event.js';
import { interpretStatus, JSON_HEADERS, type Provider, type RenderContext } from './provider.js';

export const SIGNATURE_HEADER = 'x-spacetime-signature-256';

const iso = z.string().describe('ISO 8601 timestamp');

/**
 * The generic webhook body: one alert event, versioned. This schema is the documentation
 * (docs/alerting.md shows it as JSON Schema) and the test receivers validate against it.
 */
export const webhookBodySchema = z
  .strictObject({
    version: z.literal(1).describe('schema version; a breaking change gets a new number'),
    source: z.literal('spacetime-monitor'),
    alert: z.strictObject({
      id: z.string().describe('stable incident identity `${target}/${check}`'),
      target: z.string(),
      check: z.string().describe('e.g. API_DOWN, LOW_FPS'),
      severity: z.enum(['critical', 'high', 'warning', 'medium', 'low', 'info']),
      state: z.enum(['firing', 'resolved']),
      value: z.string().optional().describe('what was measured, with its unit'),
      threshold: z.string().optional().describe('the threshold crossed, with its unit'),
      since: iso.describe('when the incident started firing'),
      at: iso.describe('when this transition happened'),
      summary: z.string(),
      details: z.record(z.string(), z.string()),
    }),
  })
  .describe('spacetime-monitor alert webhook body');

export type WebhookBody = z.infer<typeof webhookBodySchema>;

/** `sha256=<hex>` of the exact body bytes, like GitHub's X-Hub-Signature-256. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

function render(event: AlertEvent, context: RenderContext) {
  // Field by field, so the body is exactly the documented schema even if AlertEvent grows.
  const { id, target, check, severity, state, value, threshold, since, at, summary, details } = event;
  const alert = { id, target, check, severity, state, value, threshold, since, at, summary, details };
  const body: WebhookBody = { version: 1, source: 'spacetime-monitor', alert };
  const text = JSON.stringify(body);
  const headers = { ...JSON_HEADERS };
  if (context.hmacSecret) headers[SIGNATURE_HEADER] = signature(text, context.hmacSecret);
  return { body: text, headers };
}

export const webhook: Provider = {
  kind: 'webhook',
  minIntervalMs: 0,
  render,
  interpret: interpretStatus,
};
