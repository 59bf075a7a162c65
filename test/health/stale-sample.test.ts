import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../src/health/defaults.js';
import { startHealthMonitor, type HealthMonitor } from '../../src/health/monitor.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createGameTarget } from '../../src/target/game-target.js';
import { recordingSink, simTarget, tempDir, waitFor } from './support.js';

describe('STALE_SAMPLE against the simulator (frozen-clock scenario)', () => {
  let sim: Simulator | undefined;
  let monitor: HealthMonitor | undefined;
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  afterEach(async () => {
    await monitor?.stop();
    await sim?.stop();
    await tmp?.cleanup();
  });

  it('fires once while the API answers with a frozen game clock, and resolves when it moves again', async () => {
    tmp = await tempDir('health-stale-');
    const tokenFile = join(tmp.dir, 'jwt_token.txt');
    sim = await startSimulator({ port: 0, tokenFile, seed: 3 });
    const sink = recordingSink();
    monitor = await startHealthMonitor({
      targets: [simTarget(sim.url, tokenFile)],
      createTarget: (c) => createGameTarget(c),
      intervalMs: 200,
      thresholds: { ...DEFAULT_THRESHOLDS, staleAfterMs: 1_000 },
      logFile: join(tmp.dir, 'health.log'),
      stateFile: join(tmp.dir, 'state.json'),
      alerts: sink,
    });
    const checks = () => monitor?.stats().targets.game?.checks ?? 0;
    await waitFor('two healthy checks', () => checks() >= 2);
    sim.setScenario('frozen-clock');
    await waitFor('STALE_SAMPLE firing', () => sink.events.some((e) => e.check === 'STALE_SAMPLE'), 10_000);
    const firing = sink.events.find((e) => e.check === 'STALE_SAMPLE');
    expect(firing).toMatchObject({ state: 'firing', id: 'game/STALE_SAMPLE' });
    expect(firing?.value).toMatch(/^unchanged for /);
    // The API itself kept answering: this is not API_DOWN.
    expect(sink.events.filter((e) => e.check === 'API_DOWN')).toEqual([]);

    sim.setScenario('healthy');
    await waitFor(
      'STALE_SAMPLE resolved',
      () => sink.events.some((e) => e.check === 'STALE_SAMPLE' && e.state === 'resolved'),
      10_000,
    );
    await monitor.stop();
    expect(sink.events.map((e) => `${e.check}:${e.state}`)).toEqual([
      'STALE_SAMPLE:firing',
      'STALE_SAMPLE:resolved',
    ]);
  });
});
