import type { Metric, Registry } from 'prom-client';

/** A histogram kept by someone else: cumulative counts per upper bound (seconds), sum and count. */
export interface DurationTally {
  count: number;
  sum: number;
  /** Cumulative counts, ascending `le`; +Inf is implied by `count`. */
  buckets: readonly { le: number; count: number }[];
}

type Labels = Record<string, string>;

/**
 * Exposes histograms whose observations were counted elsewhere (the log pipeline). prom-client's
 * Histogram can only observe; this hands the same metric object shape to the registry, so the
 * exposition text is still written by prom-client.
 */
export class MirroredHistogram {
  private series: { labels: Labels; tally: DurationTally }[] = [];

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    labelNames: readonly string[],
  ) {
    const metric = {
      name,
      help,
      labelNames,
      type: 'histogram',
      aggregator: 'sum',
      get: async () => ({ name, help, type: 'histogram', aggregator: 'sum', values: this.values() }),
    };
    registry.registerMetric(metric as unknown as Metric);
  }

  /** Replaces every series with these. */
  set(series: { labels: Labels; tally: DurationTally }[]): void {
    this.series = series;
  }

  private values(): { metricName: string; labels: Record<string, string | number>; value: number }[] {
    return this.series.flatMap(({ labels, tally }) => [
      ...tally.buckets.map((b) => ({
        metricName: `${this.name}_bucket`,
        labels: { ...labels, le: b.le },
        value: b.count,
      })),
      { metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: tally.count },
      { metricName: `${this.name}_sum`, labels, value: tally.sum },
      { metricName: `${this.name}_count`, labels, value: tally.count },
    ]);
  }
}
