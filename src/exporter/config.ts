import { z } from 'zod';
import { durationMs } from '../config/duration.js';
import { LOG_SOURCES } from '../logs/event.js';
import type { WebConfig } from './web-auth.js';

const targetName = z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'a target name from targets[]');

/** Prometheus web-config style, with every secret in a file. */
const webSchema = z
  .strictObject({
    tls_server_config: z
      .strictObject({ cert_file: z.string().min(1), key_file: z.string().min(1) })
      .optional(),
    /** User name → file holding that user's password. */
    basic_auth_users: z.record(z.string().min(1), z.string().min(1)).optional(),
    bearer_token_file: z.string().min(1).optional(),
  })
  .transform((w): WebConfig => ({
    tls: w.tls_server_config && {
      certFile: w.tls_server_config.cert_file,
      keyFile: w.tls_server_config.key_file,
    },
    basicAuthUsers: w.basic_auth_users,
    bearerTokenFile: w.bearer_token_file,
  }));

/** Which log files of one target feed the log metrics: log source name → path. */
const logSourcesSchema = z.partialRecord(z.enum(LOG_SOURCES), z.string().min(1));

/** The `exporter:` section of the config file. Owned by src/exporter/. */
export const exporterSchema = z
  .strictObject({
    listen: z
      .string()
      .regex(/^(?:\[[^\]]+\]|[^:]*):\d{1,5}$/, 'host:port, e.g. 127.0.0.1:9091')
      .default('127.0.0.1:9091'),
    /** The target /metrics shows; default the first of targets[]. Every target is on /probe. */
    metrics_target: targetName.optional(),
    scrape_timeout_offset: durationMs.default(500),
    web: webSchema.optional(),
    /** Target name → its log files, tailed for scene, VR, security and HTTP metrics. */
    log_sources: z.record(targetName, logSourcesSchema).default({}),
    /** Zone of the game's log timestamps (they carry none); IANA name. */
    log_timezone: z.string().min(1).optional(),
  })
  .transform((e) => ({
    listen: e.listen,
    metricsTarget: e.metrics_target,
    scrapeTimeoutOffsetMs: e.scrape_timeout_offset,
    web: e.web,
    logSources: e.log_sources,
    logTimezone: e.log_timezone,
  }));

export type ExporterConfig = z.infer<typeof exporterSchema>;
