import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../../deploy/grafana/src/dashboards.js';
import { dashboardQueries, type DashboardQuery } from '../../deploy/grafana/src/queries.js';
import { startExporter, type RunningExporter } from '../../src/exporter/index.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { targetFromFlags } from '../../src/target/from-flags.js';
import type { TargetConfig } from '../../src/target/types.js';
import { debianBinary } from '../support/binaries.js';
import { projectRoot } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { notYet } from '../deploy/support/processes.js';
import { instantQuery } from '../deploy/support/promql.js';
import {
  describeOutcome,
  runQuery,
  type QueryContext,
  type QueryOutcome,
} from '../deploy/support/dashboard-check.js';
import {
  startPrometheus,
  startVictoriaMetrics,
  type ScrapeJob,
  type Server,
} from '../deploy/support/stack.js';

const prometheusBin = debianBinary('prometheus', 'prometheus');
const victoriaBin = debianBinary('victoria-metrics', 'victoria-metrics');

const SCRAPE_SECONDS = 1;
const rulesDir = `${projectRoot}deploy/prometheus/rules/`;
const ruleFiles = existsSync(rulesDir)
  ? readdirSync(rulesDir)
      .filter((f) => f.endsWith('.rules.yml'))
      .map((f) => `${rulesDir}${f}`)
  : [];

/**
 * Every query of every panel and annotation of every dashboard, run against a real Prometheus fed
 * by the real exporter and simulated games, and against VictoriaMetrics fed by that Prometheus'
 * remote_write. A query without data fails, naming its dashboard, panel and expanded PromQL.
 *
 * Three games cover what one cannot show at once:
 * - game-a (godot shape): the exporter sees its process (resident memory, CPU), tails its console,
 *   access and audit logs, holds its telemetry socket; the test loads scenes through its API.
 * - game-b (documented shape: security counters in the body) restarts once Prometheus has seen
 *   its start time, so the restart annotation has a change (the exporter takes it from the
 *   token's iat).
 * - game-c serves https with a certificate 5 days from expiry (cert-expiring), which also makes
 *   SpaceTimeCertificateExpiringSoon fire for the active-alerts panel.
 */
