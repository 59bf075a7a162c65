import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEvent } from '../../src/logs/event.js';
import { runLogPipelineOnce, type LogPipelineOptions, type LogSourceSpec } from '../../src/logs/pipeline.js';
import { waitFor } from '../support/wait.js';

/** A temp dir removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the pipeline once over the given sources and returns the events it produced. */
export async function parseOnce(
  sources: LogSourceSpec[],
  options: Partial<LogPipelineOptions> = {},
): Promise<{
  events: LogEvent[];
  stats: ReturnType<Awaited<ReturnType<typeof runLogPipelineOnce>>['counters']['snapshot']>;
}> {
  const events: LogEvent[] = [];
  const { counters } = await runLogPipelineOnce({
    sources,
    now: () => new Date('2026-01-01T00:00:00.000Z'),
    ...options,
    onEvent: (e) => events.push(e),
  });
  return { events, stats: counters.snapshot() };
}

/** The line filters and dataset of a Filebeat input, as deploy/filebeat/filebeat.yml writes them. */
export interface FilebeatLineFilters {
  include_lines?: string[];
  exclude_lines?: string[];
  fields?: Record<string, string>;
}

/**
 * The `event.dataset` of every input whose include/exclude filters take `record`, evaluated as
 * Filebeat does: the console is read by several inputs, and each event must go to exactly one.
 */
export function datasetsTaking(
  record: string,
  inputs: readonly FilebeatLineFilters[],
): (string | undefined)[] {
  return inputs
    .filter(
      (i) =>
        (i.include_lines ?? ['']).some((p) => new RegExp(p).test(record)) &&
        !(i.exclude_lines ?? []).some((p) => new RegExp(p).test(record)),
    )
    .map((i) => i.fields?.['event.dataset']);
}

/** Waits for an event of a pipeline test: it comes within a second or two; 10 s is for a loaded machine. */
export function until(cond: () => boolean, what: string): Promise<boolean> {
  return waitFor(cond, 10_000, what);
}
