import { afterEach, describe, expect, it } from 'vitest';
import type { Sample } from '../../src/target/sample.js';
import { debianBinary } from '../support/binaries.js';
import { find, parsePromText, value, type PromText } from '../support/prom-text.js';
import { promtoolCheckMetrics } from '../support/promtool.js';
import { scrapeUntil, startExporterStack, type ExporterStack } from '../support/stack-exporter.js';
import { DESIGN_METRIC_TYPES } from '../support/design.js';

const promtool = debianBinary('promtool', 'prometheus');
const t = { target: 'game' };

/** Whether `name` has a series for the target (a histogram shows its _count). */
function present(m: PromText, name: string): boolean {
  const series = m.types.get(name) === 'histogram' ? `${name}_count` : name;
  return find(m, series, t).length > 0;
}

const parse = (text: string): PromText => parsePromText(text);
const num = (m: PromText, name: string, labels: Record<string, string> = {}) =>
  value(m, name, { ...t, ...labels });

/** Engine, memory, cache and timestamp series equal the sample's values, in base units. */
function expectSampleValues(m: PromText, s: Sample): void {
  expect(num(m, 'spacetime_fps')).toBeCloseTo(s.engine.fps as number, 6);
  expect(num(m, 'spacetime_process_time_seconds')).toBeCloseTo(s.engine.processTimeSeconds as number, 9);
  expect(num(m, 'spacetime_physics_process_time_seconds')).toBeCloseTo(
    s.engine.physicsProcessTimeSeconds as number,
    9,
  );
  expect(num(m, 'spacetime_objects')).toBe(s.engine.objects);
  expect(num(m, 'spacetime_resources')).toBe(s.engine.resources);
  expect(num(m, 'spacetime_nodes')).toBe(s.engine.nodes);
  expect(num(m, 'spacetime_memory_bytes', { type: 'static' })).toBe(s.memory.staticBytes);
  expect(num(m, 'spacetime_memory_bytes', { type: 'static_max' })).toBe(s.memory.staticMaxBytes);
  expect(num(m, 'spacetime_memory_bytes', { type: 'dynamic' })).toBe(s.memory.dynamicBytes);
  expect(num(m, 'spacetime_cache_hit_ratio')).toBeCloseTo(s.cache.hitRatio as number, 9);
  expect(num(m, 'spacetime_cache_size_bytes')).toBe(s.cache.sizeBytes);
  expect(num(m, 'spacetime_cache_entries')).toBe(s.cache.entries);
  expect(num(m, 'spacetime_cache_evictions_total')).toBe(s.cache.evictions);
  expect(num(m, 'spacetime_sample_timestamp_seconds')).toBeCloseTo(s.timestampSeconds as number, 3);
  // Units: bytes (a game has hundreds of MB, not hundreds of "MB" units), seconds, ratio 0..1.
  expect(num(m, 'spacetime_memory_bytes', { type: 'static' })).toBeGreaterThan(10 * 1024 * 1024);
  expect(num(m, 'spacetime_process_time_seconds')).toBeLessThan(1);
  expect(num(m, 'spacetime_cache_hit_ratio')).toBeLessThanOrEqual(1);
  expect(Math.abs((num(m, 'spacetime_sample_timestamp_seconds') as number) - Date.now() / 1000)).toBeLessThan(
    120,
  );
}

