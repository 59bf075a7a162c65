/**
 * The game's per-endpoint token buckets: capacity = limit per minute, refilled at limit/60 per
 * second, one bucket per endpoint shared by every caller (all callers look like 127.0.0.1).
 */
export const RATE_LIMITS: Record<string, number> = {
  '/scene': 30,
  '/scene/reload': 20,
  '/scenes': 60,
  '/scene/history': 100,
};
export const DEFAULT_RATE_LIMIT = 100;

interface Bucket {
  tokens: number;
  at: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number; limit: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  take(endpoint: string, nowMs: number): RateDecision {
    const limit = RATE_LIMITS[endpoint] ?? DEFAULT_RATE_LIMIT;
    const perSecond = limit / 60;
    const bucket = this.buckets.get(endpoint) ?? { tokens: limit, at: nowMs };
    bucket.tokens = Math.min(limit, bucket.tokens + ((nowMs - bucket.at) / 1000) * perSecond);
    bucket.at = nowMs;
    this.buckets.set(endpoint, bucket);
    // The epsilon keeps a refill split over several calls from missing a token by rounding.
    if (bucket.tokens >= 1 - 1e-9) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(0, 1 - bucket.tokens) / perSecond, limit };
  }

  reset(): void {
    this.buckets.clear();
  }
}
