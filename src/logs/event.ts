/**
 * The normalized log event: Elastic Common Schema field names, written flat with dotted keys
 * (Filebeat's ndjson parser expands them with `expand_keys: true`, Elasticsearch accepts them as is).
 */

/** The seven log sources of the game (issue 5); each becomes `event.dataset: spacetime.<source>`. */
export const LOG_SOURCES = ['console', 'access', 'errors', 'health', 'vr', 'scene', 'audit'] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type EventOutcome = 'success' | 'failure' | 'unknown';

export interface LogEvent {
  '@timestamp': string;
  message: string;
  'log.level': LogLevel;
  'log.file.path': string;
  'service.name': string;
  'event.kind': 'event';
  'event.dataset': `spacetime.${LogSource}`;
  'event.module': 'spacetime';
  'event.category': string[];
  'event.type'?: string[];
  'event.action': string;
  'event.outcome'?: EventOutcome;
  /** ECS: nanoseconds. */
  'event.duration'?: number;
  /** When we read the line; `@timestamp` falls back to it when the line carries no time. */
  'event.created': string;
  labels?: Record<string, string>;
  /** `spacetime_parse_failure` on a line no parser understood (kept, never dropped). */
  tags?: string[];
  'log.logger'?: string;
  'http.request.method'?: string;
  'http.request.referrer'?: string;
  'http.response.status_code'?: number;
  'http.response.body.bytes'?: number;
  'http.version'?: string;
  'url.path'?: string;
  'url.query'?: string;
  'url.original'?: string;
  'source.ip'?: string;
  'user_agent.original'?: string;
  'error.message'?: string;
  'error.stack_trace'?: string;
  'file.path'?: string;
}

/** The fields a parser decides; the pipeline fills in file, service and read time. */
export type ParsedEvent = Omit<
  LogEvent,
  'log.file.path' | 'service.name' | 'event.kind' | 'event.module' | 'event.created' | '@timestamp'
> & { '@timestamp'?: string };
