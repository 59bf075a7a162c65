import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PositionStore } from '../../src/logs/positions.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'positions-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const POSITION = { path: '/var/log/game.log', offset: 42, fingerprint: 'ab', fingerprintLength: 2 };

describe('PositionStore.save', () => {
  it('writes again after a failed write (disk full, unwritable directory), without a new change', async () => {
    const sub = join(dir, 'state');
    const file = join(sub, 'positions.json');
    const store = await PositionStore.load(file);
    store.set('1:2', POSITION);
    // A regular file where the directory should be: every write fails until it is gone.
    writeFileSync(sub, 'in the way');
    await expect(store.save()).rejects.toThrow();
    rmSync(sub);
    await store.save();
    expect(JSON.parse(readFileSync(file, 'utf8')).files['1:2'].offset).toBe(42);
    expect((await PositionStore.load(file)).get('1:2')?.offset).toBe(42);
  });

  it('leaves no temp file behind when the write fails', async () => {
    const file = join(dir, 'positions.json');
    // A directory where the file should be: the temp file is written, the rename fails.
    const store = await PositionStore.load(file);
    store.set('1:2', POSITION);
    mkdirSync(file);
    writeFileSync(join(file, 'keep'), '');
    await expect(store.save()).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
