import type { ParsedEvent } from '../event.js';
import { normalizeRoute } from '../route.js';
import type { Parser } from './parser.js';

/**
 * nginx "combined" access log, optionally with the request time (seconds) appended:
 * `127.0.0.1 - - [02/Dec/2025:10:15:30 +0000] "GET /status HTTP/1.1" 200 1234 "-" "curl/8.0" 0.003`
 */
export interface AccessRecord {
  line: string;
  clientIp: string;
  user?: string;
  time?: Date;
  method?: string;
  target?: string;
  protocol?: string;
  /** The quoted request line, as logged (may be garbage from a scanner). */
  request: string;
  status: number;
  bytes?: number;
  referrer?: string;
  userAgent?: string;
  requestTimeSeconds?: number;
}

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
const ACCESS_RE = new RegExp(
  `^(\\S+) \\S+ (\\S+) \\[([^\\]]+)\\] ${QUOTED} (\\d{3}) (\\d+|-)(?: ${QUOTED} ${QUOTED})?(?: (\\d+(?:\\.\\d+)?|-))?\\s*$`,
);
const NGINX_TIME_RE = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Returns undefined for a line that is not in the combined format. */
export function decodeAccessLine(line: string): AccessRecord | undefined {
  const m = ACCESS_RE.exec(line);
  if (!m) return undefined;
  const request = m[4] ?? '';
  const parts = request.split(' ');
  const wellFormed = parts.length === 3 && /^[A-Z]+$/.test(parts[0] ?? '');
  const bytes = m[6] === '-' ? undefined : Number(m[6]);
  const rt = m[9] === undefined || m[9] === '-' ? undefined : Number(m[9]);
  return {
    line,
    clientIp: m[1] ?? '',
    ...(m[2] && m[2] !== '-' ? { user: m[2] } : {}),
    time: parseNginxTime(m[3] ?? ''),
    ...(wellFormed ? { method: parts[0], target: parts[1], protocol: parts[2] } : {}),
    request,
    status: Number(m[5]),
    bytes,
    referrer: m[7] === undefined || m[7] === '-' ? undefined : m[7],
    userAgent: m[8] === undefined || m[8] === '-' ? undefined : m[8],
    requestTimeSeconds: rt,
  };
}

function parseNginxTime(text: string): Date | undefined {
  const m = NGINX_TIME_RE.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2] ?? '');
  if (month < 0) return undefined;
  const offsetMin = (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9]));
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return new Date(utc - offsetMin * 60_000);
}

/** The ECS fields of an access record, shared with the errors parser (5xx). */
export function accessFields(r: AccessRecord): ParsedEvent {
  // Built by assignment, not by spreading conditional objects: this runs once per request line,
  // and V8 copies a spread-built literal far more slowly.
  const e: ParsedEvent = {
    'log.level': r.status >= 500 ? 'error' : r.status >= 400 ? 'warn' : 'info',
    message: r.line,
    'event.dataset': 'spacetime.access',
    'event.category': ['web', 'network'],
    'event.type': ['access'],
    'event.action': 'http-request',
    'event.outcome': r.status >= 400 ? 'failure' : 'success',
    'source.ip': r.clientIp,
    'http.response.status_code': r.status,
    labels: { route: r.target ? normalizeRoute(r.target) : 'other' },
  };
  if (r.time) e['@timestamp'] = r.time.toISOString();
  if (r.requestTimeSeconds !== undefined) e['event.duration'] = Math.round(r.requestTimeSeconds * 1e9);
  if (r.method) e['http.request.method'] = r.method;
  if (r.protocol?.startsWith('HTTP/')) e['http.version'] = r.protocol.slice(5);
  if (r.bytes !== undefined) e['http.response.body.bytes'] = r.bytes;
  if (r.referrer) e['http.request.referrer'] = r.referrer;
  if (r.userAgent) e['user_agent.original'] = r.userAgent;
  if (r.target) {
    const q = r.target.indexOf('?');
    e['url.original'] = r.target;
    e['url.path'] = q < 0 ? r.target : r.target.slice(0, q);
    if (q >= 0) e['url.query'] = r.target.slice(q + 1);
  }
  return e;
}

export const accessParser: Parser<AccessRecord> = {
  source: 'access',
  parse: (r) => accessFields(r),
};
