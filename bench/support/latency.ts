/** Latency samples (ms) of one case, gathered over several rounds, and the wall time they took. */
export class Latencies {
  readonly samples: number[] = [];
  wallMs = 0;

  add(round: { samples: readonly number[]; wallMs: number }): void {
    this.samples.push(...round.samples);
    this.wallMs += round.wallMs;
  }

  /** Nearest-rank percentile, in ms. */
  percentile(p: number): number {
    const sorted = [...this.samples].sort((a, b) => a - b);
    if (sorted.length === 0) return NaN;
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank] ?? NaN;
  }

  /** Requests per second over the wall time of the rounds (not the sum of latencies). */
  throughput(): number {
    return this.samples.length / (this.wallMs / 1000);
  }
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
}

export function summarize(l: Latencies): Summary {
  return {
    n: l.samples.length,
    p50: l.percentile(50),
    p95: l.percentile(95),
    p99: l.percentile(99),
    perSecond: l.throughput(),
  };
}
