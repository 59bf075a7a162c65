import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';

export interface PrometheusRunConfig {
  /** Address (host:port) of Alertmanager. */
  alertmanager: string;
  ruleFiles: string[];
  /** Exporter address for the single-target `spacetime` job; the job is dropped when absent. */
  exporter?: string;
  /** `instance` label of the single-target job. */
  instance?: string;
  /** Directory of file_sd *.yml files for the `spacetime-probe` job; the job is dropped when absent. */
  fleetDir?: string;
  /** Exporter address behind /probe (defaults to `exporter`). */
  probeExporter?: string;
  scrapeInterval?: string;
  evaluationInterval?: string;
  /** VictoriaMetrics (host:port) to remote_write into; without it the shipped block is dropped. */
  remoteWrite?: string;
}

interface ScrapeJob {
  job_name: string;
  static_configs?: { targets: string[]; labels?: Record<string, string> }[];
  file_sd_configs?: { files: string[] }[];
  relabel_configs?: { target_label?: string; replacement?: string }[];
  scrape_timeout?: string;
}

interface PrometheusConfig {
  global?: Record<string, unknown>;
  rule_files?: string[];
  alerting?: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs?: ScrapeJob[];
  remote_write?: { url: string }[];
}

/**
 * The shipped prometheus.yml with this run's addresses, rule files and intervals put in. Only
 * those keys change, so what runs is what ships.
 */
export async function prometheusConfigFor(shippedPath: string, run: PrometheusRunConfig): Promise<string> {
  const config = parse(await readFile(shippedPath, 'utf8')) as PrometheusConfig;
  config.global = { ...config.global };
  if (run.scrapeInterval) {
    config.global.scrape_interval = run.scrapeInterval;
    // A scrape may not outlast its interval; Prometheus' 10s default would reject a 1s interval.
    config.global.scrape_timeout = run.scrapeInterval;
  }
  if (run.evaluationInterval) config.global.evaluation_interval = run.evaluationInterval;
  config.rule_files = run.ruleFiles;
  config.alerting = { alertmanagers: [{ static_configs: [{ targets: [run.alertmanager] }] }] };

  const jobs: ScrapeJob[] = [];
  for (const job of config.scrape_configs ?? []) {
    if (job.job_name === 'spacetime') {
      if (!run.exporter) continue;
      const labels = {
        ...job.static_configs?.[0]?.labels,
        ...(run.instance ? { instance: run.instance } : {}),
      };
      jobs.push({ ...job, static_configs: [{ targets: [run.exporter], labels }] });
    } else if (job.job_name === 'spacetime-probe') {
      const probeExporter = run.probeExporter ?? run.exporter;
      if (!run.fleetDir || !probeExporter) continue;
      jobs.push({
        ...job,
        file_sd_configs: [{ files: [`${run.fleetDir}/*.yml`] }],
        relabel_configs: (job.relabel_configs ?? []).map((r) =>
          r.target_label === '__address__' ? { ...r, replacement: probeExporter } : r,
        ),
      });
    } else {
      jobs.push(job);
    }
  }
  config.scrape_configs = jobs;
  // The shipped file writes to the VictoriaMetrics the full stack runs on :8428; a run without one
  // (or on other ports) must not write into whatever else listens there.
  if (run.remoteWrite) {
    const url = `http://${run.remoteWrite}/api/v1/write`;
    config.remote_write = (config.remote_write ?? [{ url }]).map((w) => ({ ...w, url }));
  } else {
    delete config.remote_write;
  }
  return stringify(config);
}
