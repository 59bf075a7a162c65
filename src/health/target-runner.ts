import { memoryReading } from '../checks/high-memory.js';
import { runChecks } from '../checks/index.js';
import type { CheckResult, OkPoll, Thresholds } from '../checks/types.js';
import type { AlertEvent } from '../alerting/event.js';
import { alertId } from '../alerting/event.js';
import type { GameTarget, PollResult } from '../target/types.js';
import { buildAlertEvent } from './alert-event.js';
import { inhibit } from './inhibit.js';
import { initialMemory, step, type AlertMemory, type StepOutcome } from './alert-state.js';
import type { CheckPolicies } from './resolve-policy.js';
import { verdictOf, type Verdict } from './verdict.js';

export type ReadResidentBytes = (
  process: NonNullable<GameTarget['config']['process']>,
) => Promise<number | undefined>;

export interface AlertTransition {
  result: CheckResult;
  outcome: StepOutcome;
  event?: AlertEvent;
}

/** Everything one check of one target produced, for the console, the log file and the alerts. */
export interface CheckReport {
  target: string;
  number: number;
  poll: PollResult;
  /** False when the client handed back the same sample as last time (shared, younger than its min interval). */
  fresh: boolean;
  results: CheckResult[];
  verdict: Verdict;
  transitions: AlertTransition[];
  /** The memory reading the console prints (static, resident, or why it is unknown). */
  memory?: ReturnType<typeof memoryReading>;
}

export interface TargetRunnerOptions {
  target: GameTarget;
  thresholds: Thresholds;
  policies: CheckPolicies;
  /** The monitor's shared alert memory (persisted), keyed by alert id. */
  alerts: Record<string, AlertMemory>;
  readResidentBytes?: ReadResidentBytes;
  /** How much sample history to keep (the longest window a check looks back over). */
  historyMs: number;
  /** A shared sample older than this is not reused (keeps each check of this monitor fresh). */
  maxSampleAgeMs: number;
}

// Bounds memory per target. At the default 30 s interval a 1 h window needs 120 samples; only
// sub-second test intervals ever reach the cap, and then the window is shorter than configured.
const MAX_HISTORY = 4096;

/** Polls one target, runs every enabled check, and steps each (target, check) alert. */
export function createTargetRunner(opts: TargetRunnerOptions): {
  readonly name: string;
  check(number: number): Promise<CheckReport>;
} {
  const { target, thresholds, policies, alerts } = opts;
  const name = target.config.name;
  const history: OkPoll[] = [];
  let lastAt: number | undefined;

  async function residentIfNeeded(poll: PollResult): Promise<number | undefined> {
    const proc = target.config.process;
    if (!poll.ok || !proc || !opts.readResidentBytes) return undefined;
    const staticBytes = poll.sample.memory.staticBytes;
    if (staticBytes !== undefined && staticBytes > 0) return undefined;
    try {
      return await opts.readResidentBytes(proc);
    } catch {
      return undefined;
    }
  }

  return {
    name,
    async check(number) {
      const poll = await target.poll({ maxAgeMs: opts.maxSampleAgeMs });
      const fresh = poll.at !== lastAt;
      const residentBytes = await residentIfNeeded(poll);
      const now = Date.now();
      const ctx = {
        target: name,
        now,
        thresholds,
        history,
        tokenInfo: target.tokenInfo(),
        processResidentBytes: residentBytes,
        processConfigured: target.config.process !== undefined,
      };
      const memory = poll.ok ? memoryReading(poll, ctx) : undefined;
      const results = inhibit(runChecks(poll, ctx)).filter((r) => policies[r.check].enabled);

      const transitions: AlertTransition[] = [];
      // A shared sample already counted once: re-counting it would fake consecutive failures.
      if (fresh) {
        lastAt = poll.at;
        if (poll.ok) {
          history.push(poll);
          const keepFrom = poll.at - opts.historyMs;
          while (history.length > MAX_HISTORY || (history[0] && history[0].at < keepFrom)) history.shift();
        }
        for (const result of results) {
          const id = alertId(name, result.check);
          const before = alerts[id] ?? initialMemory();
          const outcome = step(before, result, policies[result.check], now);
          alerts[id] = outcome.memory;
          if (!outcome.transition && !outcome.notify) continue;
          const event = outcome.notify
            ? buildAlertEvent(name, result, outcome.notify, before, outcome.memory, now)
            : undefined;
          transitions.push({ result, outcome, event });
        }
      }
      return {
        target: name,
        number,
        poll,
        fresh,
        results,
        verdict: verdictOf(results),
        transitions,
        memory,
      };
    },
  };
}
