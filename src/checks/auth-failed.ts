import type { FailureKind } from '../target/failure.js';
import type { Check } from './types.js';

/** A refused (401/403) or impossible (no token to send) authentication: the API itself is up. */
export function isAuthFailure(kind: FailureKind): boolean {
  return kind === 'auth_refused' || kind === 'token_unavailable';
}

export const authFailed: Check = {
  id: 'AUTH_FAILED',
  evaluate(poll, ctx) {
    if (poll.ok)
      return {
        check: 'AUTH_FAILED',
        status: 'ok',
        value: 'accepted',
        message: `${ctx.target}: token accepted`,
      };
    if (!isAuthFailure(poll.failure.kind)) {
      return {
        check: 'AUTH_FAILED',
        status: 'unknown',
        message: `${ctx.target}: no answer to judge the token by`,
      };
    }
    const code = poll.failure.statusCode;
    return {
      check: 'AUTH_FAILED',
      status: 'critical',
      value: code ? `${poll.failure.kind} (HTTP ${code})` : poll.failure.kind,
      threshold: 'token accepted',
      message: `${ctx.target}: authentication failed (${poll.failure.kind}): ${poll.failure.message}`,
    };
  },
};
