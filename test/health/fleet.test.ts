import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthMonitor } from '../../src/health/monitor.js';
import { startFleet, type Fleet } from '../../src/sim/index.js';
import { createGameTarget } from '../../src/target/game-target.js';
import { simTarget, tempDir } from './support.js';

const GAMES = 200;
let fleet: Fleet;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  tmp = await tempDir('health-fleet-');
  fleet = await startFleet({
    instances: GAMES,
    basePort: 0,
    tokenFile: join(tmp.dir, 'jwt_token.txt'),
    seed: 1,
  });
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
  await tmp.cleanup();
});

const polls = (i: number): number => fleet.simulators[i]?.stats().requests['GET /performance'] ?? 0;

describe('fleet mode', () => {
  it(`checks each of ${GAMES} games every interval (1 s)`, async () => {
    const targets = fleet.simulators.map((s, i) =>
      // startFleet names instance i's token file jwt_token.<i>.txt when ports are ephemeral.
      ({ ...simTarget(s.url, join(tmp.dir, `jwt_token.${i}.txt`), `game-${i}`), minIntervalMs: 500 }),
    );
    const before = fleet.simulators.map((_, i) => polls(i));
    const monitor = await startHealthMonitor({
      targets,
      createTarget: (c) => createGameTarget(c),
      intervalMs: 1_000,
    });
    const runMs = 6_500;
    await new Promise((r) => setTimeout(r, runMs));
    await monitor.stop();

    const counts = fleet.simulators.map((_, i) => polls(i) - (before[i] ?? 0));
    const stats = monitor.stats();
    // Every target starts within the first half interval (jitter 0.5), then runs on its own 1 s schedule.
    const expected = Math.floor((runMs - 500) / 1_000) + 1;
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(expected);
    expect(Math.max(...counts)).toBeLessThanOrEqual(expected + 1);
    const healthy = Object.values(stats.targets).filter((t) => t.lastVerdict === 'healthy').length;
    expect(healthy).toBe(GAMES);
  }, 30_000);
});
