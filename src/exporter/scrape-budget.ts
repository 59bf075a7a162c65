import type { IncomingHttpHeaders } from 'node:http';

/** Prometheus's default scrape_timeout, used when a scraper sends no timeout header. */
export const DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;
/** Left for rendering and the network, like blackbox_exporter's timeout offset. */
export const DEFAULT_SCRAPE_TIMEOUT_OFFSET_MS = 500;
/**
 * No scraper waits longer than this. A larger header (or a hostile one, `1e9`) would overflow
 * Node's timers, which then fire at once: a healthy game would read as a response_timeout.
 */
export const MAX_SCRAPE_TIMEOUT_MS = 10 * 60_000;
/** Below this a poll cannot succeed anyway; asking with less only turns a slow game into an error. */
const MIN_BUDGET_MS = 100;

/**
 * How long a scrape may wait on the game: the scraper's X-Prometheus-Scrape-Timeout-Seconds minus
 * an offset, so the answer (with spacetime_up 0 if the game is slow) arrives before the scraper
 * gives up and records a failed scrape instead.
 */
export function scrapeBudgetMs(
  headers: IncomingHttpHeaders,
  offsetMs: number = DEFAULT_SCRAPE_TIMEOUT_OFFSET_MS,
): number {
  const raw = headers['x-prometheus-scrape-timeout-seconds'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  const timeoutMs =
    Number.isFinite(seconds) && seconds > 0
      ? Math.min(seconds * 1000, MAX_SCRAPE_TIMEOUT_MS)
      : DEFAULT_SCRAPE_TIMEOUT_MS;
  // A short timeout must not be eaten entirely by the offset.
  const offset = Math.min(offsetMs, timeoutMs / 4);
  return Math.max(MIN_BUDGET_MS, timeoutMs - offset);
}
