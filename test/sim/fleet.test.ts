import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../src/sim/index.js';
import { bearer, get } from './raw-http.js';

let fleet: Fleet | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('fleet mode', () => {
  it('runs 200 independent games in one process, each with its own token and state', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-fleet-'));
    fleet = await startFleet({
      instances: 200,
      basePort: 0,
      tokenFile: join(dir, 'jwt_token.txt'),
      controlPort: 0,
    });
    const sims = fleet.simulators;
    expect(sims).toHaveLength(200);
    expect(new Set(sims.map((s) => s.port)).size).toBe(200);
    expect(new Set(sims.map((s) => s.currentToken())).size).toBe(200);
    const [a, b, last] = [sims[0], sims[1], sims[199]];
    if (!a || !b || !last) throw new Error('missing instances');
    expect(await readFile(join(dir, 'jwt_token.0.txt'), 'utf8')).toBe(a.currentToken());
    expect((await get(a.port, '/performance', [bearer(a.currentToken())])).status).toBe(200);
    expect((await get(a.port, '/performance', [bearer(b.currentToken())])).status).toBe(401);
    expect((await get(last.port, '/performance', [bearer(last.currentToken())])).status).toBe(200);

    // One instance's scenario leaves the others alone.
    await fetch(`${fleet.controlUrl}/scenario/http-500?instance=1`, { method: 'POST' });
    expect((await get(b.port, '/status')).status).toBe(500);
    expect((await get(a.port, '/status')).status).toBe(200);
    const stats = (await (await fetch(`${fleet.controlUrl}/stats`)).json()) as { total: number };
    expect(stats.total).toBe(5);
  });

  it('puts instances on consecutive ports from basePort', async () => {
    const probe = await startFleet({ instances: 1, basePort: 0 });
    const free = probe.simulators[0]?.port ?? 0;
    await probe.stop();
    fleet = await startFleet({ instances: 3, basePort: free });
    expect(fleet.simulators.map((s) => s.port)).toEqual([free, free + 1, free + 2]);
  });

  it('stops the games it started when the control port is taken', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-fleet-'));
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      await expect(
        startFleet({ instances: 2, basePort: 0, logDir: join(dir, 'logs'), controlPort: taken }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    for (const instance of ['0', '1']) {
      const audit = await readFile(join(dir, 'logs', instance, 'http_api_audit.log'), 'utf8');
      expect(audit).toContain('[SHUTDOWN] HttpApiServer stopped');
    }
  });
});
