import type { Logger } from 'pino';
import type { Thresholds } from '../checks/types.js';
import type { GameTarget, TargetConfig } from '../target/types.js';
import type { AlertSink } from './alert-sink.js';
import { logOnlySink } from './alert-sink.js';
import type { HealthConfig } from './config.js';
import { alertLine, bannerLines, checkLines } from './console.js';
import { DEFAULT_THRESHOLDS, HEALTH_DEFAULTS } from './defaults.js';
import { openHealthLog, type HealthLogFile } from './log-file.js';
import { createPool } from './pool.js';
import { applyThresholds, resolvePolicies } from './resolve-policy.js';
import { createStateWriter, emptyState, loadState, type HealthState } from './state-file.js';
import { createTargetRunner, type CheckReport, type ReadResidentBytes } from './target-runner.js';
import { reportRecord, transitionRecord } from './records.js';
import { worst, type Verdict } from './verdict.js';

/** The longest delay setTimeout honours (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface HealthMonitorOptions {
  /** GameTarget instances are shared (one poll feeds every consumer); configs get a client of their own. */
  targets: readonly (GameTarget | TargetConfig)[];
  /** Builds a client for a config; required when `targets` holds configs. */
  createTarget?: (config: TargetConfig) => GameTarget;
  intervalMs?: number;
  /** Limits for every target before `health.targets.NAME.thresholds` overrides. */
  thresholds?: Thresholds;
  /** The config file's `health:` section: alert policies and per-target overrides. */
  health?: HealthConfig;
  logFile?: string;
  stateFile?: string;
  concurrency?: number;
  jitter?: number;
  /** One check of every target, then `done` resolves with the worst verdict. */
  once?: boolean;
  alerts?: AlertSink;
  /** Builds the sink once the log file is open (the dispatcher logs into the same file). */
  createAlerts?: (logger: Logger | undefined) => Promise<AlertSink>;
  /** Console lines (the original format, or JSON lines with `json`). Nothing is printed without it. */
  output?: (line: string) => void;
  json?: boolean;
  readResidentBytes?: ReadResidentBytes;
  onReport?: (report: CheckReport) => void;
}

export interface TargetStats {
  checks: number;
  successes: number;
  /** Ticks skipped because this target's previous check was still in flight. */
  skipped: number;
  lastVerdict?: Verdict;
}

/** An alert that is firing now (the status page lists these). No secrets: AlertEvent's fields. */
export interface ActiveAlert {
  target: string;
  check: string;
  severity: string;
  summary: string;
  /** ISO 8601: when it started firing. */
  since: string;
  /** False while the cooldown still holds its notification back. */
  notified: boolean;
}

export interface HealthMonitor {
  readonly targets: readonly GameTarget[];
  /** With `once`: the worst verdict after one round. Otherwise: resolves on stop(). */
  readonly done: Promise<Verdict>;
  stats(): { uptimeSeconds: number; targets: Record<string, TargetStats> };
  /** Every (target, check) alert firing now, of the targets this monitor watches. */
  activeAlerts(): ActiveAlert[];
  /** Reopen the log file (SIGHUP after rotation). */
  reopenLog(): void;
  /** Lets checks in flight finish, then flushes the log and the state. */
  stop(): Promise<void>;
}

function isGameTarget(t: GameTarget | TargetConfig): t is GameTarget {
  return typeof (t as GameTarget).poll === 'function';
}

