// The local stack and the e2e test run generated copies of the shipped configs (addresses, secrets
// directory, compressed timings); the copies must still pass the Debian tools' checks.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerConfigFor } from '../../scripts/stack/alertmanager-config.js';
import { deployPaths } from '../../scripts/stack/paths.js';
import { prometheusConfigFor } from '../../scripts/stack/prometheus-config.js';
import { debianBinary } from '../support/binaries.js';
import { runTool } from './support/run-tool.js';

const promtool = debianBinary('promtool', 'prometheus');
const amtool = debianBinary('amtool', 'prometheus-alertmanager');

describe('generated run configurations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-configs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!promtool)('prometheus.yml with addresses, fleet directory and 1s intervals', async () => {
    const text = await prometheusConfigFor(deployPaths.prometheusConfig, {
      alertmanager: '127.0.0.1:19093',
      ruleFiles: [deployPaths.ruleFile],
      exporter: '127.0.0.1:19091',
      instance: 'lab-game',
      fleetDir: join(dir, 'targets'),
      scrapeInterval: '1s',
      evaluationInterval: '1s',
    });
    const config = parse(text) as {
      scrape_configs: { job_name: string; relabel_configs?: { replacement?: string }[] }[];
    };
    expect(config.scrape_configs.map((j) => j.job_name)).toEqual(['spacetime', 'spacetime-probe']);
    expect(text).toContain('instance: lab-game');
    expect(config.scrape_configs[1]?.relabel_configs?.at(-1)?.replacement).toBe('127.0.0.1:19091');
    await writeFile(join(dir, 'prometheus.yml'), text);
    const result = await runTool(promtool ?? 'promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
    expect(result.code, result.output).toBe(0);
  });

  it.skipIf(!amtool)('alertmanager.yml with a secrets directory and compressed timings', async () => {
    const secrets = join(dir, 'secrets');
    await mkdir(secrets, { recursive: true });
    const text = await alertmanagerConfigFor(deployPaths.alertmanagerConfig, deployPaths.alertmanagerDir, {
      secretsDir: secrets,
      timeFactor: 60,
      timeFloorMs: 2000,
      pagerdutyUrl: 'http://127.0.0.1:1/pagerduty/v2/enqueue',
    });
    expect(text).toContain(`api_url_file: ${join(secrets, 'slack_critical_webhook_url')}`);
    expect(text).toContain(`routing_key_file: ${join(secrets, 'pagerduty_routing_key')}`);
    expect(text).toContain('group_interval: 30s'); // low/info: 30m / 60
    expect(text).toContain('group_wait: 2s'); // 30s / 60, floored
    await writeFile(join(dir, 'alertmanager.yml'), text);
    const result = await runTool(amtool ?? 'amtool', ['check-config', join(dir, 'alertmanager.yml')]);
    expect(result.code, result.output).toBe(0);
  });
});
