import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/types.js';
import { inhibit } from '../../src/health/inhibit.js';

const auth = (status: CheckResult['status']): CheckResult => ({
  check: 'AUTH_FAILED',
  status,
  value: 'auth_refused (HTTP 401)',
  message: 'game: authentication failed (auth_refused): 401',
});
const token = (status: CheckResult['status']): CheckResult => ({
  check: 'TOKEN_EXPIRING',
  status,
  message: 'game: token expired at 2026-01-01T00:00:00.000Z; restart the game for a new one',
});

describe('inhibition', () => {
  it('an expired token refused by the game is one alert: AUTH_FAILED, naming the expiry', () => {
    const [a, t] = inhibit([auth('critical'), token('critical')]);
    expect(a).toMatchObject({ status: 'critical' });
    expect(a?.message).toContain('token expired at 2026-01-01');
    expect(t?.status).toBe('unknown');
  });

  it('leaves TOKEN_EXPIRING alone when the game still accepts the token, or before expiry', () => {
    expect(inhibit([auth('ok'), token('critical')])[1]?.status).toBe('critical');
    expect(inhibit([auth('critical'), token('warning')])[1]?.status).toBe('warning');
  });
});
