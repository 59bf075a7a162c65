import { Registry } from 'prom-client';
import { targetFromFlags } from '../target/from-flags.js';
import type { TelemetryClient } from '../target/telemetry-client.js';
import { createSelfMetrics, SELF_PREFIX } from './collectors/self.js';
import { LogCounters } from '../logs/counters.js';
import { COLLECTOR_FACTORIES, type TargetSources } from './target-collectors.js';

export interface MetricDoc {
  name: string;
  type: string;
  labels: string[];
  help: string;
  source: string;
}

/** Sources that exist but hold nothing: building collectors reads nothing, it only registers metrics. */
const IDLE_SOURCES: TargetSources = {
  readProcessStats: async () => undefined,
  telemetry: {
    connected: false,
    disconnects: 0,
    messages: { frame: 0, snapshot: 0, event: 0, alert: 0 },
    malformed: 0,
    lastFrame: undefined,
    stop: async () => undefined,
  } satisfies TelemetryClient,
  logs: new LogCounters(),
};

function describeRegistry(registry: Registry, source: string): MetricDoc[] {
  return registry.getMetricsAsArray().map((metric) => {
    const labels = (metric as unknown as { labelNames?: readonly string[] }).labelNames ?? [];
    return { name: metric.name, help: metric.help, type: String(metric.type), labels: [...labels], source };
  });
}

/** Every metric the exporter can expose, read from the collectors themselves. */
export async function describeMetrics(): Promise<MetricDoc[]> {
  const config = targetFromFlags({
    apiUrl: 'http://127.0.0.1:8080',
    healthEndpoint: '/performance',
    jwtToken: 'jwt_token.txt',
    name: 'docs',
  });
  const docs: MetricDoc[] = [];
  for (const factory of COLLECTOR_FACTORIES) {
    const registry = new Registry();
    factory.make({ registry, targetName: 'docs' }, config, IDLE_SOURCES);
    docs.push(...describeRegistry(registry, factory.source));
  }
  docs.push(
    ...(await describeRegistry(createSelfMetrics({ defaultMetrics: false }).registry, 'the exporter itself')),
  );
  return docs;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** docs/metrics.md: generated, so it cannot drift from the code (a test compares them). */
export async function renderMetricsMarkdown(): Promise<string> {
  const rows = (await describeMetrics()).map(
    (m) =>
      `| \`${m.name}\` | ${m.type} | ${m.labels.map((l) => `\`${l}\``).join(', ')} | ${cell(m.source)} | ${cell(m.help)} |`,
  );
  return [
    '# Metrics of `spacetime-monitor exporter`',
    '',
    '<!-- Generated from src/exporter by renderMetricsMarkdown(); do not edit by hand.',
    '     Regenerate: UPDATE_METRICS_DOCS=1 npx vitest run test/exporter/metrics-doc.test.ts -->',
    '',
    'Every game metric carries a `target` label (the target name from the config). A value the game',
    'did not send is absent, and `spacetime_field_available{field}` says 0 for it: no fake zeros.',
    'When a poll fails, `spacetime_up` is 0 and every per-field series is removed.',
    'Metrics of a source that is not configured (telemetry, logs, process) are absent.',
    '',
    '| Metric | Type | Labels | Source | Meaning |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Plus the exporter's own process and Node.js metrics (prom-client defaults) prefixed \`${SELF_PREFIX}\`,`,
    'for example `spacetime_exporter_process_cpu_seconds_total`.',
    '',
  ].join('\n');
}
