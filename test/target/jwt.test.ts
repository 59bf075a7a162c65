import { describe, expect, it } from 'vitest';
import { decodeJwtClaims } from '../../src/target/jwt.js';
import { makeJwt } from './helpers.js';

describe('decodeJwtClaims', () => {
  const claims = { type: 'api_access', iat: 1764913421, exp: 1764917021 };

  it('decodes iat, exp and type of an unpadded base64url token', () => {
    expect(decodeJwtClaims(makeJwt(claims))).toEqual(claims);
  });

  it('tolerates = padding left on the segments, as the game writes it', () => {
    // Pick a payload whose base64 length is not a multiple of 4, so padding is really present.
    let token = makeJwt(claims, { padding: true });
    for (let i = 0; !token.split('.')[1]!.endsWith('='); i++)
      token = makeJwt({ ...claims, n: 'x'.repeat(i) }, { padding: true });
    expect(token.split('.')[1]).toMatch(/=$/);
    expect(decodeJwtClaims(token)).toMatchObject(claims);
  });

  it('accepts standard base64 characters (+ and /) in place of - and _', () => {
    // "???" encodes to "Pz8/" in base64 and "Pz8_" in base64url.
    const payload = { ...claims, note: '???>>>' };
    const url = Buffer.from(JSON.stringify(payload)).toString('base64url');
    expect(url).toMatch(/[-_]/);
    const std = url.replace(/-/g, '+').replace(/_/g, '/');
    expect(decodeJwtClaims(`e30.${std}.c2ln`)).toEqual(claims);
  });

  it('tolerates surrounding whitespace (a token file edited by hand)', () => {
    expect(decodeJwtClaims(`  ${makeJwt(claims)}\n`)).toEqual(claims);
  });

  it.each([
    ['not a token', 'hello'],
    ['two segments', 'a.b'],
    ['payload not base64', 'a.%%%.c'],
    ['payload not JSON', `a.${Buffer.from('nope').toString('base64url')}.c`],
    ['payload a JSON array', `a.${Buffer.from('[1]').toString('base64url')}.c`],
    ['empty payload', 'a..c'],
  ])('returns undefined for %s', (_label, token) => {
    expect(decodeJwtClaims(token)).toBeUndefined();
  });

  it('drops claims of the wrong type instead of failing', () => {
    expect(decodeJwtClaims(makeJwt({ iat: '1764913421', exp: 1764917021 }))).toEqual({ exp: 1764917021 });
  });

  it('drops an iat or exp beyond any date, which would make every later message throw', () => {
    expect(decodeJwtClaims(makeJwt({ iat: 1764913421, exp: 1e300 }))).toEqual({ iat: 1764913421 });
    expect(decodeJwtClaims(makeJwt({ iat: -9e12, exp: 1764917021 }))).toEqual({ exp: 1764917021 });
  });
});
