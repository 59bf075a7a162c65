import { afterEach, describe, expect, it } from 'vitest';
import { find, parsePromText, value } from '../support/prom-text.js';
import { startExporterStack, type ExporterStack } from '../support/stack-exporter.js';

const t = { target: 'game' };
/** What Prometheus sends with scrape_timeout: 2s. */
const SCRAPE_TIMEOUT = { 'X-Prometheus-Scrape-Timeout-Seconds': '2' };

describe('exporter when the game cannot be read', () => {
  let stack: ExporterStack | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  /** Scrapes with a 2 s scrape timeout; fails if no answer came within it (a bound on a hang, not a timing assertion). */
  async function scrapeWithin2s(s: ExporterStack): Promise<{ status: number; text: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 2_000);
    try {
      const res = await fetch(`${s.exporter.url}/metrics`, {
        headers: SCRAPE_TIMEOUT,
        signal: controller.signal,
      });
      return { status: res.status, text: await res.text() };
    } finally {
      clearTimeout(timer);
    }
  }

  it.each([
    ['down', 'connection_refused'],
    ['hang', 'response_timeout'],
    ['garbage-body', 'not_json'],
  ])('%s: 200, spacetime_up 0, kind %s, no stale per-field series', async (scenario, kind) => {
    // A response timeout longer than the scrape budget: only the budget can make the hang answer in time.
    stack = await startExporterStack({ target: { responseTimeoutMs: 10_000, minIntervalMs: 100 } });
    const healthy = parsePromText((await scrapeWithin2s(stack)).text);
    expect(value(healthy, 'spacetime_up', t)).toBe(1);
    expect(value(healthy, 'spacetime_fps', t)).toBeGreaterThan(0);

    stack.sim.setScenario(scenario);
    await stack.sim.whenSettled();
    await new Promise((r) => setTimeout(r, 150)); // past the minimum interval: the next scrape polls
    const res = await scrapeWithin2s(stack);
    expect(res.status).toBe(200);
    const m = parsePromText(res.text);
    expect(value(m, 'spacetime_up', t)).toBe(0);
    expect(value(m, 'spacetime_probe_errors_total', { ...t, kind })).toBeGreaterThanOrEqual(1);
    for (const other of ['connection_refused', 'response_timeout', 'not_json'].filter((k) => k !== kind)) {
      expect(value(m, 'spacetime_probe_errors_total', { ...t, kind: other }), other).toBe(0);
    }
    // The last good values are gone, and every field says it is unavailable.
    for (const name of [
      'spacetime_fps',
      'spacetime_memory_bytes',
      'spacetime_objects',
      'spacetime_sample_timestamp_seconds',
    ]) {
      expect(find(m, name, t), name).toEqual([]);
    }
    expect(find(m, 'spacetime_field_available', t).every((s) => s.value === 0)).toBe(true);
    expect(find(m, 'spacetime_vr_initialized', t)).toEqual([]);
    expect(find(m, 'spacetime_build_info', t)).toEqual([]);
  });
});

describe('/probe against the simulator', () => {
  let stack: ExporterStack | undefined;

  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('refuses a URL and unknown names; the simulator sees no request', async () => {
    stack = await startExporterStack();
    const before = stack.sim.stats().total;
    for (const query of [
      'target=http://127.0.0.1:1/',
      `target=${encodeURIComponent(stack.sim.url)}`,
      'target=unknown',
      'target=',
      'module=http&target=game2',
    ]) {
      const res = await stack.scrape(`/probe?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.text).toMatch(/target/);
    }
    expect(stack.sim.stats().total).toBe(before);
    const ok = await stack.scrape('/probe?target=game');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('spacetime_up{target="game"} 1');
    expect(stack.sim.stats().total).toBeGreaterThan(before);
  });
});
