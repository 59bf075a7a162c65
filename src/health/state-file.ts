import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AlertMemory } from './alert-state.js';

/** What survives a restart of the monitor: every alert's memory, keyed by alert id (target/check). */
export interface HealthState {
  version: 1;
  alerts: Record<string, AlertMemory>;
}

export function emptyState(): HealthState {
  return { version: 1, alerts: {} };
}

/**
 * Reads the state file. A missing file is a fresh start; an unreadable one is kept aside (renamed
 * `.corrupt-<time>`) rather than overwritten, and the monitor starts fresh, saying so.
 */
export async function loadState(path: string): Promise<{ state: HealthState; warning?: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyState() };
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as Partial<HealthState>;
    if (parsed.version !== 1 || typeof parsed.alerts !== 'object' || parsed.alerts === null) {
      throw new Error('not a version 1 health state');
    }
    return { state: { version: 1, alerts: parsed.alerts } };
  } catch (err) {
    const aside = `${path}.corrupt-${Date.now()}`;
    await rename(path, aside);
    return {
      state: emptyState(),
      warning: `state file ${path} unreadable (${(err as Error).message}); kept as ${aside}, starting fresh`,
    };
  }
}

/**
 * Atomic replace: write a temp file beside it, fsync, rename over, fsync the directory. A crash at
 * any point leaves either the old or the new state, never half of one.
 */
export async function saveState(path: string, state: HealthState): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const file = await open(tmp, 'w', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(state)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await d.close();
  }
}

/** Serializes saves so an older snapshot never lands after a newer one. */
export function createStateWriter(
  path: string,
  snapshot: () => HealthState,
): {
  save(): Promise<void>;
} {
  let chain: Promise<void> = Promise.resolve();
  return {
    save() {
      // A failed save (disk full) must not fail every later one: each runs after the previous settles.
      const next = chain.catch(() => {}).then(() => saveState(path, snapshot()));
      chain = next;
      return next;
    },
  };
}
