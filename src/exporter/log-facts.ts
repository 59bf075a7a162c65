import type { DurationTally } from './mirrored-histogram.js';

/**
 * What the exporter reads from the log pipeline's counters at each scrape. Every count is
 * cumulative since the pipeline started; labels are already bounded (routes normalized by
 * src/logs/route.ts, methods folded to a known set).
 */
export interface LogFacts {
  sceneLoads: readonly { result: string; count: number }[];
  sceneLoadSeconds?: DurationTally;
  /** Undefined until a VR connect/disconnect line has been seen. */
  headsetConnected?: boolean;
  headsetDisconnects: number;
  authFailures: number;
  rateLimitHits: number;
  httpRequests: readonly { method: string; route: string; code: string; count: number }[];
  httpRequestSeconds: readonly { method: string; route: string; tally: DurationTally }[];
  events: readonly { source: string; level: string; count: number }[];
}

export type ReadLogFacts = () => LogFacts;
