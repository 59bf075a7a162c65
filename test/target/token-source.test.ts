import { rm, utimes, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenProvider } from '../../src/target/token-source.js';
import { makeJwt, tempDir } from './helpers.js';

describe('token sources', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });

  it('file: reads the token, and reads again only when the file changes', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const file = tmp.path('jwt_token.txt');
    const first = makeJwt({ iat: 100, exp: 3700 });
    await writeFile(file, first);
    const tokens = createTokenProvider({ kind: 'file', path: file });
    expect(await tokens.current()).toEqual({ ok: true, token: first });
    expect(tokens.info()).toEqual({ source: 'file', issuedAt: 100, expiresAt: 3700 });

    const second = makeJwt({ iat: 200, exp: 3800 });
    await writeFile(file, `${second}\n`);
    expect(await tokens.current()).toEqual({ ok: true, token: second });
    expect(tokens.info()?.issuedAt).toBe(200);
  });

  it('file: refresh() re-reads even when size and mtime look unchanged, and says whether the token changed', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const file = tmp.path('jwt_token.txt');
    // A whole-second mtime, as on a coarse-mtime filesystem, set again after the rewrite.
    await writeFile(file, makeJwt({ iat: 100, exp: 3700 }));
    await utimes(file, 1_700_000_000, 1_700_000_000);
    const tokens = createTokenProvider({ kind: 'file', path: file });
    await tokens.current();
    const rotated = makeJwt({ iat: 101, exp: 3701 });
    await writeFile(file, rotated);
    await utimes(file, 1_700_000_000, 1_700_000_000);
    // Same inode, size and mtime: current() keeps the cached token...
    expect((await tokens.current()) as { token: string }).not.toEqual({ ok: true, token: rotated });
    // ...until a 401 makes the client re-read.
    expect(await tokens.refresh()).toBe(true);
    expect(await tokens.current()).toEqual({ ok: true, token: rotated });
    expect(await tokens.refresh()).toBe(false);
  });

  it('file: a missing or empty file is a reason, not a crash', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const file = tmp.path('jwt_token.txt');
    const tokens = createTokenProvider({ kind: 'file', path: file });
    expect(await tokens.current()).toEqual({ ok: false, reason: `cannot read token file ${file}: ENOENT` });
    await writeFile(file, '\n');
    expect(await tokens.current()).toEqual({ ok: false, reason: `token file ${file} is empty` });
    await writeFile(file, 'abc');
    expect(await tokens.current()).toEqual({ ok: true, token: 'abc' });
    await rm(file);
    expect((await tokens.current()).ok).toBe(false);
  });

  it('env: reads the variable; unset is a reason naming it', async () => {
    const env: NodeJS.ProcessEnv = {};
    const tokens = createTokenProvider({ kind: 'env', name: 'GAME_TOKEN' }, { env });
    expect(await tokens.current()).toEqual({
      ok: false,
      reason: 'environment variable GAME_TOKEN is not set',
    });
    env.GAME_TOKEN = ' ';
    expect(await tokens.current()).toEqual({ ok: false, reason: 'environment variable GAME_TOKEN is empty' });
    env.GAME_TOKEN = makeJwt({ iat: 5, exp: 10 });
    expect(await tokens.current()).toEqual({ ok: true, token: env.GAME_TOKEN });
    expect(tokens.info()).toEqual({ source: 'env', issuedAt: 5, expiresAt: 10 });
  });

  it('status: fetches once, again only on refresh', async () => {
    let calls = 0;
    let value = 'one';
    const tokens = createTokenProvider(
      { kind: 'status' },
      { fetchStatusToken: async () => (calls++, { ok: true, token: value }) },
    );
    expect(await tokens.current()).toEqual({ ok: true, token: 'one' });
    expect(await tokens.current()).toEqual({ ok: true, token: 'one' });
    expect(calls).toBe(1);
    value = 'two';
    expect(await tokens.refresh()).toBe(true);
    expect(await tokens.current()).toEqual({ ok: true, token: 'two' });
    expect(tokens.info()).toEqual({ source: 'status', issuedAt: undefined, expiresAt: undefined });
  });

  it('tolerates a pasted "Bearer " prefix and refuses a value that would break the header', async () => {
    const env: NodeJS.ProcessEnv = { T: 'Bearer abc.def.ghi\n' };
    const tokens = createTokenProvider({ kind: 'env', name: 'T' }, { env });
    expect(await tokens.current()).toEqual({ ok: true, token: 'abc.def.ghi' });
    env.T = 'abc\r\nX-Injected: 1';
    const read = await tokens.current();
    expect(read).toEqual({
      ok: false,
      reason: expect.stringMatching(/characters a bearer token cannot have/),
    });
    expect(JSON.stringify(read)).not.toContain('Injected');
  });

  it('none: no token, no header', async () => {
    const tokens = createTokenProvider({ kind: 'none' });
    expect(await tokens.current()).toEqual({ ok: true });
    expect(tokens.info()).toBeUndefined();
  });
});
