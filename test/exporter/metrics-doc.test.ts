import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeMetrics, renderMetricsMarkdown } from '../../src/exporter/metrics-doc.js';
import { projectRoot } from '../support/cli.js';
import { DESIGN_METRIC_TYPES } from '../support/design.js';

const docsFile = join(projectRoot, 'docs/metrics.md');

describe('docs/metrics.md', () => {
  it('is what the code exposes (regenerate with UPDATE_METRICS_DOCS=1)', async () => {
    const rendered = await renderMetricsMarkdown();
    if (process.env.UPDATE_METRICS_DOCS === '1') await writeFile(docsFile, rendered);
    expect(await readFile(docsFile, 'utf8')).toBe(rendered);
  });

  it('lists every metric of the DESIGN table with its type', async () => {
    const types = new Map((await describeMetrics()).map((m) => [m.name, m.type]));
    const table: Record<string, string> = {
      ...DESIGN_METRIC_TYPES,
      spacetime_field_available: 'gauge',
      spacetime_probe_errors_total: 'counter',
    };
    for (const [name, type] of Object.entries(table)) expect(types.get(name), name).toBe(type);
  });
});
