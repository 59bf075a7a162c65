import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { LogSource } from '../src/logs/event.js';
import { MultilineAssembler } from '../src/logs/multiline.js';
import { FORMAT_OF_SOURCE } from '../src/logs/parsers/formats.js';
import { redactValue } from '../src/logs/redact.js';
import { zoneResolver } from '../src/logs/timezone.js';

/**
 * Lines per second of the log pipeline's CPU work (multi-line assembly, parsing, redaction) against
 * a plain line-splitting baseline over the same text in the same run. File I/O is left out of
 * both: the ratio says what parsing costs on top of reading lines.
 */
const LINES = 200_000;
const ROUNDS = 5;

function corpus(fixtures: string[]): string {
  const pool = fixtures.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));
  const out: string[] = [];
  for (let i = 0; out.length < LINES; i++) out.push(pool[i % pool.length] ?? '');
  return out.join('\n') + '\n';
}

/** The baseline: split the text into line strings, as any line reader must, and count them. */
function baseline(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (line.length > 0) n += 1;
  return n;
}

function pipeline(source: LogSource, text: string): number {
  const format = FORMAT_OF_SOURCE[source];
  const ctx = { toInstant: zoneResolver('Europe/Berlin') };
  const assembler = format.multiline ? new MultilineAssembler() : undefined;
  let events = 0;
  const handle = (record: string): void => {
    const event = redactValue(format.toEvent(record, ctx));
    if (event['event.action']) events += 1;
  };
  let end = 0;
  for (const line of text.split('\n')) {
    end += line.length + 1;
    if (assembler) for (const r of assembler.push({ text: line, key: 'bench', end })) handle(r.text);
    else if (line) handle(line);
  }
  if (assembler) for (const r of assembler.flush()) handle(r.text);
  return events;
}

function best(fn: () => number): { seconds: number; count: number } {
  let seconds = Infinity;
  let count = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    count = fn();
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  return { seconds, count };
}

export async function run(): Promise<void> {
  const cases: { name: string; source: LogSource; fixtures: string[] }[] = [
    {
      name: 'console',
      source: 'console',
      fixtures: ['test/fixtures/contract/console.sample.log', 'test/fixtures/logs/console.extra.log'],
    },
    { name: 'access', source: 'access', fixtures: ['test/fixtures/logs/access.log'] },
    { name: 'audit', source: 'audit', fixtures: ['test/fixtures/contract/audit.sample.log'] },
  ];
  for (const c of cases) {
    const text = corpus(c.fixtures);
    const lines = baseline(text);
    const split = best(() => baseline(text));
    const parsed = best(() => pipeline(c.source, text));
    const splitRate = lines / split.seconds;
    const parseRate = lines / parsed.seconds;
    process.stdout.write(
      `${c.name.padEnd(8)} ${lines} lines -> ${parsed.count} events | ` +
        `split ${Math.round(splitRate).toLocaleString('en-US')} lines/s | ` +
        `parse+redact ${Math.round(parseRate).toLocaleString('en-US')} lines/s | ` +
        `parsing costs ${(splitRate / parseRate).toFixed(1)}x the baseline\n`,
    );
  }
}
