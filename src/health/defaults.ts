import type { Thresholds } from '../checks/types.js';

/** The original health_monitor.py defaults, plus the ones for checks it did not have. */
export const HEALTH_DEFAULTS = {
  apiUrl: 'http://localhost:8080',
  healthEndpoint: '/performance',
  intervalMs: 30_000,
  logFile: 'monitoring/health.log',
  stateFile: 'monitoring/health-state.json',
  jwtToken: 'jwt_token.txt',
  concurrency: 32,
  jitter: 0.5,
  /** State is written at once on every alert transition; counters at most this often. */
  stateFlushMs: 5_000,
} as const;

export const DEFAULT_THRESHOLDS: Thresholds = {
  responseTimeSeconds: 0.2,
  memoryBytes: 10_000 * 1024 * 1024,
  memoryWarningRatio: 0.8,
  fps: 60,
  rateLimitViolations: 50,
  rateLimitWindowMs: 3_600_000,
  staleAfterMs: 60_000,
  tokenExpiryMarginMs: 10 * 60_000,
};
