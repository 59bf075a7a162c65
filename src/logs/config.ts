import { homedir } from 'node:os';
import { z } from 'zod';
import { durationMs } from '../config/duration.js';
import { LOG_SOURCES } from './event.js';
import type { LogPipelineOptions } from './pipeline.js';
import { zoneResolver } from './timezone.js';

/** The `logs:` section of the config file. */
export const logsSchema = z.strictObject({
  sources: z
    .array(
      z.strictObject({
        source: z.enum(LOG_SOURCES),
        path: z.string().min(1),
      }),
    )
    .default([]),
  out_dir: z.string().min(1).optional(),
  position_file: z.string().min(1).optional(),
  /** IANA zone name or fixed offset of the game machine's clock; the game logs local time. */
  timezone: z
    .string()
    .default('UTC')
    .refine(
      (zone) => {
        try {
          zoneResolver(zone);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'unknown time zone (use an IANA name like Europe/Berlin, or an offset like +01:00)' },
    ),
  poll_interval: durationMs.default(1000),
  multiline_timeout: durationMs.default(2000),
  retention_days: z.number().int().min(1).max(365).default(7),
  start_at: z.enum(['beginning', 'end']).default('beginning'),
  service_name: z.string().min(1).default('spacetime'),
  /** Request paths that keep their own `route` label (beside the game's own routes). */
  extra_routes: z.array(z.string().startsWith('/')).default([]),
});

export type LogsConfig = z.infer<typeof logsSchema>;

/** `~/x` → the home directory: the game's audit log lives under the user's home. */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

export function pipelineOptionsFromConfig(config: LogsConfig): LogPipelineOptions {
  return {
    sources: config.sources.map((s) => ({ source: s.source, path: expandHome(s.path) })),
    outDir: config.out_dir && expandHome(config.out_dir),
    positionFile: config.position_file && expandHome(config.position_file),
    timezone: config.timezone,
    pollIntervalMs: config.poll_interval,
    multilineTimeoutMs: config.multiline_timeout,
    retentionDays: config.retention_days,
    startAt: config.start_at,
    serviceName: config.service_name,
    extraRoutes: config.extra_routes,
  };
}