describe.skipIf(!prometheusBin || !victoriaBin)('every dashboard query returns data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dash-e2e-'));
  const sims: Simulator[] = [];
  let exporter: RunningExporter | undefined;
  let vm: Server | undefined;
  let prom: Server | undefined;
  let startedAt = 0;
  let player: NodeJS.Timeout | undefined;
  const playerErrors: string[] = [];

  beforeAll(async () => {
    startedAt = Math.floor(Date.now() / 1000);
    const logDir = (name: string): string => join(dir, `${name}-logs`);
    const tokenFile = (name: string): string => join(dir, `${name}.jwt`);

    const a = await startSimulator({
      port: 0,
      shape: 'godot',
      tokenFile: tokenFile('game-a'),
      logDir: logDir('game-a'),
      telemetryPort: 0,
      seed: 1,
    });
    sims.push(a);
    const b = await startSimulator({
      port: 0,
      shape: 'documented',
      tokenFile: tokenFile('game-b'),
      logDir: logDir('game-b'),
      seed: 2,
    });
    sims.push(b);
    const c = await startSimulator({
      port: 0,
      tokenFile: tokenFile('game-c'),
      scenario: 'cert-expiring',
      seed: 3,
    });
    sims.push(c);
    await c.whenSettled();
    const caFile = join(dir, 'game-c-ca.pem');
    writeFileSync(caFile, c.caPem ?? '');

    const target = (name: string, sim: Simulator, extra: Partial<TargetConfig> = {}): TargetConfig => ({
      ...targetFromFlags({
        apiUrl: sim.url,
        healthEndpoint: '/performance',
        jwtToken: tokenFile(name),
        name,
      }),
      minIntervalMs: 500,
      ...extra,
    });
    const logs = (name: string): { source: 'console' | 'access' | 'audit'; path: string }[] => [
      { source: 'console', path: join(logDir(name), 'godot_console.log') },
      { source: 'access', path: join(logDir(name), 'http_api_access.log') },
      { source: 'audit', path: join(logDir(name), 'http_api_audit.log') },
    ];
    exporter = await startExporter({
      listen: '127.0.0.1:0',
      targets: [
        target('game-a', a, { process: { pid: a.pid }, telemetryUrl: a.telemetryUrl }),
        target('game-b', b),
        target('game-c', c, { tls: { caFile } }),
      ],
      metricsTarget: 'game-a',
      logSources: { 'game-a': logs('game-a'), 'game-b': logs('game-b') },
      telemetryBackoffMs: { initial: 100, max: 1_000 },
      defaultMetrics: false,
    });

    vm = await startVictoriaMetrics(victoriaBin ?? '');
    const address = exporter.url.replace('http://', '');
    const probe = (name: string): ScrapeJob => ({
      job: `spacetime-probe-${name}`,
      targets: [address],
      metricsPath: '/probe',
      params: { target: [name] },
      labels: { instance: name },
    });
    prom = await startPrometheus(prometheusBin ?? '', {
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      jobs: [
        { job: 'spacetime', targets: [address], labels: { instance: 'game-a' } },
        probe('game-b'),
        probe('game-c'),
      ],
      remoteWriteUrl: `${vm.url}/api/v1/write`,
      ruleFiles,
    });

    // Restart game-b only once Prometheus holds its first start time: the change must be seen.
    await waitFor(
      notYet(async () => {
        const r = await instantQuery(
          prom?.url ?? '',
          'spacetime_process_start_time_seconds{instance="game-b"}',
        );
        return r.length > 0 || undefined;
      }),
      30_000,
      "game-b's start time in Prometheus",
    );
    b.setScenario('restart');

    // A player moves between scenes every few seconds through the game's API, so the console log
    // has loads with durations inside every rate window the scene panels look at.
    const scenes = [
      'res://scenes/moon_base.tscn',
      'res://scenes/mars.tscn',
      'res://scenes/space_station.tscn',
    ];
    let next = 0;
    const loadScene = async (): Promise<void> => {
      const scene = scenes[next++ % scenes.length] ?? '';
      const res = await fetch(`${a.url}/scene`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${a.currentToken()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ scene_path: scene }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`POST /scene ${scene}: HTTP ${res.status}`);
    };
    await loadScene();
    player = setInterval(
      () => void loadScene().catch((err: unknown) => playerErrors.push(String(err))),
      3_000,
    );
  }, 60_000);

  afterAll(async () => {
    clearInterval(player);
    await prom?.stop();
    await vm?.stop();
    await exporter?.stop();
    for (const s of sims) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // ALERTS exists only where rules are loaded; until deploy/prometheus/rules/ is on this branch,
  // those queries are reported as skipped instead of failing for a reason outside the dashboards.
  const all = DASHBOARDS.flatMap((d) => dashboardQueries(d.build()));
  const queries = ruleFiles.length ? all : all.filter((q) => !q.expr.includes('ALERTS'));

  const INSTANCES = ['game-a', 'game-b', 'game-c'];
  /** Grafana's "All" sends the allValue; picking every instance sends an escaped alternation. */
  const selections: Record<string, Pick<QueryContext, 'values' | 'all'>> = {
    'Instance = All': { values: {}, all: { instance: '.*' } },
    'Instance = each game picked': { values: { instance: INSTANCES } },
  };

  function context(selection: Pick<QueryContext, 'values' | 'all'>): QueryContext {
    const end = Math.floor(Date.now() / 1000);
    return { ...selection, scrapeIntervalSeconds: SCRAPE_SECONDS, stepSeconds: 1, start: startedAt, end };
  }

  /** Runs every query until each has returned data once; returns those that never did. */
  async function missing(
    base: string,
    selection: Pick<QueryContext, 'values' | 'all'>,
    deadlineMs: number,
  ): Promise<QueryOutcome[]> {
    let pending = queries;
    let last: QueryOutcome[] = [];
    for (;;) {
      const ctx = context(selection);
      last = (await Promise.all(pending.map((q) => runQuery(base, q, ctx)))).filter((o) => o.points === 0);
      pending = last.map((o) => o.query);
      if (pending.length === 0 || Date.now() > deadlineMs) return last;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }

  for (const [name, selection] of Object.entries(selections)) {
    it(
      `Prometheus answers all ${queries.length} queries with data (${name})`,
      { timeout: 120_000 },
      async () => {
        const failed = await missing(prom?.url ?? '', selection, Date.now() + 90_000);
        expect(failed.map(describeOutcome).join('\n')).toBe('');
      },
    );

    it(`VictoriaMetrics answers the same queries with data (${name})`, { timeout: 90_000 }, async () => {
      const failed = await missing(vm?.url ?? '', selection, Date.now() + 60_000);
      expect(failed.map(describeOutcome).join('\n')).toBe('');
    });
  }

  it('the check itself fails a panel without data: absent series and NaN-only answers count as none', async () => {
    const ctx = context(selections['Instance = All'] ?? { values: {} });
    const probe = (expr: string): DashboardQuery => ({
      dashboard: 'check',
      panel: expr,
      refId: 'A',
      expr,
      instant: false,
    });
    expect((await runQuery(prom?.url ?? '', probe('spacetime_no_such_metric'), ctx)).points).toBe(0);
    expect((await runQuery(prom?.url ?? '', probe('vector(0) / 0'), ctx)).points).toBe(0);
    expect((await runQuery(prom?.url ?? '', probe('vector(1)'), ctx)).points).toBeGreaterThan(0);
  });

  it('the player traffic the scene panels rely on was accepted by the game', () => {
    expect(playerErrors).toEqual([]);
  });

  if (!ruleFiles.length)
    console.warn('skipping the ALERTS queries: no deploy/prometheus/rules/*.rules.yml yet (issue 7)');
  it.skipIf(!ruleFiles.length)('the rules are loaded, so the active-alerts panels show real alerts', () => {
    expect(all.filter((q) => q.expr.includes('ALERTS')).every((q) => queries.includes(q))).toBe(true);
  });
});
