import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { killChild, runCli, spawnCli } from '../support/cli.js';
import { waitFor } from '../support/wait.js';

/** Waits (bounded) for the CLI to print where it listens. */
async function listeningUrl(
  child: ChildProcessWithoutNullStreams,
  output: { text: string },
): Promise<string> {
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    const match = /exporter listening on (\S+)\/metrics/.exec(output.text);
    if (match?.[1]) return match[1];
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`exporter did not start:\n${output.text}`);
}

describe('spacetime-monitor exporter (CLI)', () => {
  let dir: string;
  let sim: Simulator;
  let child: ChildProcessWithoutNullStreams | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exporter-cli-'));
    sim = await startSimulator({ port: 0, tokenFile: join(dir, 'jwt_token.txt'), logDir: join(dir, 'logs') });
  });

  afterEach(async () => {
    await killChild(child);
    child = undefined;
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<{ url: string; output: { text: string } }> {
    const output = { text: '' };
    child = spawnCli(['exporter', ...args]);
    child.stdout.on('data', (d: Buffer) => (output.text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output.text += d.toString()));
    return { url: await listeningUrl(child, output), output };
  }

  it('serves the game named by the health flags, survives SIGHUP, and stops on SIGTERM', async () => {
    const { url, output } = await run([
      '--api-url',
      sim.url,
      '--jwt-token',
      join(dir, 'jwt_token.txt'),
      '--listen',
      '127.0.0.1:0',
    ]);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/spacetime_up\{target="127\.0\.0\.1:\d+"\} 1/);
    expect(text).toContain('spacetime_exporter_process_cpu_seconds_total');
    // A logrotate-style SIGHUP does not stop it.
    child?.kill('SIGHUP');
    await waitFor(() => output.text.includes('SIGHUP: nothing to reopen'), 10_000);
    expect((await fetch(`${url}/-/healthy`)).status).toBe(200);
    const closed = new Promise<number | null>((r) => child?.once('close', r));
    child?.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(output.text).not.toContain(sim.currentToken());
  });

  it('reads targets, listen address, web auth and log sources from --config', async () => {
    await writeFile(join(dir, 'bearer'), 'scrape-secret');
    await writeFile(
      join(dir, 'config.yaml'),
      [
        'targets:',
        '  - name: game',
        `    url: ${sim.url}`,
        `    token: { file: ${join(dir, 'jwt_token.txt')} }`,
        'exporter:',
        '  listen: 127.0.0.1:0',
        '  web:',
        `    bearer_token_file: ${join(dir, 'bearer')}`,
        '  log_sources:',
        '    game:',
        `      console: ${join(dir, 'logs', 'godot_console.log')}`,
        '',
      ].join('\n'),
    );
    const { url } = await run(['--config', join(dir, 'config.yaml')]);
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    const res = await fetch(`${url}/probe?target=game`, {
      headers: { Authorization: 'Bearer scrape-secret' },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('spacetime_up{target="game"} 1');
    expect(text).toContain('# TYPE spacetime_log_events_total counter');
  });

  it('takes game log files as --log-source flags (no config file needed), and refuses a bad kind', async () => {
    const logs = join(dir, 'logs');
    const { url } = await run([
      '--api-url',
      sim.url,
      '--jwt-token',
      join(dir, 'jwt_token.txt'),
      '--listen',
      '127.0.0.1:0',
      '--log-source',
      `console=${join(logs, 'godot_console.log')}`,
      '--log-source',
      `audit=${join(logs, 'http_api_audit.log')}`,
    ]);
    // The exporter tails from the current end: an auth failure after it started is counted.
    sim.setScenario('auth-storm', { rate_per_s: 20 });
    const text = await waitFor(async () => {
      const body = await (await fetch(`${url}/metrics`)).text();
      return /^spacetime_auth_failures_total\{[^}]*\} [1-9]/m.test(body) ? body : undefined;
    }, 15_000);
    expect(text).toMatch(/^spacetime_log_events_total\{[^}]*source="audit"/m);
    sim.setScenario('healthy');

    const bad = await runCli(['exporter', '--log-source', 'nginx=/var/log/x.log'], { timeoutMs: 20_000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--log-source "nginx=/var/log/x.log": unknown kind "nginx"');
  });

  it('refuses a bad listen address and a bad config with a clear message', async () => {
    const bad = await runCli(['exporter', '--listen', 'nowhere'], { timeoutMs: 20_000 });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--listen: "nowhere" is not host:port/);
    await writeFile(join(dir, 'bad.yaml'), 'exporter:\n  listen: 127.0.0.1:0\n  lissen: x\n');
    const cfg = await runCli(['exporter', '--config', join(dir, 'bad.yaml')], { timeoutMs: 20_000 });
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toMatch(/exporter\.lissen \(line 3\): unknown key/);
  });
});
