import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { DEFAULT_THRESHOLDS } from '../../src/health/defaults.js';
import { startHealthMonitor } from '../../src/health/monitor.js';
import { applyThresholds, resolvePolicies } from '../../src/health/resolve-policy.js';

const yaml = `
targets:
  - name: a
    url: http://127.0.0.1:1
  - name: b
    url: http://127.0.0.1:2
health:
  interval: 500ms
  thresholds:
    fps: 80
    response_time: 150ms
  alerts:
    failure_threshold: 3
    cooldown: 1m
  checks:
    LOW_FPS:
      remind_every: 30m
  targets:
    b:
      thresholds:
        fps: 45
        memory_mb: 4096
      checks:
        LOW_FPS:
          enabled: false
`;

describe('health config', () => {
  it('parses the health section with per-target thresholds and per-check policies', () => {
    const cfg = parseConfig(yaml, 'fleet.yml');
    expect(cfg.health?.interval).toBe(500);
    const base = applyThresholds(DEFAULT_THRESHOLDS, cfg.health?.thresholds);
    expect(base).toMatchObject({ fps: 80, responseTimeSeconds: 0.15 });
    const b = applyThresholds(base, cfg.health?.targets?.b?.thresholds);
    expect(b).toMatchObject({ fps: 45, memoryBytes: 4096 * 1024 * 1024, responseTimeSeconds: 0.15 });

    const pa = resolvePolicies(cfg.health, 'a');
    expect(pa.LOW_FPS).toMatchObject({
      enabled: true,
      failureThreshold: 3,
      cooldownMs: 60_000,
      remindEveryMs: 1_800_000,
    });
    expect(pa.API_DOWN).toMatchObject({ failureThreshold: 3, successThreshold: 2, remindEveryMs: 0 });
    expect(resolvePolicies(cfg.health, 'b').LOW_FPS.enabled).toBe(false);
  });

  it('names an unknown check and its line', () => {
    try {
      parseConfig('health:\n  checks:\n    LOW_FSP:\n      enabled: false\n', 'h.yml');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/health\.checks\.LOW_FSP \(line 3\): unknown key/);
    }
  });

  it('names a bad threshold and its line', () => {
    expect(() => parseConfig('health:\n  thresholds:\n    fps: fast\n', 'h.yml')).toThrow(
      /health\.thresholds\.fps \(line 3\)/,
    );
  });

  it('refuses an interval of 0, which would check in an endless loop', () => {
    expect(() => parseConfig('health:\n  interval: 0s\n', 'h.yml')).toThrow(
      /health\.interval \(line 2\): must be longer than 0/,
    );
  });

  it('startHealthMonitor refuses an interval of 0 too', async () => {
    await expect(startHealthMonitor({ targets: [], intervalMs: 0 })).rejects.toThrow(/interval must be/);
  });

  it('startHealthMonitor refuses an interval too long for a timer, which would fire at once', async () => {
    await expect(startHealthMonitor({ targets: [], intervalMs: 1e12 })).rejects.toThrow(/interval must be/);
  });
});
