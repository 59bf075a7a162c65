import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerting/event.js';
import type { CheckId } from '../../src/checks/types.js';
import { DEFAULT_THRESHOLDS } from '../../src/health/defaults.js';
import { startHealthMonitor, type HealthMonitor } from '../../src/health/monitor.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { createGameTarget } from '../../src/target/game-target.js';
import { createHealthAlertSink } from '../../src/health/alert-delivery.js';
import { simTarget, startReceiver, tempDir, waitFor } from './support.js';
import { readFile, writeFile } from 'node:fs/promises';

let sim: Simulator;
let monitor: HealthMonitor | undefined;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let tokenFile: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
  tmp = await tempDir('health-scn-');
  tokenFile = join(tmp.dir, 'jwt_token.txt');
  sim = await startSimulator({ port: 0, tokenFile, seed: 7 });
  receiver = await startReceiver();
});
afterEach(async () => {
  await monitor?.stop();
  monitor = undefined;
  await sim.stop();
  await receiver.close();
  await tmp.cleanup();
});

/** The monitor with real delivery: the alerting dispatcher posting to a loopback receiver. */
async function run(responseTimeSeconds = 5): Promise<AlertEvent[]> {
  monitor = await startHealthMonitor({
    targets: [simTarget(sim.url, tokenFile)],
    createTarget: (c) => createGameTarget(c),
    intervalMs: 200,
    // Only the slow scenario tests SLOW_RESPONSE; elsewhere a loaded test machine must not trip it.
    thresholds: { ...DEFAULT_THRESHOLDS, responseTimeSeconds },
    logFile: join(tmp.dir, 'health.log'),
    stateFile: join(tmp.dir, 'state.json'),
    createAlerts: (logger) =>
      createHealthAlertSink({
        webhooks: [`webhook+${receiver.url}`],
        outboxDir: join(tmp.dir, 'outbox'),
        logger,
      }),
  });
  return receiver.alerts;
}

const of = (events: AlertEvent[], check: CheckId, state: AlertEvent['state']) =>
  events.filter((e) => e.check === check && e.state === state);

/** Each scenario: [check that must fire, what its value must name, how to break, how to heal]. */
const cases: [string, CheckId, RegExp, () => Promise<void> | void, () => Promise<void> | void][] = [
  ['low-fps', 'LOW_FPS', /^\d+\.\d FPS$/, () => sim.setScenario('low-fps'), () => sim.setScenario('healthy')],
  [
    'memory-high',
    'HIGH_MEMORY',
    /MB static/,
    () => sim.setScenario('memory-high'),
    () => sim.setScenario('healthy'),
  ],
  [
    'slow',
    'SLOW_RESPONSE',
    /s$/,
    () => sim.setScenario('slow', { delay_ms: 300 }),
    () => sim.setScenario('healthy'),
  ],
  ['down', 'API_DOWN', /connection_refused/, () => sim.setScenario('down'), () => sim.setScenario('healthy')],
  ['hang', 'API_DOWN', /response_timeout/, () => sim.setScenario('hang'), () => sim.setScenario('healthy')],
  [
    'token-expired',
    'AUTH_FAILED',
    /auth_refused/,
    () => sim.setScenario('token-expired'),
    () => sim.setScenario('healthy'),
  ],
  [
    'auth refused (wrong token in the file)',
    'AUTH_FAILED',
    /auth_refused/,
    () => writeFile(tokenFile, `eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoiYXBpX2FjY2VzcyJ9.${'bm90LXRoZS1zZWNyZXQ'}`),
    () => writeFile(tokenFile, sim.currentToken()),
  ],
];

