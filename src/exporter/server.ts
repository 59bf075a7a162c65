import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Logger } from 'pino';
import type { SelfMetrics } from './collectors/self.js';
import { scrapeBudgetMs } from './scrape-budget.js';
import type { TargetScraper } from './target-scraper.js';
import type { WebAuth } from './web-auth.js';

export interface ExporterHttpOptions {
  /** The target /metrics shows. */
  metricsTarget: TargetScraper;
  /** Every configured target by name: the only values /probe accepts. */
  targets: ReadonlyMap<string, TargetScraper>;
  self: SelfMetrics;
  auth: WebAuth;
  scrapeTimeoutOffsetMs?: number;
  tls?: { cert: Buffer; key: Buffer };
  logger?: Logger;
}

const TEXT = 'text/plain; charset=utf-8';
/** A refused name is echoed for the caller's benefit, but never at length. */
const MAX_ECHO = 80;

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': TEXT, ...headers });
  res.end(body);
}

function probeRefusal(name: string | null, known: readonly string[]): string {
  const list = known.length > 0 ? known.join(', ') : '(none)';
  if (name === null || name === '') return `missing ?target=NAME; configured targets: ${list}\n`;
  const shown = JSON.stringify(name.length > MAX_ECHO ? `${name.slice(0, MAX_ECHO)}…` : name);
  const urlHint = /[/:]/.test(name) ? ' /probe takes a target name from the config, never a URL.' : '';
  return `unknown target ${shown}.${urlHint} Configured targets: ${list}\n`;
}

/**
 * The exporter's HTTP surface. Scrapes always answer 200 when the request is valid: the game's
 * state is in the metrics (spacetime_up), never in the status code, so Prometheus keeps the series.
 */
export function createExporterServer(options: ExporterHttpOptions): Server {
  const { self, auth, targets } = options;
  const names = [...targets.keys()];

  const scrape = async (
    res: ServerResponse,
    req: IncomingMessage,
    endpoint: string,
    scraper: TargetScraper,
  ): Promise<void> => {
    const stopTimer = self.scrapeDuration.startTimer({ endpoint });
    const budget = scrapeBudgetMs(req.headers, options.scrapeTimeoutOffsetMs);
    let body = await scraper.scrape(budget);
    if (endpoint === 'metrics') body += await self.registry.metrics();
    stopTimer();
    send(res, 200, body, { 'Content-Type': scraper.registry.contentType });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://exporter.invalid');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'only GET and HEAD\n', { Allow: 'GET, HEAD' });
      return;
    }
    switch (url.pathname) {
      case '/-/healthy':
        send(res, 200, 'Healthy\n');
        return;
      case '/-/ready':
        send(res, 200, 'Ready\n');
        return;
      case '/metrics':
      case '/probe':
        break;
      default:
        send(res, 404, 'not found: try /metrics, /probe?target=NAME, /-/healthy, /-/ready\n');
        return;
    }
    if (!auth.allows(req)) {
      send(res, 401, 'unauthorized\n', { 'WWW-Authenticate': 'Basic realm="spacetime-monitor exporter"' });
      return;
    }
    if (url.pathname === '/metrics') {
      await scrape(res, req, 'metrics', options.metricsTarget);
      return;
    }
    const name = url.searchParams.get('target');
    const scraper = name === null ? undefined : targets.get(name);
    if (!scraper) {
      send(res, 400, probeRefusal(name, names));
      return;
    }
    await scrape(res, req, 'probe', scraper);
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      options.logger?.error({ err }, 'exporter request failed');
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  };
  return options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(listener);
}
