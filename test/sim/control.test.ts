import net from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { parseTimeline } from '../../src/sim/index.js';
import { spawnCli } from '../support/cli.js';
import { get, waitFor } from './raw-http.js';
import { useSimulators } from './sim-fixture.js';

const sims = useSimulators();

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

describe('control port', () => {
  it('switches scenarios with POST /scenario/NAME and query params, and reports them', async () => {
    const s = await sims.start({ controlPort: 0 });
    expect(s.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${s.controlUrl}/scenario/slow?delay_ms=20`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'slow', params: { delay_ms: 20 } });
    expect(await (await fetch(`${s.controlUrl}/scenario`)).json()).toEqual({
      name: 'slow',
      params: { delay_ms: 20 },
    });
    await fetch(`${s.controlUrl}/scenario/down`, { method: 'POST' });
    expect(await refused(s.port)).toBe(true);
  });

  it('refuses unknown scenarios and parameters with 400 and a message', async () => {
    const s = await sims.start({ controlPort: 0 });
    const bad = await fetch(`${s.controlUrl}/scenario/meltdown`, { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('unknown scenario "meltdown"');
    const param = await fetch(`${s.controlUrl}/scenario/slow?delay=1`, { method: 'POST' });
    expect(param.status).toBe(400);
    expect(s.scenario().name).toBe('healthy');
  });

  it('GET /stats counts the requests served per route', async () => {
    const s = await sims.start({ controlPort: 0 });
    await get(s.port, '/status');
    await get(s.port, '/performance');
    await get(s.port, '/performance');
    expect(await (await fetch(`${s.controlUrl}/stats`)).json()).toEqual({
      total: 3,
      requests: { 'GET /status': 1, 'GET /performance': 2 },
    });
  });
});

describe('timeline', () => {
  it('switches scenarios at the given seconds', async () => {
    const s = await sims.start({
      timeline: [
        { at: 0.1, scenario: 'down' },
        { at: 0.4, scenario: 'slow', params: { delay_ms: 10 } },
      ],
    });
    await waitFor(() => refused(s.port));
    await waitFor(() => (s.scenario().name === 'slow' ? true : undefined));
    await s.whenSettled();
    expect((await get(s.port, '/status')).status).toBe(200);
  });

  it('parses YAML and names the step and line of a mistake', () => {
    expect(
      parseTimeline(
        '- at: 0\n  scenario: low-fps\n  params: {fps: 30}\n- {at: 5, scenario: healthy}\n',
        't.yaml',
      ),
    ).toEqual([
      { at: 0, scenario: 'low-fps', params: { fps: 30 } },
      { at: 5, scenario: 'healthy' },
    ]);
    let error: unknown;
    try {
      parseTimeline('- at: 0\n  scenario: healthy\n- at: 3\n  scenario: melt\n', 't.yaml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /t\.yaml[\s\S]*\[1\]\.scenario \(line 3\): unknown scenario "melt"/,
    );
    expect(() => parseTimeline('- at: -1\n  scenario: down\n', 't.yaml')).toThrow(/\[0\]\.at \(line 1\)/);
  });

  it('is read from --timeline by the CLI; a bad file exits 2 naming the line', async () => {
    const file = join(
      await (async () => {
        await sims.start();
        return sims.dir();
      })(),
      'timeline.yaml',
    );
    await writeFile(file, '- at: 0\n  scenario: down\n  params: {fast: 1}\n');
    const child = spawnCli(['simulate', '--port', '0', '--no-telemetry', '--timeline', file]);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((r) => child.once('close', r));
    expect(code).toBe(2);
    expect(err).toMatch(/timeline\.yaml[\s\S]*line 1[\s\S]*no parameter "fast"/);
  });
});
