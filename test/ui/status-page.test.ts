import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGameTarget } from '../../src/target/game-target.js';
import type { GameTarget } from '../../src/target/types.js';
import { targetFromFlags } from '../../src/target/from-flags.js';
import { startStatusPage, type StatusPage } from '../../src/ui/server.js';
import type { PageAlert } from '../../src/ui/snapshot.js';
import { debianBinary } from '../support/binaries.js';
import { launchChromium } from '../support/browser.js';
import { useSimulators } from '../sim/sim-fixture.js';

const chromiumPath = debianBinary('chromium', 'chromium');

describe.skipIf(!chromiumPath)('status page in real Chromium', () => {
  const sims = useSimulators();
  let browser: Browser;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath as string);
  }, 60_000);
  afterAll(async () => browser?.close());
  afterEach(async () => {
    for (const stop of cleanup.splice(0).reverse()) await stop();
  });

  async function pageFor(target: GameTarget, alerts: () => PageAlert[] = () => []): Promise<StatusPage> {
    const page = await startStatusPage({ port: 0, targets: [target], alerts, refreshMs: 200 });
    cleanup.push(
      () => page.stop(),
      () => target.close(),
    );
    return page;
  }

  it('shows a healthy game, then the failure kind when it goes down, and never the token', async () => {
    const sim = await sims.start();
    const target = createGameTarget({
      ...targetFromFlags({
        apiUrl: sim.url,
        healthEndpoint: '/performance',
        jwtToken: join(sims.dir(), 'jwt_token.txt'),
        name: 'local',
      }),
      minIntervalMs: 100,
    });
    const page = await pageFor(target);
    const tab = await browser.newPage();
    await tab.goto(page.url);
    const row = tab.locator('tr[data-target="local"]');
    await expect.poll(() => row.locator('.state').textContent(), { timeout: 10_000 }).toBe('UP');
    expect(Number(await row.locator('td').nth(3).textContent())).toBeGreaterThan(30);
    expect(await row.locator('td').nth(4).textContent()).toMatch(/MB$/);

    const token = await readFile(join(sims.dir(), 'jwt_token.txt'), 'utf8');
    expect(await tab.content()).not.toContain(token);

    sim.setScenario('down');
    await expect
      .poll(() => row.locator('.state').textContent(), { timeout: 10_000 })
      .toBe('DOWN: connection_refused');
    await tab.screenshot({ path: join(sims.dir(), 'status.png') }); // kept for debugging a failed run
    await tab.close();
  });

  it('says memory is unknown instead of 0 MB for a release build, and lists alerts as text only', async () => {
    // The release-build example reports static memory 0: served as is by a loopback stand-in.
    const body = await readFile('test/fixtures/contract/performance.release-build.json');
    const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const target = createGameTarget({
      ...targetFromFlags({
        apiUrl: `http://127.0.0.1:${port}`,
        healthEndpoint: '/performance',
        jwtToken: 'env:NO_SUCH_TOKEN_VAR',
        name: 'rel',
      }),
      token: { kind: 'none' },
    });
    const page = await pageFor(target, () => [
      {
        target: 'rel',
        check: 'LOW_FPS',
        severity: 'high',
        summary: '<img src=x onerror=alert(1)> FPS 41',
        since: '2026-01-01T00:00:00Z',
      },
    ]);
    const tab = await browser.newPage();
    await tab.goto(page.url);
    const row = tab.locator('tr[data-target="rel"]');
    await expect.poll(() => row.locator('.state').textContent(), { timeout: 10_000 }).toBe('UP');
    expect(await row.locator('td').nth(4).textContent()).toBe('unknown');
    const alertRow = tab.locator('#alerts tr').first();
    expect(await alertRow.locator('td').nth(3).textContent()).toBe('<img src=x onerror=alert(1)> FPS 41');
    expect(await tab.locator('#alerts img').count()).toBe(0);
    await tab.close();
  });
});
