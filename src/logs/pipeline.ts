import type { LogEvent, LogSource } from './event.js';
import { LogCounters } from './counters.js';
import { MultilineAssembler, type AssembledRecord } from './multiline.js';
import { NdjsonWriter } from './ndjson-writer.js';
import { FORMAT_OF_SOURCE, type LogFormat } from './parsers/formats.js';
import type { ParseContext } from './parsers/parser.js';
import { PositionStore } from './positions.js';
import { redactValue } from './redact.js';
import { Tailer, type TailLine } from './tailer.js';
import { zoneResolver } from './timezone.js';

/**
 * tail → assemble multi-line records → parse → redact → write NDJSON / hand to `onEvent` → count →
 * commit the position. A position is committed only after its events were written, so a restart
 * repeats nothing that was written and skips nothing that was not.
 */
export interface LogSourceSpec {
  source: LogSource;
  path: string;
}

export interface LogPipelineOptions {
  sources: readonly LogSourceSpec[];
  /** Where the daily NDJSON files go; without it events only reach `onEvent` and the counters. */
  outDir?: string;
  /** Positions survive restarts only with this file. */
  positionFile?: string;
  /** The game's zone: IANA name or fixed offset; default UTC. */
  timezone?: string;
  serviceName?: string;
  pollIntervalMs?: number;
  /** A pending multi-line record is emitted after this long without a continuation line. */
  multilineTimeoutMs?: number;
  retentionDays?: number;
  startAt?: 'beginning' | 'end';
  extraRoutes?: readonly string[];
  /** Receives every event, already redacted. */
  onEvent?: (event: LogEvent) => void;
  onWarning?: (message: string) => void;
  now?: () => Date;
}

export interface LogPipeline {
  readonly counters: LogCounters;
  stop(): Promise<void>;
}

export const PIPELINE_DEFAULTS = {
  timezone: 'UTC',
  serviceName: 'spacetime',
  pollIntervalMs: 1000,
  multilineTimeoutMs: 2000,
  retentionDays: 7,
} as const;

class SourceRunner {
  readonly tailer: Tailer;
  private readonly assembler: MultilineAssembler | undefined;
  private readonly format: LogFormat;
  private queue: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly spec: LogSourceSpec,
    private readonly shared: Shared,
  ) {
    this.format = FORMAT_OF_SOURCE[spec.source];
    this.assembler = this.format.multiline ? new MultilineAssembler() : undefined;
    this.tailer = new Tailer({
      path: spec.path,
      positions: shared.positions,
      pollIntervalMs: shared.options.pollIntervalMs ?? PIPELINE_DEFAULTS.pollIntervalMs,
      startAt: shared.options.startAt,
      onLines: (lines) =>
        this.enqueue(() =>
          this.handleLines(lines).catch((err: unknown) => {
            // The tailer goes back to the last commit; a held record will be read again from there.
            this.assembler?.flush();
            throw err;
          }),
        ),
      onWarning: shared.warn,
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async handleLines(lines: TailLine[]): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const records: AssembledRecord[] = [];
    for (const line of lines) {
      if (this.assembler) records.push(...this.assembler.push(line));
      else if (line.text.trim().length > 0) records.push(line);
    }
    await this.emit(records);
    // Nothing held back: the position can move past trailing blank lines too.
    const last = lines[lines.length - 1];
    if (last && !this.assembler?.hasPending) this.tailer.commit(last.key, last.end);
    await this.shared.positions.save();
    if (this.assembler?.hasPending) {
      const timeout = this.shared.options.multilineTimeoutMs ?? PIPELINE_DEFAULTS.multilineTimeoutMs;
      this.flushTimer = setTimeout(() => void this.flushPending().catch(this.shared.warnError), timeout);
    }
  }

  /** Emits a held multi-line record (timeout, end of a --once run, stop). */
  flushPending(): Promise<void> {
    return this.enqueue(async () => {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      if (!this.assembler?.hasPending) return;
      await this.emit(this.assembler.flush());
      await this.shared.positions.save();
    });
  }

  private async emit(records: readonly AssembledRecord[]): Promise<void> {
    if (records.length === 0) return;
    const events = records.map((r) => this.toEvent(r.text));
    await this.shared.writer?.write(events);
    for (const event of events) {
      this.shared.counters.record(event);
      this.shared.options.onEvent?.(event);
    }
    for (const r of records) this.tailer.commit(r.key, r.end);
  }

  private toEvent(record: string): LogEvent {
    const created = this.shared.now().toISOString();
    const parsed = this.format.toEvent(record, this.shared.ctx);
    const event: LogEvent = {
      '@timestamp': parsed['@timestamp'] ?? created,
      ...parsed,
      'log.file.path': this.spec.path,
      'service.name': this.shared.serviceName,
      'event.kind': 'event',
      'event.module': 'spacetime',
      'event.created': created,
    };
    return redactValue(event);
  }

  async stop(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.tailer.stop();
    await this.flushPending();
    await this.queue;
  }
}

interface Shared {
  options: LogPipelineOptions;
  positions: PositionStore;
  writer: NdjsonWriter | undefined;
  counters: LogCounters;
  ctx: ParseContext;
  serviceName: string;
  now: () => Date;
  warn: (message: string) => void;
  warnError: (err: unknown) => void;
}

async function setUp(options: LogPipelineOptions): Promise<{ shared: Shared; runners: SourceRunner[] }> {
  if (options.sources.length === 0) throw new Error('no log sources configured');
  const resolve = zoneResolver(options.timezone ?? PIPELINE_DEFAULTS.timezone);
  const now = options.now ?? (() => new Date());
  const warn = options.onWarning ?? (() => undefined);
  const shared: Shared = {
    options,
    positions: options.positionFile ? await PositionStore.load(options.positionFile) : PositionStore.memory(),
    writer: options.outDir
      ? new NdjsonWriter({
          dir: options.outDir,
          retentionDays: options.retentionDays ?? PIPELINE_DEFAULTS.retentionDays,
          now,
        })
      : undefined,
    counters: new LogCounters({
      securityFrom: options.sources.some((s) => s.source === 'audit') ? 'audit' : 'console',
      extraRoutes: options.extraRoutes,
    }),
    ctx: { toInstant: resolve },
    serviceName: options.serviceName ?? PIPELINE_DEFAULTS.serviceName,
    now,
    warn,
    warnError: (err) => warn(String(err)),
  };
  return { shared, runners: options.sources.map((spec) => new SourceRunner(spec, shared)) };
}

/** Tails every source until `stop()`; the exporter and the demo call this. */
export async function startLogPipeline(options: LogPipelineOptions): Promise<LogPipeline> {
  const { shared, runners } = await setUp(options);
  for (const r of runners) r.tailer.start();
  return {
    counters: shared.counters,
    async stop() {
      for (const r of runners) await r.stop();
      await shared.writer?.close();
      await shared.positions.save();
    },
  };
}

/**
 * Reads every source to its current end, writes, and returns (`logs --once`). A partial last line
 * stays unread (and uncommitted) for the next run; a held multi-line record is emitted.
 */
export async function runLogPipelineOnce(options: LogPipelineOptions): Promise<{ counters: LogCounters }> {
  const { shared, runners } = await setUp(options);
  const MAX_POLLS = 1_000_000; // each poll reads up to 16 MiB: far beyond any real log
  for (const r of runners) {
    for (let i = 0; i < MAX_POLLS; i++) if ((await r.tailer.poll()) === 0) break;
    await r.flushPending();
    await r.stop();
  }
  await shared.writer?.close();
  await shared.positions.save();
  return { counters: shared.counters };
}
