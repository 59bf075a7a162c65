import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { spawnCli } from '../support/cli.js';
import { startReceiver, tempDir, waitFor } from './support.js';

let sim: Simulator;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(async () => {
  tmp = await tempDir('health-kill-');
  sim = await startSimulator({ port: 0, tokenFile: join(tmp.dir, 'jwt_token.txt'), seed: 9 });
  receiver = await startReceiver();
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sim.stop();
  await receiver.close();
  await tmp.cleanup();
});

function monitor(): { out: () => string; exited: Promise<unknown>; child: ChildProcessWithoutNullStreams } {
  const child = spawnCli([
    'health',
    '--response-time',
    '5',
    '--api-url',
    sim.url,
    '--jwt-token',
    join(tmp.dir, 'jwt_token.txt'),
    '--interval',
    '0.2',
    '--log-file',
    join(tmp.dir, 'health.log'),
    '--state-file',
    join(tmp.dir, 'state.json'),
    '--alert-webhook',
    `webhook+${receiver.url}`,
  ]);
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((resolve) => child.on('close', resolve));
  return { out: () => out, exited, child };
}

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

describe('the monitor killed (SIGKILL) during an open incident', () => {
  it('sends no second firing notification after a restart, and still sends the resolve', async () => {
    const first = monitor();
    await waitFor('a healthy check', () => first.out().includes('HEALTHY'), 15_000);
    sim.setScenario('down');
    await waitFor('API_DOWN firing', () => first.out().includes('[ALERT] FIRING API_DOWN'), 15_000);
    await waitFor('the firing notification', () => receiver.alerts.length === 1, 15_000);
    // Two more checks while down, so the kill lands in the middle of an open, notified incident.
    const n = count(first.out(), /DOWN \(connection_refused\) \|/g);
    await waitFor(
      'two more checks',
      () => count(first.out(), /DOWN \(connection_refused\) \|/g) >= n + 2,
      15_000,
    );
    first.child.kill('SIGKILL');
    await first.exited;

    const second = monitor();
    await waitFor('three checks while still down', () => /\[Check #3\] DOWN/.test(second.out()), 15_000);
    sim.setScenario('healthy');
    await waitFor('API_DOWN resolved', () => second.out().includes('[ALERT] RESOLVED API_DOWN'), 15_000);
    await waitFor(
      'the resolved notification',
      () => receiver.alerts.some((a) => a.state === 'resolved'),
      15_000,
    );
    const at = count(second.out(), /HEALTHY \|/g);
    await waitFor('two more healthy checks', () => count(second.out(), /HEALTHY \|/g) >= at + 2, 15_000);
    second.child.kill('SIGTERM');
    await second.exited;

    expect(count(first.out(), /\[ALERT\] FIRING API_DOWN/g)).toBe(1);
    expect(count(second.out(), /\[ALERT\] FIRING/g)).toBe(0);
    expect(count(second.out(), /\[ALERT\] RESOLVED API_DOWN/g)).toBe(1);
    expect(receiver.alerts.map((a) => `${a.check}:${a.state}`)).toEqual([
      'API_DOWN:firing',
      'API_DOWN:resolved',
    ]);
    expect(receiver.alerts[0]?.value).toBe('connection_refused');
    expect(receiver.alerts[1]?.since).toBe(receiver.alerts[0]?.since);
    expect(first.out()).toContain('queued for delivery to 1 destination(s)');
    const token = sim.currentToken();
    expect(first.out() + second.out() + receiver.bodies.join('\n')).not.toContain(token);
  });
});
