import { existsSync } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { runCli, spawnCli } from '../support/cli.js';
import { startReceiver, tempDir, waitFor } from './support.js';

let sim: Simulator;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let tokenFile: string;

beforeEach(async () => {
  tmp = await tempDir('health-cli-');
  tokenFile = join(tmp.dir, 'jwt_token.txt');
  sim = await startSimulator({ port: 0, tokenFile, seed: 3 });
});
afterEach(async () => {
  await sim.stop();
  await tmp.cleanup();
});

// A loaded test machine may answer slower than the 0.2 s default: SLOW_RESPONSE is tested elsewhere.
const flags = () => [
  'health',
  '--response-time',
  '5',
  '--api-url',
  sim.url,
  '--jwt-token',
  tokenFile,
  '--log-file',
  join(tmp.dir, 'monitoring', 'health.log'),
  '--state-file',
  join(tmp.dir, 'monitoring', 'state.json'),
];

describe('spacetime-monitor health (CLI)', () => {
  it('a healthy --once run prints the original lines and exits 0; no token anywhere', async () => {
    const { code, stdout, stderr } = await runCli([...flags(), '--once']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '[INFO] SpaceTime VR Health Monitor Started',
      `[INFO] API URL: ${sim.url}`,
      '[INFO] Health Endpoint: /performance',
      '[INFO] Poll Interval: 30s',
    ]);
    expect(stdout).toContain('[Check #1] Starting health check...');
    expect(stdout).toMatch(/^\[Check #1\] Response time: \d+\.\d{3}s$/m);
    expect(stdout).toMatch(/^\[Check #1\] Memory: \d+\.\dMB$/m);
    expect(stdout).toMatch(/^\[Check #1\] FPS: \d+\.\d$/m);
    expect(stdout).toMatch(/^\[Check #1\] HEALTHY \| Uptime: \d+s \| Success Rate: 100\.0%$/m);
    const log = await readFile(join(tmp.dir, 'monitoring', 'health.log'), 'utf8');
    const check = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['event.action'] === 'health-check');
    expect(check).toMatchObject({
      'log.level': 'info',
      'service.name': 'spacetime-monitor',
      labels: { verdict: 'healthy' },
    });
    expect(existsSync(join(tmp.dir, 'monitoring', 'state.json'))).toBe(true);
    const state = await readFile(join(tmp.dir, 'monitoring', 'state.json'), 'utf8');
    for (const text of [stdout, stderr, log, state]) expect(text).not.toContain(sim.currentToken());
  });

  it.each([
    ['low-fps', 1, /DEGRADED \(LOW_FPS\)/],
    ['down', 2, /DOWN \(connection_refused\)/],
    ['token-expired', 2, /AUTH FAILED \(auth_refused\)/],
  ])('--once during %s exits %i and names it', async (scenario, exit, line) => {
    sim.setScenario(scenario);
    await new Promise((r) => setTimeout(r, 300));
    const { code, stdout } = await runCli([...flags(), '--once']);
    expect(stdout).toMatch(line);
    expect(code).toBe(exit);
  });

  it('--once from cron: thresholds count across runs, one firing and one resolved notification', async () => {
    const receiver = await startReceiver();
    try {
      const once = async (): Promise<number | null> =>
        (await runCli([...flags(), '--once', '--alert-webhook', `webhook+${receiver.url}`])).code;
      sim.setScenario('down');
      await new Promise((r) => setTimeout(r, 300));
      expect([await once(), await once(), await once()]).toEqual([2, 2, 2]);
      sim.setScenario('healthy');
      await new Promise((r) => setTimeout(r, 300));
      expect([await once(), await once(), await once()]).toEqual([0, 0, 0]);
      expect(receiver.alerts.map((a) => `${a.check}:${a.state}:${a.value}`)).toEqual([
        'API_DOWN:firing:connection_refused',
        'API_DOWN:resolved:up',
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('rejects a bad flag value with a clear message and exit 2', async () => {
    const { code, stderr } = await runCli([...flags(), '--fps', 'fast', '--once']);
    expect(code).toBe(2);
    expect(stderr).toContain('--fps: "fast" is not a positive number');
  });

  it('rejects a bad --alert-webhook without printing it', async () => {
    const secret = 'ftp://hooks.example.invalid/T000/very-secret-path';
    const { code, stderr, stdout } = await runCli([...flags(), '--alert-webhook', secret, '--once']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/spacetime-monitor health: .+/);
    expect(stderr + stdout).not.toContain('very-secret-path');
  });

  it('follows a rotated log file and survives SIGHUP', async () => {
    const logFile = join(tmp.dir, 'monitoring', 'health.log');
    const child = spawnCli([...flags(), '--interval', '0.2']);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitFor('check #2', () => stdout.includes('[Check #2] HEALTHY'), 15_000);
      await rename(logFile, `${logFile}.1`);
      await waitFor('check #4', () => stdout.includes('[Check #4] HEALTHY'), 15_000);
      child.kill('SIGHUP');
      await waitFor('check #6', () => stdout.includes('[Check #6] HEALTHY'), 15_000);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    const rotated = await readFile(`${logFile}.1`, 'utf8');
    const current = await readFile(logFile, 'utf8');
    expect(rotated).toContain('"event.action":"monitor-started"');
    expect(current).toMatch(/"check_number":5\b/);
    expect(current).toContain('"event.action":"monitor-stopped"');
  });

  it('keeps checking on its interval; SIGTERM flushes log and state and exits 0', async () => {
    const child = spawnCli([...flags(), '--interval', '0.2']);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitFor('check #3', () => stdout.includes('[Check #3] HEALTHY'), 15_000);
      expect(stdout).toContain('[INFO] Poll Interval: 0.2s');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const log = await readFile(join(tmp.dir, 'monitoring', 'health.log'), 'utf8');
    expect(log).toContain('"event.action":"monitor-stopped"');
    expect(log.match(/"event.action":"health-check"/g)?.length).toBeGreaterThanOrEqual(3);
  });
});
