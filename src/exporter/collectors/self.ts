import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const SELF_PREFIX = 'spacetime_exporter_';

const LINT_FAILING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** The exporter's own health: its process, how long scrapes take, how many polls and errors. */
export interface SelfMetrics {
  registry: Registry;
  scrapeDuration: Histogram<'endpoint'>;
  polls: Counter<'target' | 'outcome'>;
  errors: Counter<'target' | 'source'>;
}

export function createSelfMetrics(options: { defaultMetrics?: boolean } = {}): SelfMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) {
    collectDefaultMetrics({ register: registry, prefix: SELF_PREFIX });
    // These gauges end in _total, which promtool rejects; the per-type gauges beside them
    // (nodejs_active_handles{type}, ...) carry the same numbers.
    for (const name of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(`${SELF_PREFIX}${name}`);
  }
  const registers = [registry];
  return {
    registry,
    scrapeDuration: new Histogram({
      name: `${SELF_PREFIX}scrape_duration_seconds`,
      help: 'Time the exporter took to answer a scrape, by endpoint (metrics or probe).',
      labelNames: ['endpoint'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    polls: new Counter({
      name: `${SELF_PREFIX}polls_total`,
      help: 'Polls of the game the exporter saw complete (shared by all scrapers), by target and outcome (ok, error).',
      labelNames: ['target', 'outcome'],
      registers,
    }),
    errors: new Counter({
      name: `${SELF_PREFIX}errors_total`,
      help: 'Collector failures inside the exporter (not the game failing), by target and source.',
      labelNames: ['target', 'source'],
      registers,
    }),
  };
}
