import { describe, expect, it } from 'vitest';
import type { CheckResult, CheckStatus } from '../../src/checks/types.js';
import {
  DEFAULT_POLICY,
  initialMemory,
  step,
  type AlertMemory,
  type AlertPolicy,
  type StepOutcome,
} from '../../src/health/alert-state.js';

const MIN = 60_000;

/** One row: at minute `t`, the check says `status`; expect this notification (or none) and phase. */
interface Row {
  t: number;
  status: CheckStatus;
  notify?: StepOutcome['notify'];
  phase: AlertMemory['phase'];
  transition?: StepOutcome['transition'];
}

function result(status: CheckStatus): CheckResult {
  return { check: 'LOW_FPS', status, value: '41.0 FPS', threshold: '< 60 FPS', message: `fps ${status}` };
}

function walk(policy: AlertPolicy, rows: Row[], start: AlertMemory = initialMemory()): void {
  let memory = start;
  rows.forEach((row, i) => {
    const out = step(memory, result(row.status), policy, row.t * MIN);
    expect(
      { step: i, notify: out.notify, phase: out.memory.phase, transition: out.transition },
      `row ${i} (t=${row.t}m ${row.status})`,
    ).toEqual({ step: i, notify: row.notify, phase: row.phase, transition: row.transition });
    memory = out.memory;
  });
}

const policy = (p: Partial<AlertPolicy> = {}): AlertPolicy => ({ ...DEFAULT_POLICY, ...p });

describe('alert state per (target, check)', () => {
  it('fires after failureThreshold failures and resolves after successThreshold successes', () => {
    walk(policy({ failureThreshold: 2, successThreshold: 2 }), [
      { t: 0, status: 'ok', phase: 'ok' },
      { t: 1, status: 'critical', phase: 'ok' },
      { t: 2, status: 'critical', phase: 'firing', notify: 'firing', transition: 'fired' },
      { t: 3, status: 'critical', phase: 'firing' },
      { t: 4, status: 'ok', phase: 'firing' },
      { t: 5, status: 'critical', phase: 'firing' },
      { t: 6, status: 'ok', phase: 'firing' },
      { t: 7, status: 'ok', phase: 'ok', notify: 'resolved', transition: 'resolved' },
      { t: 8, status: 'ok', phase: 'ok' },
    ]);
  });

  it('a single failure below the threshold never fires (a restart blip)', () => {
    walk(policy({ failureThreshold: 2 }), [
      { t: 0, status: 'critical', phase: 'ok' },
      { t: 1, status: 'ok', phase: 'ok' },
      { t: 2, status: 'critical', phase: 'ok' },
      { t: 3, status: 'ok', phase: 'ok' },
    ]);
  });

  it('unknown neither fails nor heals', () => {
    walk(policy({ failureThreshold: 2, successThreshold: 1 }), [
      { t: 0, status: 'critical', phase: 'ok' },
      { t: 1, status: 'unknown', phase: 'ok' },
      { t: 2, status: 'critical', phase: 'firing', notify: 'firing', transition: 'fired' },
      { t: 3, status: 'unknown', phase: 'firing' },
      { t: 4, status: 'unknown', phase: 'firing' },
      { t: 5, status: 'ok', phase: 'ok', notify: 'resolved', transition: 'resolved' },
    ]);
  });

  it('holds a second incident inside the 5 minute cooldown and announces it when the cooldown ends', () => {
    walk(policy({ failureThreshold: 1, successThreshold: 1 }), [
      { t: 0, status: 'critical', phase: 'firing', notify: 'firing', transition: 'fired' },
      { t: 1, status: 'ok', phase: 'ok', notify: 'resolved', transition: 'resolved' },
      { t: 2, status: 'critical', phase: 'firing', transition: 'held-by-cooldown' },
      { t: 4, status: 'critical', phase: 'firing' },
      { t: 5, status: 'critical', phase: 'firing', notify: 'firing', transition: 'fired' },
      { t: 6, status: 'ok', phase: 'ok', notify: 'resolved', transition: 'resolved' },
    ]);
  });

  it('a flap inside the cooldown is neither announced nor resolved', () => {
    walk(policy({ failureThreshold: 1, successThreshold: 1 }), [
      { t: 0, status: 'critical', phase: 'firing', notify: 'firing', transition: 'fired' },
      { t: 1, status: 'ok', phase: 'ok', notify: 'resolved', transition: 'resolved' },
      { t: 2, status: 'critical', phase: 'firing', transition: 'held-by-cooldown' },
      { t: 3, status: 'ok', phase: 'ok', transition: 'flap-suppressed' },
      { t: 6, status: 'critical', phase: 'firing', notify: 'firing', transition: 'fired' },
    ]);
  });

  it('reminds while firing when asked to, and never more often than asked', () => {
    walk(policy({ failureThreshold: 1, successThreshold: 1, remindEveryMs: 10 * MIN }), [
      { t: 0, status: 'critical', phase: 'firing', notify: 'firing', transition: 'fired' },
      { t: 5, status: 'critical', phase: 'firing' },
      { t: 10, status: 'critical', phase: 'firing', notify: 'reminder' },
      { t: 15, status: 'critical', phase: 'firing' },
      { t: 20, status: 'critical', phase: 'firing', notify: 'reminder' },
      { t: 21, status: 'ok', phase: 'ok', notify: 'resolved', transition: 'resolved' },
    ]);
  });

  it('escalates warning to critical once, after the cooldown', () => {
    let m = initialMemory();
    const p = policy({ failureThreshold: 1, successThreshold: 1 });
    const seq: [number, CheckStatus][] = [
      [0, 'warning'],
      [1, 'critical'],
      [5, 'critical'],
      [6, 'critical'],
      [7, 'warning'],
    ];
    const sent: string[] = [];
    for (const [t, status] of seq) {
      const out = step(m, result(status), p, t * MIN);
      if (out.notify) sent.push(`${t}:${out.notify}:${out.memory.notifiedSeverity}`);
      m = out.memory;
    }
    expect(sent).toEqual(['0:firing:warning', '5:firing:critical']);
  });

  it('a restored firing memory sends no second firing, and still sends the resolve', () => {
    let m = initialMemory();
    const p = policy({ failureThreshold: 1, successThreshold: 1 });
    m = step(m, result('critical'), p, 0).memory;
    const restored = JSON.parse(JSON.stringify(m)) as AlertMemory;
    walk(
      p,
      [
        { t: 1, status: 'critical', phase: 'firing' },
        { t: 30, status: 'critical', phase: 'firing' },
        { t: 31, status: 'ok', phase: 'ok', notify: 'resolved', transition: 'resolved' },
      ],
      restored,
    );
  });
});
