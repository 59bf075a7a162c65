import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import type { CheckContext, CheckId, CheckResult, OkPoll, Thresholds } from '../../src/checks/types.js';
import type { Sample } from '../../src/target/sample.js';
import type { PollResult } from '../../src/target/types.js';

const MB = 1024 * 1024;
const NOW = 1_800_000_000_000;

const thresholds: Thresholds = {
  responseTimeSeconds: 0.2,
  memoryBytes: 10_000 * MB,
  memoryWarningRatio: 0.8,
  fps: 60,
  rateLimitViolations: 50,
  rateLimitWindowMs: 3_600_000,
  staleAfterMs: 60_000,
  tokenExpiryMarginMs: 600_000,
};

function sample(over: Partial<Sample> = {}): Sample {
  return {
    shape: 'godot',
    timestampSeconds: NOW / 1000,
    engine: { fps: 90 },
    memory: { staticBytes: 842.3 * MB },
    cache: {},
    security: {},
    unknown: {},
    ...over,
  };
}

function ok(s: Sample = sample(), at = NOW, durationSeconds = 0.045): OkPoll {
  return { ok: true, sample: s, at, durationSeconds, statusCode: 200 };
}

function ctx(over: Partial<CheckContext> = {}): CheckContext {
  return {
    target: 'local',
    now: NOW,
    thresholds,
    history: [],
    tokenInfo: { source: 'file', issuedAt: NOW / 1000 - 60, expiresAt: NOW / 1000 + 3540 },
    processConfigured: false,
    ...over,
  };
}

function byId(poll: PollResult, c: CheckContext = ctx()): Record<CheckId, CheckResult> {
  return Object.fromEntries(runChecks(poll, c).map((r) => [r.check, r])) as Record<CheckId, CheckResult>;
}

