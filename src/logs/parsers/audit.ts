import type { ParsedEvent } from '../event.js';
import { normalizeRoute } from '../route.js';
import { parseWallTime } from '../timezone.js';
import type { ParseContext, Parser } from './parser.js';

/**
 * The HttpApiServer's security audit file (`http_api_audit.log` in the game's user folder):
 * `[YYYY-MM-DD HH:MM:SS] [LEVEL] [client_ip] [endpoint] [RESULT] details`
 */
export const AUDIT_RESULTS = [
  'AUTH_SUCCESS',
  'AUTH_FAILURE',
  'RATE_LIMIT',
  'WHITELIST_VIOLATION',
  'SIZE_VIOLATION',
  'SUCCESS',
  'FAILURE',
  'STARTUP',
  'SHUTDOWN',
] as const;

export interface AuditRecord {
  line: string;
  time?: Date;
  level: string;
  client: string;
  endpoint: string;
  result: string;
  details: string;
}

const AUDIT_RE =
  /^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\] \[([A-Z]+)\] \[([^\]]*)\] \[([^\]]*)\] \[([A-Z_]+)\] ?(.*)$/;

export function decodeAuditLine(line: string, ctx: ParseContext): AuditRecord | undefined {
  const m = AUDIT_RE.exec(line);
  if (!m) return undefined;
  const wall = parseWallTime(m[1] ?? '');
  return {
    line,
    time: wall ? ctx.toInstant(wall) : undefined,
    level: m[2] ?? 'INFO',
    client: m[3] ?? '',
    endpoint: m[4] ?? '',
    result: m[5] ?? '',
    details: m[6] ?? '',
  };
}

const CATEGORY: Record<string, string[]> = {
  AUTH_SUCCESS: ['authentication'],
  AUTH_FAILURE: ['authentication'],
  RATE_LIMIT: ['network', 'intrusion_detection'],
  WHITELIST_VIOLATION: ['intrusion_detection'],
  SIZE_VIOLATION: ['intrusion_detection'],
  STARTUP: ['process'],
  SHUTDOWN: ['process'],
};

const OUTCOME: Record<string, ParsedEvent['event.outcome']> = {
  AUTH_SUCCESS: 'success',
  SUCCESS: 'success',
  STARTUP: 'success',
  SHUTDOWN: 'success',
};

export const auditParser: Parser<AuditRecord> = {
  source: 'audit',
  parse(r) {
    const level =
      r.level === 'ERROR'
        ? 'error'
        : r.level.startsWith('WARN')
          ? 'warn'
          : r.level === 'DEBUG'
            ? 'debug'
            : 'info';
    const isIp = /^[0-9a-f.:]+$/i.test(r.client);
    return {
      ...(r.time ? { '@timestamp': r.time.toISOString() } : {}),
      'log.level': level,
      message: r.details ? `${r.result} ${r.endpoint} ${r.details}` : `${r.result} ${r.endpoint}`,
      'event.dataset': 'spacetime.audit',
      'event.category': CATEGORY[r.result] ?? ['api'],
      'event.type': r.result === 'STARTUP' ? ['start'] : r.result === 'SHUTDOWN' ? ['end'] : ['info'],
      'event.action': r.result.toLowerCase().replace(/_/g, '-'),
      'event.outcome': OUTCOME[r.result] ?? 'failure',
      ...(isIp ? { 'source.ip': r.client } : {}),
      'url.path': r.endpoint,
      labels: {
        audit_result: r.result,
        route: normalizeRoute(r.endpoint),
        ...(isIp ? {} : { client: r.client }),
      },
    };
  },
};
