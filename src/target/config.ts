import { z } from 'zod';
import { durationMs } from '../config/duration.js';
import type { TargetConfig, TokenSource } from './types.js';

export const DEFAULT_TARGET = {
  url: 'http://localhost:8080',
  performancePath: '/performance',
  statusPath: '/status',
  connectTimeoutMs: 2_000,
  responseTimeoutMs: 5_000,
  maxBodyBytes: 1024 * 1024,
  minIntervalMs: 1_000,
} as const;

const tokenSchema = z
  .union([
    z.strictObject({ file: z.string().min(1) }),
    z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }),
    z.strictObject({ from_status: z.literal(true) }),
    z.literal('none'),
  ])
  .transform((t): TokenSource => {
    if (t === 'none') return { kind: 'none' };
    if ('file' in t) return { kind: 'file', path: t.file };
    if ('env' in t) return { kind: 'env', name: t.env };
    return { kind: 'status' };
  });

/** One `targets[]` entry of the config file (snake_case keys, durations as "5s"). */
export const targetSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only (it becomes a label value)'),
    // Credentials in the URL would be printed wherever the URL is (banners, logs); tokens go in `token`.
    url: z
      .url({ protocol: /^https?$/ })
      .refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), {
        message: 'no user:password@ in the URL (it would be printed); give the bearer token with token:',
      }),
    performance_path: z.string().startsWith('/').default(DEFAULT_TARGET.performancePath),
    status_path: z.string().startsWith('/').default(DEFAULT_TARGET.statusPath),
    token: tokenSchema.default({ kind: 'file', path: 'jwt_token.txt' }),
    connect_timeout: durationMs.default(DEFAULT_TARGET.connectTimeoutMs),
    response_timeout: durationMs.default(DEFAULT_TARGET.responseTimeoutMs),
    max_body_bytes: z.number().int().positive().default(DEFAULT_TARGET.maxBodyBytes),
    min_interval: durationMs.default(DEFAULT_TARGET.minIntervalMs),
    tls: z.strictObject({ ca_file: z.string().optional(), insecure: z.boolean().optional() }).optional(),
    process: z
      .strictObject({
        pid: z.number().int().positive().optional(),
        pid_file: z.string().optional(),
        name: z.string().optional(),
      })
      .optional(),
    telemetry_url: z.url({ protocol: /^wss?$/ }).optional(),
    labels: z.record(z.string(), z.string()).default({}),
  })
  .transform((t): TargetConfig => ({
    name: t.name,
    url: t.url.replace(/\/+$/, ''),
    performancePath: t.performance_path,
    statusPath: t.status_path,
    token: t.token,
    connectTimeoutMs: t.connect_timeout,
    responseTimeoutMs: t.response_timeout,
    maxBodyBytes: t.max_body_bytes,
    minIntervalMs: t.min_interval,
    tls: t.tls && { caFile: t.tls.ca_file, insecure: t.tls.insecure },
    process: t.process && { pid: t.process.pid, pidFile: t.process.pid_file, name: t.process.name },
    telemetryUrl: t.telemetry_url,
    labels: t.labels,
  }));
