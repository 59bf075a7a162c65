import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { killChild, spawnCli } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { bearer, get } from '../sim/raw-http.js';

let child: ChildProcessWithoutNullStreams | undefined;
let dir: string | undefined;
afterEach(async () => {
  await killChild(child);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const PORT_FLAGS = ['--port', '--telemetry-port', '--control-port', '--exporter-port', '--page-port'].flatMap(
  (f) => [f, '0'],
);

describe('spacetime-monitor demo (what `npm start` runs)', () => {
  it('runs simulator, exporter, health monitor, log pipeline and status page around one shared client', async () => {
    dir = await mkdtemp(join(tmpdir(), 'demo-'));
    const c = spawnCli(['demo', ...PORT_FLAGS, '--interval', '1', '--dir', dir]);
    child = c;
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('Stop with Ctrl+C.'), 30_000);

    // The game simulator answers the curl line the demo prints.
    const curl =
      /curl -i -H "Authorization: Bearer \$\(cat (\S+)\)" http:\/\/127\.0\.0\.1:(\d+)\/performance/.exec(out);
    expect(curl).not.toBeNull();
    const token = await readFile(curl?.[1] ?? '', 'utf8');
    expect((await get(Number(curl?.[2]), '/performance', [bearer(token)])).status).toBe(200);

    // The exporter reads the game.
    const metricsUrl = /metrics: +(http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(out)?.[1] ?? '';
    const metrics = await waitFor(async () => {
      const text = await (await fetch(metricsUrl)).text();
      return /^spacetime_up\{[^}]*\} 1$/m.test(text) && /^spacetime_fps\{/m.test(text) ? text : undefined;
    }, 20_000);
    expect(metrics).toMatch(/^spacetime_telemetry_connected\{[^}]*\} 1$/m);

    // The health monitor prints the original lines.
    await waitFor(() => /\[Check #\d+\] HEALTHY \| Uptime: \d+s \| Success Rate: 100\.0%/.test(out), 20_000);

    // The status page shows the game up.
    const pageUrl = /status page: +(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1] ?? '';
    const snapshot = (await (await fetch(`${pageUrl}api/status`)).json()) as {
      targets: { name: string; up: boolean }[];
    };
    expect(snapshot.targets).toEqual([expect.objectContaining({ name: 'demo', up: true })]);

    // The log pipeline writes redacted NDJSON from the simulator's logs.
    const ndjson = await waitFor(async () => {
      const files = await readdir(join(dir ?? '', 'ndjson')).catch(() => []);
      const file = files.find((f) => f.endsWith('.ndjson'));
      return file ? readFile(join(dir ?? '', 'ndjson', file), 'utf8') : undefined;
    }, 20_000);
    expect(ndjson).toContain('HTTP Server listening');

    // A fault injected on the control port reaches the monitor.
    const control = /curl -X POST (http:\/\/127\.0\.0\.1:\d+)\/scenario\/low-fps/.exec(out)?.[1];
    expect((await fetch(`${control}/scenario/down`, { method: 'POST' })).status).toBe(200);
    await waitFor(() => /\[Check #\d+\].*connection_refused/.test(out), 20_000);

    expect(out).not.toContain(token);
    expect(ndjson).not.toContain(token);
    c.kill('SIGTERM');
    expect(await new Promise((r) => c.once('close', r))).toBe(0);
  });
});
