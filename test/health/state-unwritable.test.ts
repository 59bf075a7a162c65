import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHealthMonitor, type HealthMonitor } from '../../src/health/monitor.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createGameTarget } from '../../src/target/game-target.js';
import { recordingSink, simTarget, tempDir, waitFor } from './support.js';

let sim: Simulator;
let monitor: HealthMonitor | undefined;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let tokenFile: string;
let stateFile: string;

beforeEach(async () => {
  tmp = await tempDir('health-state-ro-');
  tokenFile = join(tmp.dir, 'jwt_token.txt');
  sim = await startSimulator({ port: 0, tokenFile, seed: 5 });
  // No state there yet, and a directory where no file can be created, even by root: every save fails.
  stateFile = '/proc/self/spacetime-health-state.json';
});
afterEach(async () => {
  await monitor?.stop();
  monitor = undefined;
  await sim.stop();
  await tmp.cleanup();
});

describe('a state file that cannot be written', () => {
  it('--once still finishes with its verdict, and says why the state is not saved', async () => {
    const lines: string[] = [];
    monitor = await startHealthMonitor({
      targets: [simTarget(sim.url, tokenFile)],
      createTarget: (c) => createGameTarget(c),
      stateFile,
      once: true,
      output: (l) => lines.push(l),
    });
    const verdict = await Promise.race([
      monitor.done,
      new Promise((resolve) => setTimeout(() => resolve('never finished'), 10_000).unref()),
    ]);
    expect(verdict).toBe('healthy');
    expect(lines.filter((l) => l.includes('cannot write state file'))).toHaveLength(1);
  });

  it('alerts are still delivered, the failure is said once, and stop() resolves', async () => {
    const lines: string[] = [];
    const sink = recordingSink();
    monitor = await startHealthMonitor({
      targets: [simTarget(sim.url, tokenFile)],
      createTarget: (c) => createGameTarget(c),
      intervalMs: 200,
      stateFile,
      alerts: sink,
      output: (l) => lines.push(l),
    });
    sim.setScenario('down');
    await waitFor('the API_DOWN firing notification', () =>
      sink.events.some((e) => e.check === 'API_DOWN' && e.state === 'firing'),
    );
    await monitor.stop();
    monitor = undefined;
    expect(lines.filter((l) => l.includes('cannot write state file'))).toHaveLength(1);
  });

  it('a state file that cannot even be read fails the start, and leaves no log file open', async () => {
    const openFds = async (): Promise<number> => (await readdir('/proc/self/fd')).length;
    const before = await openFds();
    await expect(
      startHealthMonitor({
        targets: [simTarget(sim.url, tokenFile)],
        createTarget: (c) => createGameTarget(c),
        logFile: join(tmp.dir, 'health.log'),
        // A path below a character device: reading it fails with ENOTDIR.
        stateFile: '/dev/null/state.json',
      }),
    ).rejects.toThrow(/ENOTDIR/);
    // The log file closes asynchronously (fsync, then close): wait for it, bounded.
    let now = -1;
    const poll = setInterval(() => void openFds().then((n) => (now = n)), 20);
    try {
      await waitFor('the log file closed', () => now === before, 3_000);
    } finally {
      clearInterval(poll);
    }
  });
});
