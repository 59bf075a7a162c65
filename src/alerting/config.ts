import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { durationMs } from '../config/duration.js';
import { DEFAULT_RETRY } from './backoff.js';
import { DestinationError, NAME_PATTERN, parseDestinationUrl, type DestinationSpec } from './destination.js';
import type { DispatcherOptions } from './dispatcher.js';
import type { Severity } from './event.js';

const SEVERITIES = [
  'critical',
  'high',
  'warning',
  'medium',
  'low',
  'info',
] as const satisfies readonly Severity[];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const DEFAULT_OUTBOX_DIR = 'monitoring/alert-outbox';

const destinationSchema = z
  .strictObject({
    name: z
      .string()
      .regex(NAME_PATTERN, 'letters, digits, _ . - only (it names an outbox folder)')
      .optional(),
    /** The URL itself (usually `${ENV}`-expanded by the loader). */
    url: z.string().min(1).optional(),
    /** A file holding the URL (trailing newline ignored). */
    url_file: z.string().min(1).optional(),
    /** An environment variable holding the URL. */
    url_env: z.string().regex(ENV_NAME, 'an environment variable name').optional(),
    hmac_secret_file: z.string().min(1).optional(),
    severities: z.array(z.enum(SEVERITIES)).min(1).optional(),
    min_interval: durationMs.optional(),
  })
  .superRefine((d, ctx) => {
    const sources = [d.url, d.url_file, d.url_env].filter((s) => s !== undefined).length;
    if (sources !== 1)
      ctx.addIssue({ code: 'custom', message: 'give exactly one of url, url_file, url_env' });
    if (d.url === undefined) return;
    try {
      // Checked here so check-config reports it; the message never repeats the URL.
      const { kind } = parseDestinationUrl(d.url, 'url');
      if (d.hmac_secret_file !== undefined && kind !== 'webhook')
        ctx.addIssue({
          code: 'custom',
          path: ['hmac_secret_file'],
          message: `only applies to generic webhooks, this URL is ${kind}`,
        });
    } catch (err) {
      if (!(err instanceof DestinationError)) throw err;
      ctx.addIssue({ code: 'custom', path: ['url'], message: err.message.replace(/^url: /, '') });
    }
  });

/** The `alerting:` section of the config file. */
export const alertingSchema = z.strictObject({
  destinations: z.array(destinationSchema).default([]),
  outbox_dir: z.string().min(1).default(DEFAULT_OUTBOX_DIR),
  timeout: durationMs.default(10_000),
  max_queue: z.number().int().positive().default(10_000),
  flush_timeout: durationMs.default(5_000),
  /** PagerDuty `client_url`: a page a responder can open (status page, Grafana). */
  client_url: z.url({ protocol: /^https?$/ }).optional(),
  retry: z
    .strictObject({
      initial_backoff: durationMs.default(DEFAULT_RETRY.initialBackoffMs),
      max_backoff: durationMs.default(DEFAULT_RETRY.maxBackoffMs),
      max_retry_after: durationMs.default(DEFAULT_RETRY.maxRetryAfterMs),
    })
    .prefault({}),
});

export type AlertingConfig = z.infer<typeof alertingSchema>;

async function readSecretFile(file: string, what: string, label: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DestinationError(
      `${label}: cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  const value = text.replace(/\r?\n$/, '');
  if (value.trim() === '') throw new DestinationError(`${label}: ${what} ${file} is empty`);
  return value;
}

/**
 * Resolves file- and environment-sourced secrets: the config's destinations as dispatcher input.
 * Every unresolvable destination is reported, one per line, in config order.
 */
export async function destinationSpecs(
  config: AlertingConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DestinationSpec[]> {
  const results = await Promise.allSettled(
    config.destinations.map(async (d, i) => {
      const label = `alerting.destinations[${i}]${d.name ? ` (${d.name})` : ''}`;
      let url = d.url;
      if (d.url_file !== undefined) url = (await readSecretFile(d.url_file, 'url_file', label)).trim();
      if (d.url_env !== undefined) {
        url = env[d.url_env]?.trim();
        if (!url) throw new DestinationError(`${label}: environment variable ${d.url_env} is not set`);
      }
      const spec: DestinationSpec = { url: url ?? '' };
      if (d.name !== undefined) spec.name = d.name;
      if (d.hmac_secret_file !== undefined)
        spec.hmacSecret = await readSecretFile(d.hmac_secret_file, 'hmac_secret_file', label);
      if (d.severities !== undefined) spec.severities = d.severities;
      if (d.min_interval !== undefined) spec.minIntervalMs = d.min_interval;
      if (config.client_url !== undefined) spec.clientUrl = config.client_url;
      return spec;
    }),
  );
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (errors.length > 0) throw new DestinationError(errors.join('\n'));
  return results.map((r) => (r as PromiseFulfilledResult<DestinationSpec>).value);
}

/** Everything createAlertDispatcher needs but the logger, from the config section. */
export async function dispatcherOptionsFromConfig(
  config: AlertingConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Omit<DispatcherOptions, 'logger'>> {
  return {
    destinations: await destinationSpecs(config, env),
    outboxDir: config.outbox_dir,
    timeoutMs: config.timeout,
    maxQueue: config.max_queue,
    flushTimeoutMs: config.flush_timeout,
    retry: {
      initialBackoffMs: config.retry.initial_backoff,
      maxBackoffMs: config.retry.max_backoff,
      maxRetryAfterMs: config.retry.max_retry_after,
    },
  };
}

/**
 * Flags and config together, for commands like `health`: the `--alert-webhook` URLs first, then
 * the config's destinations, with the config's (or default) outbox and retry settings.
 */
export async function dispatcherOptionsFor(input: {
  urls?: readonly string[];
  config?: AlertingConfig;
  env?: NodeJS.ProcessEnv;
}): Promise<Omit<DispatcherOptions, 'logger'>> {
  const config = input.config ?? alertingSchema.parse({});
  const options = await dispatcherOptionsFromConfig(config, input.env);
  const fromFlags = (input.urls ?? []).map((url): DestinationSpec =>
    config.client_url ? { url, clientUrl: config.client_url } : { url },
  );
  return { ...options, destinations: [...fromFlags, ...options.destinations] };
}
