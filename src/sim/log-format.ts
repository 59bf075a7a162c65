/** The game's log line formats (see docs/simulator.md); all local time, as the game writes them. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2025-12-04 23:38:45` */
export function localDateTime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `2025-12-04T23:38:41`, as in /scene/history's loaded_at and the engine logger. */
export function localIsoNoZone(d: Date): string {
  return localDateTime(d).replace(' ', 'T');
}

export type EngineLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** `[2025-12-04T23:38:41] [INFO] [VRManager] Initializing VR Manager...` */
export function engineLine(d: Date, level: EngineLevel, component: string, message: string): string {
  return `[${localIsoNoZone(d)}] [${level}] [${component}] ${message}`;
}

/** `[SERVER] 2025-12-04 23:38:45 >> <message>` */
export function serverLine(d: Date, message: string): string {
  return `[SERVER] ${localDateTime(d)} >> ${message}`;
}

/** A multi-line engine event: `ERROR: <msg>` then indented `   at:` and backtrace lines. */
export function engineError(
  kind: 'ERROR' | 'WARNING' | 'SCRIPT ERROR',
  message: string,
  at: string,
  backtrace: string[] = [],
): string {
  const lines = [`${kind}: ${message}`, `   at: ${at}`];
  if (backtrace.length > 0) {
    lines.push('   GDScript backtrace (most recent call first):');
    backtrace.forEach((frame, i) => lines.push(`       [${i}] ${frame}`));
  }
  return lines.join('\n');
}

export type AuditResult =
  | 'AUTH_SUCCESS'
  | 'AUTH_FAILURE'
  | 'RATE_LIMIT'
  | 'WHITELIST_VIOLATION'
  | 'SIZE_VIOLATION'
  | 'SUCCESS'
  | 'FAILURE'
  | 'STARTUP'
  | 'SHUTDOWN';

/** `[2025-12-04 23:39:10] [WARN] [127.0.0.1] [/performance] [AUTH_FAILURE] Token expired` */
export function auditLine(
  d: Date,
  level: 'INFO' | 'WARN' | 'ERROR',
  clientIp: string,
  endpoint: string,
  result: AuditResult,
  details: string,
): string {
  return `[${localDateTime(d)}] [${level}] [${clientIp}] [${endpoint}] [${result}] ${details}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** nginx `$time_local`: `02/Dec/2025:10:15:30 +0000`. */
export function nginxTime(d: Date): string {
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return `${pad(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}

export interface AccessEntry {
  at: Date;
  remote: string;
  method: string;
  target: string;
  status: number;
  bytes: number;
  referer?: string;
  userAgent?: string;
  requestTimeSeconds: number;
}

const quoted = (s: string | undefined): string => (s ? s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') : '-');

/** nginx combined plus `$request_time`: `... "GET /status HTTP/1.1" 200 1234 "-" "curl/8" 0.003` */
export function accessLine(e: AccessEntry): string {
  return `${e.remote} - - [${nginxTime(e.at)}] "${e.method} ${e.target} HTTP/1.1" ${e.status} ${e.bytes} "${quoted(e.referer)}" "${quoted(e.userAgent)}" ${e.requestTimeSeconds.toFixed(3)}`;
}
