import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LogEvent } from '../../src/logs/event.js';
import { gameLogSources } from '../../src/logs/files.js';
import { runLogPipelineOnce, startLogPipeline } from '../../src/logs/pipeline.js';
import type { LogObservation } from '../../src/logs/counters.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { bearer, get, send } from '../sim/raw-http.js';
import { tempDir, datasetsTaking, until } from './support.js';

/**
 * The simulator writes the game's three files in the contract's formats; the pipeline must read
 * them with no parse failure, count what happened, and leave no token in its output.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("the simulator's log files through the pipeline", () => {
  it('parse without failures, count scene loads, auth failures, headset and HTTP codes, and redact', async () => {
    const { dir, cleanup } = tempDir('logs-sim-');
    cleanups.push(cleanup);
    const logDir = join(dir, 'game');
    const sim: Simulator = await startSimulator({
      port: 0,
      logDir,
      tokenFile: join(dir, 'jwt_token.txt'),
      seed: 7,
    });
    cleanups.push(() => sim.stop());
    const token = sim.currentToken();
    const consoleText = () => readFileSync(join(logDir, 'godot_console.log'), 'utf8');

    expect((await get(sim.port, '/performance', [bearer(token)])).status).toBe(200);
    expect((await get(sim.port, '/performance', ['Authorization: Bearer nope'])).status).toBe(401);
    await send(sim.port, 'POST', '/scene', [bearer(token)], '{"scene_path":"res://scenes/moon_base.tscn"}');
    await until(() => consoleText().includes('Scene loaded: moon_base'), 'the scene load');
    sim.setScenario('scene-failures');
    await send(sim.port, 'POST', '/scene', [bearer(token)], '{"scene_path":"res://scenes/mars.tscn"}');
    await until(() => consoleText().includes('timed out after'), 'the scene failure');
    sim.setScenario('headset-disconnect');
    await until(() => consoleText().includes('HMD disconnected'), 'the headset disconnect');
    sim.setScenario('http-500');
    expect((await get(sim.port, '/status')).status).toBe(500);
    sim.setScenario('healthy');
    await sim.stop();

    const out = join(dir, 'out');
    const events: LogEvent[] = [];
    const { counters } = await runLogPipelineOnce({
      sources: gameLogSources(logDir),
      outDir: out,
      // The simulator, like the game, writes the local time of its process.
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      onEvent: (e) => events.push(e),
    });
    const stats = counters.snapshot();

    expect(stats.parseFailures).toEqual({});
    const datasets = new Set(events.map((e) => e['event.dataset']));
    for (const d of ['console', 'errors', 'vr', 'scene', 'audit', 'access'])
      expect(datasets).toContain(`spacetime.${d}`);
    expect(stats.sceneLoads.loaded).toBeGreaterThanOrEqual(2); // the start scene and moon_base
    expect(stats.sceneLoads.requested).toBeGreaterThanOrEqual(2);
    expect(stats.sceneLoads.timeout).toBeGreaterThanOrEqual(1); // the scenario also fails loads of its own
    expect(stats.authFailures).toBe(1);
    expect(stats.headsetConnected).toBe(true); // reconnected when the scenario ended
    expect(stats.headsetDisconnects).toBe(1);
    const code = (route: string, c: string) =>
      stats.httpRequests.filter((r) => r.route === route && r.code === c).reduce((n, r) => n + r.count, 0);
    expect(code('/performance', '200')).toBeGreaterThanOrEqual(1);
    expect(code('/performance', '401')).toBe(1);
    expect(code('/status', '500')).toBe(1);
    for (const r of stats.httpRequests) expect(r.durationCount).toBe(r.count);

    // Multi-line engine errors are single events with their backtrace.
    const scriptErrors = events.filter((e) => e['event.action'] === 'script-error');
    expect(scriptErrors).toHaveLength(1);
    expect(scriptErrors[0]?.['error.stack_trace']).toContain('GDScript backtrace');
    expect(events.some((e) => /^\s/.test(e.message))).toBe(false);
    // Timestamps of the game's local-time lines are close to now, whatever the machine's zone.
    const started = events.find((e) => e['event.action'] === 'server-started');
    expect(Math.abs(Date.parse(started?.['@timestamp'] ?? '') - Date.now())).toBeLessThan(120_000);

    const written = readdirSync(out)
      .filter((f) => f.endsWith('.ndjson'))
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('');
    expect(consoleText()).toContain(token); // the game leaks it...
    expect(written).not.toContain(token); // ...we do not
    expect(written).not.toContain(token.split('.')[2] ?? token);
    expect(written).not.toMatch(/eyJ[A-Za-z0-9_-]+=?\.[A-Za-z0-9_-]+/);
    expect(written.trim().split('\n')).toHaveLength(events.length);
  });

  it("runs Filebeat's console line filters over the simulator's console: one input per event, as we classify", async () => {
    const { dir, cleanup } = tempDir('logs-sim-fb-');
    cleanups.push(cleanup);
    const logDir = join(dir, 'game');
    const sim = await startSimulator({ port: 0, logDir, tokenFile: join(dir, 'jwt_token.txt'), seed: 3 });
    cleanups.push(() => sim.stop());
    sim.setScenario('http-500');
    await get(sim.port, '/status');
    sim.setScenario('headset-disconnect');
    await until(() => readFileSync(join(logDir, 'godot_console.log'), 'utf8').includes('HMD'), 'VR lines');
    await sim.stop();

    const file = join(logDir, 'godot_console.log');
    const { events } = await (async () => {
      const got: LogEvent[] = [];
      await runLogPipelineOnce({ sources: [{ source: 'console', path: file }], onEvent: (e) => got.push(e) });
      return { events: got };
    })();
    const fb = parse(readFileSync('deploy/filebeat/filebeat.yml', 'utf8')) as {
      'filebeat.inputs': {
        id: string;
        paths?: string[];
        include_lines?: string[];
        exclude_lines?: string[];
        fields?: Record<string, string>;
        parsers?: { multiline?: { pattern: string } }[];
      }[];
    };
    const consoleInputs = fb['filebeat.inputs'].filter((i) =>
      i.paths?.[0]?.endsWith('logs/godot_console.log'),
    );
    expect(consoleInputs).toHaveLength(4);
    const pattern = new RegExp(consoleInputs[0]?.parsers?.[0]?.multiline?.pattern ?? '$^');
    const records: string[] = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (pattern.test(line) && records.length > 0) records[records.length - 1] += `\n${line}`;
      else if (line.trim()) records.push(line);
    }
    expect(records).toHaveLength(events.length);
    records.forEach((record, n) => {
      expect(datasetsTaking(record, consoleInputs), record).toEqual([events[n]?.['event.dataset']]);
    });
  });

  it('follows a running simulator live, as the demo does, and reports observations as they happen', async () => {
    const { dir, cleanup } = tempDir('logs-sim-live-');
    cleanups.push(cleanup);
    const logDir = join(dir, 'game');
    const sim = await startSimulator({ port: 0, logDir, tokenFile: join(dir, 'jwt_token.txt'), seed: 5 });
    cleanups.push(() => sim.stop());
    const seen: LogObservation[] = [];
    const pipeline = await startLogPipeline({
      sources: gameLogSources(logDir),
      outDir: join(dir, 'out'),
      pollIntervalMs: 50,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    cleanups.push(() => pipeline.stop());
    pipeline.counters.onObservation((o) => seen.push(o));

    await get(sim.port, '/performance', ['Authorization: Bearer expired.or.wrong']);
    await until(() => seen.some((o) => o.kind === 'auth_failure'), 'the auth failure');
    await until(
      () => seen.some((o) => o.kind === 'http_request' && o.route === '/performance' && o.code === '401'),
      'the 401 in the access log',
    );
    sim.setScenario('headset-disconnect');
    await until(() => pipeline.counters.snapshot().headsetConnected === false, 'the headset disconnect');
    expect(pipeline.counters.snapshot().headsetDisconnects).toBe(1);
  });
});
