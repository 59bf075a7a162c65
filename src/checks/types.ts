import type { PollResult, TokenInfo } from '../target/types.js';

/** Every check the health monitor runs on each sample, as printed and used in alert ids. */
export const CHECK_IDS = [
  'API_DOWN',
  'AUTH_FAILED',
  'SLOW_RESPONSE',
  'HIGH_MEMORY',
  'LOW_FPS',
  'RATE_LIMIT_VIOLATIONS',
  'STALE_SAMPLE',
  'TOKEN_EXPIRING',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

/** `unknown` means "cannot tell from this poll": it never counts as healthy or as failing. */
export type CheckStatus = 'ok' | 'warning' | 'critical' | 'unknown';

export interface CheckResult {
  check: CheckId;
  status: CheckStatus;
  /** What was measured, with its unit ("41.7 FPS", "connection_refused"). */
  value?: string;
  /** The limit it is compared with, with its unit ("< 60 FPS"). */
  threshold?: string;
  /** One line for humans; never contains a secret. */
  message: string;
}

/** Limits for one target, in base units (seconds, bytes, milliseconds for windows). */
export interface Thresholds {
  responseTimeSeconds: number;
  memoryBytes: number;
  /** Fraction of memoryBytes where HIGH_MEMORY becomes a warning (the original: 0.8). */
  memoryWarningRatio: number;
  fps: number;
  /** Increase of the rate-limit violation counter within the window that fires the check. */
  rateLimitViolations: number;
  rateLimitWindowMs: number;
  /** How long the game's own timestamp may stand still while the API answers. */
  staleAfterMs: number;
  /** TOKEN_EXPIRING warns this long before the JWT `exp`. */
  tokenExpiryMarginMs: number;
}

export type OkPoll = Extract<PollResult, { ok: true }>;

export interface CheckContext {
  target: string;
  /** Unix ms. */
  now: number;
  thresholds: Thresholds;
  /** Earlier successful polls of this target, oldest first, distinct from the one evaluated. */
  history: readonly OkPoll[];
  tokenInfo?: TokenInfo;
  /** Resident memory of the game's process, when a pid/pidfile/name is configured and readable. */
  processResidentBytes?: number;
  /** Whether the target names its OS process at all (changes the "unknown" explanation). */
  processConfigured: boolean;
}

/** One extension point: a new check is a new file exporting one of these. */
export interface Check {
  id: CheckId;
  evaluate(poll: PollResult, ctx: CheckContext): CheckResult;
}
