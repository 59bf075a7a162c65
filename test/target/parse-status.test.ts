import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStatus } from '../../src/target/parse-status.js';

const example = JSON.parse(
  readFileSync(new URL('../fixtures/contract/status.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('parseStatus', () => {
  it('reads the contract example: VR flags, api_version, environment, autoloads, token', () => {
    const parsed = parseStatus(example);
    expect(parsed).toEqual({
      ok: true,
      status: {
        status: 'healthy',
        httpApi: 'active',
        environment: 'development',
        apiVersion: '1.0.0',
        vrInitialized: true,
        vrMode: 1,
        autoloads: {
          HttpApiServer: 'loaded',
          ResonanceEngine: 'loaded',
          SceneLoadMonitor: 'loaded',
          ServiceDiscovery: 'missing',
          SettingsManager: 'loaded',
          TelemetryServer: 'loaded',
        },
        jwtToken: '<the current JWT>',
      },
    });
  });

  it('drops fields of the wrong type and keeps the rest', () => {
    const parsed = parseStatus({
      ...example,
      vr_initialized: 'yes',
      vr_mode: null,
      autoloads: { A: 'loaded', B: 3 },
    });
    expect(parsed.ok && parsed.status).toMatchObject({
      vrInitialized: undefined,
      vrMode: undefined,
      autoloads: { A: 'loaded' },
      apiVersion: '1.0.0',
    });
  });

  it('has no vr_mode while the game does not know it, and no token when none is handed out', () => {
    const { vr_mode: _m, jwt_token: _t, ...rest } = example;
    const parsed = parseStatus(rest);
    expect(parsed.ok && parsed.status.vrMode).toBeUndefined();
    expect(parsed.ok && 'jwtToken' in parsed.status).toBe(false);
  });

  it.each([null, [], 'healthy', 1])('rejects %j as a whole', (body) => {
    expect(parseStatus(body).ok).toBe(false);
  });
});
