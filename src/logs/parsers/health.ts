import type { LogLevel, ParsedEvent } from '../event.js';
import type { Parser } from './parser.js';

/**
 * Our own health monitor's log (`monitoring/health.log`): JSON lines with ECS field names (pino),
 * dotted or nested. Lines that are not JSON (an older text log) still become events.
 */
export type HealthRecord =
  { json: Record<string, unknown>; line: string } | { json?: undefined; line: string };

export function decodeHealthLine(line: string): HealthRecord {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return { json: flatten(parsed as Record<string, unknown>), line };
      }
    } catch {
      // falls through to the text form
    }
  }
  return { line };
}

function flatten(
  obj: Record<string, unknown>,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    // labels stay an object: it is ECS's one free-form keyword map
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && key !== 'labels') {
      flatten(v as Record<string, unknown>, key, out);
    } else out[key] = v;
  }
  return out;
}

const PINO_LEVELS: Record<number, LogLevel> = {
  10: 'debug',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'error',
};
const TEXT_LEVEL_RE = /\b(DEBUG|INFO|WARN(?:ING)?|ERROR|CRITICAL)\b/;
const PASS_THROUGH = new Set([
  'event.action',
  'event.outcome',
  'event.duration',
  'url.original',
  'url.path',
  'http.response.status_code',
  'error.message',
]);
const RESERVED = new Set([
  '@timestamp',
  'time',
  'level',
  'log.level',
  'message',
  'msg',
  'labels',
  'v',
  'pid',
  'hostname',
]);
const MAX_LABELS = 32;

export const healthParser: Parser<HealthRecord> = {
  source: 'health',
  parse(r) {
    if (!r.json) {
      const lvl = TEXT_LEVEL_RE.exec(r.line)?.[1] ?? 'INFO';
      return {
        'log.level':
          lvl === 'DEBUG' ? 'debug' : lvl.startsWith('WARN') ? 'warn' : lvl === 'INFO' ? 'info' : 'error',
        message: r.line,
        'event.dataset': 'spacetime.health',
        'event.category': ['host'],
        'event.action': 'health-log',
      };
    }
    const j = r.json;
    const event: ParsedEvent = {
      ...timestampOf(j),
      'log.level': levelOf(j['log.level'] ?? j.level),
      message: String(j.message ?? j.msg ?? ''),
      'event.dataset': 'spacetime.health',
      'event.category': stringList(j['event.category']) ?? ['host'],
      'event.action': typeof j['event.action'] === 'string' ? j['event.action'] : 'health-check',
    };
    const labels: Record<string, string> = {};
    const given = j.labels;
    if (given && typeof given === 'object') {
      for (const [k, v] of Object.entries(given as Record<string, unknown>)) labels[k] = String(v);
    }
    const target = event as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(j)) {
      if (RESERVED.has(k) || k === 'event.category' || k === 'event.action') continue;
      if (PASS_THROUGH.has(k) && (typeof v === 'string' || typeof v === 'number')) target[k] = v;
      else if (Object.keys(labels).length < MAX_LABELS && v !== undefined && v !== null) {
        labels[k.replace(/\./g, '_')] = typeof v === 'string' ? v : JSON.stringify(v);
      }
    }
    if (Object.keys(labels).length > 0) event.labels = labels;
    return event;
  },
};

function timestampOf(j: Record<string, unknown>): { '@timestamp'?: string } {
  const raw = j['@timestamp'] ?? j.time;
  const date = typeof raw === 'number' ? new Date(raw) : typeof raw === 'string' ? new Date(raw) : undefined;
  return date && !Number.isNaN(date.getTime()) ? { '@timestamp': date.toISOString() } : {};
}

function levelOf(raw: unknown): LogLevel {
  if (typeof raw === 'number') return PINO_LEVELS[raw] ?? (raw >= 50 ? 'error' : 'info');
  const s = String(raw ?? 'info').toLowerCase();
  if (s.startsWith('warn')) return 'warn';
  if (s === 'error' || s === 'fatal' || s === 'critical') return 'error';
  if (s === 'debug' || s === 'trace') return 'debug';
  return 'info';
}

function stringList(raw: unknown): string[] | undefined {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return raw as string[];
  return undefined;
}
