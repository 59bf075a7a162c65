import {
  appendFileSync,
  copyFileSync,
  linkSync,
  mkdtempSync,
  rmSync,
  renameSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PositionStore } from '../../src/logs/positions.js';
import { Tailer, type TailerOptions } from '../../src/logs/tailer.js';
import { waitFor } from '../support/wait.js';

let dir: string;
let tailers: Tailer[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tailer-'));
});
afterEach(async () => {
  for (const t of tailers) await t.stop();
  tailers = [];
  rmSync(dir, { recursive: true, force: true });
});

const numbered = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');

/** A tailer whose consumer records every line and commits it, like the pipeline does. */
function collect(path: string, positions: PositionStore, extra: Partial<TailerOptions> = {}) {
  const seen: string[] = [];
  const warnings: string[] = [];
  const tailer: Tailer = new Tailer({
    path,
    positions,
    onLines: async (lines) => {
      for (const l of lines) seen.push(l.text);
      const last = lines[lines.length - 1];
      if (last) tailer.commit(last.key, last.end);
      await positions.save();
    },
    onWarning: (m) => warnings.push(m),
    ...extra,
  });
  tailers.push(tailer);
  return { tailer, seen, warnings };
}

/** Polls a bounded number of times (no sleeping: every poll reads what is there). */
async function pollTimes(tailer: Tailer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await tailer.poll();
}

function expectEachOnce(seen: string[], from: number, to: number): void {
  const counts = new Map<string, number>();
  for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  for (let i = from; i <= to; i++) expect(counts.get(`line ${i}`), `line ${i}`).toBe(1);
  expect(seen.length).toBe(to - from + 1);
}

