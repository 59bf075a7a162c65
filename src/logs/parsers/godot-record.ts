import type { LogLevel } from '../event.js';
import { parseWallTime } from '../timezone.js';
import type { ParseContext } from './parser.js';

/**
 * One console record (a line, or an engine WARNING/ERROR with its indented continuation lines),
 * split into the parts every console line shape has. Decoded once, then offered to the console,
 * errors, VR and scene parsers in turn.
 */
export interface GodotRecord {
  shape: 'logger' | 'server' | 'engine' | 'print' | 'raw';
  /** Absent for shapes that carry no time (prints, engine errors). */
  time?: Date;
  level: LogLevel;
  /** `VRManager`, `SERVER`, `SceneRouter`...; for engine events the kind: WARNING, ERROR, SCRIPT ERROR. */
  component?: string;
  /** First line's text after the prefixes. */
  text: string;
  /** Indented continuation lines, trimmed of their indentation (GDScript backtrace, `at:` line). */
  continuation: string[];
}

const LOGGER_RE = /^\[(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)\] \[([A-Z]+)\] \[([^\]]+)\] ?(.*)$/;
const SERVER_RE = /^\[SERVER\] (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) >> ?(.*)$/;
const ENGINE_RE = /^(WARNING|ERROR|SCRIPT ERROR|SCRIPT WARNING|USER ERROR|USER WARNING|SHADER ERROR): ?(.*)$/;
const PRINT_RE = /^\[([A-Za-z][\w .:-]{0,63})\] ?(.*)$/;

const LEVELS: Record<string, LogLevel> = {
  DEBUG: 'debug',
  TRACE: 'debug',
  VERBOSE: 'debug',
  INFO: 'info',
  NOTICE: 'info',
  WARN: 'warn',
  WARNING: 'warn',
  ERROR: 'error',
  ERR: 'error',
  FATAL: 'error',
  CRITICAL: 'error',
};

export function decodeGodotRecord(record: string, ctx: ParseContext): GodotRecord {
  const newline = record.indexOf('\n');
  const first = newline < 0 ? record : record.slice(0, newline);
  const continuation =
    newline < 0
      ? []
      : record
          .slice(newline + 1)
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.length > 0);

  let m = LOGGER_RE.exec(first);
  if (m) {
    return {
      shape: 'logger',
      time: wallToInstant(m[1] ?? '', ctx),
      level: LEVELS[m[2] ?? ''] ?? 'info',
      component: m[3],
      text: m[4] ?? '',
      continuation,
    };
  }
  m = SERVER_RE.exec(first);
  if (m) {
    return {
      shape: 'server',
      time: wallToInstant(m[1] ?? '', ctx),
      level: 'info',
      component: 'SERVER',
      text: m[2] ?? '',
      continuation,
    };
  }
  m = ENGINE_RE.exec(first);
  if (m) {
    const kind = m[1] ?? 'ERROR';
    return {
      shape: 'engine',
      level: kind.endsWith('WARNING') ? 'warn' : 'error',
      component: kind,
      text: m[2] ?? '',
      continuation,
    };
  }
  m = PRINT_RE.exec(first);
  if (m) return { shape: 'print', level: 'info', component: m[1], text: m[2] ?? '', continuation };
  return { shape: 'raw', level: 'info', text: first, continuation };
}

function wallToInstant(text: string, ctx: ParseContext): Date | undefined {
  const wall = parseWallTime(text);
  return wall ? ctx.toInstant(wall) : undefined;
}

/** The record's full message: first line, then the continuation lines. */
export function godotMessage(r: GodotRecord): string {
  const head = r.shape === 'engine' ? `${r.component}: ${r.text}` : r.text;
  return r.continuation.length === 0 ? head : `${head}\n${r.continuation.join('\n')}`;
}

/** Fields every console-format event shares. */
export function godotBase(r: GodotRecord): {
  '@timestamp'?: string;
  'log.level': LogLevel;
  'log.logger'?: string;
} {
  return {
    ...(r.time ? { '@timestamp': r.time.toISOString() } : {}),
    'log.level': r.level,
    ...(r.component && r.shape !== 'engine' ? { 'log.logger': r.component } : {}),
  };
}
