import { describe, expect, it } from 'vitest';
import { targetSchema } from '../../src/target/config.js';

describe('targetSchema', () => {
  it('turns a config file entry into a TargetConfig with defaults', () => {
    expect(targetSchema.parse({ name: 'rig-1', url: 'http://127.0.0.1:8080/' })).toEqual({
      name: 'rig-1',
      url: 'http://127.0.0.1:8080',
      performancePath: '/performance',
      statusPath: '/status',
      token: { kind: 'file', path: 'jwt_token.txt' },
      connectTimeoutMs: 2000,
      responseTimeoutMs: 5000,
      maxBodyBytes: 1024 * 1024,
      minIntervalMs: 1000,
      tls: undefined,
      process: undefined,
      telemetryUrl: undefined,
      labels: {},
    });
  });

  it('reads durations, token sources, TLS and process options', () => {
    const t = targetSchema.parse({
      name: 'rig-2',
      url: 'https://game.example:9443',
      token: { env: 'GAME_TOKEN' },
      connect_timeout: '500ms',
      response_timeout: '2s',
      min_interval: 5,
      tls: { ca_file: '/etc/ca.pem', insecure: false },
      process: { name: 'SpaceTime' },
    });
    expect(t).toMatchObject({
      token: { kind: 'env', name: 'GAME_TOKEN' },
      connectTimeoutMs: 500,
      responseTimeoutMs: 2000,
      minIntervalMs: 5000,
      tls: { caFile: '/etc/ca.pem', insecure: false },
      process: { name: 'SpaceTime' },
    });
    expect(targetSchema.parse({ name: 'dev', url: 'http://x', token: { from_status: true } }).token).toEqual({
      kind: 'status',
    });
    expect(targetSchema.parse({ name: 'open', url: 'http://x', token: 'none' }).token).toEqual({
      kind: 'none',
    });
  });

  it.each([
    [{ name: 'a b', url: 'http://x' }, 'name'],
    [{ name: 'a', url: 'ftp://x' }, 'url'],
    [{ name: 'a', url: 'http://x', performance_path: 'performance' }, 'performance_path'],
    [{ name: 'a', url: 'http://x', connect_timeout: 'soon' }, 'connect_timeout'],
    [{ name: 'a', url: 'http://x', tokn: 'x' }, ''],
  ])('rejects %j at %s', (entry, key) => {
    const result = targetSchema.safeParse(entry);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(key);
  });
});