describe('Tailer', () => {
  it('holds a partial last line until its newline arrives', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, 'line 1\nline 2\nlin');
    const { tailer, seen } = collect(file, PositionStore.memory());
    await tailer.poll();
    expect(seen).toEqual(['line 1', 'line 2']);
    appendFileSync(file, 'e 3\r\n');
    await tailer.poll();
    expect(seen).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it('replaces invalid UTF-8 instead of failing, and keeps multi-byte characters whole across reads', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, Buffer.concat([Buffer.from('ok \xe2'.slice(0, 3)), Buffer.from([0xff, 0xfe, 0x0a])]));
    const euro = Buffer.from('€ price\n');
    appendFileSync(file, euro.subarray(0, 1));
    const { tailer, seen } = collect(file, PositionStore.memory());
    await tailer.poll();
    appendFileSync(file, euro.subarray(1));
    await tailer.poll();
    expect(seen[0]).toBe('ok \ufffd\ufffd');
    expect(seen[1]).toBe('€ price');
  });

  it('follows rotation by rename: every line exactly once, including late writes to the renamed file', async () => {
    const file = join(dir, 'godot_console.log');
    writeFileSync(file, numbered(1, 50));
    const { tailer, seen } = collect(file, PositionStore.memory(), { closeRotatedAfterMs: 0 });
    await tailer.poll();
    appendFileSync(file, numbered(51, 60)); // written, not yet read, when the rename happens
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, numbered(61, 70)); // the writer still holds the old file
    writeFileSync(file, numbered(71, 100));
    await pollTimes(tailer, 3);
    expectEachOnce(seen, 1, 100);
    expect(tailer.idle).toBe(true);
  });

  it('says once that a file does not exist yet, then reads it when it appears', async () => {
    const file = join(dir, 'later.log');
    const { tailer, seen, warnings } = collect(file, PositionStore.memory());
    await pollTimes(tailer, 3);
    expect(warnings).toEqual([`${file} does not exist (yet); waiting for it`]);
    writeFileSync(file, numbered(1, 2));
    await tailer.poll();
    expect(seen).toEqual(['line 1', 'line 2']);
  });

  it('follows deletion and re-creation', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, numbered(1, 10));
    const { tailer, seen } = collect(file, PositionStore.memory(), { closeRotatedAfterMs: 0 });
    await tailer.poll();
    unlinkSync(file);
    await tailer.poll(); // path gone: nothing to do, nothing lost
    writeFileSync(file, numbered(11, 20));
    await pollTimes(tailer, 2);
    expectEachOnce(seen, 1, 20);
  });

  it('follows copytruncate whether the new content is shorter or longer than what was read', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, numbered(1, 50));
    const { tailer, seen, warnings } = collect(file, PositionStore.memory());
    await tailer.poll();
    // logrotate copytruncate: copy, then truncate in place (same inode).
    copyFileSync(file, `${file}.1`);
    truncateSync(file, 0);
    writeFileSync(file, numbered(51, 55), { flag: 'a' }); // shorter than the old offset
    await tailer.poll();
    copyFileSync(file, `${file}.2`);
    truncateSync(file, 0);
    appendFileSync(file, numbered(56, 200)); // already longer than the old offset: the fingerprint tells
    await pollTimes(tailer, 2);
    expectEachOnce(seen, 1, 200);
    expect(warnings.filter((w) => w.includes('truncated'))).toHaveLength(2);
  });

  it('resumes after a restart in the middle of a file with no duplicate and no gap', async () => {
    const file = join(dir, 'a.log');
    const posFile = join(dir, 'positions.json');
    writeFileSync(file, numbered(1, 1000) + 'line 10');
    const first = collect(file, await PositionStore.load(posFile), { maxBytesPerPoll: 3000 });
    await first.tailer.poll(); // reads only part of the file
    expect(first.seen.length).toBeGreaterThan(100);
    expect(first.seen.length).toBeLessThan(1000);
    await first.tailer.stop();

    appendFileSync(file, '01\n' + numbered(1002, 1100));
    const second = collect(file, await PositionStore.load(posFile), { maxBytesPerPoll: 3000 });
    await pollTimes(second.tailer, 50);
    const all = [...first.seen, ...second.seen];
    // "line 10" was a partial last line at the restart; "line 1001" must appear once, whole.
    expectEachOnce(all, 1, 1100);
    expect(all.slice(-1)).toEqual(['line 1100']);
  });

  it('after rotation by rename while stopped, still reads the rest of the renamed file: no gap', async () => {
    const file = join(dir, 'a.log');
    const posFile = join(dir, 'positions.json');
    writeFileSync(file, numbered(1, 1000));
    const first = collect(file, await PositionStore.load(posFile), { maxBytesPerPoll: 3000 });
    await first.tailer.poll(); // reads only part of the file
    expect(first.seen.length).toBeLessThan(1000);
    await first.tailer.stop();

    renameSync(file, `${file}.1`);
    linkSync(`${file}.1`, `${file}.1.link`); // two names, one file: read once
    writeFileSync(file, numbered(1001, 1100));
    const second = collect(file, await PositionStore.load(posFile), {
      maxBytesPerPoll: 3000,
      closeRotatedAfterMs: 0,
    });
    await pollTimes(second.tailer, 50);
    const all = [...first.seen, ...second.seen];
    expectEachOnce(all, 1, 1100);
  });

  it('takes a hard link to the file at the path for that file, not for a rotated one', async () => {
    const file = join(dir, 'a.log');
    const posFile = join(dir, 'positions.json');
    writeFileSync(file, numbered(1, 1000));
    const first = collect(file, await PositionStore.load(posFile), { maxBytesPerPoll: 3000 });
    await first.tailer.poll();
    await first.tailer.stop();
    linkSync(file, `${file}.link`);
    const second = collect(file, await PositionStore.load(posFile), { maxBytesPerPoll: 3000 });
    await pollTimes(second.tailer, 50);
    expectEachOnce([...first.seen, ...second.seen], 1, 1000);
  });

  it('reads a file from the start when its inode now holds other content (fingerprint mismatch)', async () => {
    const file = join(dir, 'a.log');
    const posFile = join(dir, 'positions.json');
    writeFileSync(file, numbered(1, 20));
    const first = collect(file, await PositionStore.load(posFile));
    await first.tailer.poll();
    await first.tailer.stop();
    // Same inode, new content that is already longer than the saved offset.
    writeFileSync(file, numbered(501, 600));
    const second = collect(file, await PositionStore.load(posFile));
    await second.tailer.poll();
    expectEachOnce(second.seen, 501, 600);
    expect(second.warnings.join()).toMatch(/from the start/);
  });

  it('offers the same lines again when the consumer fails, instead of skipping them', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, numbered(1, 5));
    const seen: string[] = [];
    let fail = true;
    const positions = PositionStore.memory();
    const tailer: Tailer = new Tailer({
      path: file,
      positions,
      onLines: (lines) => {
        if (fail) throw new Error('disk full');
        for (const l of lines) seen.push(l.text);
        tailer.commit(lines[0]!.key, lines[lines.length - 1]!.end);
      },
    });
    tailers.push(tailer);
    await expect(tailer.poll()).rejects.toThrow('disk full');
    fail = false;
    await tailer.poll();
    expect(seen).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  });

  it('cuts an over-long line and skips the rest of it', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, `${'x'.repeat(5000)}\nafter\n`);
    const { tailer, seen } = collect(file, PositionStore.memory(), { maxLineBytes: 100 });
    await tailer.poll();
    expect(seen).toEqual(['x'.repeat(100), 'after']);
  });

  it('polls on its own once started, and stops', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, numbered(1, 3));
    const { tailer, seen } = collect(file, PositionStore.memory(), { pollIntervalMs: 10 });
    tailer.start();
    await waitFor(() => seen.length >= 3, 10_000, 'three lines from the polling loop');
    await tailer.stop();
    expect(seen).toEqual(['line 1', 'line 2', 'line 3']);
  });
});
