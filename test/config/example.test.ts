import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load.js';
import { runCli } from '../support/cli.js';

describe('the shipped example config', () => {
  it('passes the same loader the commands use, every section included', async () => {
    const config = await loadConfigFile('deploy/spacetime-monitor.example.yml', {});
    expect(config.targets.map((t) => t.name)).toEqual(['game-01', 'game-02']);
    expect(config.targets[0]).toMatchObject({
      url: 'http://127.0.0.1:8080',
      minIntervalMs: 1000,
      responseTimeoutMs: 5000,
    });
    expect(Object.keys(config).sort()).toEqual(['alerting', 'exporter', 'health', 'logs', 'targets']);
  });

  it('check-config says OK for it, and names key and line for a broken copy', async () => {
    const ok = await runCli(['check-config', 'deploy/spacetime-monitor.example.yml']);
    expect(ok.stdout).toBe('deploy/spacetime-monitor.example.yml: OK (2 targets)\n');
    expect(ok.code).toBe(0);
    const bad = await runCli(['check-config', 'test/fixtures/config/bad.yml']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('targets[0].respnse_timeout (line 4): unknown key "respnse_timeout"');
    expect(bad.stderr).toContain(
      'targets[0].url (line 3): environment variable SPACETIME_TEST_UNSET_URL is not set',
    );
  });
});
