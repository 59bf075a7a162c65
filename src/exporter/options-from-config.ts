import type { Config } from '../config/schema.js';
import { expandHome, pipelineOptionsFromConfig } from '../logs/config.js';
import type { LogSource } from '../logs/event.js';
import type { LogSourceSpec } from '../logs/pipeline.js';
import type { TargetConfig } from '../target/types.js';
import type { StartExporterOptions } from './start.js';

/**
 * startExporter's options from a validated config file. `fallbackTarget` serves when the file lists
 * no targets (the command-line flags' target).
 *
 * Log files: `exporter.log_sources` names them per target. Without it, the `logs:` section's sources
 * (the files the log pipeline ships) feed the metrics target, so one list serves both.
 */
export function exporterOptionsFromConfig(
  config: Config,
  fallbackTarget: () => TargetConfig,
): StartExporterOptions {
  const section = config.exporter;
  const targets = config.targets.length > 0 ? config.targets : [fallbackTarget()];
  const metricsTarget = section?.metricsTarget ?? targets[0]?.name;
  let logSources: Record<string, readonly LogSourceSpec[]> = Object.fromEntries(
    Object.entries(section?.logSources ?? {}).map(([target, files]) => [
      target,
      Object.entries(files).map(([source, path]) => ({
        source: source as LogSource,
        path: expandHome(path),
      })),
    ]),
  );
  const shipped = config.logs ? pipelineOptionsFromConfig(config.logs).sources : [];
  if (Object.keys(logSources).length === 0 && shipped.length > 0 && metricsTarget !== undefined) {
    logSources = { [metricsTarget]: shipped };
  }
  return {
    listen: section?.listen,
    targets,
    metricsTarget,
    scrapeTimeoutOffsetMs: section?.scrapeTimeoutOffsetMs,
    web: section?.web,
    logSources,
    logTimezone: section?.logTimezone ?? config.logs?.timezone,
  };
}
