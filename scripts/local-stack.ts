// Runs Debian's Prometheus and Alertmanager on 127.0.0.1 with the shipped configuration, for users
// without Docker and for the end-to-end tests (docs/deploy-prometheus.md).
//
//   node --import tsx scripts/local-stack.ts [--exporter 127.0.0.1:9091] [--instance NAME]
//     [--fleet-dir deploy/prometheus/targets] [--prometheus-port 9090] [--alertmanager-port 9093]
//     [--data-dir .tmp/stack] [--secrets-dir deploy/alertmanager/secrets]
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { alertmanagerConfigFor } from './stack/alertmanager-config.js';
import { freePort } from './stack/free-port.js';
import { deployPaths } from './stack/paths.js';
import { prometheusConfigFor } from './stack/prometheus-config.js';
import { startServer, type ServerProcess } from './stack/server-process.js';

export interface LocalStackOptions {
  /** Working directory: generated configs, TSDB, Alertmanager state, logs. */
  dataDir: string;
  /** Exporter (host:port) scraped by the single-target job. */
  exporter?: string;
  instance?: string;
  /** file_sd directory for the /probe fleet job. */
  fleetDir?: string;
  /** Exporter (host:port) behind /probe, when it differs from `exporter`. */
  probeExporter?: string;
  /** 0 or absent: a free port. */
  prometheusPort?: number;
  alertmanagerPort?: number;
  /** Rule files to load; the shipped ones by default. */
  ruleFiles?: string[];
  secretsDir?: string;
  scrapeInterval?: string;
  evaluationInterval?: string;
  /** Divides Alertmanager's grouping timings (tests). */
  timeFactor?: number;
  /** Floor for the divided Alertmanager timings (see AlertmanagerRunConfig.timeFloorMs). */
  timeFloorMs?: number;
  pagerdutyUrl?: string;
  /** Prometheus re-sends a firing alert this often (default 1m; tests shorten it). */
  resendDelay?: string;
  prometheusBin?: string;
  alertmanagerBin?: string;
}

export interface LocalStack {
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  await mkdir(join(dataDir, 'prometheus'), { recursive: true });
  await mkdir(join(dataDir, 'alertmanager'), { recursive: true });
  const amPort = options.alertmanagerPort || (await freePort());
  const promPort = options.prometheusPort || (await freePort());
  const alertmanagerUrl = `http://127.0.0.1:${amPort}`;
  const prometheusUrl = `http://127.0.0.1:${promPort}`;

  const amConfig = join(dataDir, 'alertmanager.yml');
  await writeFile(
    amConfig,
    await alertmanagerConfigFor(deployPaths.alertmanagerConfig, deployPaths.alertmanagerDir, {
      secretsDir: resolve(options.secretsDir ?? join(deployPaths.alertmanagerDir, 'secrets')),
      ...(options.timeFactor ? { timeFactor: options.timeFactor } : {}),
      ...(options.timeFloorMs ? { timeFloorMs: options.timeFloorMs } : {}),
      ...(options.pagerdutyUrl ? { pagerdutyUrl: options.pagerdutyUrl } : {}),
    }),
  );
  const promConfig = join(dataDir, 'prometheus.yml');
  await writeFile(
    promConfig,
    await prometheusConfigFor(deployPaths.prometheusConfig, {
      alertmanager: `127.0.0.1:${amPort}`,
      ruleFiles: (options.ruleFiles ?? [join(deployPaths.rulesDir, '*.rules.yml')]).map((f) => resolve(f)),
      ...(options.exporter ? { exporter: options.exporter } : {}),
      ...(options.instance ? { instance: options.instance } : {}),
      ...(options.fleetDir ? { fleetDir: resolve(options.fleetDir) } : {}),
      ...(options.probeExporter ? { probeExporter: options.probeExporter } : {}),
      ...(options.scrapeInterval ? { scrapeInterval: options.scrapeInterval } : {}),
      ...(options.evaluationInterval ? { evaluationInterval: options.evaluationInterval } : {}),
    }),
  );

  const alertmanager = await startServer({
    name: 'alertmanager',
    bin: options.alertmanagerBin ?? 'prometheus-alertmanager',
    args: [
      `--config.file=${amConfig}`,
      `--storage.path=${join(dataDir, 'alertmanager')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      `--web.external-url=${alertmanagerUrl}`,
      // Without this Alertmanager gossips on 0.0.0.0:9094.
      '--cluster.listen-address=',
    ],
    url: alertmanagerUrl,
    logFile: join(dataDir, 'alertmanager.log'),
  });
  let prometheus: ServerProcess;
  try {
    prometheus = await startServer({
      name: 'prometheus',
      bin: options.prometheusBin ?? 'prometheus',
      args: [
        `--config.file=${promConfig}`,
        `--storage.tsdb.path=${join(dataDir, 'prometheus')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        `--web.external-url=${prometheusUrl}`,
        ...(options.resendDelay ? [`--rules.alert.resend-delay=${options.resendDelay}`] : []),
      ],
      url: prometheusUrl,
      logFile: join(dataDir, 'prometheus.log'),
    });
  } catch (err) {
    await alertmanager.stop();
    throw err;
  }

  return {
    prometheusUrl,
    alertmanagerUrl,
    dataDir,
    async stop() {
      await prometheus.stop();
      await alertmanager.stop();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      exporter: { type: 'string', default: '127.0.0.1:9091' },
      instance: { type: 'string' },
      'fleet-dir': { type: 'string' },
      'prometheus-port': { type: 'string', default: '9090' },
      'alertmanager-port': { type: 'string', default: '9093' },
      'data-dir': { type: 'string', default: '.tmp/stack' },
      'secrets-dir': { type: 'string' },
    },
  });
  const stack = await startLocalStack({
    dataDir: values['data-dir'],
    exporter: values.exporter,
    ...(values.instance ? { instance: values.instance } : {}),
    ...(values['fleet-dir'] ? { fleetDir: values['fleet-dir'] } : {}),
    ...(values['secrets-dir'] ? { secretsDir: values['secrets-dir'] } : {}),
    prometheusPort: Number(values['prometheus-port']),
    alertmanagerPort: Number(values['alertmanager-port']),
  });
  console.log(`Prometheus:   ${stack.prometheusUrl}  (alerts: ${stack.prometheusUrl}/alerts)`);
  console.log(`Alertmanager: ${stack.alertmanagerUrl}`);
  console.log(`Configs, data and logs in ${stack.dataDir}. Ctrl-C stops both.`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await stack.stop();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
