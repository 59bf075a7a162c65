import { createHash } from 'node:crypto';
import type { Severity } from './event.js';
import { PROVIDERS } from './providers/index.js';
import type { Provider, ProviderKind, RenderContext } from './providers/provider.js';

/** One place alerts go, as the caller describes it (config file, --alert-webhook flag, tests). */
export interface DestinationSpec {
  /** Where to send; see parseDestinationUrl for the forms. A secret: never logged. */
  url: string;
  /** Identifies the destination in logs, stats and the outbox; default `<provider>-<hash of url>`. */
  name?: string;
  /** Generic webhooks only: HMAC-SHA256 secret for the signature header (the file's content). */
  hmacSecret?: string;
  /** Only these severities are sent here; all when absent. */
  severities?: Severity[];
  /** Overrides the provider's minimum spacing between requests. */
  minIntervalMs?: number;
  /** PagerDuty `client_url`. */
  clientUrl?: string;
}

export interface Destination {
  readonly name: string;
  readonly kind: ProviderKind;
  readonly provider: Provider;
  /** Safe to print: provider and host only, e.g. `slack (hooks.slack.com/…)`. */
  readonly redacted: string;
  /** The HTTP URL requests go to (without our prefix or a routing_key parameter). Secret. */
  readonly endpoint: string;
  readonly context: RenderContext;
  readonly severities?: ReadonlySet<Severity>;
  readonly minIntervalMs: number;
  /** Replaces every secret of this destination found in `text` (provider answers, error messages). */
  scrub(text: string): string;
}

/** A destination problem; the message names the destination, never its URL. */
export class DestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestinationError';
  }
}

export const PAGERDUTY_ENQUEUE_URL = 'https://events.pagerduty.com/v2/enqueue';
export const NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

const PREFIX = /^(slack|discord|pagerduty|webhook)\+(https?:\/\/.*)$/is;

function isHost(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function parseHttp(url: string, label: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DestinationError(`${label}: not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new DestinationError(
      `${label}: URL scheme must be http or https (or a slack+, discord+, pagerduty+, webhook+ prefix)`,
    );
  return parsed;
}

function takeRoutingKey(url: URL, label: string): string {
  const key = url.searchParams.get('routing_key');
  if (!key) throw new DestinationError(`${label}: PagerDuty URL needs ?routing_key=KEY`);
  url.searchParams.delete('routing_key');
  return key;
}

/**
 * Chooses the provider by URL: hooks.slack.com → Slack; discord.com / discordapp.com → Discord;
 * events.pagerduty.com/v2/enqueue?routing_key=KEY or pagerduty://KEY → PagerDuty; anything else
 * → generic webhook. `slack+`, `discord+`, `pagerduty+` and `webhook+` force a format for any
 * http(s) URL. `label` names the destination in errors, which never contain the URL.
 */
export function parseDestinationUrl(
  raw: string,
  label = 'destination',
): { kind: ProviderKind; endpoint: URL; routingKey?: string } {
  const url = raw.trim();
  const pd = /^pagerduty:\/\/([^/?#]+)\/?$/i.exec(url);
  if (pd)
    return {
      kind: 'pagerduty',
      endpoint: new URL(PAGERDUTY_ENQUEUE_URL),
      routingKey: decodeURIComponent(pd[1] ?? ''),
    };
  const prefixed = PREFIX.exec(url);
  if (prefixed) {
    const kind = (prefixed[1] ?? '').toLowerCase() as ProviderKind;
    const endpoint = parseHttp(prefixed[2] ?? '', label);
    if (kind === 'pagerduty') return { kind, endpoint, routingKey: takeRoutingKey(endpoint, label) };
    return { kind, endpoint };
  }
  const endpoint = parseHttp(url, label);
  const host = endpoint.hostname.toLowerCase();
  if (host === 'hooks.slack.com') return { kind: 'slack', endpoint };
  if (isHost(host, 'discord.com') || isHost(host, 'discordapp.com')) return { kind: 'discord', endpoint };
  if (host === 'events.pagerduty.com' || host === 'events.eu.pagerduty.com')
    return { kind: 'pagerduty', endpoint, routingKey: takeRoutingKey(endpoint, label) };
  return { kind: 'webhook', endpoint };
}

/** `slack (hooks.slack.com/…)`: provider and host (with port); path, query and user never shown. */
export function redactUrl(kind: ProviderKind, endpoint: URL): string {
  return `${kind} (${endpoint.host}/…)`;
}

/** A stable default name: the same URL gets the same name (and outbox folder) after a restart. */
export function defaultName(kind: ProviderKind, url: string): string {
  return `${kind}-${createHash('sha256').update(url.trim()).digest('hex').slice(0, 8)}`;
}

/** Everything in a URL that could be a credential, longest first so a part never hides a whole. */
function secretsOf(raw: string, endpoint: URL, extra: (string | undefined)[]): string[] {
  const parts = new Set<string>([raw.trim(), endpoint.href, endpoint.pathname + endpoint.search]);
  for (const segment of endpoint.pathname.split('/')) parts.add(segment);
  for (const [, value] of endpoint.searchParams) parts.add(value);
  parts.add(endpoint.username);
  parts.add(endpoint.password);
  for (const part of [...parts]) {
    try {
      parts.add(decodeURIComponent(part));
    } catch {
      // A malformed escape: the raw form is already in the set.
    }
  }
  for (const e of extra) if (e) parts.add(e);
  // Short pieces ("api", "v2", "hooks") are no secret and replacing them would garble messages.
  return [...parts].filter((p) => p.length >= 6).sort((a, b) => b.length - a.length);
}

export function createDestination(spec: DestinationSpec, index = 0): Destination {
  const label = spec.name ? `destination "${spec.name}"` : `destination #${index + 1}`;
  if (spec.name !== undefined && !NAME_PATTERN.test(spec.name))
    throw new DestinationError(`${label}: name must match ${NAME_PATTERN} (it names a folder)`);
  const { kind, endpoint, routingKey } = parseDestinationUrl(spec.url, label);
  if (spec.hmacSecret !== undefined && kind !== 'webhook')
    throw new DestinationError(
      `${label}: hmac_secret_file only applies to generic webhooks, this is ${kind}`,
    );
  if (kind === 'pagerduty' && !routingKey)
    throw new DestinationError(`${label}: empty PagerDuty routing key`);
  const secrets = secretsOf(spec.url, endpoint, [routingKey, spec.hmacSecret]);
  const provider = PROVIDERS[kind];
  return {
    name: spec.name ?? defaultName(kind, spec.url),
    kind,
    provider,
    redacted: redactUrl(kind, endpoint),
    endpoint: endpoint.href,
    context: { routingKey, hmacSecret: spec.hmacSecret, clientUrl: spec.clientUrl },
    severities: spec.severities && new Set(spec.severities),
    minIntervalMs: spec.minIntervalMs ?? provider.minIntervalMs,
    scrub: (text) => secrets.reduce((t, s) => t.split(s).join('…'), text),
  };
}
