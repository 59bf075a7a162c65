import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { configErrorOf } from '../support/config-error.js';
import { parseDurationMs } from '../../src/config/duration.js';

describe('config loading', () => {
  it('applies target defaults and converts durations', () => {
    const cfg = parseConfig(
      'targets:\n  - name: local\n    url: http://127.0.0.1:8080/\n    response_timeout: 750ms\n',
      't.yml',
    );
    expect(cfg.targets[0]).toMatchObject({
      name: 'local',
      url: 'http://127.0.0.1:8080',
      performancePath: '/performance',
      responseTimeoutMs: 750,
      connectTimeoutMs: 2000,
      token: { kind: 'file', path: 'jwt_token.txt' },
    });
  });

  it('names the unknown key and its line', () => {
    const msg = configErrorOf('targets:\n  - name: a\n    url: http://x:1\n    respnse_timeout: 2s\n');
    expect(msg).toContain('targets[0].respnse_timeout (line 4): unknown key "respnse_timeout"');
  });

  it('points an unknown key with a nested map at the key, not its value', () => {
    const msg = configErrorOf('targets:\n  - name: a\n    url: http://x:1\n    tsl:\n      insecure: true\n');
    expect(msg).toContain('targets[0].tsl (line 4): unknown key "tsl"');
  });

  it('names a wrong-typed value and its line', () => {
    const msg = configErrorOf('targets:\n  - name: a\n    url: http://x:1\n    max_body_bytes: lots\n');
    expect(msg).toMatch(/targets\[0\]\.max_body_bytes \(line 4\)/);
  });

  it('expands ${ENV} and ${ENV:-default}, and names a missing variable', () => {
    const cfg = parseConfig(
      'targets:\n  - name: a\n    url: ${GAME_URL}\n    token: { env: "${TOKVAR:-GAME_TOKEN}" }\n',
      't',
      {
        GAME_URL: 'http://127.0.0.1:9',
      },
    );
    expect(cfg.targets[0]?.url).toBe('http://127.0.0.1:9');
    expect(cfg.targets[0]?.token).toEqual({ kind: 'env', name: 'GAME_TOKEN' });
    expect(configErrorOf('targets:\n  - name: a\n    url: ${NOPE}\n')).toContain(
      'targets[0].url (line 3): environment variable NOPE is not set',
    );
  });

  it('reports YAML syntax errors with a line', () => {
    expect(configErrorOf('targets:\n  - name: [a\n')).toMatch(/line \d+/);
  });

  it('refuses credentials in a target URL, without echoing them', () => {
    const msg = configErrorOf('targets:\n  - name: a\n    url: http://admin:hunter2@127.0.0.1:8080\n');
    expect(msg).toContain('targets[0].url (line 3): no user:password@ in the URL');
    expect(msg).not.toContain('hunter2');
  });

  it('rejects duplicate target names', () => {
    expect(
      configErrorOf('targets:\n  - {name: a, url: "http://x:1"}\n  - {name: a, url: "http://x:2"}\n'),
    ).toContain('duplicate target name "a"');
  });

  it('parses durations', () => {
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs(2.5)).toBe(2500);
    expect(() => parseDurationMs('5 minutes')).toThrow(/invalid duration/);
  });
});
