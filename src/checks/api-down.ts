import type { Check } from './types.js';
import { isAuthFailure } from './auth-failed.js';

/** The game did not answer usably. Auth refusals are AUTH_FAILED's: the API is up then. */
export const apiDown: Check = {
  id: 'API_DOWN',
  evaluate(poll, ctx) {
    if (poll.ok)
      return { check: 'API_DOWN', status: 'ok', value: 'up', message: `${ctx.target}: API answered` };
    if (isAuthFailure(poll.failure.kind)) {
      return {
        check: 'API_DOWN',
        status: 'ok',
        value: 'up',
        message: `${ctx.target}: API answered (auth refused)`,
      };
    }
    return {
      check: 'API_DOWN',
      status: 'critical',
      value: poll.failure.kind,
      threshold: 'a usable /performance answer',
      message: `${ctx.target}: API down (${poll.failure.kind}): ${poll.failure.message}`,
    };
  },
};
