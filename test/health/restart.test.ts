import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/health/target-runner.js';
import { startHealthMonitor, type HealthMonitor } from '../../src/health/monitor.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createGameTarget } from '../../src/target/game-target.js';
import { recordingSink, simTarget, tempDir, waitFor } from './support.js';

let sim: Simulator;
let monitor: HealthMonitor | undefined;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  tmp = await tempDir('health-restart-');
  sim = await startSimulator({ port: 0, tokenFile: join(tmp.dir, 'jwt_token.txt'), seed: 5 });
});
afterEach(async () => {
  await monitor?.stop();
  await sim.stop();
  await tmp.cleanup();
});

describe('a game restart', () => {
  it('is picked up without restarting the monitor: new token read, no API_DOWN longer than one check', async () => {
    const reports: CheckReport[] = [];
    const sink = recordingSink();
    monitor = await startHealthMonitor({
      targets: [simTarget(sim.url, join(tmp.dir, 'jwt_token.txt'))],
      createTarget: (c) => createGameTarget(c),
      intervalMs: 200,
      alerts: sink,
      onReport: (r) => reports.push(r),
    });
    await waitFor('two checks', () => reports.length >= 2);
    const before = sim.currentToken();
    sim.setScenario('restart');
    await waitFor('the new token', () => sim.currentToken() !== before);
    const at = reports.length;
    await waitFor('five checks after the restart', () => reports.length >= at + 5);

    const after = reports.slice(at);
    const down = after.filter((r) => r.verdict === 'down');
    expect(down.length).toBeLessThanOrEqual(1);
    expect(after.slice(-3).every((r) => r.verdict === 'healthy')).toBe(true);
    expect(sink.events).toEqual([]);
  });
});
