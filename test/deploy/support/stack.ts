import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort, startProcess, waitHealthy, type Managed } from './processes.js';

/** A server of the test stack: its base URL, and stop() that also removes its temp data. */
export interface Server {
  readonly url: string;
  readonly process: Managed;
  stop(): Promise<void>;
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Debian's `victoria-metrics` on loopback with fresh storage; points are queryable after ~1 s. */
export async function startVictoriaMetrics(binary: string): Promise<Server> {
  const port = await freePort();
  const data = tempDir('vm-');
  const proc = startProcess('victoria-metrics', binary, [
    `-httpListenAddr=127.0.0.1:${port}`,
    `-storageDataPath=${data}`,
    '-retentionPeriod=1d',
    // The default 30 s offset hides fresh points from queries; tests look at the last seconds.
    '-search.latencyOffset=1s',
    '-loggerLevel=ERROR',
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await proc.stop();
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await waitHealthy(`${url}/health`, proc);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, process: proc, stop };
}

export interface ScrapeJob {
  job: string;
  /** host:port on loopback. */
  targets: string[];
  metricsPath?: string;
  /** Extra labels on every series of the job (e.g. a stable `instance`). */
  labels?: Record<string, string>;
  /** URL parameters of the scrape, e.g. { target: ['game-b'] } for the exporter's /probe. */
  params?: Record<string, string[]>;
}

export interface PrometheusOptions {
  jobs: ScrapeJob[];
  scrapeIntervalSeconds: number;
  remoteWriteUrl?: string;
  /** Absolute paths of rule files to load. */
  ruleFiles?: string[];
}

/** Debian's `prometheus` on loopback, scraping `jobs`, optionally remote_writing everything. */
export async function startPrometheus(binary: string, o: PrometheusOptions): Promise<Server> {
  const port = await freePort();
  const dir = tempDir('prom-');
  const interval = `${o.scrapeIntervalSeconds}s`;
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
    ...(o.ruleFiles?.length ? { rule_files: o.ruleFiles } : {}),
    scrape_configs: o.jobs.map((j) => ({
      job_name: j.job,
      metrics_path: j.metricsPath ?? '/metrics',
      ...(j.params ? { params: j.params } : {}),
      static_configs: [{ targets: j.targets, ...(j.labels ? { labels: j.labels } : {}) }],
    })),
    ...(o.remoteWriteUrl
      ? {
          remote_write: [
            // Small, frequent batches: the test waits for points, not for throughput.
            {
              url: o.remoteWriteUrl,
              queue_config: { batch_send_deadline: '1s', max_samples_per_send: 2000 },
            },
          ],
        }
      : {}),
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const proc = startProcess('prometheus', binary, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(`${url}/-/ready`, proc);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, process: proc, stop };
}
