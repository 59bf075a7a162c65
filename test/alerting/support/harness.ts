import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { expect } from 'vitest';

/** A pino logger whose every line is kept, so tests can read and grep them. */
export function captureLogs(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'stm-alerting-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Fails naming the secret's role (never printing the secret) if any text contains it. */
export function expectNoSecrets(texts: string[], secrets: Record<string, string>): void {
  for (const [role, secret] of Object.entries(secrets)) {
    const leaks = texts.filter((t) => t.includes(secret)).length;
    expect(leaks, `${role} appears in ${leaks} log line(s) or error(s)`).toBe(0);
  }
}

/** Fast retry settings for CI: the behaviour of production settings, in milliseconds. */
export const FAST_RETRY = { initialBackoffMs: 50, maxBackoffMs: 400, maxRetryAfterMs: 10_000 };
