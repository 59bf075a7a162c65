import type { ParsedEvent } from '../event.js';
import { godotBase, godotMessage, type GodotRecord } from './godot-record.js';
import type { Parser } from './parser.js';

/**
 * The Godot console's remaining lines (after the errors, VR and scene parsers had their turn):
 * server start, request dumps, auth failures, token announcements, warnings, plain prints.
 * It claims every record, so nothing read is ever dropped.
 */
const LISTENING_RE = /^HTTP Server listening on (\S+)/;
const REQUEST_RE = /^HTTP Request: (\{.*\})\s*$/;
const AUTH_FAILED_RE = /^Auth(?:entication)? failed:? ?(.*)$/i;
const RATE_LIMIT_RE = /rate limit(?:ed| exceeded)/i;
const TOKEN_RE = /^(?:API TOKEN|API token generated|JWT token)/i;

export const consoleParser: Parser<GodotRecord> = {
  source: 'console',
  parse(r) {
    const text = r.text.trim();
    const base = { ...godotBase(r), message: godotMessage(r), 'event.dataset': 'spacetime.console' as const };
    if (r.shape === 'server') {
      const listening = LISTENING_RE.exec(text);
      if (listening) {
        return {
          ...base,
          'event.category': ['process', 'web'],
          'event.type': ['start'],
          'event.action': 'server-started',
          'event.outcome': 'success',
          'url.original': listening[1] ?? '',
        };
      }
      const req = REQUEST_RE.exec(text);
      if (req) return { ...base, ...requestDump(req[1] ?? '') };
    }
    const auth = AUTH_FAILED_RE.exec(text);
    if (auth) {
      return {
        ...base,
        'log.level': r.level === 'error' ? 'error' : 'warn',
        'event.category': ['authentication'],
        'event.type': ['info'],
        'event.action': 'auth-failure',
        'event.outcome': 'failure',
        labels: { reason: auth[1] ?? '' },
      };
    }
    if (r.component && /telemetry/i.test(r.component) && /disconnect/i.test(text)) {
      return {
        ...base,
        'event.category': ['network', 'session'],
        'event.type': ['end'],
        'event.action': 'telemetry-client-disconnected',
      };
    }
    if (r.component && RATE_LIMIT_RE.test(text)) {
      return {
        ...base,
        'log.level': r.level === 'info' ? 'warn' : r.level,
        'event.category': ['network'],
        'event.action': 'rate-limit',
        'event.outcome': 'failure',
      };
    }
    if (TOKEN_RE.test(text)) {
      return {
        ...base,
        'event.category': ['iam'],
        'event.type': ['creation'],
        'event.action': 'api-token-issued',
      };
    }
    if (r.shape === 'engine') {
      const stack = r.continuation.join('\n');
      return {
        ...base,
        'event.category': ['process'],
        'event.action': 'engine-warning',
        'error.message': r.text,
        ...(stack ? { 'error.stack_trace': stack } : {}),
      };
    }
    return { ...base, 'event.category': ['process'], 'event.action': 'log' };
  },
};

/** `HTTP Request: {...}` dumps carry headers (with the bearer token; redacted later) and the route. */
function requestDump(
  json: string,
): Partial<ParsedEvent> & Pick<ParsedEvent, 'event.action' | 'event.category'> {
  const out: Partial<ParsedEvent> & Pick<ParsedEvent, 'event.action' | 'event.category'> = {
    'event.category': ['web'],
    'event.type': ['access'],
    'event.action': 'http-request-received',
  };
  try {
    const body = JSON.parse(json) as { method?: unknown; path?: unknown };
    if (typeof body.method === 'string') out['http.request.method'] = body.method;
    if (typeof body.path === 'string') out['url.path'] = body.path;
  } catch {
    // a dump cut by the game's own line length limit is still a request event, just without fields
  }
  return out;
}
