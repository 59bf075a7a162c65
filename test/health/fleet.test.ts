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
  it(`checks each of ${GAMES} games every interval (1 s); one hanging game delays no other`, async () => {
    fleet.simulators[0]?.setScenario('hang');
    const targets = fleet.simulators.map((s, i) =>
      // startFleet names instance i's token file jwt_token.<i>.txt when ports are ephemeral.
      // Timeouts under the interval: a poll never outlives its tick, even on a loaded machine.
      ({
        ...simTarget(s.url, join(tmp.dir, `jwt_token.${i}.txt`), `game-${i}`),
        connectTimeoutMs: 800,
        responseTimeoutMs: 800,
        minIntervalMs: 500,
      }),
    );
    const before = fleet.simulators.map((_, i) => polls(i));
    const monitor = await startHealthMonitor({
      targets,
      createTarget: (c) => createGameTarget(c),
      intervalMs: 1_000,
    });
    const runMs = 6_800;
    await new Promise((r) => setTimeout(r, runMs));
    await monitor.stop();

    // The hanging game is excluded from the count: its requests never complete.
    const counts = fleet.simulators.slice(1).map((_, i) => polls(i + 1) - (before[i + 1] ?? 0));
    const stats = monitor.stats();
    // No other game ever skipped a tick (the hanging one may skip its own), each check reached its
    // game at most once, and each game saw a request every interval: ticks at offset + 0..6 s with
    // offsets under 0.5 s, one fewer allowed on a loaded machine.
    const expected = 7;
    const skipped = Object.entries(stats.targets).filter(([name, t]) => name !== 'game-0' && t.skipped > 0);
    expect(skipped).toEqual([]);
    const low = counts.flatMap((c, i) => (c < expected - 1 ? [`game-${i + 1}:${c}`] : []));
    expect(low, 'games polled too rarely').toEqual([]);
    counts.forEach((c, i) =>
      expect(c, `game-${i + 1}`).toBeLessThanOrEqual(stats.targets[`game-${i + 1}`]?.checks ?? 0),
    );
    expect(Math.max(...counts)).toBeLessThanOrEqual(expected + 1);
    expect(stats.targets['game-0']?.lastVerdict).toBe('down');
  }, 30_000);
});
