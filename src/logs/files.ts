import { join } from 'node:path';
import type { LogSourceSpec } from './pipeline.js';

/**
 * The file names the game (and our simulator) write, and where our own tools write. Filebeat's
 * config, the docs and the simulator must all use these; test/logs/filebeat-config.test.ts checks.
 */
export const GAME_LOG_FILES = {
  /** The launcher's redirect of the game's stdout, in the game's folder: `logs/godot_console.log`. */
  console: 'godot_console.log',
  /** The HttpApiServer's audit file, in the game's user folder. */
  audit: 'http_api_audit.log',
  /** nginx in front of the API (combined format with `$request_time` appended). */
  access: 'http_api_access.log',
} as const;

/** The health monitor's default `--log-file`. */
export const HEALTH_LOG_PATH = 'monitoring/health.log';

/** Where `spacetime-monitor logs --out` conventionally writes (the NDJSON Filebeat ships). */
export const NDJSON_DIR = 'monitoring/logs';

/**
 * The game's three files as pipeline sources: the console and access log in `logDir`, the audit
 * file in the game's user folder (`userDir`; the simulator writes all three into one folder).
 * `startLogPipeline({ sources: gameLogSources(sim.logDir) })` is how the demo follows the simulator.
 */
export function gameLogSources(logDir: string, userDir: string = logDir): LogSourceSpec[] {
  return [
    { source: 'console', path: join(logDir, GAME_LOG_FILES.console) },
    { source: 'access', path: join(logDir, GAME_LOG_FILES.access) },
    { source: 'audit', path: join(userDir, GAME_LOG_FILES.audit) },
  ];
}
