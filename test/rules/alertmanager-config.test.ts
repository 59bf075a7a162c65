import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deployPaths } from '../../scripts/stack/paths.js';
import { debianBinary } from '../support/binaries.js';
import { runTool } from './support/run-tool.js';

const amtool = debianBinary('amtool', 'prometheus-alertmanager');

// What each severity must reach: the receiver name, and (by name) what sits behind it.
const ROUTES: [labels: string[], receiver: string][] = [
  [['severity=critical', 'alertname=SpaceTimeLowFPS', 'instance=game-1'], 'spacetime-critical'],
  [['severity=high', 'alertname=SpaceTimeFPSBelowTarget', 'instance=game-1'], 'spacetime-high'],
  [['severity=medium', 'alertname=SpaceTimeHighCPU', 'instance=game-1'], 'spacetime-medium'],
  [['severity=low', 'alertname=SpaceTimeMemoryGrowing', 'instance=game-1'], 'spacetime-low'],
  [['severity=info', 'alertname=SpaceTimeServiceRestarted', 'instance=game-1'], 'spacetime-low'],
  // An alert without a known severity still reaches a human.
  [['alertname=SomethingElse'], 'spacetime-medium'],
];

describe.skipIf(!amtool)('shipped Alertmanager configuration under amtool', () => {
  const bin = amtool ?? 'amtool';

  it('amtool check-config accepts alertmanager.yml and its templates', async () => {
    const result = await runTool(bin, ['check-config', deployPaths.alertmanagerConfig]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('1 templates');
    expect(result.output).not.toMatch(/FAILED/);
  });

  it.each(ROUTES)('routes %j to %s', async (labels, receiver) => {
    const result = await runTool(bin, [
      'config',
      'routes',
      'test',
      `--config.file=${deployPaths.alertmanagerConfig}`,
      `--verify.receivers=${receiver}`,
      ...labels,
    ]);
    expect(result.code, result.output).toBe(0);
    expect(result.output.trim().split('\n')[0]).toBe(receiver);
  });
});

interface Receiver {
  name: string;
  slack_configs?: Record<string, unknown>[];
  pagerduty_configs?: Record<string, unknown>[];
}

describe('shipped Alertmanager receivers', () => {
  const config = parse(readFileSync(deployPaths.alertmanagerConfig, 'utf8')) as { receivers: Receiver[] };
  const byName = new Map(config.receivers.map((r) => [r.name, r]));

  it.each([
    ['spacetime-critical', ['pagerduty', 'slack']],
    ['spacetime-high', ['pagerduty', 'slack']],
    ['spacetime-medium', ['slack']],
    ['spacetime-low', ['slack']],
  ])('%s notifies %j', (name, kinds) => {
    const receiver = byName.get(name);
    expect(Boolean(receiver?.pagerduty_configs?.length)).toBe(kinds.includes('pagerduty'));
    expect(Boolean(receiver?.slack_configs?.length)).toBe(kinds.includes('slack'));
  });

  it('sends resolutions everywhere and reads every secret from a file', () => {
    for (const receiver of config.receivers) {
      for (const c of [...(receiver.slack_configs ?? []), ...(receiver.pagerduty_configs ?? [])]) {
        expect(c.send_resolved, receiver.name).toBe(true);
        for (const inline of ['api_url', 'routing_key', 'service_key', 'webhook_url', 'url']) {
          expect(c[inline], `${receiver.name}.${inline}`).toBeUndefined();
        }
        expect(String(c.api_url_file ?? c.routing_key_file)).toMatch(/^secrets\//);
      }
    }
  });
});
