import { pino, type Logger } from 'pino';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import { createDestination, DestinationError, type DestinationSpec } from './destination.js';
import type { AlertEvent } from './event.js';
import { Lane, type DeliveryCounters, type DestinationStats } from './lane.js';
import { Outbox } from './outbox.js';
import { Transport } from './transport.js';

export type { DeliveryCounters, DestinationStats } from './lane.js';

export interface DispatcherOptions {
  destinations: DestinationSpec[];
  /** Where accepted alerts wait until delivered. One process per folder. */
  outboxDir: string;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** Per request, connect to last byte. Default 10 s. */
  timeoutMs?: number;
  /** Alerts waiting per destination beyond which new ones are dropped (and counted). Default 10 000. */
  maxQueue?: number;
  /** How long stop() keeps delivering what is pending before leaving it on disk. Default 5 s. */
  flushTimeoutMs?: number;
}

export interface AlertingStats extends DeliveryCounters {
  destinations: DestinationStats[];
}

export interface AlertDispatcher {
  /** Writes the alert to the outbox of every destination that wants it; resolves once it is on disk. */
  accept(event: AlertEvent): Promise<void>;
  /** Loads what a previous run left pending and starts delivering, oldest first per destination. */
  start(): Promise<void>;
  /** Stops accepting, delivers what is pending for up to flushTimeoutMs, leaves the rest on disk. */
  stop(options?: { flushTimeoutMs?: number }): Promise<void>;
  /** Counters as a plain object (the exporter publishes them). */
  stats(): AlertingStats;
  /** Resolves when no destination has anything it can still send (empty or broken). */
  idle(): Promise<void>;
}

export function createAlertDispatcher(options: DispatcherOptions): AlertDispatcher {
  const log = options.logger ?? pino({ level: 'silent' });
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const outbox = new Outbox(options.outboxDir);
  const transport = new Transport({ timeoutMs: options.timeoutMs ?? 10_000 });
  const destinations = options.destinations.map((spec, i) => createDestination(spec, i));
  const names = new Set<string>();
  for (const d of destinations) {
    if (names.has(d.name)) throw new DestinationError(`destination "${d.name}" is configured twice`);
    names.add(d.name);
  }

  const waiters: (() => void)[] = [];
  const isIdle = () => lanes.every((l) => l.broken !== undefined || l.queue.length === 0);
  const changed = () => {
    if (!isIdle()) return;
    for (const w of waiters.splice(0)) w();
  };
  const lanes = destinations.map(
    (d) => new Lane(d, outbox, transport, policy, options.maxQueue ?? 10_000, log, changed),
  );

  let ready: Promise<void> | undefined;
  const init = () =>
    (ready ??= (async () => {
      const { pending, problems } = await outbox.open();
      for (const p of problems)
        log.error(
          { destination: { name: p.destination }, file: { name: p.file }, error: { message: p.message } },
          'unreadable outbox file moved to dead letters',
        );
      for (const [name, entries] of pending) {
        const lane = lanes.find((l) => l.destination.name === name);
        if (lane) lane.queue.unshift(...entries);
        else if (entries.length > 0)
          log.warn(
            { destination: { name }, queue_depth: entries.length },
            'alerts pending for a destination that is no longer configured; kept on disk',
          );
      }
    })());

  const hardStop = new AbortController();
  let closed = false;
  let started = false;

  const totals = (): AlertingStats => {
    const per = lanes.map((l) => l.stats());
    const sum = (k: keyof DeliveryCounters) => per.reduce((n, s) => n + s[k], 0);
    return {
      sent: sum('sent'),
      retried: sum('retried'),
      failed: sum('failed'),
      dropped: sum('dropped'),
      queueDepth: sum('queueDepth'),
      destinations: per,
    };
  };

  return {
    async accept(event) {
      if (closed) throw new Error('alert dispatcher is stopped');
      await init();
      await Promise.all(lanes.filter((l) => l.wants(event)).map((l) => l.accept(event)));
    },
    async start() {
      if (started) return;
      started = true;
      await init();
      for (const lane of lanes) lane.running = lane.run(hardStop.signal);
      const depth = lanes.reduce((n, l) => n + l.queue.length, 0);
      log.info(
        {
          event: { action: 'alerting-started' },
          destinations: destinations.map((d) => d.name),
          queue_depth: depth,
        },
        `alert delivery started: ${destinations.length} destination(s), ${depth} pending`,
      );
    },
    async stop(stopOptions) {
      if (closed) return;
      closed = true;
      for (const lane of lanes) {
        lane.draining = true;
        lane.wake();
      }
      const flushMs = stopOptions?.flushTimeoutMs ?? options.flushTimeoutMs ?? 5000;
      const timer = setTimeout(() => hardStop.abort(), flushMs);
      await Promise.all(lanes.map((l) => l.running));
      clearTimeout(timer);
      hardStop.abort();
      await transport.close();
      if (ready) await ready.then(() => outbox.close()).catch(() => undefined);
      const left = lanes.reduce((n, l) => n + l.queue.length, 0);
      log.info(
        { event: { action: 'alerting-stopped' }, queue_depth: left },
        `alert delivery stopped, ${left} pending on disk`,
      );
    },
    stats: totals,
    idle() {
      if (isIdle()) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}
