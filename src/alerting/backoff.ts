export interface RetryPolicy {
  /** First wait after a failure. */
  initialBackoffMs: number;
  /** Waits grow by 2× per failure up to this. */
  maxBackoffMs: number;
  /** A provider's Retry-After longer than this is capped (a broken proxy must not park alerts for days). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  initialBackoffMs: 1000,
  maxBackoffMs: 5 * 60_000,
  maxRetryAfterMs: 15 * 60_000,
};

/**
 * Exponential backoff with "equal jitter": half the step fixed, half random, so a fleet of
 * monitors that failed together does not retry together, and no wait collapses to zero.
 */
export function backoffMs(policy: RetryPolicy, failures: number, random: () => number = Math.random): number {
  const step = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.max(0, failures - 1));
  return step / 2 + random() * (step / 2);
}

/**
 * The wait before a retry. A provider's own figure (Retry-After, Discord's retry_after) wins and is
 * never undercut: timers fire at millisecond granularity, so a small jitter is added on top.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  failures: number,
  providerAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (providerAfterMs === undefined) return backoffMs(policy, failures, random);
  return (
    Math.min(providerAfterMs, policy.maxRetryAfterMs) + 10 + random() * Math.min(250, providerAfterMs * 0.1)
  );
}
