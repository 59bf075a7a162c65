import type { LogSource, ParsedEvent } from '../event.js';
import { accessParser, decodeAccessLine, type AccessRecord } from './access.js';
import { auditParser, decodeAuditLine, type AuditRecord } from './audit.js';
import { consoleParser } from './console.js';
import { accessErrorParser, consoleErrorParser } from './errors.js';
import { decodeGodotRecord, type GodotRecord } from './godot-record.js';
import { decodeHealthLine, healthParser, type HealthRecord } from './health.js';
import type { ParseContext, Parser } from './parser.js';
import { sceneParser } from './scene.js';
import { vrParser } from './vr.js';

/**
 * A file format: how a record is decoded once, and the chain of source parsers offered the decoded
 * record in turn (the first to return an event wins). The game writes four formats; the seven
 * sources are parsers over them (the console alone feeds console, errors, VR and scene events).
 */
export interface LogFormat {
  readonly name: 'console' | 'access' | 'audit' | 'health';
  /** Indented continuation lines belong to the previous record (Godot WARNING/ERROR backtraces). */
  readonly multiline: boolean;
  toEvent(record: string, ctx: ParseContext): ParsedEvent;
}

function format<T>(
  name: LogFormat['name'],
  multiline: boolean,
  decode: (record: string, ctx: ParseContext) => T | undefined,
  parsers: readonly Parser<T>[],
  source: LogSource,
): LogFormat {
  return {
    name,
    multiline,
    toEvent(record, ctx) {
      const decoded = decode(record, ctx);
      if (decoded !== undefined) {
        for (const parser of parsers) {
          const event = parser.parse(decoded, ctx);
          if (event) return event;
        }
      }
      return unparsed(record, source, name);
    },
  };
}

/** A line no parser understood is still shipped, tagged, so nothing read is lost. */
function unparsed(record: string, source: LogSource, formatName: string): ParsedEvent {
  return {
    'log.level': 'info',
    message: record,
    'event.dataset': `spacetime.${source}`,
    'event.category': ['process'],
    'event.action': 'unparsed',
    tags: ['spacetime_parse_failure'],
    labels: { expected_format: formatName },
  };
}

const consoleFormat = format<GodotRecord>(
  'console',
  true,
  decodeGodotRecord,
  [sceneParser, vrParser, consoleErrorParser, consoleParser],
  'console',
);

/** By source name as given on the command line (`--source vr=PATH` reads a console-format file). */
export const FORMAT_OF_SOURCE: Readonly<Record<LogSource, LogFormat>> = {
  console: consoleFormat,
  errors: consoleFormat,
  vr: consoleFormat,
  scene: consoleFormat,
  access: format<AccessRecord>(
    'access',
    false,
    (line) => decodeAccessLine(line),
    [accessErrorParser, accessParser],
    'access',
  ),
  audit: format<AuditRecord>('audit', false, decodeAuditLine, [auditParser], 'audit'),
  health: format<HealthRecord>('health', false, (line) => decodeHealthLine(line), [healthParser], 'health'),
};
