import type { AlertEvent } from '../event.js';

export type ProviderKind = 'slack' | 'discord' | 'pagerduty' | 'webhook';

/** What a provider needs besides the event to render it; secrets live here, never in the event. */
export interface RenderContext {
  /** PagerDuty routing (integration) key. */
  routingKey?: string;
  /** Generic webhook: HMAC-SHA256 secret for the signature header. */
  hmacSecret?: string;
  /** PagerDuty `client_url`: where a human can look (status page, Grafana). */
  clientUrl?: string;
}

export interface RenderedRequest {
  body: string;
  headers: Record<string, string>;
}

/** A provider's answer as the transport saw it (body capped, header names lower-case). */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * What an answer means. Providers decide this; the dispatcher decides what to do about it.
 * - delivered: done; `pauseMs` asks the dispatcher to hold the next request (rate-limit headers).
 * - retry: try again, no sooner than `afterMs` when the provider said so (Retry-After).
 * - broken: the destination itself is wrong (bad URL, revoked key): stop sending to it.
 * - rejected: this one alert cannot be delivered (e.g. 413); the destination is fine.
 */
export type Verdict =
  | { outcome: 'delivered'; pauseMs?: number }
  | { outcome: 'retry'; reason: string; afterMs?: number; pauseMs?: number }
  | { outcome: 'broken'; reason: string }
  | { outcome: 'rejected'; reason: string };

export interface Provider {
  readonly kind: ProviderKind;
  /** Minimum spacing between two requests to one destination (the provider's documented rate). */
  readonly minIntervalMs: number;
  render(event: AlertEvent, context: RenderContext): RenderedRequest;
  interpret(answer: HttpAnswer): Verdict;
}

/** Status codes that say the destination, not the moment, is wrong: never retried. */
export const NEVER_RETRY = new Set([400, 401, 403, 404, 410]);

const MAX_REASON = 200;

export function header(answer: HttpAnswer, name: string): string | undefined {
  const value = answer.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After as delta-seconds (fractions accepted) or an HTTP date; undefined when absent or bad. */
export function retryAfterMs(answer: HttpAnswer, now = Date.now()): number | undefined {
  const value = header(answer, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A short, single-line description of an answer for logs (the body is provider text, not ours). */
export function describe(answer: HttpAnswer): string {
  const body = answer.body.replace(/\s+/g, ' ').trim();
  const cut = Array.from(body).slice(0, MAX_REASON).join('');
  return `HTTP ${answer.status}${cut ? `: ${cut}${cut.length < body.length ? '…' : ''}` : ''}`;
}

/**
 * The meaning of an HTTP status shared by every provider: 2xx delivered; 429, 408 and 5xx retried
 * (honouring Retry-After); 400/401/403/404/410 break the destination; any other answer rejects
 * this alert only.
 */
export function interpretStatus(answer: HttpAnswer): Verdict {
  const { status } = answer;
  if (status >= 200 && status < 300) return { outcome: 'delivered' };
  const reason = describe(answer);
  if (status === 429 || status === 408 || status >= 500) {
    const afterMs = retryAfterMs(answer);
    return afterMs === undefined ? { outcome: 'retry', reason } : { outcome: 'retry', reason, afterMs };
  }
  if (NEVER_RETRY.has(status)) return { outcome: 'broken', reason };
  return { outcome: 'rejected', reason };
}

export const JSON_HEADERS: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
