import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { lookupProcessStats, readProcessStats } from '../../src/target/process-stats.js';
import { tempDir } from './helpers.js';

const onLinux = process.platform === 'linux';

describe.skipIf(!onLinux)('readProcessStats', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });

  it('reads resident memory, CPU seconds and start time of a pid, consistent with what Node says of itself', async () => {
    const stats = await readProcessStats({ pid: process.pid });
    expect(stats).toBeDefined();
    const rss = process.memoryUsage().rss;
    expect(stats!.pid).toBe(process.pid);
    expect(stats!.residentBytes).toBeGreaterThan(rss / 2);
    expect(stats!.residentBytes).toBeLessThan(rss * 2);
    const cpu = process.cpuUsage();
    expect(stats!.cpuSecondsTotal).toBeGreaterThan(0);
    expect(stats!.cpuSecondsTotal).toBeLessThanOrEqual((cpu.user + cpu.system) / 1e6 + 0.05);
    const started = Date.now() / 1000 - process.uptime();
    expect(Math.abs(stats!.startTimeSeconds - started)).toBeLessThan(5);
  });

  it('finds a process by pid file and by name (comm), and prefers the newest of several', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    // A copy of `sleep` under a distinctive name, so no other process on the machine matches.
    const bin = tmp.path('stm-fakegame');
    await copyFile('/bin/sleep', bin);
    const children: ChildProcess[] = [];
    cleanup.push(() => children.forEach((c) => c.kill('SIGKILL')));
    const start = async () => {
      const child = spawn(bin, ['30'], { stdio: 'ignore' });
      children.push(child);
      await new Promise((resolve) => child.once('spawn', resolve));
      return child.pid!;
    };
    const older = await start();
    await new Promise((r) => setTimeout(r, 50));
    const newer = await start();

    await writeFile(tmp.path('game.pid'), `${older}\n`);
    expect((await readProcessStats({ pidFile: tmp.path('game.pid') }))?.pid).toBe(older);
    expect((await readProcessStats({ name: 'stm-fakegame' }))?.pid).toBe(newer);
  });

  it('returns undefined and says why when there is no such process', async () => {
    const reasons: string[] = [];
    const onUnavailable = (r: string) => reasons.push(r);
    expect(await readProcessStats({ pid: 2 ** 22 + 1 }, { onUnavailable })).toBeUndefined();
    expect(await readProcessStats({ name: 'no-such-proc-x' }, { onUnavailable })).toBeUndefined();
    expect(await readProcessStats({ pidFile: '/nonexistent/game.pid' }, { onUnavailable })).toBeUndefined();
    expect(await readProcessStats({}, { onUnavailable })).toBeUndefined();
    expect(reasons).toEqual([
      `process ${2 ** 22 + 1} not found`,
      'no process named "no-such-proc-x"',
      'cannot read pid file /nonexistent/game.pid: ENOENT',
      'no pid, pid file or process name configured',
    ]);
  });

  it('parses a stat line whose command name contains spaces and parentheses', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(tmp.path('4242'));
    // Fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ... starttime
    const after = [
      'S',
      '1',
      '1',
      '1',
      '0',
      '-1',
      '0',
      '0',
      '0',
      '0',
      '0',
      '250',
      '50',
      '0',
      '0',
      '20',
      '0',
      '1',
      '0',
      '12345',
    ];
    await writeFile(tmp.path('4242/stat'), `4242 (my game) (x) ${after.join(' ')} 0 0\n`);
    await writeFile(tmp.path('4242/status'), 'Name:\tmy game\nVmRSS:\t  2048 kB\n');
    await writeFile(tmp.path('stat'), 'cpu 1 2 3\nbtime 1700000000\n');
    expect(await lookupProcessStats({ pid: 4242 }, tmp.dir)).toEqual({
      ok: true,
      stats: {
        pid: 4242,
        residentBytes: 2048 * 1024,
        cpuSecondsTotal: 3,
        startTimeSeconds: 1700000000 + 123.45,
      },
    });
  });
});
