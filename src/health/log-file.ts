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

export function openHealthLog(path: string): HealthLogFile {
  const dest = pino.destination({ dest: path, sync: true, mkdir: true });
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
  const reopen = (): void => {
    dest.reopen();
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
      dest.flushSync();
      dest.end();
    },
  };
}
