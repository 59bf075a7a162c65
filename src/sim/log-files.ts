import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const CONSOLE_LOG = 'godot_console.log';
export const AUDIT_LOG = 'http_api_audit.log';
export const ACCESS_LOG = 'http_api_access.log';

/**
 * The three files of one simulated game. Lines are appended synchronously, so a line is on disk
 * before the response it describes reaches the client (tests and tailers can rely on that).
 * Without a log directory every write is dropped.
 */
export class LogFiles {
  private fds: { console: number; audit: number; access: number } | undefined;

  constructor(readonly dir: string | undefined) {
    this.open();
  }

  /** After a rename-style rotation, continue in fresh files (like nginx on SIGUSR1). */
  reopen(): void {
    this.close();
    this.open();
  }

  console(...lines: string[]): void {
    this.write('console', lines);
  }

  audit(...lines: string[]): void {
    this.write('audit', lines);
  }

  access(...lines: string[]): void {
    this.write('access', lines);
  }

  close(): void {
    if (!this.fds) return;
    for (const fd of Object.values(this.fds)) closeSync(fd);
    this.fds = undefined;
  }

  private open(): void {
    const dir = this.dir;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    this.fds = {
      console: openSync(join(dir, CONSOLE_LOG), 'a'),
      audit: openSync(join(dir, AUDIT_LOG), 'a'),
      access: openSync(join(dir, ACCESS_LOG), 'a'),
    };
  }

  private write(file: 'console' | 'audit' | 'access', lines: string[]): void {
    if (!this.fds || lines.length === 0) return;
    writeSync(this.fds[file], `${lines.join('\n')}\n`);
  }
}
