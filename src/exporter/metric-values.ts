import type { Counter, Gauge } from 'prom-client';

type Labels = Record<string, string>;

/** Sets a gauge series, or removes it when the value is unknown: never a stale or fake number. */
export function setOrRemove(gauge: Gauge<string>, labels: Labels, value: number | undefined): void {
  if (value === undefined || !Number.isFinite(value)) gauge.remove(labels);
  else gauge.set(labels, value);
}

/**
 * Mirrors a counter kept by someone else (the game, /proc, the log pipeline). prom-client counters
 * only go up from our side, so the series is replaced; a smaller value (the source restarted) is a
 * counter reset, which Prometheus's rate() already handles.
 */
export function mirrorCounter(counter: Counter<string>, labels: Labels, value: number | undefined): void {
  counter.remove(labels);
  if (value !== undefined && Number.isFinite(value) && value >= 0) counter.inc(labels, value);
}
