import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/checks/index.js';
import { memoryReading } from '../../src/checks/high-memory.js';
import type { CheckContext } from '../../src/checks/types.js';
import { bannerLines, checkLines } from '../../src/health/console.js';
import { DEFAULT_THRESHOLDS } from '../../src/health/defaults.js';
import type { CheckReport } from '../../src/health/target-runner.js';
import { verdictOf } from '../../src/health/verdict.js';
import type { PollResult } from '../../src/target/types.js';

const MB = 1024 * 1024;

function report(poll: PollResult, number = 1): CheckReport {
  const ctx: CheckContext = {
    target: 'local',
    now: poll.at,
    thresholds: DEFAULT_THRESHOLDS,
    history: [],
    processConfigured: false,
  };
  const results = runChecks(poll, ctx).filter((r) => r.check !== 'TOKEN_EXPIRING');
  return {
    target: 'local',
    number,
    poll,
    fresh: true,
    results,
    verdict: verdictOf(results),
    transitions: [],
    memory: poll.ok ? memoryReading(poll, ctx) : undefined,
  };
}

const healthy: PollResult = {
  ok: true,
  at: 1_800_000_000_000,
  durationSeconds: 0.045,
  statusCode: 200,
  sample: {
    shape: 'godot',
    timestampSeconds: 1_800_000_000,
    engine: { fps: 90 },
    memory: { staticBytes: 842.3 * MB },
    cache: {},
    security: {},
    unknown: {},
  },
};

describe('console lines', () => {
  it('prints the original banner', () => {
    expect(
      bannerLines({
        apiUrl: 'http://localhost:8080',
        healthEndpoint: '/performance',
        intervalMs: 30_000,
        targets: 1,
      }),
    ).toEqual([
      '[INFO] SpaceTime VR Health Monitor Started',
      '[INFO] API URL: http://localhost:8080',
      '[INFO] Health Endpoint: /performance',
      '[INFO] Poll Interval: 30s',
    ]);
  });

  it('prints the original check lines for a healthy sample', () => {
    expect(checkLines(report(healthy, 3), { checks: 1, successes: 1, uptimeSeconds: 30.4 }, '')).toEqual([
      '[Check #3] Starting health check...',
      '[Check #3] Response time: 0.045s',
      '[Check #3] Memory: 842.3MB',
      '[Check #3] FPS: 90.0',
      '[Check #3] HEALTHY | Uptime: 30s | Success Rate: 100.0%',
    ]);
  });

  it('names the failure kind when the game is down', () => {
    const down: PollResult = {
      ok: false,
      at: 1,
      durationSeconds: 0.001,
      failure: { kind: 'connection_refused', message: 'local: connection refused by 127.0.0.1:8080' },
    };
    const lines = checkLines(report(down, 2), { checks: 2, successes: 1, uptimeSeconds: 60 }, '');
    expect(lines).toContain('[Check #2] DOWN (connection_refused) | Uptime: 60s | Success Rate: 50.0%');
    expect(lines.join('\n')).toMatch(/\[CRITICAL\] API_DOWN: local: API down \(connection_refused\)/);
  });

  it('says memory is unknown rather than 0 MB for a release build', () => {
    const release: PollResult = {
      ...healthy,
      sample: { ...(healthy as Extract<PollResult, { ok: true }>).sample, memory: { staticBytes: 0 } },
    };
    const lines = checkLines(report(release), { checks: 1, successes: 1, uptimeSeconds: 1 }, '');
    expect(lines[2]).toMatch(/^\[Check #1\] Memory: unknown \(static memory reads 0/);
  });
});
