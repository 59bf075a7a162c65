import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/logs/event.js';
import { NdjsonWriter } from '../../src/logs/ndjson-writer.js';
import { runLogPipelineOnce, startLogPipeline, type LogPipeline } from '../../src/logs/pipeline.js';
import { runCli, spawnCli } from '../support/cli.js';
import { tempDir, until } from './support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function temp(): string {
  const t = tempDir('logs-pipeline-');
  cleanups.push(t.cleanup);
  return t.dir;
}

function readNdjson(dir: string): LogEvent[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^spacetime-\d{4}-\d{2}-\d{2}\.ndjson$/.test(f))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogEvent),
    );
}

const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30=.c2lnbmF0dXJl';

describe('log pipeline', () => {
  it('emits a held multi-line record after the flush timeout, as one event', async () => {
    const dir = temp();
    const file = join(dir, 'godot_console.log');
    writeFileSync(file, 'ERROR: boom\n   at: f (res://a.gd:1)\n');
    const events: LogEvent[] = [];
    const pipeline: LogPipeline = await startLogPipeline({
      sources: [{ source: 'console', path: file }],
      pollIntervalMs: 20,
      multilineTimeoutMs: 50,
      onEvent: (e) => events.push(e),
    });
    cleanups.push(() => pipeline.stop());
    await until(() => events.length === 1, 'the flushed error event');
    appendFileSync(file, '   GDScript backtrace (most recent call first):\n');
    expect(events[0]).toMatchObject({
      'event.action': 'engine-error',
      'error.stack_trace': 'at: f (res://a.gd:1)',
    });
    appendFileSync(file, '[SceneRouter] Scene load requested: res://x.tscn\n');
    await until(() => events.length === 3, 'two more events');
    expect(pipeline.counters.snapshot().sceneLoads.requested).toBe(1);
  });

  it('keeps seven days of NDJSON files', async () => {
    const dir = temp();
    for (const day of ['2025-12-01', '2025-12-03', '2025-12-04', '2025-12-09', 'other']) {
      writeFileSync(join(dir, `spacetime-${day}.ndjson`), '{}\n');
    }
    const writer = new NdjsonWriter({ dir, now: () => new Date('2025-12-10T12:00:00Z') });
    await writer.write([]);
    const removed = await writer.prune();
    expect(removed.sort()).toEqual(['spacetime-2025-12-01.ndjson', 'spacetime-2025-12-03.ndjson']);
    expect(readdirSync(dir).sort()).toEqual([
      'spacetime-2025-12-04.ndjson',
      'spacetime-2025-12-09.ndjson',
      'spacetime-other.ndjson',
    ]);
  });

  it('names the position file when it is corrupt instead of guessing', async () => {
    const dir = temp();
    const positions = join(dir, 'positions.json');
    writeFileSync(positions, '{not json');
    await expect(
      runLogPipelineOnce({
        sources: [{ source: 'console', path: join(dir, 'x.log') }],
        positionFile: positions,
      }),
    ).rejects.toThrow(`position file ${positions} is corrupt`);
  });
});

describe('spacetime-monitor logs', () => {
  it('--once writes redacted NDJSON, and a second run adds nothing', async () => {
    const dir = temp();
    const out = join(dir, 'out');
    const args = [
      'logs',
      '--source',
      'console=test/fixtures/contract/console.sample.log',
      '--source',
      'audit=test/fixtures/contract/audit.sample.log',
      '--out',
      out,
      '--once',
    ];
    const first = await runCli(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\[logs\] read: 19 events .*auth failures 1 \| rate limits 1/);
    const events = readNdjson(out);
    expect(events).toHaveLength(19);
    const text = readdirSync(out)
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('');
    expect(text).not.toContain(TOKEN.split('.')[0]);
    expect(text).not.toContain('c2lnbmF0dXJl');
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]+=?\.[A-Za-z0-9_-]+/);

    const second = await runCli(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/read: 0 events/);
    expect(readNdjson(out)).toHaveLength(19);
  });

  it('rejects a bad --source with a message naming it', async () => {
    const res = await runCli(['logs', '--source', 'consol=x.log', '--once']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--source "consol=x.log": unknown kind "consol"');
  });

  it('rejects a bad --summary-interval and a corrupt position file with a message, not a stack trace', async () => {
    const dir = temp();
    const log = join(dir, 'godot_console.log');
    writeFileSync(log, '[HttpApiServer] started\n');
    const bad = await runCli(['logs', '--source', `console=${log}`, '--summary-interval', 'soon', '--once']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--summary-interval: invalid duration "soon"');
    const positions = join(dir, 'positions.json');
    writeFileSync(positions, '{not json');
    const corrupt = await runCli([
      'logs',
      '--source',
      `console=${log}`,
      '--position-file',
      positions,
      '--once',
    ]);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toContain(`spacetime-monitor logs: position file ${positions} is corrupt`);
    expect(corrupt.stderr).not.toMatch(/\n\s+at /);
  });

  it('follows rotation and a restart in the middle of a file: every line shipped exactly once', async () => {
    const dir = temp();
    const out = join(dir, 'out');
    const log = join(dir, 'http_api_access.log');
    const line = (n: number) =>
      `127.0.0.1 - - [02/Dec/2025:10:15:30 +0000] "GET /status?n=${n} HTTP/1.1" 200 12 "-" "curl/8.0" 0.001\n`;
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => line(from + i)).join('');
    const shipped = () =>
      readNdjson(out)
        .map((e) => Number(/n=(\d+)/.exec(e['url.query'] ?? '')?.[1]))
        .filter((n) => !Number.isNaN(n));
    const args = [
      'logs',
      '--source',
      `access=${log}`,
      '--out',
      out,
      '--poll-interval',
      '50ms',
      '--summary-interval',
      '200ms',
    ];

    writeFileSync(log, lines(1, 100));
    let child = spawnCli(args);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    cleanups.push(() => void child.kill('SIGKILL'));
    await until(() => shipped().length >= 100, 'the first 100 lines');
    await until(() => /\[logs\] last 200ms: \d+ events/.test(stdout), 'a line of counts');
    expect(stdout).toContain(`[logs] following access=${log}; writing ${out}`);
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, lines(101, 120)); // the writer still holds the renamed file
    writeFileSync(log, lines(121, 200));
    await until(() => shipped().length >= 200, 'lines after the rename');

    // Stop in the middle of a file: a partial line is pending, more lines follow while we are down.
    appendFileSync(log, lines(201, 250) + line(251).slice(0, 30));
    await until(() => shipped().length >= 250, 'lines before the restart');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    appendFileSync(log, line(251).slice(30) + lines(252, 300));

    child = spawnCli(args);
    await until(() => shipped().length >= 300, 'lines after the restart');
    const exitedAgain = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exitedAgain;

    const got = shipped();
    const counts = new Map<number, number>();
    for (const n of got) counts.set(n, (counts.get(n) ?? 0) + 1);
    for (let n = 1; n <= 300; n++) expect(counts.get(n), `line ${n}`).toBe(1);
    expect(got).toHaveLength(300);
  }, 60_000);
});
