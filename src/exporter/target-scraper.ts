import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { GameTarget, PollResult, StatusResult } from '../target/types.js';
import type { Collector, CollectorEnv, ScrapeContext } from './collector.js';
import type { SelfMetrics } from './collectors/self.js';

/**
 * Resolves to the promise's value, or to `late()` once the budget is spent. The client already
 * honours deadlines; this is what guarantees a scrape answers in time even if something below it
 * does not.
 */
async function withinBudget<T>(promise: Promise<T>, budgetMs: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), Math.max(0, budgetMs));
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function budgetFailure(target: GameTarget, budgetMs: number): PollResult & StatusResult {
  return {
    ok: false,
    at: Date.now(),
    durationSeconds: budgetMs / 1000,
    failure: {
      kind: 'response_timeout',
      message: `${target.config.name}: no answer within the scrape budget of ${Math.round(budgetMs)} ms`,
    },
  };
}

/** The client reports failures as values; should it ever throw, the scrape still gets a failure. */
function thrownFailure(target: GameTarget, err: unknown): PollResult & StatusResult {
  return {
    ok: false,
    at: Date.now(),
    durationSeconds: 0,
    failure: {
      kind: 'network_error',
      message: `${target.config.name}: ${(err as Error).message ?? String(err)}`,
    },
  };
}

/** One target's metrics: its own registry, its collectors, and a scrape that fills and renders it. */
export class TargetScraper {
  readonly registry = new Registry();
  private readonly collectors: Collector[];
  private lastCountedPollAt: number | undefined;

  constructor(
    readonly target: GameTarget,
    build: (env: CollectorEnv) => Collector[],
    private readonly self: SelfMetrics,
    private readonly logger?: Logger,
  ) {
    this.collectors = build({ registry: this.registry, targetName: target.config.name });
  }

  get name(): string {
    return this.target.config.name;
  }

  /** Reads every source within `budgetMs` and renders the exposition text. Never throws for the game. */
  async scrape(budgetMs: number): Promise<string> {
    const started = Date.now();
    const remaining = (): number => Math.max(0, budgetMs - (Date.now() - started));
    const target = this.target;
    let poll: Promise<PollResult> | undefined;
    let status: Promise<StatusResult> | undefined;
    let pollIsNew: Promise<boolean> | undefined;

    /** One call to the game inside what is left of the budget; its failures come back as values. */
    const bounded = <T extends PollResult | StatusResult>(
      call: (opts: { deadlineMs: number }) => Promise<T>,
    ): Promise<T | (PollResult & StatusResult)> =>
      withinBudget<T | (PollResult & StatusResult)>(
        call({ deadlineMs: remaining() }).catch((err: unknown) => thrownFailure(target, err)),
        remaining(),
        () => budgetFailure(target, budgetMs),
      );

    const ctx: ScrapeContext = {
      target,
      budgetMs: remaining,
      poll: () => (poll ??= bounded((o) => target.poll(o))),
      status: () => (status ??= bounded((o) => target.status(o))),
      pollIsNew: () => {
        pollIsNew ??= ctx.poll().then((result) => {
          if (result.at === this.lastCountedPollAt) return false;
          this.lastCountedPollAt = result.at;
          this.self.polls.inc({ target: this.name, outcome: result.ok ? 'ok' : 'error' });
          return true;
        });
        return pollIsNew;
      },
    };
    // Count the poll even when no collector asks whether it is new.
    const counted = ctx.pollIsNew();

    await Promise.all(
      this.collectors.map(async (collector) => {
        try {
          await collector.collect(ctx);
        } catch (err) {
          this.self.errors.inc({ target: this.name, source: collector.source });
          this.logger?.error(
            { err, 'service.target': this.name, source: collector.source },
            'collector failed',
          );
        }
      }),
    );
    await counted;
    return this.registry.metrics();
  }

  async close(): Promise<void> {
    await Promise.all(this.collectors.map((c) => c.close?.()));
  }
}
