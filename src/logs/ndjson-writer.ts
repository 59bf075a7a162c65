import { appendFile, mkdir, readdir, stat, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogEvent } from './event.js';

/**
 * Writes events as NDJSON, one file per UTC day of writing (`spacetime-YYYY-MM-DD.ndjson`), and
 * deletes day files older than the retention. Filebeat ships these with its ndjson parser and no
 * further processing. Days are days of writing, not of the event, so a batch import of old logs
 * lands in today's file instead of in one retention is about to delete.
 */
export interface NdjsonWriterOptions {
  dir: string;
  retentionDays?: number;
  now?: () => Date;
}

const FILE_RE = /^spacetime-(\d{4}-\d{2}-\d{2})\.ndjson$/;

export function ndjsonFileName(day: Date): string {
  return `spacetime-${day.toISOString().slice(0, 10)}.ndjson`;
}

export class NdjsonWriter {
  private queue: Promise<void> = Promise.resolve();
  private currentDay: string | undefined;
  private readonly retentionDays: number;
  private readonly now: () => Date;

  constructor(private readonly options: NdjsonWriterOptions) {
    this.retentionDays = options.retentionDays ?? 7;
    this.now = options.now ?? (() => new Date());
  }

  /** Appends the events; calls are serialized so lines of concurrent batches never interleave. */
  write(events: readonly LogEvent[]): Promise<void> {
    const next = this.queue.then(() => this.append(events));
    // a failed write must not wedge every later one; the caller sees this one's error
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async append(events: readonly LogEvent[]): Promise<void> {
    if (events.length === 0) return;
    const now = this.now();
    const day = now.toISOString().slice(0, 10);
    if (day !== this.currentDay) {
      await mkdir(this.options.dir, { recursive: true });
      await this.prune(now);
      this.currentDay = day;
    }
    const text = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const file = join(this.options.dir, ndjsonFileName(now));
    const before = await stat(file).then(
      (st) => st.size,
      () => 0,
    );
    try {
      await appendFile(file, text);
    } catch (err) {
      // A full disk can take part of the batch: cut it off, or the retried batch's first line would
      // be glued to half a line and Filebeat would drop both.
      await truncate(file, before).catch(() => undefined);
      throw err;
    }
  }

  /** Deletes day files older than the retention: with 7 days, today and the six before are kept. */
  async prune(now = this.now()): Promise<string[]> {
    const oldest = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    oldest.setUTCDate(oldest.getUTCDate() - (this.retentionDays - 1));
    const cutoff = oldest.toISOString().slice(0, 10);
    const removed: string[] = [];
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch {
      return removed;
    }
    for (const name of names) {
      const day = FILE_RE.exec(name)?.[1];
      if (day && day < cutoff) {
        await unlink(join(this.options.dir, name)).catch(() => undefined);
        removed.push(name);
      }
    }
    return removed;
  }

  async close(): Promise<void> {
    await this.queue;
  }
}
