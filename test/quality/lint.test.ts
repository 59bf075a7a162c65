import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/cli.js';

const run = promisify(execFile);

async function check(cmd: string, args: string[]): Promise<string> {
  try {
    await run(cmd, args, { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message;
  }
}

// Lint, format and type checks are part of the suite so CI counts them like any other test.
describe('code quality', () => {
  it('passes eslint', { timeout: 180_000 }, async () => {
    expect(await check(process.execPath, ['node_modules/eslint/bin/eslint.js', '.'])).toBe('');
  });
  it('passes the prettier format check', { timeout: 120_000 }, async () => {
    expect(
      await check(process.execPath, [
        'node_modules/prettier/bin/prettier.cjs',
        '--check',
        '--log-level',
        'warn',
        '.',
      ]),
    ).toBe('');
  });
  it('type-checks under strict TypeScript', { timeout: 180_000 }, async () => {
    expect(
      await check(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']),
    ).toBe('');
  });
});
