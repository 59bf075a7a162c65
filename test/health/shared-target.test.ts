import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHealthMonitor } from '../../src/health/monitor.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createGameTarget } from '../../src/target/game-target.js';
import type { GameTarget } from '../../src/target/types.js';
import { simTarget, tempDir, waitFor } from './support.js';

let sim: Simulator;
let target: GameTarget;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  tmp = await tempDir('health-shared-');
  sim = await startSimulator({ port: 0, tokenFile: join(tmp.dir, 'jwt_token.txt'), seed: 4 });
  target = createGameTarget({ ...simTarget(sim.url, join(tmp.dir, 'jwt_token.txt')), minIntervalMs: 5_000 });
});
afterEach(async () => {
  await target.close();
  await sim.stop();
  await tmp.cleanup();
});

describe('a GameTarget shared with another consumer (the exporter)', () => {
  it('one poll feeds both, and the monitor leaves the shared client open', async () => {
    const monitor = await startHealthMonitor({ targets: [target], intervalMs: 10_000 });
    await waitFor('the first check', () => (monitor.stats().targets.game?.checks ?? 0) >= 1);
    // An eager "exporter" polling every 50 ms right after the monitor's check shares its sample.
    for (let i = 0; i < 10; i++) {
      const r = await target.poll();
      expect(r.ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await monitor.stop();
    expect(sim.stats().requests['GET /performance']).toBe(1);
    expect((await target.poll({ maxAgeMs: 0 })).ok).toBe(true);
  });
});
