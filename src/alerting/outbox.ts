import { mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertEvent } from './event.js';

/**
 * The durable outbox: one file per (destination, alert), `pending/<destination>/<seq>.json`.
 *
 * Why files and not an append log: each file is written to a temp name, fsynced, renamed and its
 * folder fsynced, so it is either wholly there or not at all; delivery removes it with one unlink,
 * with no log to compact and no torn tail to repair after a crash. Alerts are few (a handful per
 * incident), so a file each costs nothing. The sequence number in the name keeps the order per
 * destination across restarts. Only the event is stored, never the rendered body: a PagerDuty body
 * holds the routing key, and no secret belongs on disk.
 */
export interface OutboxEntry {
  readonly seq: number;
  readonly destination: string;
  readonly acceptedAt: string;
  readonly event: AlertEvent;
}

interface StoredRecord {
  version: 1;
  seq: number;
  destination: string;
  accepted_at: string;
  event: AlertEvent;
}

export interface OutboxProblem {
  destination: string;
  file: string;
  message: string;
}

const SEQ_WIDTH = 16;
const fileName = (seq: number) => `${String(seq).padStart(SEQ_WIDTH, '0')}.json`;
const SEQ_FILE = /^(\d{16})\.json$/;

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Outbox {
  private seq = 0;
  private readonly madeDirs = new Set<string>();

  constructor(readonly dir: string) {}

  private pendingDir(destination: string): string {
    return join(this.dir, 'pending', destination);
  }

  /**
   * Takes the folder (one process per outbox: two would send everything twice) and returns what
   * is still pending, per destination, oldest first. Leftover temp files (a crash mid-write: the
   * alert was never accepted) are removed; unreadable files are moved to `dead/` and reported.
   */
  async open(): Promise<{ pending: Map<string, OutboxEntry[]>; problems: OutboxProblem[] }> {
    await mkdir(join(this.dir, 'pending'), { recursive: true });
    await this.lock();
    const pending = new Map<string, OutboxEntry[]>();
    const problems: OutboxProblem[] = [];
    for (const destination of await readdir(join(this.dir, 'pending'))) {
      const dir = this.pendingDir(destination);
      const entries: OutboxEntry[] = [];
      for (const file of (await readdir(dir)).sort()) {
        const match = SEQ_FILE.exec(file);
        if (!match) {
          if (file.startsWith('.tmp-')) await rm(join(dir, file), { force: true });
          continue;
        }
        const seq = Number(match[1]);
        this.seq = Math.max(this.seq, seq);
        try {
          const record = JSON.parse(await readFile(join(dir, file), 'utf8')) as StoredRecord;
          if (record.version !== 1 || typeof record.event?.id !== 'string')
            throw new Error('not an outbox record');
          entries.push({ seq, destination, acceptedAt: record.accepted_at, event: record.event });
        } catch (err) {
          problems.push({ destination, file, message: (err as Error).message });
          await this.moveToDead(destination, file, `unreadable: ${(err as Error).message}`);
        }
      }
      pending.set(destination, entries);
    }
    return { pending, problems };
  }

  private async lock(): Promise<void> {
    const lockFile = join(this.dir, 'lock');
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder))
      throw new Error(`outbox ${this.dir} is in use by process ${holder}`);
    // The holder died (SIGKILL, power loss): its pending alerts are ours now.
    await writeFile(lockFile, String(process.pid));
  }

  /** Writes the alert durably; when this resolves the alert survives a crash. */
  async put(destination: string, event: AlertEvent): Promise<OutboxEntry> {
    const dir = this.pendingDir(destination);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      await fsyncDir(join(this.dir, 'pending'));
      this.madeDirs.add(dir);
    }
    const seq = ++this.seq;
    const entry: OutboxEntry = { seq, destination, acceptedAt: new Date().toISOString(), event };
    const record: StoredRecord = { version: 1, seq, destination, accepted_at: entry.acceptedAt, event };
    const tmp = join(dir, `.tmp-${fileName(seq)}`);
    const handle = await open(tmp, 'w', 0o600);
    try {
      try {
        await handle.writeFile(JSON.stringify(record));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, join(dir, fileName(seq)));
    } catch (err) {
      // Not accepted (a full disk: ENOSPC): the half-written file must not keep holding the space.
      await rm(tmp, { force: true });
      throw err;
    }
    await fsyncDir(dir);
    return entry;
  }

  /** Delivered: forget it. A crash before this unlink means one duplicate send, never a loss. */
  async remove(entry: OutboxEntry): Promise<void> {
    await unlink(join(this.pendingDir(entry.destination), fileName(entry.seq))).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      },
    );
  }

  /** Undeliverable: keep it for a human in `dead/<destination>/`, with the reason. */
  async bury(entry: OutboxEntry, reason: string): Promise<void> {
    await this.moveToDead(entry.destination, fileName(entry.seq), reason);
  }

  private async moveToDead(destination: string, file: string, reason: string): Promise<void> {
    const deadDir = join(this.dir, 'dead', destination);
    await mkdir(deadDir, { recursive: true });
    await rename(join(this.pendingDir(destination), file), join(deadDir, file));
    await writeFile(join(deadDir, `${file}.reason`), `${reason}\n`);
  }

  async close(): Promise<void> {
    const lockFile = join(this.dir, 'lock');
    const holder = (await readFile(lockFile, 'utf8').catch(() => '')).trim();
    if (holder === String(process.pid)) await rm(lockFile, { force: true });
  }
}
