import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deployPaths } from '../../scripts/stack/paths.js';
import { debianBinary } from '../support/binaries.js';
import { runTool } from './support/run-tool.js';

const promtool = debianBinary('promtool', 'prometheus');

describe.skipIf(!promtool)('shipped Prometheus files under promtool', () => {
  const bin = promtool ?? 'promtool';

  it('promtool check config accepts prometheus.yml and the rule files it loads', async () => {
    const result = await runTool(bin, ['check', 'config', deployPaths.prometheusConfig]);
    expect(result.output).toContain('SUCCESS');
    expect(result.code, result.output).toBe(0);
  });

  it('promtool check rules accepts the rule file', async () => {
    const result = await runTool(bin, ['check', 'rules', deployPaths.ruleFile]);
    expect(result.code, result.output).toBe(0);
  });

  it('promtool test rules passes every unit test file', { timeout: 60_000 }, async () => {
    const files = readdirSync(deployPaths.ruleTestsDir).filter((f) => f.endsWith('.test.yml'));
    expect(files.length).toBeGreaterThan(0);
    const result = await runTool(bin, ['test', 'rules', ...files], deployPaths.ruleTestsDir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain('FAILED');
  });
});
