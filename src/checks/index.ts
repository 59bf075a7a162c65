import { apiDown } from './api-down.js';
import { authFailed } from './auth-failed.js';
import { highMemory } from './high-memory.js';
import { lowFps } from './low-fps.js';
import { rateLimitViolations } from './rate-limit-violations.js';
import { slowResponse } from './slow-response.js';
import { staleSample } from './stale-sample.js';
import { tokenExpiring } from './token-expiring.js';
import type { Check, CheckContext, CheckResult } from './types.js';
import type { PollResult } from '../target/types.js';

export const ALL_CHECKS: readonly Check[] = [
  apiDown,
  authFailed,
  slowResponse,
  highMemory,
  lowFps,
  rateLimitViolations,
  staleSample,
  tokenExpiring,
];

export function runChecks(
  poll: PollResult,
  ctx: CheckContext,
  checks: readonly Check[] = ALL_CHECKS,
): CheckResult[] {
  return checks.map((c) => {
    try {
      return c.evaluate(poll, ctx);
    } catch (err) {
      // One check tripping over odd game data must not take the other checks of the target with it.
      return {
        check: c.id,
        status: 'unknown',
        message: `${ctx.target}: ${c.id} could not be evaluated: ${(err as Error).message}`,
      };
    }
  });
}

export type { Check, CheckContext, CheckId, CheckResult, CheckStatus, Thresholds } from './types.js';
export { CHECK_IDS } from './types.js';
