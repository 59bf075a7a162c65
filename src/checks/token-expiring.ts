import { formatDuration } from './format.js';
import type { Check } from './types.js';

/** From the JWT `exp` claim the client decoded; the token itself never reaches the checks. */
export const tokenExpiring: Check = {
  id: 'TOKEN_EXPIRING',
  evaluate(_poll, ctx) {
    const margin = ctx.thresholds.tokenExpiryMarginMs;
    const threshold = `expires within ${formatDuration(margin)}`;
    const exp = ctx.tokenInfo?.expiresAt;
    if (exp === undefined) {
      const why = ctx.tokenInfo ? 'the token has no exp claim' : 'no token read yet';
      return {
        check: 'TOKEN_EXPIRING',
        status: 'unknown',
        threshold,
        message: `${ctx.target}: token expiry unknown (${why})`,
      };
    }
    const leftMs = exp * 1000 - ctx.now;
    const expiresAt = new Date(exp * 1000).toISOString();
    if (leftMs <= 0) {
      return {
        check: 'TOKEN_EXPIRING',
        status: 'critical',
        value: `expired ${formatDuration(-leftMs)} ago`,
        threshold,
        message: `${ctx.target}: token expired at ${expiresAt}; restart the game for a new one`,
      };
    }
    if (leftMs < margin) {
      return {
        check: 'TOKEN_EXPIRING',
        status: 'warning',
        value: `expires in ${formatDuration(leftMs)}`,
        threshold,
        message: `${ctx.target}: token expires in ${formatDuration(leftMs)} (at ${expiresAt})`,
      };
    }
    return {
      check: 'TOKEN_EXPIRING',
      status: 'ok',
      value: `expires in ${formatDuration(leftMs)}`,
      threshold,
      message: `${ctx.target}: token valid until ${expiresAt}`,
    };
  },
};
