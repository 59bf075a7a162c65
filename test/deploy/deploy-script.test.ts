import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.js';
import { haveDeployBinaries, runDeploy, type DeployResult } from './support/deploy-script.js';
import { freePort } from './support/processes.js';

function deploy(args: string[], timeoutMs = 60_000): Promise<DeployResult> {
  return runDeploy(args, timeoutMs);
}

// Listed out of order on purpose: the script starts them in dependency order.
const STACK = 'prometheus,victoria-metrics,alertmanager';

describe.skipIf(!haveDeployBinaries)('deploy/deploy.sh, local mode', () => {
  let dir = '';
  let ports: { prometheus: number; alertmanager: number; victoria: number };
  /** The three components of the stack, on this test's ports. */
  const onlyStack = (): string[] => [
    '--only',
    STACK,
    '--port',
    `prometheus=${ports.prometheus}`,
    '--port',
    `alertmanager=${ports.alertmanager}`,
    '--port',
    `victoria-metrics=${ports.victoria}`,
  ];
  let common: string[];
  const listeners: Server[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deploy-'));
    ports = { prometheus: await freePort(), alertmanager: await freePort(), victoria: await freePort() };
    // Configs shaped like the shipped ones but on this test's ports.
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 5s }',
        'alerting:',
        '  alertmanagers:',
        `    - static_configs: [{ targets: ['127.0.0.1:${ports.alertmanager}'] }]`,
        'scrape_configs:',
        '  - job_name: prometheus',
        `    static_configs: [{ targets: ['127.0.0.1:${ports.prometheus}'] }]`,
        'remote_write:',
        `  - url: http://127.0.0.1:${ports.victoria}/api/v1/write`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      "route: { receiver: 'null' }\nreceivers: [{ name: 'null' }]\n",
    );
    common = [
      '--state-dir',
      join(dir, 'state'),
      '--prometheus-config',
      join(dir, 'prometheus.yml'),
      '--alertmanager-config',
      join(dir, 'alertmanager.yml'),
      ...onlyStack(),
      '--wait',
      '30',
    ];
  });

  afterEach(async () => {
    for (const l of listeners.splice(0)) {
      l.close();
      await once(l, 'close');
    }
  });

  afterAll(async () => {
    if (dir) {
      await deploy([...common, 'stop']);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('preflight passes: binaries present, configs valid with promtool and amtool, ports free', async () => {
    const r = await deploy([...common, 'preflight']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('preflight passed (local mode: victoria-metrics alertmanager prometheus)');
  });

  it('preflight fails with a clear message naming the port and the component when a port is taken', async () => {
    const taken = createServer();
    listeners.push(taken);
    taken.listen(ports.prometheus, '127.0.0.1');
    await once(taken, 'listening');
    const r = await deploy([...common, 'preflight']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('deploy: preflight failed (local mode):');
    expect(r.stderr).toContain(`port 127.0.0.1:${ports.prometheus} for prometheus is already in use`);
    expect(r.stderr).toContain(`--port prometheus=PORT`);
    // start refuses too, and starts nothing
    const s = await deploy([...common, 'start']);
    expect(s.code).toBe(1);
    expect(s.stdout).not.toMatch(/deploy: started/);
  });

  it('preflight reports an invalid Prometheus config with promtool output', async () => {
    const bad = join(dir, 'bad-prometheus.yml');
    writeFileSync(bad, 'scrape_configs:\n  - job_name: x\n    scrape_interval: nonsense\n');
    const r = await deploy([...common, '--prometheus-config', bad, 'preflight']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`promtool check config ${bad} failed`);
  });

  it('start brings up the stack, waits for health, prints where everything is; a second start is a no-op', async () => {
    const first = await deploy([...common, 'start']);
    expect(first.code, first.stderr).toBe(0);
    for (const c of STACK.split(',')) expect(first.stdout).toMatch(new RegExp(`started ${c} \\(pid \\d+\\)`));
    const order = ['victoria-metrics', 'alertmanager', 'prometheus'].map((c) =>
      first.stdout.indexOf(`started ${c}`),
    );
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(first.stdout).toContain(`prometheus        http://127.0.0.1:${ports.prometheus}`);
    expect(first.stdout).toContain(`victoria-metrics  http://127.0.0.1:${ports.victoria}/vmui`);
    for (const url of [
      `http://127.0.0.1:${ports.prometheus}/-/ready`,
      `http://127.0.0.1:${ports.alertmanager}/-/ready`,
      `http://127.0.0.1:${ports.victoria}/health`,
    ]) {
      expect((await fetch(url)).ok, url).toBe(true);
    }

    // Its own processes hold the ports now: the preflight does not count them as taken.
    const second = await deploy([...common, 'start']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toMatch(/deploy: started/);
    for (const c of STACK.split(','))
      expect(second.stdout).toMatch(new RegExp(`${c} already running \\(pid \\d+\\)`));

    const status = await deploy([...common, 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/prometheus\s+running \(pid \d+\)/);

    const stop = await deploy([...common, 'stop']);
    expect(stop.code).toBe(0);
    const after = await deploy([...common, 'status']);
    expect(after.code).toBe(3);
    expect(after.stdout).toMatch(/prometheus\s+stopped/);
  });

  it('stops a component that never became healthy, so the next start starts it instead of trusting it', async () => {
    const only = ['--only', 'victoria-metrics'];
    // --wait 0: victoria-metrics is alive but has not answered yet when the wait is over.
    const failed = await deploy([...common, ...only, '--wait', '0', 'start']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('victoria-metrics did not answer');
    expect(failed.stdout).toMatch(/stopped victoria-metrics/);
    const again = await deploy([...common, ...only, 'start']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/started victoria-metrics \(pid \d+\)/);
    expect((await deploy([...common, ...only, 'stop'])).code).toBe(0);
  });

  const shipped = ['deploy/prometheus/prometheus.yml', 'deploy/alertmanager/alertmanager.yml'];
  const haveShipped = shipped.every((f) => existsSync(`${projectRoot}${f}`));
  if (!haveShipped) console.warn(`skipping: ${shipped.join(' and ')} are not on this branch yet (issue 7)`);
  it.skipIf(!haveShipped)('preflight passes on the shipped Prometheus and Alertmanager configs', async () => {
    const r = await deploy(['--state-dir', join(dir, 'state-shipped'), ...onlyStack(), 'preflight']);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('deploy/deploy.sh arguments', () => {
  it('rejects an unknown component, a port override in docker mode and --logs in local mode', async () => {
    const a = await deploy(['--only', 'grafanaa', 'preflight']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain("--only: unknown component 'grafanaa'");
    const b = await deploy(['--mode', 'docker', '--port', 'prometheus=1234', 'preflight']);
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('--port applies to --mode local');
    const c = await deploy(['--logs', 'preflight']);
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('--logs applies to --mode docker');
  });
});
