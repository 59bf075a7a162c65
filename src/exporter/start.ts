import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { LogCounters } from '../logs/counters.js';
import { startLogPipeline, type LogSourceSpec } from '../logs/pipeline.js';
import { createGameTarget } from '../target/game-target.js';
import { readProcessStats } from '../target/process-stats.js';
import { startTelemetryClient } from '../target/telemetry-client.js';
import type { GameTarget, TargetConfig } from '../target/types.js';
import { createSelfMetrics } from './collectors/self.js';
import type { ReadProcessStats } from './collectors/process.js';
import { parseListen } from './listen.js';
import { createExporterServer } from './server.js';
import { targetCollectors } from './target-collectors.js';
import { TargetScraper } from './target-scraper.js';
import { loadWebAuth, type WebConfig } from './web-auth.js';

export const DEFAULT_LISTEN = '127.0.0.1:9091';

export interface StartExporterOptions {
  /** host:port; port 0 picks a free one (read it back from `url`). Default 127.0.0.1:9091. */
  listen?: string;
  /** Targets the exporter creates clients for, and closes on stop(). */
  targets?: TargetConfig[];
  /**
   * Clients already in use in this process (the health monitor's, the status page's): sharing one
   * GameTarget is what keeps every consumer on one poll of the game per minimum interval. Not
   * closed on stop(): their owner closes them.
   */
  gameTargets?: GameTarget[];
  /** Which target /metrics shows; default the first. Every target is available on /probe. */
  metricsTarget?: string;
  /**
   * Log files by target name: the exporter tails them (from their current end, so a restart of the
   * exporter does not replay old failures as new) and stops the pipelines on stop().
   */
  logSources?: Record<string, readonly LogSourceSpec[]>;
  /** Zone of the game's log timestamps (IANA name or offset); the log pipeline's default otherwise. */
  logTimezone?: string;
  /** Counters of log pipelines already running in this process (the demo's), by target name. */
  logCounters?: Record<string, LogCounters>;
  web?: WebConfig;
  /** Subtracted from X-Prometheus-Scrape-Timeout-Seconds to get the time a scrape may wait. */
  scrapeTimeoutOffsetMs?: number;
  /** Telemetry reconnect backoff (tests shorten it). */
  telemetryBackoffMs?: { initial: number; max: number };
  /** The exporter's own process metrics; off only where many exporters share a test process. */
  defaultMetrics?: boolean;
  readProcessStats?: ReadProcessStats;
  logger?: Logger;
}

export interface RunningExporter {
  /** e.g. http://127.0.0.1:9091 (https when TLS is configured). */
  readonly url: string;
  readonly targets: readonly GameTarget[];
  stop(): Promise<void>;
}

/** Starts the Prometheus exporter: /metrics, /probe?target=NAME, /-/healthy, /-/ready. */
export async function startExporter(options: StartExporterOptions): Promise<RunningExporter> {
  const logger = options.logger;
  const names = [...(options.gameTargets ?? []), ...(options.targets ?? [])].map((t) =>
    'config' in t ? t.config.name : t.name,
  );
  if (names.length === 0) throw new Error('exporter: no target configured');
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`exporter: target name "${duplicate}" is used twice`);
  for (const name of [...Object.keys(options.logSources ?? {}), ...Object.keys(options.logCounters ?? {})]) {
    if (!names.includes(name))
      throw new Error(`exporter: log sources for unknown target "${name}" (targets: ${names.join(', ')})`);
  }
  const metricsName: string = options.metricsTarget ?? names[0] ?? '';
  if (!names.includes(metricsName)) {
    throw new Error(
      `exporter: metrics target "${metricsName}" is not a configured target (${names.join(', ')})`,
    );
  }
  const { host, port } = parseListen(options.listen ?? DEFAULT_LISTEN);
  const auth = await loadWebAuth(options.web);
  const tls = options.web?.tls && {
    cert: await readFile(options.web.tls.certFile),
    key: await readFile(options.web.tls.keyFile),
  };

  // From here on everything started is stopped again if a later step fails.
  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async (): Promise<void> => {
    // Last started, first stopped; each only once, however often stop() is called.
    for (let fn = cleanups.pop(); fn; fn = cleanups.pop()) await fn();
  };
  try {
    return await run();
  } catch (err) {
    await cleanUp();
    throw err;
  }

  async function run(): Promise<RunningExporter> {
    const owned = (options.targets ?? []).map((config) => createGameTarget(config, { logger }));
    cleanups.push(async () => {
      await Promise.all(owned.map((t) => t.close()));
    });
    const all = [...(options.gameTargets ?? []), ...owned];

    const logCounters: Record<string, LogCounters> = { ...options.logCounters };
    for (const [name, sources] of Object.entries(options.logSources ?? {})) {
      if (sources.length === 0 || logCounters[name]) continue;
      const pipeline = await startLogPipeline({
        sources,
        timezone: options.logTimezone,
        startAt: 'end',
        onWarning: (message) => logger?.warn({ 'service.target': name }, message),
      });
      cleanups.push(() => pipeline.stop());
      logCounters[name] = pipeline.counters;
    }

    const self = createSelfMetrics({ defaultMetrics: options.defaultMetrics });
    const scrapers = new Map<string, TargetScraper>();
    for (const target of all) {
      const url = target.config.telemetryUrl;
      const client =
        url === undefined
          ? undefined
          : startTelemetryClient({
              url,
              initialBackoffMs: options.telemetryBackoffMs?.initial,
              maxBackoffMs: options.telemetryBackoffMs?.max,
              logger: logger?.child({ 'service.target': target.config.name }),
            });
      const sources = {
        readProcessStats: options.readProcessStats ?? ((spec) => readProcessStats(spec)),
        telemetry: client,
        logs: logCounters[target.config.name],
      };
      const scraper = new TargetScraper(
        target,
        (env) => targetCollectors(env, target.config, sources),
        self,
        logger,
      );
      scrapers.set(target.config.name, scraper);
      cleanups.push(() => scraper.close());
    }

    const server = createExporterServer({
      metricsTarget: scrapers.get(metricsName) as TargetScraper,
      targets: scrapers,
      self,
      auth,
      scrapeTimeoutOffsetMs: options.scrapeTimeoutOffsetMs,
      tls,
      logger,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `${tls ? 'https' : 'http'}://${shownHost}:${address.port}`;
    logger?.info({ 'url.full': url, targets: names }, 'exporter listening');

    return {
      url,
      targets: all,
      async stop(): Promise<void> {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await cleanUp();
      },
    };
  }
}
