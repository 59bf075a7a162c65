import { createHash } from 'node:crypto';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PositionStore } from './positions.js';

/**
 * Follows one log file by polling with fs.stat. Polling, not fs.watch: fs.watch reports events for
 * a path's current inode and loses track across rename rotation, misses changes on network and
 * container-mounted file systems, and coalesces or drops events under load; a stat every second is
 * cheap and sees every case the same way.
 *
 * Handled: growth; partial last lines (held until their newline); rotation by rename (also while
 * stopped: the renamed file is found by its inode next to the path) or by
 * deletion and re-creation (the old file is drained, and kept open while it still grows, because a
 * game whose stdout was redirected keeps writing into the renamed file); copytruncate and plain
 * truncation (size below our offset, or first bytes no longer matching the fingerprint); restarts
 * (positions keyed by device+inode, checked against a fingerprint of the first bytes); invalid
 * UTF-8 (lines are split on bytes, then decoded with U+FFFD replacement).
 */

export interface TailLine {
  /** Without the newline (and without a trailing CR). */
  text: string;
  /** `dev:ino` of the file the line came from. */
  key: string;
  /** Byte offset just after the line's newline: commit this once the line is safely handled. */
  end: number;
}

export interface TailerOptions {
  path: string;
  positions: PositionStore;
  /** Called with each batch of complete lines, in file order; awaited before reading on. */
  onLines: (lines: TailLine[]) => Promise<void> | void;
  onWarning?: (message: string) => void;
  pollIntervalMs?: number;
  /** How many leading bytes identify a file across restarts. */
  fingerprintBytes?: number;
  /** A longer line is cut here (the rest of it up to the newline is skipped). */
  maxLineBytes?: number;
  /** Upper bound of bytes read per file per poll, so one huge file cannot starve the others. */
  maxBytesPerPoll?: number;
  /** A rotated-away file that has not grown for this long is closed. */
  closeRotatedAfterMs?: number;
  /** Where to start in a file we have no position for. Default: the beginning. */
  startAt?: 'beginning' | 'end';
  now?: () => number;
}

export const TAILER_DEFAULTS = {
  pollIntervalMs: 1000,
  fingerprintBytes: 1024,
  maxLineBytes: 1024 * 1024,
  maxBytesPerPoll: 16 * 1024 * 1024,
  closeRotatedAfterMs: 60_000,
} as const;

const CHUNK = 256 * 1024;
const NL = 0x0a;
/** How many files next to the path are looked at for a rotated-away file after a restart. */
const MAX_NEIGHBOURS = 1000;

interface Reader {
  handle: FileHandle;
  key: string;
  /** Read position: everything before it has been split into lines or is in `partial`. */
  offset: number;
  partial: Buffer;
  /** Skipping the rest of an over-long line. */
  skipping: boolean;
  fingerprintLength: number;
  fingerprint: string;
  lastSize: number;
  lastGrowth: number;
}

