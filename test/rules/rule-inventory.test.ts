import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployPaths } from '../../scripts/stack/paths.js';
import { describeMetrics } from '../../src/exporter/index.js';
import { metricNamesIn } from '../../scripts/stack/promql-metrics.js';
import { allRules, readRuleFile } from '../../scripts/stack/rule-file.js';
import { DESIGN_METRICS, DESIGN_RULES } from '../support/design.js';

const rules = allRules(await readRuleFile(deployPaths.ruleFile));
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const HUMANIZED = /\{\{ \$value \| humanize(1024|Percentage|Duration)? \}\}/;

describe('the shipped rule file', () => {
  it.each(Object.keys(DESIGN_RULES))('defines %s exactly once', (name) => {
    expect(rules.filter((r) => r.alert === name)).toHaveLength(1);
  });

  it('has no alert name twice, extras included', () => {
    const names = rules.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(rules.map((r) => [r.alert, r] as const))(
    '%s has the labels and annotations routing relies on',
    (name, rule) => {
      const expected = DESIGN_RULES[name];
      if (expected) expect(rule.labels?.severity).toBe(expected);
      expect(SEVERITIES).toContain(rule.labels?.severity);
      expect(rule.labels?.service).toBe('spacetime-vr');
      expect(rule.labels?.concern).toMatch(/^[a-z]+$/);
      // absent() has no instance to name.
      if (name !== 'SpaceTimeExporterMissing') {
        expect(rule.annotations?.summary).toContain('{{ $labels.instance }}');
      }
      expect(rule.annotations?.runbook_url).toMatch(new RegExp(`/docs/runbooks/${name}\\.md$`));
      // A rule over a value shows it; APIDown, VR and scrape rules are about a state, not a value.
      if (!/APIDown|VRHeadset|ScrapeFailures|AuthRefused|ExporterMissing/.test(name)) {
        expect(rule.annotations?.description).toMatch(HUMANIZED);
      }
    },
  );

  it.each(rules.map((r) => [r.alert, r] as const))(
    '%s has a runbook that quotes its expression',
    (name, rule) => {
      const path = join(deployPaths.runbooksDir, `${name}.md`);
      expect(existsSync(path), path).toBe(true);
      const text = readFileSync(path, 'utf8');
      expect(text).toContain(rule.expr.trim());
      for (const section of ['## What it means', '## Metric', '## What to check', '## How to silence']) {
        expect(text).toContain(section);
      }
      expect(text).toContain(`amtool silence add alertname=${name}`);
    },
  );

  it('reads only metrics the exporter produces (its collectors, as `describeMetrics()` lists them)', async () => {
    const exported = new Set((await describeMetrics()).map((m) => m.name));
    // Prometheus' own `up` is the only metric not from the exporter.
    exported.add('up');
    const unknown = rules.flatMap((r) =>
      metricNamesIn(r.expr, exported)
        .filter((m) => !exported.has(m))
        .map((m) => `${r.alert}: ${m}`),
    );
    expect(unknown).toEqual([]);
  });

  it('reads only metrics of the DESIGN.md table', () => {
    const families = new Set(DESIGN_METRICS);
    const unknown = rules.flatMap((r) =>
      metricNamesIn(r.expr, families)
        .filter((m) => !families.has(m))
        .map((m) => `${r.alert}: ${m}`),
    );
    expect(unknown).toEqual([]);
  });
});