describe('health monitor against the simulator: one firing, one resolved', () => {
  it.each(cases)('%s', async (name, check, valuePattern, breakIt, healIt) => {
    const events = await run(check === 'SLOW_RESPONSE' ? 0.2 : 5);
    const seen = () => monitor?.stats().targets.game?.checks ?? 0;
    await waitFor('two healthy checks', () => seen() >= 2);
    expect(events).toEqual([]);
    await breakIt();
    await waitFor(`${check} firing`, () => of(events, check, 'firing').length > 0);
    expect(monitor?.activeAlerts().map((a) => `${a.target}/${a.check}`)).toEqual([`game/${check}`]);
    const after = seen();
    await waitFor('three more checks while broken', () => seen() >= after + 3);
    await healIt();
    await waitFor(`${check} resolved`, () => of(events, check, 'resolved').length > 0);
    expect(monitor?.activeAlerts()).toEqual([]);
    const healed = seen();
    await waitFor('three more healthy checks', () => seen() >= healed + 3);
    await monitor?.stop(); // lets the dispatcher deliver anything still queued before counting

    const firing = of(events, check, 'firing');
    expect(firing).toHaveLength(1);
    expect(of(events, check, 'resolved')).toHaveLength(1);
    expect(firing[0]?.value).toMatch(valuePattern);
    expect(firing[0]?.id).toBe(`game/${check}`);
    if (name === 'token-expired') expect(firing[0]?.summary).toContain('token expired at');
    // Nothing else fired along the way (a down game is not also an auth failure, and so on).
    expect(events.filter((e) => e.check !== check)).toEqual([]);
    const token = sim.currentToken();
    const log = await readFile(join(tmp.dir, 'health.log'), 'utf8');
    expect(log).toContain('"event.action":"alert-firing"');
    const wrong = 'bm90LXRoZS1zZWNyZXQ';
    for (const text of [log, receiver.bodies.join('\n')]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(wrong);
    }
  });

  it('a second incident inside the cooldown is not notified again', async () => {
    const events = await run();
    const seen = () => monitor?.stats().targets.game?.checks ?? 0;
    await waitFor('a healthy check', () => seen() >= 1);
    for (let round = 0; round < 2; round++) {
      sim.setScenario('low-fps');
      const broken = seen();
      await waitFor('four checks at low FPS', () => seen() >= broken + 4);
      sim.setScenario('healthy');
      const healed = seen();
      await waitFor('four healthy checks', () => seen() >= healed + 4);
    }
    await monitor?.stop();
    expect(events.map((e) => `${e.check}:${e.state}`)).toEqual(['LOW_FPS:firing', 'LOW_FPS:resolved']);
  });
});

describe('RATE_LIMIT_VIOLATIONS on the documented shape', () => {
  it('fires on the counter increase within the window, and resolves once the window is calm', async () => {
    const docSim = await startSimulator({ port: 0, tokenFile, shape: 'documented', seed: 11 });
    const events: AlertEvent[] = [];
    const m = await startHealthMonitor({
      targets: [simTarget(docSim.url, tokenFile, 'doc')],
      createTarget: (c) => createGameTarget(c),
      intervalMs: 200,
      thresholds: { ...DEFAULT_THRESHOLDS, rateLimitViolations: 5, rateLimitWindowMs: 2_000 },
      alerts: { accept: (e) => void events.push(e), delivery: 'recorded', delivers: true },
    });
    try {
      docSim.setScenario('rate-limit-storm', { rate_per_s: 20 });
      await waitFor('RATE_LIMIT_VIOLATIONS firing', () => events.some((e) => e.state === 'firing'), 10_000);
      docSim.setScenario('healthy');
      await waitFor(
        'RATE_LIMIT_VIOLATIONS resolved',
        () => events.some((e) => e.state === 'resolved'),
        10_000,
      );
    } finally {
      await m.stop();
      await docSim.stop();
    }
    expect(events.map((e) => `${e.check}:${e.state}`)).toEqual([
      'RATE_LIMIT_VIOLATIONS:firing',
      'RATE_LIMIT_VIOLATIONS:resolved',
    ]);
    expect(events[0]?.value).toMatch(/^\d+ in 2s$/);
  });
});
