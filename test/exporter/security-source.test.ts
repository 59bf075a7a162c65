import { readFile } from 'node:fs/promises';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ScrapeContext } from '../../src/exporter/collector.js';
import { securityCollector } from '../../src/exporter/collectors/security.js';
import { LogCounters } from '../../src/logs/counters.js';
import type { LogEvent } from '../../src/logs/event.js';
import { parsePerformance } from '../../src/target/parse-performance.js';
import type { GameTarget, PollResult } from '../../src/target/types.js';
import { projectRoot } from '../support/cli.js';
import { parsePromText, value } from '../support/prom-text.js';

const fixture = async (name: string): Promise<PollResult> => {
  const parsed = parsePerformance(
    JSON.parse(await readFile(`${projectRoot}test/fixtures/contract/${name}`, 'utf8')) as unknown,
  );
  if (!parsed.ok) throw new Error(parsed.reason);
  return { ok: true, sample: parsed.sample, at: Date.now(), durationSeconds: 0.01, statusCode: 200 };
};
const down: PollResult = {
  ok: false,
  at: Date.now(),
  durationSeconds: 0,
  failure: { kind: 'connection_refused', message: 'down' },
};

function authFailureEvent(): LogEvent {
  return {
    '@timestamp': new Date().toISOString(),
    message: 'Auth failed: Token expired',
    'log.level': 'warn',
    'log.file.path': 'godot_console.log',
    'service.name': 'spacetime',
    'event.kind': 'event',
    'event.dataset': 'spacetime.console',
    'event.module': 'spacetime',
    'event.category': ['authentication'],
    'event.action': 'auth-failure',
    'event.created': new Date().toISOString(),
  };
}

/** One scrape of the security collector with a given poll result (the collector's only input from the game). */
async function scrape(
  collect: (ctx: ScrapeContext) => Promise<void>,
  registry: Registry,
  result: PollResult,
) {
  const ctx = {
    target: {} as GameTarget,
    budgetMs: () => 1000,
    poll: async () => result,
    status: async () => result as never,
    pollIsNew: async () => true,
  } satisfies ScrapeContext;
  await collect(ctx);
  return parsePromText(await registry.metrics());
}

describe('auth failures and rate-limit violations: which source wins', () => {
  it('godot shape: the logs count; documented shape: the game counts, and stays the source', async () => {
    const registry = new Registry();
    const logs = new LogCounters();
    const collector = securityCollector({ registry, targetName: 'game' }, logs);
    const t = { target: 'game' };
    for (let i = 0; i < 4; i++) logs.record(authFailureEvent());

    let m = await scrape((c) => collector.collect(c), registry, await fixture('performance.godot.json'));
    expect(value(m, 'spacetime_auth_failures_total', t)).toBe(4);
    expect(value(m, 'spacetime_rate_limit_violations_total', t)).toBe(0);
    expect(value(m, 'spacetime_active_tokens', t)).toBeUndefined();

    m = await scrape((c) => collector.collect(c), registry, await fixture('performance.documented.json'));
    expect(value(m, 'spacetime_auth_failures_total', t)).toBe(3);
    expect(value(m, 'spacetime_rate_limit_violations_total', t)).toBe(12);
    expect(value(m, 'spacetime_active_tokens', t)).toBe(5);

    // The game goes away: its counters disappear instead of switching back to the logs' count.
    m = await scrape((c) => collector.collect(c), registry, down);
    expect(value(m, 'spacetime_auth_failures_total', t)).toBeUndefined();
    expect(value(m, 'spacetime_active_tokens', t)).toBeUndefined();
  });

  it('without logs and without the documented shape the counters are absent, not 0', async () => {
    const registry = new Registry();
    const collector = securityCollector({ registry, targetName: 'game' });
    const m = await scrape((c) => collector.collect(c), registry, await fixture('performance.godot.json'));
    expect(value(m, 'spacetime_auth_failures_total', { target: 'game' })).toBeUndefined();
    expect(value(m, 'spacetime_rate_limit_violations_total', { target: 'game' })).toBeUndefined();
  });
});
