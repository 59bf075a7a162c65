import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { pipelineOptionsFromConfig } from '../../src/logs/config.js';

describe('logs: config section', () => {
  it('reads sources, durations and defaults, and expands ~ in paths', () => {
    const config = parseConfig(
      [
        'logs:',
        '  sources:',
        '    - { source: console, path: logs/godot_console.log }',
        '    - { source: audit, path: ~/.local/share/godot/app_userdata/SpaceTime/http_api_audit.log }',
        '  out_dir: monitoring/logs',
        '  timezone: Europe/Berlin',
        '  poll_interval: 250ms',
      ].join('\n'),
      'test.yml',
    );
    const options = pipelineOptionsFromConfig(config.logs!);
    expect(options).toMatchObject({
      sources: [
        { source: 'console', path: 'logs/godot_console.log' },
        {
          source: 'audit',
          path: `${homedir()}/.local/share/godot/app_userdata/SpaceTime/http_api_audit.log`,
        },
      ],
      outDir: 'monitoring/logs',
      timezone: 'Europe/Berlin',
      pollIntervalMs: 250,
      multilineTimeoutMs: 2000,
      retentionDays: 7,
      startAt: 'beginning',
    });
  });

  it('names the key and line of a bad time zone, source kind or unknown key', () => {
    const text = [
      'logs:',
      '  sources:',
      '    - { source: consol, path: x.log }',
      '  timezone: Mars/Olympus',
      '  retension_days: 3',
    ].join('\n');
    let error: ConfigError | undefined;
    try {
      parseConfig(text, 'bad.yml');
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const byPath = Object.fromEntries(error!.problems.map((p) => [p.path, p]));
    expect(byPath['logs.sources[0].source']?.line).toBe(3);
    expect(byPath['logs.timezone']).toMatchObject({
      line: 4,
      message: expect.stringMatching(/unknown time zone/),
    });
    expect(byPath['logs.retension_days']).toMatchObject({ line: 5, message: 'unknown key "retension_days"' });
  });
});
