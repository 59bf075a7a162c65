import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Where each tailed file was read up to, keyed by device and inode (a renamed file keeps its key,
 * a re-created one gets a new key), with a fingerprint of the file's first bytes so that a reused
 * inode holding different content is not mistaken for the old file.
 */
export interface FilePosition {
  path: string;
  /** Byte offset just after the last line handed on and committed. */
  offset: number;
  /** sha256 (hex) of the first `fingerprintLength` bytes. */
  fingerprint: string;
  fingerprintLength: number;
  updatedAt: string;
}

interface PositionFile {
  version: 1;
  files: Record<string, FilePosition>;
}

const FORGET_AFTER_MS = 30 * 24 * 3600 * 1000;

export class PositionStore {
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    private readonly entries: Map<string, FilePosition>,
  ) {}

  /** In-memory only: restarts begin again from the start of every file. */
  static memory(): PositionStore {
    return new PositionStore(undefined, new Map());
  }

  /**
   * Loads `file` (a missing file is an empty store). A corrupt file throws a message naming it:
   * guessing would either skip or repeat lines.
   */
  static async load(file: string): Promise<PositionStore> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new PositionStore(file, new Map());
      throw new Error(`cannot read position file ${file}: ${(err as Error).message}`);
    }
    let parsed: PositionFile;
    try {
      parsed = JSON.parse(text) as PositionFile;
      if (parsed.version !== 1 || typeof parsed.files !== 'object' || parsed.files === null) {
        throw new Error('not a version 1 position file');
      }
    } catch (err) {
      throw new Error(
        `position file ${file} is corrupt (${(err as Error).message}); move it away to start from the beginning of every file`,
      );
    }
    return new PositionStore(file, new Map(Object.entries(parsed.files)));
  }

  get(key: string): FilePosition | undefined {
    return this.entries.get(key);
  }

  /** Every saved position of files once read at `path`, by key (rotated-away files included). */
  forPath(path: string): Map<string, FilePosition> {
    return new Map([...this.entries].filter(([, pos]) => pos.path === path));
  }

  set(key: string, position: Omit<FilePosition, 'updatedAt'>): void {
    this.entries.set(key, { ...position, updatedAt: new Date().toISOString() });
    this.dirty = true;
  }

  setOffset(key: string, offset: number): void {
    const entry = this.entries.get(key);
    if (!entry || entry.offset === offset) return;
    this.set(key, { ...entry, offset });
  }

  /**
   * Writes atomically (temp file + rename) when something changed; calls are serialized. A failed
   * write (disk full) rejects this call only: the changes stay pending for the next call, which
   * writes again once there is room.
   */
  save(): Promise<void> {
    const next = this.saving.then(() => this.write());
    this.saving = next.catch(() => undefined);
    return next;
  }

  private async write(): Promise<void> {
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    try {
      await this.writeTo(this.file);
    } catch (err) {
      this.dirty = true;
      throw err;
    }
  }

  private async writeTo(file: string): Promise<void> {
    const cutoff = Date.now() - FORGET_AFTER_MS;
    const files: Record<string, FilePosition> = {};
    for (const [key, pos] of this.entries) {
      if (Date.parse(pos.updatedAt) >= cutoff) files[key] = pos;
    }
    const body: PositionFile = { version: 1, files };
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(body, null, 1));
      await rename(tmp, file);
    } catch (err) {
      // A half-written temp file on a full disk only takes more of the space we lack.
      await rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
  }
}
