import { statSync } from 'node:fs';
import pino, { type Logger } from 'pino';

/**
 * The monitor's JSON-lines log with ECS field names (`@timestamp`, `log.level`, `message`,
 * `service.name`, `event.action`, `labels`), so Filebeat ships it as is. Survives rotation:
 * `reopen()` on SIGHUP, and before writing it notices when the file was moved or deleted.
 */
export interface HealthLogFile {
  readonly logger: Logger;
  /** Reopens the path if logrotate (or anyone) moved or deleted the file. */
  checkRotation(): void;
  reopen(): void;
  close(): void;
}

function inodeOf(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

/** Lines held back while the file refuses writes (disk full); beyond this they are dropped. */
const MAX_PENDING_BYTES = 1 << 20;

export interface HealthLogOptions {
  /**
   * Told once when writes start failing (disk full, file gone read-only), and once when they work
   * again. Without a listener such a failure would throw out of the logging call into the check.
   */
  onWriteError?: (message: string) => void;
}

export function openHealthLog(path: string, options: HealthLogOptions = {}): HealthLogFile {
  const dest = pino.destination({ dest: path, sync: true, mkdir: true, maxLength: MAX_PENDING_BYTES });
  let failing = false;
  let dropped = 0;
  dest.on('error', (err: Error) => {
    if (failing) return;
    failing = true;
    options.onWriteError?.(`cannot write log file ${path}: ${err.message}; checks and alerts go on`);
  });
  dest.on('drop', () => (dropped += 1));
  dest.on('write', () => {
    if (!failing) return;
    failing = false;
    const lost = dropped > 0 ? ` (${dropped} line(s) dropped meanwhile)` : '';
    dropped = 0;
    options.onWriteError?.(`log file ${path} writable again${lost}`);
  });
  let ino = inodeOf(path);
  const logger = pino(
    {
      base: { 'service.name': 'spacetime-monitor', 'event.dataset': 'spacetime.health' },
      messageKey: 'message',
      timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ 'log.level': label }) },
    },
    dest,
  );
  let reopenFailing = false;
  const reopen = (): void => {
    try {
      dest.reopen();
      reopenFailing = false;
    } catch (err) {
      if (reopenFailing) return;
      reopenFailing = true;
      // Called from SIGHUP and before checks: a path that cannot be opened again must not crash
      // the monitor or lose a check. Lines keep going to the old file; the next check tries again
      // (and says so once per failure streak).
      options.onWriteError?.(`cannot reopen log file ${path}: ${(err as Error).message}`);
      return;
    }
    ino = inodeOf(path);
  };
  return {
    logger,
    checkRotation() {
      const now = inodeOf(path);
      if (now === undefined || now !== ino) reopen();
    },
    reopen,
    close() {
      // sonic-boom's flushSync retries a failed write forever, and end() would retry it before
      // closing: while the file refuses writes, give up the held-back lines (already reported).
      if (failing) {
        dest.destroy();
        return;
      }
      dest.flushSync();
      dest.end();
    },
  };
}
