import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearer, get } from './raw-http.js';
import { useSimulators } from './sim-fixture.js';

const sims = useSimulators();

function decode(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment.replace(/=+$/, ''), 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe('the game token', () => {
  it('is an HS256 JWT with type/iat/exp, exp = iat + ttl, keeping one `=` of padding like the game', async () => {
    const s = await sims.start({ tokenTtlSeconds: 120 });
    const [header, payload, signature] = s.currentToken().split('.') as [string, string, string];
    expect(decode(header)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decode(payload);
    expect(claims.type).toBe('api_access');
    expect((claims.exp as number) - (claims.iat as number)).toBe(120);
    expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(5);
    // The claims are 55 bytes: base64 needs `==`, the game trims one.
    expect(payload).toMatch(/[^=]=$/);
    expect(signature).not.toContain('=');
  });

  it('is written without newline to the token file, printed on the console log and served by /status', async () => {
    const s = await sims.start();
    const token = s.currentToken();
    expect(await readFile(join(sims.dir(), 'jwt_token.txt'), 'utf8')).toBe(token);
    expect(await sims.log('godot_console.log')).toContain(`[HttpApiServer] API TOKEN: ${token}`);
    expect((JSON.parse((await get(s.port, '/status')).body) as { jwt_token: string }).jwt_token).toBe(token);
  });

  it('differs between two games (random secret per start)', async () => {
    const a = await sims.start({ tokenFile: undefined });
    const b = await sims.start({ tokenFile: undefined });
    expect((await get(a.port, '/performance', [bearer(b.currentToken())])).status).toBe(401);
    expect(await sims.log('godot_console.log')).toContain('[Security] Auth failed: Invalid signature');
  });

  it('expires after the ttl', async () => {
    const s = await sims.start({ tokenTtlSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await get(s.port, '/performance', [bearer(s.currentToken())])).status).toBe(401);
    expect(await sims.log('godot_console.log')).toContain('[Security] Auth failed: Token expired');
  });

  it('under the separate-token quirk, prints the 64-hex token once on the console', async () => {
    const s = await sims.start({ quirks: { separatePerformanceToken: true } });
    const log = await sims.log('godot_console.log');
    const lines = log.split('\n').filter((l) => l.startsWith('[SecurityOptimized] API token generated: '));
    expect(lines).toEqual([`[SecurityOptimized] API token generated: ${s.performanceToken()}`]);
  });
});