export class Tailer {
  private current: Reader | undefined;
  private rotated: Reader[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private lastError: string | undefined;
  private missingReported = false;
  private rotatedWhileStoppedChecked = false;
  private readonly o: Required<Omit<TailerOptions, 'onWarning'>> & Pick<TailerOptions, 'onWarning'>;

  constructor(options: TailerOptions) {
    this.o = {
      ...TAILER_DEFAULTS,
      startAt: 'beginning',
      now: Date.now,
      ...options,
    };
  }

  get path(): string {
    return this.o.path;
  }

  /** Records that everything of file `key` before `offset` has been handled. */
  commit(key: string, offset: number): void {
    this.o.positions.setOffset(key, offset);
  }

  /** Polls until {@link stop}. */
  start(): void {
    const loop = async (): Promise<void> => {
      if (this.stopped) return;
      // An error (permissions, a failing consumer) is reported and retried on the next poll;
      // the same error every second is reported once.
      this.running = this.poll().then(
        () => {
          this.lastError = undefined;
        },
        (err: unknown) => {
          const message = `tailing ${this.o.path}: ${String(err)}`;
          if (message !== this.lastError) this.warn(message);
          this.lastError = message;
        },
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.o.pollIntervalMs);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    for (const r of [...this.rotated, ...(this.current ? [this.current] : [])]) await r.handle.close();
    this.rotated = [];
    this.current = undefined;
  }

  /**
   * One pass: drain rotated files, check the path for rotation or truncation, read what is new.
   * Resolves, with the number of bytes read, once every complete line read so far has been handed
   * to `onLines`.
   */
  async poll(): Promise<number> {
    let total = 0;
    if (!this.rotatedWhileStoppedChecked) {
      this.rotatedWhileStoppedChecked = true;
      await this.resumeRotatedWhileStopped();
    }
    for (const r of [...this.rotated]) {
      const read = await this.readAvailable(r);
      total += read;
      if (read === 0 && this.o.now() - r.lastGrowth >= this.o.closeRotatedAfterMs) await this.closeRotated(r);
    }

    const pathStat = await stat(this.o.path, { bigint: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    const pathKey = pathStat ? `${pathStat.dev}:${pathStat.ino}` : undefined;
    if (!pathStat && !this.current && !this.missingReported) {
      this.warn(`${this.o.path} does not exist (yet); waiting for it`);
    }
    this.missingReported = !pathStat;

    if (this.current && pathKey !== this.current.key) {
      // Renamed or deleted: read what the old file still has, keep it while it grows.
      const old = this.current;
      this.current = undefined;
      total += await this.readAvailable(old);
      old.lastGrowth = this.o.now();
      this.rotated.push(old);
    }
    if (!this.current && pathStat) this.current = await this.openReader();
    if (this.current) {
      await this.checkTruncation(this.current);
      total += await this.readAvailable(this.current);
    }
    return total;
  }

  /** True when `poll` has nothing held back: no rotated file still open, no partial line. */
  get idle(): boolean {
    return this.rotated.length === 0 && (this.current?.partial.length ?? 0) === 0;
  }

  private async openReader(): Promise<Reader | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.o.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const st = await handle.stat({ bigint: true });
    const key = `${st.dev}:${st.ino}`;
    const size = Number(st.size);
    const { fingerprint, length } = await this.fingerprintOf(handle, Math.min(size, this.o.fingerprintBytes));
    let offset = 0;
    const saved = this.o.positions.get(key);
    if (saved) {
      const check =
        saved.fingerprintLength <= size
          ? await this.fingerprintOf(handle, saved.fingerprintLength)
          : undefined;
      if (check && check.fingerprint === saved.fingerprint && saved.offset <= size) offset = saved.offset;
      else
        this.warn(`${this.o.path}: inode reused or file replaced since last run; reading it from the start`);
    } else if (this.o.startAt === 'end') {
      offset = await this.lastLineBoundary(handle, size);
    }
    this.o.positions.set(key, { path: this.o.path, offset, fingerprint, fingerprintLength: length });
    return {
      handle,
      key,
      offset,
      partial: Buffer.alloc(0),
      skipping: false,
      fingerprint,
      fingerprintLength: length,
      lastSize: size,
      lastGrowth: this.o.now(),
    };
  }

  /**
   * A file rotated away while we were not running (renamed next to the path, as logrotate and the
   * game's launcher do) still holds the lines written after our saved offset: find it by its
   * device+inode among its neighbours and drain it like a rotation seen while running.
   */
  private async resumeRotatedWhileStopped(): Promise<void> {
    const saved = this.o.positions.forPath(this.o.path);
    if (saved.size === 0) return;
    const dir = dirname(this.o.path);
    const names = await readdir(dir).catch(() => [] as string[]);
    // A second name (hard link) of the file at the path, or of one already found, is that file.
    const current = await stat(this.o.path, { bigint: true }).catch(() => undefined);
    const currentKey = current ? `${current.dev}:${current.ino}` : undefined;
    const found: { reader: Reader; mtimeMs: number }[] = [];
    for (const name of names.slice(0, MAX_NEIGHBOURS)) {
      if (name === basename(this.o.path)) continue;
      const path = join(dir, name);
      const st = await stat(path, { bigint: true }).catch(() => undefined);
      const key = st ? `${st.dev}:${st.ino}` : undefined;
      const seen = key === currentKey || found.some((f) => f.reader.key === key);
      const pos = st?.isFile() && !seen ? saved.get(key ?? '') : undefined;
      if (!st || !pos || pos.offset >= Number(st.size)) continue;
      const handle = await open(path, 'r');
      const check = await this.fingerprintOf(handle, pos.fingerprintLength);
      if (check.length !== pos.fingerprintLength || check.fingerprint !== pos.fingerprint) {
        await handle.close();
        continue;
      }
      found.push({
        mtimeMs: Number(st.mtimeMs),
        reader: {
          handle,
          key: `${st.dev}:${st.ino}`,
          offset: pos.offset,
          partial: Buffer.alloc(0),
          skipping: false,
          fingerprint: pos.fingerprint,
          fingerprintLength: pos.fingerprintLength,
          lastSize: Number(st.size),
          lastGrowth: this.o.now(),
        },
      });
    }
    // Oldest first, so lines come out in the order they were written.
    found.sort((a, b) => a.mtimeMs - b.mtimeMs);
    this.rotated.push(...found.map((f) => f.reader));
  }

  /** Start-at-end still begins on a line boundary, so the first event is a whole line. */
  private async lastLineBoundary(handle: FileHandle, size: number): Promise<number> {
    const window = Math.min(size, this.o.maxLineBytes);
    const buf = Buffer.alloc(window);
    const { bytesRead } = await handle.read(buf, 0, window, size - window);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(NL);
    return nl < 0 ? size : size - window + nl + 1;
  }

  /** copytruncate or `> file`: the file is smaller than what we read, or begins differently. */
  private async checkTruncation(r: Reader): Promise<void> {
    const size = Number((await r.handle.stat({ bigint: true })).size);
    let truncated = size < r.offset + r.partial.length;
    if (!truncated && size !== r.lastSize && r.fingerprintLength > 0) {
      const now = await this.fingerprintOf(r.handle, r.fingerprintLength);
      truncated = now.fingerprint !== r.fingerprint;
    }
    r.lastSize = size;
    if (!truncated) return;
    this.warn(`${this.o.path}: truncated (copytruncate?); reading it again from the start`);
    // A partial line cut by the truncation is gone for good: the rest of it was never written here.
    r.offset = 0;
    r.partial = Buffer.alloc(0);
    r.skipping = false;
    const fp = await this.fingerprintOf(r.handle, Math.min(size, this.o.fingerprintBytes));
    r.fingerprint = fp.fingerprint;
    r.fingerprintLength = fp.length;
    this.o.positions.set(r.key, {
      path: this.o.path,
      offset: 0,
      fingerprint: fp.fingerprint,
      fingerprintLength: fp.length,
    });
  }

  private async fingerprintOf(
    handle: FileHandle,
    length: number,
  ): Promise<{ fingerprint: string; length: number }> {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await handle.read(buf, got, length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return { fingerprint: createHash('sha256').update(buf.subarray(0, got)).digest('hex'), length: got };
  }

  /** Reads up to `maxBytesPerPoll` new bytes and hands on the complete lines; returns the bytes read. */
  private async readAvailable(r: Reader): Promise<number> {
    let budget = this.o.maxBytesPerPoll;
    let grew = false;
    const buf = Buffer.alloc(CHUNK);
    while (budget > 0 && !this.stopped) {
      const { bytesRead } = await r.handle.read(buf, 0, Math.min(CHUNK, budget), r.offset + r.partial.length);
      if (bytesRead === 0) break;
      grew = true;
      budget -= bytesRead;
      const lines = this.split(r, buf.subarray(0, bytesRead));
      if (lines.length > 0) await this.deliver(r, lines);
    }
    if (grew) {
      r.lastGrowth = this.o.now();
      if (r.fingerprintLength < this.o.fingerprintBytes) {
        const fp = await this.fingerprintOf(r.handle, this.o.fingerprintBytes);
        r.fingerprint = fp.fingerprint;
        r.fingerprintLength = fp.length;
        const saved = this.o.positions.get(r.key);
        this.o.positions.set(r.key, {
          path: this.o.path,
          offset: saved?.offset ?? 0,
          fingerprint: fp.fingerprint,
          fingerprintLength: fp.length,
        });
      }
    }
    return this.o.maxBytesPerPoll - budget;
  }

  /** Splits on newline bytes (never inside a UTF-8 sequence), decoding each line on its own. */
  private split(r: Reader, chunk: Buffer): TailLine[] {
    const data = r.partial.length > 0 ? Buffer.concat([r.partial, chunk]) : chunk;
    const base = r.offset; // file offset of data[0]
    const lines: TailLine[] = [];
    let start = 0;
    for (let nl = data.indexOf(NL, start); nl >= 0; nl = data.indexOf(NL, start)) {
      if (r.skipping) r.skipping = false;
      else
        lines.push({
          text: decodeLine(data, start, nl, this.o.maxLineBytes),
          key: r.key,
          end: base + nl + 1,
        });
      start = nl + 1;
    }
    let rest = data.subarray(start);
    let restBase = base + start;
    if (!r.skipping && rest.length > this.o.maxLineBytes) {
      // An over-long line: hand on its head now, drop the rest of it up to its newline.
      lines.push({
        text: decodeLine(rest, 0, this.o.maxLineBytes, this.o.maxLineBytes),
        key: r.key,
        end: restBase + rest.length,
      });
      r.skipping = true;
    }
    if (r.skipping) {
      restBase += rest.length;
      rest = Buffer.alloc(0);
    }
    r.offset = restBase;
    r.partial = Buffer.from(rest);
    return lines;
  }

  /**
   * If the consumer fails (disk full, say), go back to the last committed offset so the next poll
   * offers the same lines again: a repeat is better than a gap.
   */
  private async deliver(r: Reader, lines: TailLine[]): Promise<void> {
    try {
      await this.o.onLines(lines);
    } catch (err) {
      r.offset = this.o.positions.get(r.key)?.offset ?? 0;
      r.partial = Buffer.alloc(0);
      r.skipping = false;
      throw err;
    }
  }

  private async closeRotated(r: Reader): Promise<void> {
    // The writer has moved on: a last line without newline will never be finished.
    if (r.partial.length > 0 && !r.skipping) {
      const text = decodeLine(r.partial, 0, r.partial.length, this.o.maxLineBytes);
      const end = r.offset + r.partial.length;
      r.partial = Buffer.alloc(0);
      r.offset = end;
      await this.deliver(r, [{ text, key: r.key, end }]);
    }
    this.rotated = this.rotated.filter((x) => x !== r);
    await r.handle.close();
  }

  private warn(message: string): void {
    this.o.onWarning?.(message);
  }
}

function decodeLine(data: Buffer, start: number, end: number, max: number): string {
  let stop = Math.min(end, start + max);
  if (stop > start && data[stop - 1] === 0x0d) stop -= 1;
  return data.toString('utf8', start, stop);
}
