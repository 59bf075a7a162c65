import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertDispatcher, type DispatcherOptions } from '../../src/alerting/dispatcher.js';
import type { AlertEvent } from '../../src/alerting/event.js';
import { Outbox } from '../../src/alerting/outbox.js';
import { firing } from './fixtures.js';
import { captureLogs, FAST_RETRY, tempDir } from './support/harness.js';
import { Receiver } from './support/receiver.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const event = (n: number): AlertEvent => ({
  ...firing,
  id: `t${n}/LOW_FPS`,
  target: `t${n}`,
  summary: `alert ${n}`,
});
const summaries = (r: Receiver) =>
  r.received.map((x) => (JSON.parse(x.body) as { alert: AlertEvent }).alert.summary);

async function setup() {
  const dir = await tempDir();
  cleanups.push(dir.remove);
  const hook = await new Receiver().listen();
  cleanups.push(() => hook.close());
  const make = (extra: Partial<DispatcherOptions> = {}) => {
    const logs = captureLogs();
    const d = createAlertDispatcher({
      destinations: [{ name: 'hook', url: `webhook+${hook.url()}` }],
      outboxDir: dir.path,
      logger: logs.logger,
      retry: FAST_RETRY,
      ...extra,
    });
    cleanups.push(() => d.stop({ flushTimeoutMs: 0 }));
    return { d, logs };
  };
  return { dir: dir.path, hook, make };
}

describe('the outbox', () => {
  it('an accepted alert is on disk before the first attempt, and gone after the 2xx', async () => {
    const { dir, hook, make } = await setup();
    const { d } = make();
    await d.accept(firing); // accepted before start: nothing can have been sent yet
    const files = await readdir(join(dir, 'pending', 'hook'));
    expect(files).toEqual(['0000000000000001.json']);
    expect(JSON.parse(await readFile(join(dir, 'pending', 'hook', files[0]!), 'utf8'))).toMatchObject({
      version: 1,
      destination: 'hook',
      event: firing,
    });
    expect(hook.received).toHaveLength(0);
    await d.start();
    await d.idle();
    expect(hook.delivered()).toHaveLength(1);
    expect(await readdir(join(dir, 'pending', 'hook'))).toEqual([]);
  });

  it('stop() flushes what it can; the rest waits on disk and the next start sends it in order', async () => {
    const { hook, make } = await setup();
    await hook.down();
    const first = make();
    await first.d.start();
    for (let i = 0; i < 5; i++) await first.d.accept(event(i));
    await first.d.stop({ flushTimeoutMs: 200 });
    expect(first.d.stats().queueDepth).toBe(5);
    await expect(first.d.accept(event(9))).rejects.toThrow('alert dispatcher is stopped');

    await hook.up();
    const second = make();
    await second.d.start();
    await second.d.accept(event(5)); // new alerts queue behind the old ones
    await second.d.idle();
    expect(summaries(hook)).toEqual(['alert 0', 'alert 1', 'alert 2', 'alert 3', 'alert 4', 'alert 5']);
    await second.d.stop();

    const third = make();
    await third.d.start();
    expect(third.d.stats().queueDepth).toBe(0);
  });

  it('stop() with a receiver up delivers everything pending before it resolves', async () => {
    const { hook, make } = await setup();
    const { d } = make();
    for (let i = 0; i < 3; i++) await d.accept(event(i));
    await d.start();
    await d.stop({ flushTimeoutMs: 10_000 });
    expect(summaries(hook)).toEqual(['alert 0', 'alert 1', 'alert 2']);
  });

  it('refuses a second process on the same folder; takes over from a dead one', async () => {
    const { dir, make } = await setup();
    const { d } = make();
    await d.start();
    const other = new Outbox(dir);
    // Pretend to be another live process: the lock names our parent, which is alive.
    await writeFile(join(dir, 'lock'), String(process.ppid));
    await expect(other.open()).rejects.toThrow(`outbox ${dir} is in use by process ${process.ppid}`);
    await writeFile(join(dir, 'lock'), '999999999');
    await expect(other.open()).resolves.toMatchObject({ problems: [] });
    await other.close();
  });

  it('moves an unreadable file to dead letters, drops a half-written temp file, and goes on', async () => {
    const { dir, hook, make } = await setup();
    const pending = join(dir, 'pending', 'hook');
    await mkdir(pending, { recursive: true });
    await writeFile(join(pending, '0000000000000003.json'), '{"version":1,"seq":3,"event":');
    await writeFile(join(pending, '.tmp-0000000000000004.json'), '{"half');
    const { d, logs } = make();
    await d.start();
    await d.accept(firing);
    await d.idle();
    expect(hook.delivered()).toHaveLength(1);
    expect(await readdir(pending)).toEqual([]);
    expect((await readdir(join(dir, 'dead', 'hook'))).sort()).toEqual([
      '0000000000000003.json',
      '0000000000000003.json.reason',
    ]);
    expect(logs.lines.some((l) => l.includes('unreadable outbox file'))).toBe(true);
    // The new alert got a number after the broken one: order is kept across the damage.
    expect(hook.received).toHaveLength(1);
  });

  it('a full disk refuses the alert with ENOSPC, leaves no half-written file, and the next alert goes through', async () => {
    const { dir, hook, make } = await setup();
    const { d } = make();
    await d.start(); // opens the outbox first: open() would sweep the temp file planted below
    const pending = join(dir, 'pending', 'hook');
    await mkdir(pending, { recursive: true });
    // The next write lands on /dev/full, which answers every write with ENOSPC.
    await symlink('/dev/full', join(pending, '.tmp-0000000000000001.json'));
    await expect(d.accept(event(1))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readdir(pending)).toEqual([]);
    expect(d.stats().queueDepth).toBe(0);
    await d.accept(event(2));
    await d.idle();
    expect(summaries(hook)).toEqual(['alert 2']);
  });

  it('a delivered alert whose file cannot be removed is not sent again and again', async () => {
    const { dir, hook, make } = await setup();
    const { d, logs } = make();
    await d.accept(firing);
    // unlink() of a non-empty folder fails (EISDIR) even for root, unlike a chmod.
    const file = join(dir, 'pending', 'hook', '0000000000000001.json');
    await rm(file);
    await mkdir(join(file, 'stuck'), { recursive: true });
    await d.start();
    await d.idle();
    expect(hook.delivered()).toHaveLength(1);
    expect(d.stats()).toMatchObject({ sent: 1, queueDepth: 0 });
    expect(logs.lines.some((l) => l.includes('could not be removed from the outbox'))).toBe(true);
  });

  it('a rejected alert that cannot be moved to dead letters is not sent again and again', async () => {
    const { dir, hook, make } = await setup();
    hook.fallback = { status: 413, body: 'too large' };
    // mkdir of dead/hook fails: a file stands where the folder should be.
    await mkdir(join(dir, 'dead'), { recursive: true });
    await writeFile(join(dir, 'dead', 'hook'), '');
    const { d, logs } = make();
    await d.accept(firing);
    await d.start();
    await d.idle();
    expect(hook.received).toHaveLength(1);
    expect(d.stats()).toMatchObject({ failed: 1, queueDepth: 0 });
    expect(logs.lines.some((l) => l.includes('could not be moved to dead letters'))).toBe(true);
  });
});
