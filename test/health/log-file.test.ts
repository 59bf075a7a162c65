import { mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHealthLog } from '../../src/health/log-file.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'health-log-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

const lines = async (path: string): Promise<Record<string, unknown>[]> =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('health log file', () => {
  it('writes JSON lines with ECS field names', async () => {
    const path = join(dir, 'monitoring', 'health.log');
    const log = openHealthLog(path);
    log.logger.info({ 'event.action': 'health-check', labels: { target: 'local' } }, 'HEALTHY');
    log.close();
    const [line] = await lines(path);
    expect(line).toMatchObject({
      'log.level': 'info',
      message: 'HEALTHY',
      'event.action': 'health-check',
      'service.name': 'spacetime-monitor',
      labels: { target: 'local' },
    });
    expect(typeof line?.['@timestamp']).toBe('string');
    expect(line).not.toHaveProperty('msg');
    expect(line).not.toHaveProperty('time');
  });

  it('follows a rotation by rename (logrotate) and by delete', async () => {
    const path = join(dir, 'health.log');
    const log = openHealthLog(path);
    log.logger.info('one');
    await rename(path, `${path}.1`);
    log.checkRotation();
    log.logger.info('two');
    await unlink(path);
    log.checkRotation();
    log.logger.info('three');
    log.close();
    expect((await lines(`${path}.1`)).map((l) => l.message)).toEqual(['one']);
    expect((await lines(path)).map((l) => l.message)).toEqual(['three']);
  });

  it('reopens on demand (SIGHUP after copytruncate-free rotation)', async () => {
    const path = join(dir, 'health.log');
    const log = openHealthLog(path);
    log.logger.info('before');
    await rename(path, `${path}.1`);
    log.reopen();
    log.logger.info('after');
    log.close();
    expect((await lines(path)).map((l) => l.message)).toEqual(['after']);
  });
});

describe('health log file that refuses writes', () => {
  it('a full disk neither throws into the caller nor goes unsaid, and is said once', () => {
    const said: string[] = [];
    // /dev/full answers every write with ENOSPC: a disk that filled up while the monitor ran.
    const log = openHealthLog('/dev/full', { onWriteError: (m) => said.push(m) });
    expect(() => log.logger.info('one')).not.toThrow();
    expect(() => log.logger.error('two')).not.toThrow();
    expect(() => log.close()).not.toThrow();
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/cannot write log file \/dev\/full: ENOSPC/);
  });

  it('a path that cannot be reopened after rotation neither throws nor goes unsaid', async () => {
    const path = join(dir, 'sub', 'health.log');
    const said: string[] = [];
    const log = openHealthLog(path, { onWriteError: (m) => said.push(m) });
    log.logger.info('one');
    // The folder is replaced by a file: neither the path nor its folder can be created again.
    await rm(join(dir, 'sub'), { recursive: true });
    await writeFile(join(dir, 'sub'), '');
    expect(() => log.reopen()).not.toThrow();
    expect(() => log.checkRotation()).not.toThrow();
    expect(() => log.logger.info('two')).not.toThrow();
    log.close();
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/cannot reopen log file .*health\.log: EEXIST/);
  });
});