describe('checks', () => {
  it('a healthy godot sample is ok everywhere it can tell, and says what it cannot', () => {
    const r = byId(ok());
    expect(r.API_DOWN.status).toBe('ok');
    expect(r.AUTH_FAILED.status).toBe('ok');
    expect(r.SLOW_RESPONSE).toMatchObject({ status: 'ok', value: '0.045s' });
    expect(r.HIGH_MEMORY).toMatchObject({ status: 'ok', value: '842.3MB static' });
    expect(r.LOW_FPS).toMatchObject({ status: 'ok', value: '90.0 FPS' });
    expect(r.RATE_LIMIT_VIOLATIONS.status).toBe('unknown');
    expect(r.RATE_LIMIT_VIOLATIONS.message).toContain('not available');
    expect(r.STALE_SAMPLE.status).toBe('ok');
    expect(r.TOKEN_EXPIRING.status).toBe('ok');
  });

  it('API_DOWN names the failure kind; other sample checks become unknown', () => {
    const poll: PollResult = {
      ok: false,
      at: NOW,
      durationSeconds: 5,
      failure: { kind: 'response_timeout', message: 'local: no answer within 5s' },
    };
    const r = byId(poll);
    expect(r.API_DOWN).toMatchObject({ status: 'critical', value: 'response_timeout' });
    expect(r.API_DOWN.message).toContain('response_timeout');
    expect(r.AUTH_FAILED.status).toBe('unknown');
    expect(r.LOW_FPS.status).toBe('unknown');
    expect(r.HIGH_MEMORY.status).toBe('unknown');
  });

  it('AUTH_FAILED is separate from API_DOWN', () => {
    const poll: PollResult = {
      ok: false,
      at: NOW,
      durationSeconds: 0.01,
      statusCode: 401,
      failure: { kind: 'auth_refused', message: 'local: 401', statusCode: 401 },
    };
    const r = byId(poll);
    expect(r.API_DOWN.status).toBe('ok');
    expect(r.AUTH_FAILED).toMatchObject({ status: 'critical', value: 'auth_refused (HTTP 401)' });
  });

  it('SLOW_RESPONSE and LOW_FPS compare with their thresholds', () => {
    const r = byId(ok(sample({ engine: { fps: 41.7 } }), NOW, 0.35));
    expect(r.SLOW_RESPONSE).toMatchObject({ status: 'warning', value: '0.350s' });
    expect(r.LOW_FPS).toMatchObject({ status: 'critical', value: '41.7 FPS', threshold: '< 60 FPS' });
  });

  it('HIGH_MEMORY: warning at 80 %, critical at the limit', () => {
    expect(byId(ok(sample({ memory: { staticBytes: 8_000 * MB } }))).HIGH_MEMORY.status).toBe('warning');
    expect(byId(ok(sample({ memory: { staticBytes: 10_000 * MB } }))).HIGH_MEMORY.status).toBe('critical');
    expect(byId(ok(sample({ memory: { staticBytes: 7_999 * MB } }))).HIGH_MEMORY.status).toBe('ok');
  });

  it('HIGH_MEMORY: static 0 falls back to resident memory, else says unknown (never "0 MB, healthy")', () => {
    const zero = ok(sample({ memory: { staticBytes: 0 } }));
    const unknown = byId(zero).HIGH_MEMORY;
    expect(unknown.status).toBe('unknown');
    expect(unknown.message).toContain('reads 0');
    expect(unknown.message).not.toContain('0.0MB');
    const resident = byId(
      zero,
      ctx({ processConfigured: true, processResidentBytes: 9_000 * MB }),
    ).HIGH_MEMORY;
    expect(resident).toMatchObject({ status: 'warning', value: '9000.0MB resident' });
    const unreadable = byId(zero, ctx({ processConfigured: true })).HIGH_MEMORY;
    expect(unreadable.message).toContain('could not be read');
  });

  it('RATE_LIMIT_VIOLATIONS counts the increase within the window, across a counter reset', () => {
    const at = (minAgo: number, v: number): OkPoll =>
      ok(sample({ shape: 'documented', security: { rateLimitViolations: v } }), NOW - minAgo * 60_000);
    const history = [at(90, 0), at(50, 100), at(30, 120), at(10, 5)];
    const r = byId(at(0, 40), ctx({ history })).RATE_LIMIT_VIOLATIONS;
    // 100 -> 120 (+20), reset to 5 (+5), 5 -> 40 (+35) = 60 > 50; the sample 90 min ago is outside.
    expect(r).toMatchObject({ status: 'warning', value: '60 in 60m' });
    const calm = byId(at(0, 130), ctx({ history: history.slice(0, 3) })).RATE_LIMIT_VIOLATIONS;
    expect(calm).toMatchObject({ status: 'ok', value: '30 in 60m' });
  });

  it('STALE_SAMPLE fires when the game clock stands still longer than allowed', () => {
    const ts = NOW / 1000;
    const frozen = (secAgo: number): OkPoll => ok(sample({ timestampSeconds: ts }), NOW - secAgo * 1000);
    const history = [ok(sample({ timestampSeconds: ts - 100 }), NOW - 100_000), frozen(70), frozen(30)];
    expect(byId(frozen(0), ctx({ history })).STALE_SAMPLE.status).toBe('critical');
    expect(
      byId(frozen(0), ctx({ history: history.slice(0, 1).concat(frozen(30)) })).STALE_SAMPLE.status,
    ).toBe('ok');
  });

  it('TOKEN_EXPIRING warns inside the margin and is critical once expired', () => {
    const info = (leftSec: number) => ({ source: 'file' as const, expiresAt: NOW / 1000 + leftSec });
    expect(byId(ok(), ctx({ tokenInfo: info(300) })).TOKEN_EXPIRING.status).toBe('warning');
    expect(byId(ok(), ctx({ tokenInfo: info(-5) })).TOKEN_EXPIRING.status).toBe('critical');
    expect(byId(ok(), ctx({ tokenInfo: undefined })).TOKEN_EXPIRING.status).toBe('unknown');
  });

  it('a check that throws on odd data is unknown, and the others still run', () => {
    // An exp far beyond any Date (a game writing it in microseconds, say): toISOString throws.
    const r = byId(ok(), ctx({ tokenInfo: { source: 'file', expiresAt: 1e300 } }));
    expect(r.TOKEN_EXPIRING.status).toBe('unknown');
    expect(r.TOKEN_EXPIRING.message).toContain('could not be evaluated');
    expect(r.API_DOWN.status).toBe('ok');
    expect(r.LOW_FPS.status).toBe('ok');
  });
});
