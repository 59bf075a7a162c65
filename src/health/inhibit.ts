import type { CheckResult } from '../checks/types.js';

const failing = (r: CheckResult | undefined): boolean => r?.status === 'warning' || r?.status === 'critical';

/**
 * One cause, one page. When the game refuses an expired token, AUTH_FAILED carries the alert and
 * says the token expired; TOKEN_EXPIRING stands aside (unknown, so its state neither fires nor
 * heals). TOKEN_EXPIRING still fires on its own when the game keeps accepting the expired token on
 * /performance (the separate-token quirk) or before the expiry, as the advance warning it is.
 */
export function inhibit(results: readonly CheckResult[]): CheckResult[] {
  const auth = results.find((r) => r.check === 'AUTH_FAILED');
  const token = results.find((r) => r.check === 'TOKEN_EXPIRING');
  if (!auth || !token || !failing(auth) || token.status !== 'critical') return [...results];
  return results.map((r) => {
    if (r === auth) return { ...r, message: `${r.message}; ${token.message.replace(/^[^:]*: /, '')}` };
    if (r === token) return { ...r, status: 'unknown', message: `${r.message} (reported by AUTH_FAILED)` };
    return r;
  });
}
