import type { Registry } from 'prom-client';
import type { GameTarget, PollResult, StatusResult } from '../target/types.js';

/**
 * What one scrape of one target gives every collector. `poll()` and `status()` are memoized per
 * scrape, so collectors that need the same answer (token expiry needs the poll to have read the
 * token) share one call, and the GameTarget's own single-flight shares it across scrapers.
 */
export interface ScrapeContext {
  readonly target: GameTarget;
  /** Milliseconds this scrape may still spend waiting on the game. */
  budgetMs(): number;
  poll(): Promise<PollResult>;
  /**
   * Whether this scrape is the first to see the poll's result. Scrapers share polls, so per-poll
   * counts (latency observations, failures) are made only when this is true.
   */
  pollIsNew(): Promise<boolean>;
  status(): Promise<StatusResult>;
}

/**
 * One source of metrics for one target. A collector registers its metrics in the target's registry
 * when it is built, and on each scrape sets them from its source, or removes them when the source
 * has nothing usable: a series never shows a stale value or a fake zero.
 */
export interface Collector {
  /** The source's name, used as the `source` label of spacetime_exporter_errors_total. */
  readonly source: string;
  collect(ctx: ScrapeContext): Promise<void>;
  /** Releases what the collector holds open (sockets, watchers). */
  close?(): Promise<void>;
}

/** What every collector factory is given. */
export interface CollectorEnv {
  registry: Registry;
  /** Value of the `target` label every target metric carries. */
  targetName: string;
}
