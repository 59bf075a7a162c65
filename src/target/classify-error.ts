import type { FailureKind } from './failure.js';

/** Raised by our own response handler; the transport maps them to failure kinds. */
export class ResponseTimeoutError extends Error {
  override readonly name = 'ResponseTimeoutError';
}
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

interface CodedError {
  code?: string;
  message?: string;
  cause?: unknown;
}

/** undici wraps socket errors; the useful code may sit a cause or two down. */
function codes(err: unknown): { code: string | undefined; message: string; names: string[] } {
  const found: string[] = [];
  const names: string[] = [];
  let message = '';
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as CodedError & { name?: string };
    if (typeof e.code === 'string') found.push(e.code);
    if (typeof e.name === 'string') names.push(e.name);
    if (!message && typeof e.message === 'string') message = e.message;
    current = e.cause;
  }
  // Prefer the most specific (innermost) OS or TLS code over undici's generic wrapper codes.
  const specific = [...found].reverse().find((c) => !c.startsWith('UND_ERR_')) ?? found[0];
  return { code: specific, message, names };
}

/**
 * Maps a transport error to a failure kind and a short reason (no URL, no headers: the caller adds
 * the target's name, and nothing here can carry the token).
 */
export function classifyError(err: unknown): { kind: FailureKind; reason: string } {
  if (err instanceof ResponseTimeoutError) return { kind: 'response_timeout', reason: err.message };
  if (err instanceof BodyTooLargeError) return { kind: 'body_too_large', reason: err.message };
  const { code, message } = codes(err);
  const oneLine = message.split('\n')[0] ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return {
        kind: 'connection_refused',
        reason: 'connection refused (nothing listens on that port: game not running?)',
      };
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return { kind: 'connect_timeout', reason: 'no connection within the connect timeout' };
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return {
        kind: 'response_timeout',
        reason: 'connected but no complete answer in time (main loop stalled?)',
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'connection_reset', reason: 'connection reset by the game' };
    // A clean close after fewer bytes than Content-Length is the same event, seen a moment later.
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return {
        kind: 'connection_reset',
        reason: 'the game closed the connection before the answer was complete',
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
    case 'EAI_NONAME':
      return { kind: 'dns_error', reason: `host name does not resolve (${code})` };
  }
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'))) {
    return { kind: 'tls_error', reason: `TLS: ${code}${oneLine ? ` (${oneLine})` : ''}` };
  }
  return { kind: 'network_error', reason: `${code ?? 'error'}${oneLine ? `: ${oneLine}` : ''}` };
}
