import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET } from '../../src/target/config.js';
import { targetFromFlags } from '../../src/target/from-flags.js';

describe('targetFromFlags', () => {
  it('builds a target from the health monitor flags with the defaults', () => {
    expect(
      targetFromFlags({
        apiUrl: 'http://localhost:8080/',
        healthEndpoint: '/performance',
        jwtToken: 'jwt_token.txt',
      }),
    ).toEqual({
      name: 'localhost:8080',
      url: 'http://localhost:8080',
      performancePath: '/performance',
      statusPath: '/status',
      token: { kind: 'file', path: 'jwt_token.txt' },
      connectTimeoutMs: DEFAULT_TARGET.connectTimeoutMs,
      responseTimeoutMs: DEFAULT_TARGET.responseTimeoutMs,
      maxBodyBytes: 1024 * 1024,
      minIntervalMs: DEFAULT_TARGET.minIntervalMs,
      labels: {},
    });
  });

  it('reads env:NAME as an environment variable source, keeps a path prefix and a given name', () => {
    const t = targetFromFlags({
      apiUrl: 'https://game.example:9443/api',
      healthEndpoint: 'perf',
      jwtToken: 'env:SPACETIME_TOKEN',
      name: 'rig-3',
    });
    expect(t).toMatchObject({
      name: 'rig-3',
      url: 'https://game.example:9443/api',
      performancePath: '/perf',
      token: { kind: 'env', name: 'SPACETIME_TOKEN' },
    });
  });

  it.each([
    [{ apiUrl: 'localhost:8080' }, /--api-url/],
    [{ apiUrl: 'ftp://x' }, /--api-url.*http/],
    [{ apiUrl: 'http://u:p@x' }, /--api-url/],
    [{ jwtToken: 'env:1BAD' }, /--jwt-token/],
    [{ jwtToken: ' ' }, /--jwt-token/],
    [{ healthEndpoint: '' }, /--health-endpoint/],
    [{ name: 'has space' }, /target name/],
  ])('rejects %j with a message naming the flag', (override, message) => {
    const flags = {
      apiUrl: 'http://localhost:8080',
      healthEndpoint: '/performance',
      jwtToken: 'jwt_token.txt',
      ...override,
    };
    expect(() => targetFromFlags(flags)).toThrow(message);
  });
});
