import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.js';
import { tempDir } from './support.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Runs `source` (TypeScript) in a child node whose files may not grow past `limitKiB`. */
function runWithFileSizeLimit(dir: string, source: string, limitKiB: number): Promise<string> {
  const script = join(dir, 'child.mts');
  writeFileSync(script, source);
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', `ulimit -f ${limitKiB} && exec node --import tsx "$0"`, script],
      { cwd: projectRoot, timeout: 30_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${String(err)}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

describe('NdjsonWriter', () => {
  it('leaves no half-written line when an append fails part-way (disk full, file size limit)', async () => {
    const { dir, cleanup } = tempDir('ndjson-');
    cleanups.push(cleanup);
    const out = join(dir, 'out');
    const stdout = await runWithFileSizeLimit(
      dir,
      `
import { NdjsonWriter } from ${JSON.stringify(join(projectRoot, 'src/logs/ndjson-writer.ts'))};
const writer = new NdjsonWriter({ dir: ${JSON.stringify(out)}, now: () => new Date('2025-12-10T12:00:00Z') });
const event = (n: number) => ({ message: 'x'.repeat(3000), n }) as never;
await writer.write([event(1), event(2)]);
const failed = await writer.write([event(3), event(4)]).then(() => 'written', (e: NodeJS.ErrnoException) => e.code);
console.log(failed);
`,
      8,
    );
    // 8 KiB: the first batch fits, the second is cut off by the limit part-way through.
    expect(stdout.trim()).toBe('EFBIG');
    const lines = readFileSync(join(out, 'spacetime-2025-12-10.ndjson'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([1, 2]);
  });
});
