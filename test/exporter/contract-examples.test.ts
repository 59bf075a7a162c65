import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startExporter, type RunningExporter } from '../../src/exporter/start.js';
import { targetFromFlags } from '../../src/target/from-flags.js';
import { debianBinary } from '../support/binaries.js';
import { startFixtureGame, type FixtureGame } from '../support/fixture-game.js';
import { parsePromText, value } from '../support/prom-text.js';
import { promtoolCheckMetrics } from '../support/promtool.js';

const promtool = debianBinary('promtool', 'prometheus');

// The contract's three example payloads, served as the game serves them: the release-build
// example is one the simulator does not produce.
describe('exporter on the contract examples', () => {
  let dir: string;
  let game: FixtureGame | undefined;
  let exporter: RunningExporter | undefined;

  afterEach(async () => {
    await exporter?.stop();
    await game?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    exporter = undefined;
    game = undefined;
  });

  async function scrape(performance: string): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'exporter-examples-'));
    await writeFile(join(dir, 'token'), 'fixture-token');
    game = await startFixtureGame({ performance, token: 'fixture-token' });
    const target = targetFromFlags({
      apiUrl: game.url,
      healthEndpoint: '/performance',
      jwtToken: join(dir, 'token'),
      name: 'game',
    });
    exporter = await startExporter({ listen: '127.0.0.1:0', targets: [target], defaultMetrics: false });
    const res = await fetch(`${exporter.url}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  }

  it('release build: static memory 0 is not a 0-byte reading, and says so', async () => {
    const m = parsePromText(await scrape('performance.release-build.json'));
    const t = { target: 'game' };
    expect(value(m, 'spacetime_up', t)).toBe(1);
    for (const type of ['static', 'static_max', 'dynamic']) {
      expect(value(m, 'spacetime_memory_bytes', { ...t, type })).toBeUndefined();
    }
    expect(value(m, 'spacetime_field_available', { ...t, field: 'memory.static' })).toBe(0);
    expect(value(m, 'spacetime_field_available', { ...t, field: 'memory.static_max' })).toBe(0);
    expect(value(m, 'spacetime_field_available', { ...t, field: 'memory.dynamic' })).toBe(0);
    expect(value(m, 'spacetime_fps', t)).toBe(72);
    // The godot shape has no security counters: absent and flagged, not 0.
    expect(value(m, 'spacetime_auth_failures_total', t)).toBeUndefined();
    expect(value(m, 'spacetime_field_available', { ...t, field: 'security.auth_failures' })).toBe(0);
  });

  it('documented shape: security counters and cache fields from the game', async () => {
    const m = parsePromText(await scrape('performance.documented.json'));
    const t = { target: 'game' };
    expect(value(m, 'spacetime_memory_bytes', { ...t, type: 'static' })).toBe(524288000);
    expect(value(m, 'spacetime_cache_hit_ratio', t)).toBe(0.85);
    expect(value(m, 'spacetime_cache_size_bytes', t)).toBe(1048576);
    expect(value(m, 'spacetime_cache_entries', t)).toBe(42);
    expect(value(m, 'spacetime_cache_evictions_total', t)).toBe(5);
    expect(value(m, 'spacetime_auth_failures_total', t)).toBe(3);
    expect(value(m, 'spacetime_rate_limit_violations_total', t)).toBe(12);
    expect(value(m, 'spacetime_active_tokens', t)).toBe(5);
    expect(value(m, 'spacetime_blocked_ips', t)).toBe(1);
    expect(m.types.get('spacetime_auth_failures_total')).toBe('counter');
  });

  it.skipIf(!promtool)('promtool check metrics reports nothing on any example', async () => {
    for (const example of [
      'performance.godot.json',
      'performance.documented.json',
      'performance.release-build.json',
    ]) {
      const text = await scrape(example);
      const lint = await promtoolCheckMetrics(promtool as string, text);
      expect(lint, example).toEqual({ code: 0, output: '' });
      await exporter?.stop();
      await game?.stop();
      exporter = undefined;
      game = undefined;
    }
  });
});
