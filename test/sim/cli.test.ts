import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { killChild, runCli, spawnCli } from '../support/cli.js';
import { bearer, get, keysSorted, waitFor } from './raw-http.js';

let child: ChildProcessWithoutNullStreams | undefined;
let dir: string | undefined;

afterEach(async () => {
  await killChild(child);
  child = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function startCli(args: string[]): Promise<{ port: number; out: () => string }> {
  dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
  const c = spawnCli(['simulate', '--port', '0', '--no-telemetry', '--token-file', join(dir, 't'), ...args]);
  child = c;
  let out = '';
  c.stdout.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const port = await waitFor(() => {
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    return m ? Number(m[1]) : undefined;
  }, 20_000);
  return { port, out: () => out };
}

describe('spacetime-monitor simulate', () => {
  it('serves /performance to the exact Authorization header only, in the godot shape', async () => {
    const { port, out } = await startCli([]);
    const token = await readFile(join(dir ?? '', 't'), 'utf8');
    expect(token).not.toMatch(/\n$/);

    const ok = await get(port, '/performance', [bearer(token)]);
    expect(ok.status).toBe(200);
    expect(ok.headers).toContainEqual(['Content-Type', 'text/html']);
    const body = JSON.parse(ok.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['cache', 'engine', 'memory', 'security', 'timestamp']);
    expect(keysSorted(body)).toBe(true);
    expect(ok.body).toMatch(/"objects_in_use":\d+\.0[,}]/);

    const lower = await get(port, '/performance', [`authorization: Bearer ${token}`]);
    expect(lower.status).toBe(401);

    // The token is never printed by the CLI.
    expect(out()).not.toContain(token);
  });

  it('stops cleanly on SIGTERM', async () => {
    const { out } = await startCli([]);
    const c = child;
    c?.kill('SIGTERM');
    const code = await new Promise((r) => c?.once('close', r));
    expect(code).toBe(0);
    expect(out()).toContain('simulator stopped');
  });

  it('runs a fleet with --instances and --base-port, each game with its own token file', async () => {
    const { out } = await startCli(['--instances', '3', '--base-port', '0']);
    expect(out()).toMatch(
      /fleet of 3 games listening on http:\/\/127\.0\.0\.1:\d+ \.\. http:\/\/127\.0\.0\.1:\d+/,
    );
    const files = await readdir(dir ?? '');
    expect(files.sort()).toEqual(['t.0', 't.1', 't.2']);
  });

  it('takes --scenario with query-style params and serves the control port', async () => {
    const { out } = await startCli([
      '--scenario',
      'slow?delay_ms=50',
      '--control-port',
      '0',
      '--shape',
      'documented',
    ]);
    const control = await waitFor(() => /control: (http:\/\/127\.0\.0\.1:\d+)/.exec(out())?.[1]);
    expect(await (await fetch(`${control}/scenario`)).json()).toEqual({
      name: 'slow',
      params: { delay_ms: 50 },
    });
    expect(out()).toContain('shape documented, scenario slow');
  });

  it('says which port is taken when it cannot listen', async () => {
    const { port } = await startCli([]);
    const second = await runCli([
      'simulate',
      '--port',
      String(port),
      '--no-telemetry',
      '--token-file',
      join(dir ?? '', 'u'),
    ]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`port ${port} is already in use`);
  });

  it('refuses an unknown scenario with a message naming it', async () => {
    const result = await runCli(['simulate', '--port', '0', '--no-telemetry', '--scenario', 'meltdown']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown scenario "meltdown"');
  });
});
