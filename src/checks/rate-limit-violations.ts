import { formatDuration } from './format.js';
import type { Check } from './types.js';

/** Counter increase over the samples given, oldest first; a decrease is a reset (game restart). */
export function counterIncrease(values: readonly number[]): number {
  let total = 0;
  for (let i = 1; i < values.length; i++) {
    const prev = values[i - 1] as number;
    const cur = values[i] as number;
    total += cur >= prev ? cur - prev : cur;
  }
  return total;
}

export const rateLimitViolations: Check = {
  id: 'RATE_LIMIT_VIOLATIONS',
  evaluate(poll, ctx) {
    const { rateLimitViolations: limit, rateLimitWindowMs: window } = ctx.thresholds;
    const threshold = `> ${limit} per ${formatDuration(window)}`;
    if (!poll.ok)
      return {
        check: 'RATE_LIMIT_VIOLATIONS',
        status: 'unknown',
        threshold,
        message: `${ctx.target}: no sample`,
      };
    const current = poll.sample.security.rateLimitViolations;
    if (current === undefined) {
      return {
        check: 'RATE_LIMIT_VIOLATIONS',
        status: 'unknown',
        threshold,
        message: `${ctx.target}: rate-limit violations not available (${poll.sample.shape} shape has no such counter)`,
      };
    }
    const since = poll.at - window;
    const values = ctx.history
      .filter((p) => p.at >= since && p.sample.security.rateLimitViolations !== undefined)
      .map((p) => p.sample.security.rateLimitViolations as number);
    values.push(current);
    const increase = counterIncrease(values);
    const value = `${increase} in ${formatDuration(window)}`;
    if (increase > limit) {
      return {
        check: 'RATE_LIMIT_VIOLATIONS',
        status: 'warning',
        value,
        threshold,
        message: `${ctx.target}: ${increase} rate-limit violations in the last ${formatDuration(window)} (limit ${limit})`,
      };
    }
    return {
      check: 'RATE_LIMIT_VIOLATIONS',
      status: 'ok',
      value,
      threshold,
      message: `${ctx.target}: ${value} rate-limit violations`,
    };
  },
};
