import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli } from '../support/cli.js';
import { bearer, get, waitFor } from './raw-http.js';

let child: ChildProcessWithoutNullStreams | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('close', r));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('spacetime-monitor demo', () => {
  it('starts the simulator with logs, telemetry and control port, and prints a working curl line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-demo-'));
    const c = spawnCli(['demo', '--port', '0', '--telemetry-port', '0', '--control-port', '0', '--dir', dir]);
    child = c;
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('Stop with Ctrl+C.'), 20_000);
    const curl =
      /curl -i -H "Authorization: Bearer \$\(cat (\S+)\)" http:\/\/127\.0\.0\.1:(\d+)\/performance/.exec(out);
    expect(curl).not.toBeNull();
    const token = await readFile(curl?.[1] ?? '', 'utf8');
    expect(out).not.toContain(token);
    expect((await get(Number(curl?.[2]), '/performance', [bearer(token)])).status).toBe(200);
    expect(out).toMatch(/telemetry: +ws:\/\/127\.0\.0\.1:\d+/);
    const control = /curl -X POST (http:\/\/127\.0\.0\.1:\d+)\/scenario\/low-fps/.exec(out)?.[1];
    expect((await fetch(`${control}/stats`)).status).toBe(200);
    expect(await readFile(join(dir, 'logs', 'godot_console.log'), 'utf8')).toContain('HTTP Server listening');
    c.kill('SIGTERM');
    expect(await new Promise((r) => c.once('close', r))).toBe(0);
  });
});