export async function startHealthMonitor(options: HealthMonitorOptions): Promise<HealthMonitor> {
  const intervalMs = options.intervalMs ?? HEALTH_DEFAULTS.intervalMs;
  // Node runs a timer longer than MAX_TIMER_MS at once: such an interval would poll in a tight loop.
  if (!(intervalMs > 0 && intervalMs <= MAX_TIMER_MS)) {
    throw new Error(
      `interval must be longer than 0 and at most ${Math.floor(MAX_TIMER_MS / 86_400_000)} days`,
    );
  }
  const baseThresholds =
    options.thresholds ?? applyThresholds(DEFAULT_THRESHOLDS, options.health?.thresholds);
  const out = options.output ?? (() => {});
  const startedAt = Date.now();

  const nameOf = (t: GameTarget | TargetConfig): string => (isGameTarget(t) ? t.config.name : t.name);
  const names = new Set(options.targets.map(nameOf));
  for (const name of Object.keys(options.health?.targets ?? {})) {
    if (!names.has(name)) throw new Error(`health.targets.${name}: no target named "${name}" in targets`);
  }
  if (options.targets.some((t) => !isGameTarget(t)) && !options.createTarget) {
    throw new Error('a TargetConfig in targets needs options.createTarget');
  }

  let state: HealthState = emptyState();
  const log: HealthLogFile | undefined = options.logFile
    ? openHealthLog(options.logFile, { onWriteError: (message) => out(`[ERROR] ${message}`) })
    : undefined;
  if (options.stateFile) {
    let loaded: Awaited<ReturnType<typeof loadState>>;
    try {
      loaded = await loadState(options.stateFile);
    } catch (err) {
      log?.close();
      throw err;
    }
    state = loaded.state;
    if (loaded.warning) {
      out(`[WARNING] ${loaded.warning}`);
      log?.logger.warn({ 'event.action': 'state-reset' }, loaded.warning);
    }
  }
  let alerts: AlertSink;
  try {
    alerts =
      options.alerts ??
      (options.createAlerts
        ? await options.createAlerts(log?.logger.child({ 'event.dataset': 'spacetime.alerting' }))
        : logOnlySink('no alert destination configured'));
  } catch (err) {
    log?.close();
    throw err;
  }
  const owned: GameTarget[] = [];
  const targets = options.targets.map((t) => {
    if (isGameTarget(t)) return t;
    const created = (options.createTarget as (c: TargetConfig) => GameTarget)(t);
    owned.push(created);
    return created;
  });
  const writer = options.stateFile ? createStateWriter(options.stateFile, () => state) : undefined;
  let dirty = false;
  let stateFailing = false;
  /**
   * Never rejects: a state file that cannot be written (disk full, read-only) is said once, retried
   * at the next flush, and checks and alerts go on meanwhile.
   */
  const persist = async (): Promise<void> => {
    if (!writer) return;
    try {
      await writer.save();
      if (stateFailing) {
        stateFailing = false;
        out(`[INFO] state file ${options.stateFile} written again`);
        log?.logger.info({ 'event.action': 'state-write-recovered' }, 'state file written again');
      }
    } catch (err) {
      dirty = true;
      if (stateFailing) return;
      stateFailing = true;
      const msg = `cannot write state file ${options.stateFile}: ${(err as Error).message}; checks and alerts go on`;
      out(`[ERROR] ${msg}`);
      log?.logger.error({ 'event.action': 'state-write-failed' }, msg);
    }
  };

  const runners = targets.map((target) => {
    const name = target.config.name;
    const thresholds = applyThresholds(baseThresholds, options.health?.targets?.[name]?.thresholds);
    const policies = resolvePolicies(options.health, name);
    return {
      policies,
      runner: createTargetRunner({
        target,
        thresholds,
        policies,
        alerts: state.alerts,
        readResidentBytes: options.readResidentBytes,
        historyMs: Math.max(thresholds.rateLimitWindowMs, thresholds.staleAfterMs) + intervalMs,
        // Share a sample another consumer just fetched, but never count one sample for two checks.
        maxSampleAgeMs: Math.min(target.config.minIntervalMs, intervalMs / 2),
      }),
    };
  });

  const counts: Record<string, TargetStats> = Object.fromEntries(
    targets.map((t) => [t.config.name, { checks: 0, successes: 0, skipped: 0 }]),
  );
  const prefixed = targets.length > 1;

  const first = targets[0]?.config;
  if (options.json) {
    out(JSON.stringify({ event: 'started', targets: targets.length, interval_seconds: intervalMs / 1000 }));
  } else {
    for (const line of bannerLines({
      apiUrl: first?.url ?? '',
      healthEndpoint: first?.performancePath ?? '',
      intervalMs,
      targets: targets.length,
    })) {
      out(line);
    }
    out(`[INFO] Alerts: ${alerts.delivery}`);
  }
  log?.logger.info(
    { 'event.action': 'monitor-started', labels: { targets: String(targets.length) } },
    `SpaceTime VR Health Monitor Started (${targets.length} target(s), interval ${intervalMs / 1000}s)`,
  );

  async function handle(report: CheckReport, policies: (typeof runners)[number]['policies']): Promise<void> {
    const c = counts[report.target] as TargetStats;
    c.checks += 1;
    if (report.poll.ok) c.successes += 1;
    c.lastVerdict = report.verdict;
    options.onReport?.(report);
    const runCounts = { ...c, uptimeSeconds: (Date.now() - startedAt) / 1000 };
    const lines = checkLines(report, runCounts, prefixed ? `[${report.target}] ` : '');
    if (options.json) out(JSON.stringify(reportRecord(report, runCounts)));
    else for (const line of lines) out(line);
    log?.checkRotation();
    const summary = lines[lines.length - 1] ?? '';
    const level = report.verdict === 'healthy' ? 'info' : report.verdict === 'degraded' ? 'warn' : 'error';
    log?.logger[level](reportRecord(report, runCounts), summary);

    if (report.fresh) dirty = true;
    if (report.transitions.length === 0) return;
    // The transition is on disk before anyone is paged: a crash after this never pages twice.
    dirty = false;
    await persist();
    for (const t of report.transitions) {
      const cooldownMs = policies[t.result.check].cooldownMs;
      let delivery = alerts.delivery;
      if (t.event) {
        try {
          await alerts.accept(t.event);
        } catch (err) {
          delivery = `NOT delivered: ${(err as Error).message}`;
        }
      }
      const line = alertLine(t, delivery, cooldownMs);
      if (options.json) out(JSON.stringify(transitionRecord(report.target, t, delivery)));
      else out(line);
      const healed = t.outcome.transition === 'resolved' || t.outcome.transition === 'flap-suppressed';
      log?.logger[healed ? 'info' : 'warn'](transitionRecord(report.target, t, delivery), line);
    }
  }

  const pool = createPool(options.concurrency ?? HEALTH_DEFAULTS.concurrency);
  const inFlight = new Set<Promise<void>>();
  const busy = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  function runOne(entry: (typeof runners)[number], number: number): Promise<void> {
    const name = entry.runner.name;
    busy.add(name);
    const p = pool
      .run(() => entry.runner.check(number))
      .then((report) => handle(report, entry.policies))
      .catch((err: unknown) => {
        const msg = `${name}: check #${number} failed inside the monitor: ${(err as Error).message}`;
        out(`[ERROR] ${msg}`);
        log?.logger.error({ 'event.action': 'check-error', labels: { target: name } }, msg);
      })
      .finally(() => {
        busy.delete(name);
        inFlight.delete(p);
      });
    inFlight.add(p);
    return p;
  }

  let resolveDone: (v: Verdict) => void = () => {};
  const done = new Promise<Verdict>((resolve) => (resolveDone = resolve));
  const currentVerdict = (): Verdict => worst(Object.values(counts).map((c) => c.lastVerdict ?? 'healthy'));

  if (options.once) {
    void Promise.all(runners.map((r) => runOne(r, 1))).then(async () => {
      await persist();
      resolveDone(currentVerdict());
    });
  } else {
    const jitter = targets.length > 1 ? (options.jitter ?? HEALTH_DEFAULTS.jitter) : 0;
    for (const entry of runners) {
      // Each target keeps its own fixed-rate schedule: a slow target only ever delays itself.
      let number = 0;
      let due = Date.now() + Math.random() * jitter * intervalMs;
      const tick = (): void => {
        if (stopped) return;
        if (!busy.has(entry.runner.name)) void runOne(entry, ++number);
        else (counts[entry.runner.name] as TargetStats).skipped += 1;
        const now = Date.now();
        do due += intervalMs;
        while (due <= now);
        const t = setTimeout(() => {
          timers.delete(t);
          tick();
        }, due - now);
        timers.add(t);
      };
      const t = setTimeout(
        () => {
          timers.delete(t);
          tick();
        },
        Math.max(0, due - Date.now()),
      );
      timers.add(t);
    }
  }

  const flushTimer = setInterval(() => {
    if (dirty && writer) {
      dirty = false;
      void persist();
    }
  }, HEALTH_DEFAULTS.stateFlushMs);
  flushTimer.unref();

  let stopping: Promise<void> | undefined;
  return {
    targets,
    done,
    stats: () => ({ uptimeSeconds: (Date.now() - startedAt) / 1000, targets: structuredClone(counts) }),
    reopenLog: () => log?.reopen(),
    activeAlerts: () =>
      Object.entries(state.alerts).flatMap(([id, m]): ActiveAlert[] => {
        const cut = id.lastIndexOf('/');
        const target = id.slice(0, cut);
        if (m.phase !== 'firing' || !names.has(target)) return [];
        return [
          {
            target,
            check: id.slice(cut + 1),
            severity: m.severity ?? 'critical',
            summary: m.last?.message ?? id,
            since: new Date(m.since ?? Date.now()).toISOString(),
            notified: m.notified,
          },
        ];
      }),
    stop() {
      stopping ??= (async () => {
        stopped = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        clearInterval(flushTimer);
        await Promise.all([...inFlight]);
        await persist();
        await alerts.stop?.();
        log?.logger.info({ 'event.action': 'monitor-stopped' }, 'SpaceTime VR Health Monitor Stopped');
        log?.close();
        await Promise.all(owned.map((t) => t.close()));
        resolveDone(currentVerdict());
      })();
      return stopping;
    },
  };
}
