import { formatSeconds } from './format.js';
import type { Check } from './types.js';

export const slowResponse: Check = {
  id: 'SLOW_RESPONSE',
  evaluate(poll, ctx) {
    const limit = ctx.thresholds.responseTimeSeconds;
    const threshold = `> ${formatSeconds(limit)}`;
    if (!poll.ok)
      return {
        check: 'SLOW_RESPONSE',
        status: 'unknown',
        threshold,
        message: `${ctx.target}: no answer to time`,
      };
    const value = formatSeconds(poll.durationSeconds);
    if (poll.durationSeconds > limit) {
      return {
        check: 'SLOW_RESPONSE',
        status: 'warning',
        value,
        threshold,
        message: `${ctx.target}: slow response ${value} over ${formatSeconds(limit)}`,
      };
    }
    return {
      check: 'SLOW_RESPONSE',
      status: 'ok',
      value,
      threshold,
      message: `${ctx.target}: response time ${value}`,
    };
  },
};
