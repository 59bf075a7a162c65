import { describe, expect, it } from 'vitest';
import { float, godotStringify } from '../../src/sim/godot-json.js';
import { gameBase64Url, newSecret, signJwt, verifyJwt } from '../../src/sim/jwt.js';
import { RateLimiter } from '../../src/sim/rate-limit.js';

describe('godotStringify', () => {
  it('sorts keys at every level, writes GodotFloat integers with .0 and drops undefined', () => {
    expect(
      godotStringify({ b: float(1234), a: { z: [float(0.5), 2, 'x'], y: null }, c: undefined, d: true }),
    ).toBe('{"a":{"y":null,"z":[0.5,2,"x"]},"b":1234.0,"d":true}');
  });
});

describe('token bucket', () => {
  it('holds `limit` tokens and refills limit/60 per second', () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 20; i++) expect(limiter.take('/scene/reload', t0).ok).toBe(true);
    const refused = limiter.take('/scene/reload', t0);
    expect(refused).toEqual({ ok: false, limit: 20, retryAfterSeconds: 3 });
    // 20/min refills one token every 3 s.
    expect(limiter.take('/scene/reload', t0 + 2_900).ok).toBe(false);
    expect(limiter.take('/scene/reload', t0 + 3_000).ok).toBe(true);
    // Unknown endpoints share the default limit of 100 per endpoint.
    for (let i = 0; i < 100; i++) expect(limiter.take('/other', t0).ok).toBe(true);
    expect(limiter.take('/other', t0).ok).toBe(false);
  });
});

describe('game JWT', () => {
  it('trims only one `=` of base64 padding, like the game', () => {
    expect(gameBase64Url('a')).toBe('YQ=');
    expect(gameBase64Url('ab')).toBe('YWI');
    expect(gameBase64Url('abc')).toBe('YWJj');
  });

  it('verifies its own tokens and names why others fail', () => {
    const secret = newSecret();
    const now = 1_800_000_000;
    const token = signJwt({ type: 'api_access', iat: now, exp: now + 60 }, secret);
    expect(verifyJwt(token, secret, now + 1)).toMatchObject({
      ok: true,
      claims: { iat: now, exp: now + 60 },
    });
    expect(verifyJwt(token, secret, now + 60)).toEqual({ ok: false, reason: 'Token expired' });
    expect(verifyJwt(token, newSecret(), now)).toEqual({ ok: false, reason: 'Invalid signature' });
    expect(verifyJwt('abc', secret, now)).toEqual({ ok: false, reason: 'Malformed token' });
  });
});
