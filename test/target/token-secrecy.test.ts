import { readFileSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createGameTarget } from '../../src/target/game-target.js';
import { captureLogger, makeJwt, startHttp, targetConfig, tempDir, type Loopback } from './helpers.js';

const godotBody = readFileSync(new URL('../fixtures/contract/performance.godot.json', import.meta.url));
const now = () => Math.floor(Date.now() / 1000);

describe('the token never leaves the client', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('appears in no log line, failure message, result or tokenInfo, whatever happens', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const file = tmp.path('jwt_token.txt');
    const old = makeJwt({ iat: now(), exp: now() + 3600, type: 'api_access' });
    const rotated = makeJwt({ iat: now() + 1, exp: now() + 3601, type: 'api_access' });
    const statusToken = makeJwt({ iat: now() + 2, exp: now() + 3602, type: 'api_access' });
    const secrets = [old, rotated, statusToken];
    let mode: 'ok' | 'refuse' | 'error' = 'ok';
    let accepted = old;
    const server: Loopback = await startHttp((req, res) => {
      if (req.url === '/status')
        return void res.writeHead(200).end(JSON.stringify({ status: 'healthy', jwt_token: statusToken }));
      if (mode === 'error') return void res.writeHead(500).end(`{"echo":"${req.headers.authorization}"}`);
      if (mode === 'refuse' || req.headers.authorization !== `Bearer ${accepted}`)
        return void res.writeHead(401).end('{}');
      res.writeHead(200).end(godotBody);
    });
    cleanup.push(server.stop);
    const log = captureLogger();
    const byFile = createGameTarget(targetConfig(server.url, { token: { kind: 'file', path: file } }), {
      logger: log.logger,
    });
    const byStatus = createGameTarget(targetConfig(server.url, { name: 'dev', token: { kind: 'status' } }), {
      logger: log.logger,
    });
    cleanup.push(
      () => byFile.close(),
      () => byStatus.close(),
    );

    const outputs: unknown[] = [];
    await writeFile(file, old);
    await utimes(file, 1_700_000_000, 1_700_000_000);
    outputs.push(await byFile.poll({ maxAgeMs: 0 }));
    // Rotation behind an unchanged mtime: 401, re-read, retry.
    accepted = rotated;
    await writeFile(file, rotated);
    await utimes(file, 1_700_000_000, 1_700_000_000);
    outputs.push(await byFile.poll({ maxAgeMs: 0 }));
    mode = 'refuse';
    outputs.push(await byFile.poll({ maxAgeMs: 0 }), await byStatus.poll({ maxAgeMs: 0 }));
    mode = 'error';
    outputs.push(await byFile.poll({ maxAgeMs: 0 }), await byStatus.status({ maxAgeMs: 0 }));
    outputs.push(byFile.tokenInfo(), byStatus.tokenInfo());

    // The scenarios really happened: success, silent rotation, quirk refusal, dev-build refusal, error.
    expect(outputs.slice(0, 5).map((r) => (r as { ok: boolean }).ok)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(log.lines.join('')).toMatch(/retrying once/);
    const everything = JSON.stringify(outputs) + log.lines.join('');
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      // Not even the signature-less part that identifies the token.
      expect(everything).not.toContain(secret.split('.')[1]);
    }
  });
});
