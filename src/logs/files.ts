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
