import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { projectRoot } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { haveDeployBinaries, runDeploy, type DeployResult } from './support/deploy-script.js';
import { freePort, notYet } from './support/processes.js';
import { victoriaExport } from './support/promql.js';

// deploy.sh runs the package as users do, from dist/ (built by `npm ci` through `prepare` in CI).
const built = existsSync(`${projectRoot}dist/cli/main.js`);
if (!built) console.warn('skipping the full local stack: dist/ is missing (run `npm run build`)');

function deploy(args: string[]): Promise<DeployResult> {
  return runDeploy(args, 90_000);
}

/**
 * The whole local stack through deploy/deploy.sh against a simulated game: VictoriaMetrics,
 * Alertmanager, the exporter, Prometheus (remote_writing into VictoriaMetrics) and the health
 * monitor, each as its own process with a pid file.
 */
describe.skipIf(!haveDeployBinaries || !built)('deploy/deploy.sh, the whole local stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-full-'));
  const tokenFile = join(dir, 'jwt_token.txt');
  let sim: Simulator | undefined;
  let args: string[] = [];
  const port: Record<string, number> = {};

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, tokenFile });
    for (const c of ['victoria-metrics', 'alertmanager', 'exporter', 'prometheus'])
      port[c] = await freePort();
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'alerting:',
        `  alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:${port.alertmanager}'] }] }]`,
        'scrape_configs:',
        '  - job_name: spacetime',
        `    static_configs: [{ targets: ['127.0.0.1:${port.exporter}'], labels: { instance: spacetime-local } }]`,
        'remote_write:',
        `  - url: http://127.0.0.1:${port['victoria-metrics']}/api/v1/write`,
        '    queue_config: { batch_send_deadline: 1s }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      "route: { receiver: 'null' }\nreceivers: [{ name: 'null' }]\n",
    );
    args = [
      '--state-dir',
      join(dir, 'state'),
      '--prometheus-config',
      join(dir, 'prometheus.yml'),
      '--alertmanager-config',
      join(dir, 'alertmanager.yml'),
      '--api-url',
      sim.url,
      '--jwt-token',
      tokenFile,
      ...Object.entries(port).flatMap(([c, p]) => ['--port', `${c}=${p}`]),
      '--wait',
      '30',
    ];
  }, 30_000);

  afterAll(async () => {
    if (args.length) await deploy([...args, 'stop']);
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'starts every component, the exporter series reach VictoriaMetrics, and a second start is a no-op',
    { timeout: 120_000 },
    async () => {
      const first = await deploy([...args, 'start']);
      expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
      const components = ['victoria-metrics', 'alertmanager', 'exporter', 'prometheus', 'health'];
      for (const c of components) expect(first.stdout).toMatch(new RegExp(`started ${c} \\(pid \\d+\\)`));
      expect(first.stdout).toContain(`exporter          http://127.0.0.1:${port.exporter}/metrics`);

      // game → exporter → Prometheus → remote_write → VictoriaMetrics
      // (export, not query: VictoriaMetrics' default -search.latencyOffset hides the last 30 s)
      const up = await waitFor(
        notYet(async () => {
          const r = await victoriaExport(
            `http://127.0.0.1:${port['victoria-metrics']}`,
            'spacetime_up{instance="spacetime-local"}',
          );
          return r[0]?.values.includes(1) ? r : undefined;
        }),
        30_000,
        'spacetime_up from the exporter in VictoriaMetrics',
      );
      expect(up[0]?.metric.job).toBe('spacetime');
      const checks = join(dir, 'state/logs/health-checks.log');
      await waitFor(
        () => existsSync(checks) && readFileSync(checks, 'utf8').length > 0,
        20_000,
        'a health check logged',
      );

      const second = await deploy([...args, 'start']);
      expect(second.code, second.stderr).toBe(0);
      for (const c of components)
        expect(second.stdout).toMatch(new RegExp(`${c} already running \\(pid \\d+\\)`));
      expect(second.stdout).not.toMatch(/deploy: started/);

      const stop = await deploy([...args, 'stop']);
      expect(stop.code).toBe(0);
      for (const c of components) expect(stop.stdout).toMatch(new RegExp(`stopped ${c} \\(pid \\d+\\)`));
    },
  );

  it('preflight validates a --config file with check-config, naming the key and line', async () => {
    const bad = join(dir, 'bad-monitor.yml');
    writeFileSync(bad, `targets:\n  - name: game\n    url: http://127.0.0.1:1\n    colour: blue\n`);
    const r = await deploy([...args, '--only', 'exporter', '--config', bad, 'preflight']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`spacetime-monitor check-config ${bad} failed`);
    expect(r.stderr).toContain('targets[0].colour (line 4): unknown key "colour"');
  });
});
