import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { retryDelayMs, type RetryPolicy } from './backoff.js';
import type { Destination } from './destination.js';
import type { AlertEvent } from './event.js';
import type { Outbox, OutboxEntry } from './outbox.js';
import type { Verdict } from './providers/provider.js';
import { NetworkError, type Transport } from './transport.js';

export interface DeliveryCounters {
  /** Delivered with a 2xx answer. */
  sent: number;
  /** Attempts that will be repeated (5xx, 429, 408, network errors, timeouts). */
  retried: number;
  /** Non-retryable answers: the destination broke (400/401/403/404/410) or the alert was rejected. */
  failed: number;
  /** Refused at acceptance because the destination's queue was full. */
  dropped: number;
  /** Accepted and on disk, not yet delivered. */
  queueDepth: number;
}

export interface DestinationStats extends DeliveryCounters {
  name: string;
  provider: string;
  /** `slack (hooks.slack.com/…)` */
  redacted: string;
  /** Why the destination stopped being sent to, until restart; undefined while healthy. */
  broken?: string;
}

const now = () => performance.now();

/** One destination's queue, rate limit, retry loop and counters. Order is strictly first in, first out. */
export class Lane {
  readonly queue: OutboxEntry[] = [];
  readonly counters = { sent: 0, retried: 0, failed: 0, dropped: 0 };
  broken?: string;
  draining = false;
  running?: Promise<void>;
  private nextAllowedAt = 0;
  private failures = 0;
  private wakeUp?: () => void;
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    readonly destination: Destination,
    private readonly outbox: Outbox,
    private readonly transport: Transport,
    private readonly policy: RetryPolicy,
    private readonly maxQueue: number,
    private readonly log: Logger,
    private readonly changed: () => void,
  ) {}

  wants(event: AlertEvent): boolean {
    return !this.destination.severities || this.destination.severities.has(event.severity);
  }

  /** Writes are chained per destination so the queue order is the order accept() was called in. */
  accept(event: AlertEvent): Promise<void> {
    const write = this.writes.then(async () => {
      if (this.queue.length >= this.maxQueue) {
        this.counters.dropped++;
        this.log.warn(
          { ...this.fields(event), event: { action: 'alert-dropped', outcome: 'failure' } },
          `queue full (${this.maxQueue}): alert dropped`,
        );
        return;
      }
      const entry = await this.outbox.put(this.destination.name, event);
      this.queue.push(entry);
      this.wake();
      this.changed();
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  wake(): void {
    this.wakeUp?.();
  }

  private fields(event: AlertEvent) {
    return {
      alert: { id: event.id, state: event.state },
      destination: { name: this.destination.name, address: this.destination.redacted },
    };
  }

  private idleUntilWoken(stop: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        stop.removeEventListener('abort', done);
        this.wakeUp = undefined;
        resolve();
      };
      this.wakeUp = done;
      stop.addEventListener('abort', done);
    });
  }

  async run(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      const head = this.queue[0];
      if (!head || this.broken) {
        if (this.draining) return;
        await this.idleUntilWoken(stop);
        continue;
      }
      const wait = this.nextAllowedAt - now();
      if (wait > 0 && !(await sleep(wait, true, { signal: stop }).catch(() => false))) return;
      this.nextAllowedAt = now() + this.destination.minIntervalMs;
      try {
        const { verdict, status } = await this.attempt(head, stop);
        if (stop.aborted && verdict.outcome === 'retry') return; // cut short by stop(): stays on disk
        if ('pauseMs' in verdict && verdict.pauseMs !== undefined)
          this.nextAllowedAt = Math.max(this.nextAllowedAt, now() + verdict.pauseMs);
        await this.settle(head, verdict, status);
      } catch (err) {
        // Our own failure (the outbox folder became unwritable): keep the alert, try again later.
        this.failures++;
        this.nextAllowedAt = now() + retryDelayMs(this.policy, this.failures, undefined);
        this.log.error(
          { ...this.fields(head.event), error: { message: this.destination.scrub((err as Error).message) } },
          'alert delivery step failed; will try again',
        );
      }
      this.changed();
    }
  }

  private async attempt(
    entry: OutboxEntry,
    stop: AbortSignal,
  ): Promise<{ verdict: Verdict; status?: number }> {
    const { provider, context, endpoint } = this.destination;
    let rendered;
    try {
      rendered = provider.render(entry.event, context);
    } catch (err) {
      return { verdict: { outcome: 'rejected', reason: `cannot render: ${(err as Error).message}` } };
    }
    try {
      const answer = await this.transport.post(endpoint, rendered, stop);
      return { verdict: provider.interpret(answer), status: answer.status };
    } catch (err) {
      if (err instanceof NetworkError) return { verdict: { outcome: 'retry', reason: err.message } };
      throw err;
    }
  }

  private async settle(entry: OutboxEntry, verdict: Verdict, status: number | undefined): Promise<void> {
    const reason = 'reason' in verdict ? this.destination.scrub(verdict.reason) : undefined;
    const base = {
      ...this.fields(entry.event),
      ...(status === undefined ? {} : { http: { response: { status_code: status } } }),
    };
    switch (verdict.outcome) {
      case 'delivered':
        this.queue.shift();
        this.counters.sent++;
        this.log.info(
          { ...base, event: { action: 'alert-delivered', outcome: 'success' }, attempts: this.failures + 1 },
          'alert delivered',
        );
        this.failures = 0;
        // It arrived: an outbox that cannot forget it must not make us send it again and again.
        // Left on disk, it is sent once more at the next start (a duplicate, never a loss).
        await this.outbox
          .remove(entry)
          .catch((err: unknown) =>
            this.log.error(
              { ...base, error: { message: this.destination.scrub((err as Error).message) } },
              'delivered alert could not be removed from the outbox; the next start sends it once more',
            ),
          );
        return;
      case 'retry': {
        this.failures++;
        this.counters.retried++;
        const delay = retryDelayMs(this.policy, this.failures, verdict.afterMs);
        this.nextAllowedAt = Math.max(this.nextAllowedAt, now() + delay);
        this.log.warn(
          {
            ...base,
            event: { action: 'alert-retry', outcome: 'failure' },
            error: { message: reason },
            attempts: this.failures,
            retry_in_ms: Math.round(delay),
          },
          'delivery failed, will retry',
        );
        return;
      }
      case 'broken':
        // The alert is not at fault: it stays on disk for the next start (after the URL is fixed).
        this.broken = reason;
        this.counters.failed++;
        this.failures = 0;
        this.log.error(
          {
            ...base,
            event: { action: 'destination-broken', outcome: 'failure' },
            error: { message: reason },
          },
          `destination marked broken, not retrying until restart: ${reason}`,
        );
        return;
      case 'rejected':
        this.queue.shift();
        this.counters.failed++;
        this.failures = 0;
        this.log.error(
          { ...base, event: { action: 'alert-rejected', outcome: 'failure' }, error: { message: reason } },
          `alert rejected, moved to dead letters: ${reason}`,
        );
        // As with delivery: a dead-letter folder we cannot write must not make us send it again and again.
        await this.outbox
          .bury(entry, reason ?? 'rejected')
          .catch((err: unknown) =>
            this.log.error(
              { ...base, error: { message: this.destination.scrub((err as Error).message) } },
              'rejected alert could not be moved to dead letters; it stays pending for the next start',
            ),
          );
        return;
    }
  }

  stats(): DestinationStats {
    const d = this.destination;
    return {
      name: d.name,
      provider: d.kind,
      redacted: d.redacted,
      ...this.counters,
      queueDepth: this.queue.length,
      ...(this.broken === undefined ? {} : { broken: this.broken }),
    };
  }
}
