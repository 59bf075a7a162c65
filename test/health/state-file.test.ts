import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialMemory } from '../../src/health/alert-state.js';
import { createStateWriter, loadState, saveState, type HealthState } from '../../src/health/state-file.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'health-state-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('a missing file is a fresh start', async () => {
    expect((await loadState(join(dir, 'none.json'))).state).toEqual({ version: 1, alerts: {} });
  });

  it('round-trips the alert memory and leaves no temp file behind', async () => {
    const path = join(dir, 'sub', 'state.json');
    const state: HealthState = {
      version: 1,
      alerts: { 'local/LOW_FPS': { ...initialMemory(), phase: 'firing', notified: true, since: 1 } },
    };
    await saveState(path, state);
    expect((await loadState(path)).state).toEqual(state);
    expect(await readdir(join(dir, 'sub'))).toEqual(['state.json']);
  });

  it('keeps an unreadable file aside instead of overwriting it, and says so', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, '{"version":1,"alerts":{"local/API_DOWN":');
    const { state, warning } = await loadState(path);
    expect(state.alerts).toEqual({});
    expect(warning).toContain('kept as');
    const aside = (await readdir(dir)).find((f) => f.startsWith('state.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside as string), 'utf8')).toContain('local/API_DOWN');
  });

  it('serialized saves land in order: the newest snapshot wins', async () => {
    const path = join(dir, 'state.json');
    let n = 0;
    const writer = createStateWriter(path, () => ({
      version: 1,
      alerts: { [`t/${++n}`]: initialMemory() },
    }));
    await Promise.all([writer.save(), writer.save(), writer.save()]);
    expect(Object.keys((await loadState(path)).state.alerts)).toEqual(['t/3']);
  });

  it('a failed save does not fail every later one', async () => {
    // A file where the state's directory should be: the save fails (ENOTDIR) until it is gone.
    const blocker = join(dir, 'blocked');
    await writeFile(blocker, '');
    const path = join(blocker, 'state.json');
    const writer = createStateWriter(path, () => ({ version: 1, alerts: { 't/1': initialMemory() } }));
    await expect(writer.save()).rejects.toThrow();
    await unlink(blocker);
    await writer.save();
    expect(Object.keys((await loadState(path)).state.alerts)).toEqual(['t/1']);
  });
});
