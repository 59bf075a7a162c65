import type { ParsedEvent } from '../event.js';
import { accessFields, type AccessRecord } from './access.js';
import { godotBase, type GodotRecord } from './godot-record.js';
import type { Parser } from './parser.js';

/**
 * HttpApiServer and engine errors. The game writes no error log: its errors are the console's
 * ERROR / SCRIPT ERROR events (with backtrace) and logger lines at ERROR level, plus the 5xx
 * answers in the access log. A dedicated errors file in console format goes through the same parser.
 */
export const consoleErrorParser: Parser<GodotRecord> = {
  source: 'errors',
  parse(r) {
    if (r.level !== 'error') return undefined;
    const action =
      r.shape === 'engine'
        ? r.component === 'SCRIPT ERROR'
          ? 'script-error'
          : 'engine-error'
        : r.shape === 'logger'
          ? 'logged-error'
          : 'error';
    const stack = r.continuation.join('\n');
    return {
      ...godotBase(r),
      message: r.shape === 'engine' ? `${r.component}: ${r.text}` : r.text,
      'event.dataset': 'spacetime.errors',
      'event.category': ['process'],
      'event.type': ['error'],
      'event.action': action,
      'event.outcome': 'failure',
      'error.message': r.text,
      ...(stack ? { 'error.stack_trace': stack } : {}),
      ...(r.shape === 'engine' && r.component ? { labels: { error_kind: r.component } } : {}),
    };
  },
};

export const accessErrorParser: Parser<AccessRecord> = {
  source: 'errors',
  parse(r) {
    if (r.status < 500) return undefined;
    const fields: ParsedEvent = accessFields(r);
    return {
      ...fields,
      'event.dataset': 'spacetime.errors',
      'event.type': ['access', 'error'],
      'error.message': `HTTP ${r.status} for ${r.request}`,
    };
  },
};