describe('exporter against the simulator: every metric of the table', () => {
  let stack: ExporterStack | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  // A long minimum interval: the test's poll() on the shared client returns exactly the sample
  // the exporter rendered, so values are compared exactly.
  const start = (shape: 'godot' | 'documented') =>
    startExporterStack({
      sim: { shape, seed: 7 },
      logs: true,
      telemetry: true,
      target: { process: { pid: process.pid }, minIntervalMs: 60_000 },
    });

  it('godot shape: game, process, token, telemetry and log series, with the right types and values', async () => {
    stack = await start('godot');
    const s = stack;
    // Log-fed series need log lines written after the exporter started tailing.
    s.sim.setScenario('scene-slow', { duration_ms: 3500, interval_ms: 200 });
    await scrapeUntil(
      s,
      (x) => /spacetime_scene_load_duration_seconds_count\{target="game"\} [1-9]/.test(x),
      'slow scene loads',
    );
    s.sim.setScenario('scene-failures', { interval_ms: 200 });
    await scrapeUntil(
      s,
      // The simulator's failed loads end with the game's 30 s timeout line.
      (x) => /spacetime_scene_loads_total\{target="game",result="timeout"\} [1-9]/.test(x),
      'failed scene loads',
    );
    s.sim.setScenario('auth-storm', { rate_per_s: 20 });
    await scrapeUntil(
      s,
      (x) => /spacetime_auth_failures_total\{target="game"\} [1-9]/.test(x),
      'auth failures from logs',
    );
    s.sim.setScenario('rate-limit-storm', { rate_per_s: 20 });
    await scrapeUntil(
      s,
      (x) => /spacetime_rate_limit_violations_total\{target="game"\} [1-9]/.test(x),
      'rate-limit hits from logs',
    );
    s.sim.setScenario('headset-disconnect');
    const text = await scrapeUntil(
      s,
      (x) =>
        x.includes('spacetime_vr_headset_connected{target="game"} 0') &&
        x.includes('spacetime_http_requests_total{'),
      'headset disconnect and access-log requests',
    );
    const m = parse(text);

    for (const [name, type] of Object.entries(DESIGN_METRIC_TYPES))
      expect(m.types.get(name), name).toBe(type);
    const absent = [
      'spacetime_active_tokens',
      'spacetime_blocked_ips',
      'spacetime_tls_cert_expiry_timestamp_seconds',
    ];
    for (const name of Object.keys(DESIGN_METRIC_TYPES))
      expect(present(m, name), name).toBe(!absent.includes(name));
    // What the godot shape lacks is flagged, not zero.
    expect(num(m, 'spacetime_field_available', { field: 'security.active_tokens' })).toBe(0);
    expect(num(m, 'spacetime_field_available', { field: 'engine.fps' })).toBe(1);

    const poll = await s.gameTarget.poll();
    expect(poll.ok).toBe(true);
    if (!poll.ok) return;
    expect(poll.sample.shape).toBe('godot');
    expectSampleValues(m, poll.sample);
    expect(num(m, 'spacetime_up')).toBe(1);
    expect(num(m, 'spacetime_auth_ok')).toBe(1);
    expect(num(m, 'spacetime_probe_http_status_code')).toBe(200);
    expect(num(m, 'spacetime_token_expiry_timestamp_seconds')).toBe(s.gameTarget.tokenInfo()?.expiresAt);
    expect(num(m, 'spacetime_build_info', { api_version: '1.0.0' })).toBe(1);
    expect(num(m, 'spacetime_telemetry_connected')).toBe(1);
    expect(num(m, 'spacetime_telemetry_disconnects_total')).toBe(0);
    // /proc of the configured pid (the simulator runs in this process).
    expect(num(m, 'spacetime_process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    const startTime = num(m, 'spacetime_process_start_time_seconds') as number;
    expect(startTime).toBeLessThanOrEqual(Date.now() / 1000);
    expect(startTime).toBeGreaterThan(Date.now() / 1000 - process.uptime() - 5);
    // Log-fed series: scenes (3.5 s loads land in the 5 s bucket, not the 3 s one), security, traffic.
    expect(num(m, 'spacetime_scene_load_duration_seconds_bucket', { le: '3' })).toBe(0);
    expect(num(m, 'spacetime_scene_load_duration_seconds_bucket', { le: '5' })).toBeGreaterThan(0);
    expect(
      find(m, 'spacetime_http_requests_total', { ...t, route: '/performance', code: '200' }).length,
    ).toBe(1);
    expect(find(m, 'spacetime_log_events_total', { ...t, source: 'console' }).length).toBeGreaterThan(0);
    expect(text).not.toContain(s.sim.currentToken());
    if (promtool) expect(await promtoolCheckMetrics(promtool, text)).toEqual({ code: 0, output: '' });
  });

  it('documented shape: security counters, active tokens and blocked IPs come from the game', async () => {
    stack = await start('documented');
    stack.sim.setScenario('auth-storm', { rate_per_s: 50 });
    const text = await scrapeUntil(stack, (x) => x.includes('spacetime_up{target="game"} 1'), 'a sample');
    const m = parse(text);
    const poll = await stack.gameTarget.poll();
    expect(poll.ok).toBe(true);
    if (!poll.ok) return;
    expect(poll.sample.shape).toBe('documented');
    expectSampleValues(m, poll.sample);
    const sec = poll.sample.security;
    expect(num(m, 'spacetime_auth_failures_total')).toBe(sec.authFailures);
    expect(num(m, 'spacetime_rate_limit_violations_total')).toBe(sec.rateLimitViolations);
    expect(num(m, 'spacetime_active_tokens')).toBe(sec.activeTokens);
    expect(num(m, 'spacetime_blocked_ips')).toBe(sec.blockedIps?.length);
    expect(num(m, 'spacetime_field_available', { field: 'security.auth_failures' })).toBe(1);
    for (const [name, type] of Object.entries(DESIGN_METRIC_TYPES))
      expect(m.types.get(name), name).toBe(type);
    if (promtool) expect(await promtoolCheckMetrics(promtool, text)).toEqual({ code: 0, output: '' });
  });
});
