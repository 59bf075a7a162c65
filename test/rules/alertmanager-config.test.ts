import { describe, expect, it } from 'vitest';
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
