import { expandHome } from './config.js';
import { LOG_SOURCES, type LogSource } from './event.js';
import type { LogSourceSpec } from './pipeline.js';

/**
 * Parses a `KIND=PATH` command-line value (`console=logs/godot_console.log`), as the `logs` and
 * `exporter` commands take it. `flag` names the option in the error message.
 */
export function parseLogSourceSpec(spec: string, flag: string): LogSourceSpec {
  const eq = spec.indexOf('=');
  const kind = spec.slice(0, eq);
  const path = spec.slice(eq + 1);
  if (eq < 1 || !path)
    throw new Error(`${flag} "${spec}": expected KIND=PATH, e.g. console=logs/godot_console.log`);
  if (!(LOG_SOURCES as readonly string[]).includes(kind)) {
    throw new Error(`${flag} "${spec}": unknown kind "${kind}" (one of ${LOG_SOURCES.join(', ')})`);
  }
  return { source: kind as LogSource, path: expandHome(path) };
}
