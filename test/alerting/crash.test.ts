import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { firing } from './fixtures.js';
import { expectNoSecrets, tempDir } from './support/harness.js';
import { Receiver } from './support/receiver.js';

const script = join(projectRoot, 'test/alerting/support/outbox-child.ts');
const TOKEN = 'xCrashTestWebhookTokenSecret';

function child(mode: 'accept' | 'deliver', outbox: string, url: string) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, mode, outbox, url], { cwd: projectRoot });
  const out = { stdout: '', stderr: '' };
  proc.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, out, exited };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('durable outbox across a crash', () => {
  it(
    'SIGKILL between acceptance and delivery, then restart: the alert is delivered once',
    { timeout: 60_000 },
    async () => {
      const dir = await tempDir();
      cleanups.push(dir.remove);
      const receiver = await new Receiver().listen();
      cleanups.push(() => receiver.close());
      const url = `slack+${receiver.url(`/services/T0/B0/${TOKEN}`)}`;
      await receiver.down(); // refuses connections while the first process runs

      const first = child('accept', dir.path, url);
      cleanups.push(async () => first.proc.kill('SIGKILL'));
      // Accepted, and at least one attempt failed: the alert is between acceptance and delivery.
      await waitFor(
        () => first.out.stdout.includes('accepted') && first.out.stderr.includes('ECONNREFUSED'),
        20_000,
        'acceptance and a failed attempt',
      );
      first.proc.kill('SIGKILL');
      expect(await first.exited).toBeNull();
      expect(await readdir(join(dir.path, 'pending', 'crash-test'))).toHaveLength(1);

      await receiver.up();
      const second = child('deliver', dir.path, url);
      cleanups.push(async () => second.proc.kill('SIGKILL'));
      await waitFor(() => second.proc.exitCode !== null, 20_000, 'the second process to exit');
      expect(second.proc.exitCode, second.out.stderr).toBe(0);

      expect(receiver.delivered()).toHaveLength(1);
      expect(receiver.received).toHaveLength(1);
      expect((JSON.parse(receiver.received[0]!.body) as { text: string }).text).toContain(firing.summary);
      expect(JSON.parse(second.out.stdout)).toMatchObject({ sent: 1, queueDepth: 0 });
      expect(await readdir(join(dir.path, 'pending', 'crash-test'))).toHaveLength(0);
      expectNoSecrets([first.out.stderr, second.out.stderr, first.out.stdout, second.out.stdout], {
        token: TOKEN,
      });
    },
  );
});
