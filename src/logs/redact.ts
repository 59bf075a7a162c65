/**
 * Secret redaction for anything that leaves the process (log events, NDJSON, alert text).
 * The game prints its bearer token on the console (request dumps, "API TOKEN:" lines), so every
 * event is passed through here before it is written or handed to a callback.
 *
 * Patterns are deliberately broad: a false positive costs a few characters of a log line, a false
 * negative leaks a credential.
 */

export const REDACTED = '[REDACTED]';

// base64url characters, plus the single `=` of padding the game's tokens may keep per segment.
const SEG = '[A-Za-z0-9_-]';
// Where a token may start: not inside a longer word, but possibly right after a JSON escape
// (`\n`, `\"`, `\u0022`…): a health log line that failed to parse, or a response body logged inside
// a JSON string, keeps its escapes, and `\b` sees no boundary between the `n` of `\n` and the token.
const TOKEN_START = String.raw`(?<=^|[^A-Za-z0-9_\-]|\\[nrtbf"/\\]|\\u[0-9A-Fa-f]{4})`;
// Between a key and its value: the key's closing quote, which may itself be JSON-escaped (`\"`).
const KEY_QUOTE = String.raw`(?:\\?["'])?`;
// A value ends at whitespace, a quote, a separator, or the backslash of an escaped quote.
const VALUE = String.raw`[^\s"'\\,}&]+`;
// The rest of a webhook URL: up to whitespace or a quote, escaped slashes included.
const URL_REST = String.raw`(?:[^\s"'<>\\]|\\/)+`;

const RULES: readonly { re: RegExp; replace: string }[] = [
  // `Authorization: Bearer <token>` in any case; the token may be any RFC 6750 b64token, and the
  // game's JWTs keep `=` padding inside the token (between segments), not only at its end.
  {
    re: new RegExp(String.raw`${TOKEN_START}(bearer)((?:\s|\\t)+)[A-Za-z0-9\-._~+/=]+`, 'gi'),
    replace: `$1$2${REDACTED}`,
  },
  // Other Authorization schemes, only where an Authorization header is visibly being written.
  {
    re: new RegExp(
      String.raw`(authorization${KEY_QUOTE}\s*[:=]\s*${KEY_QUOTE})(basic|digest|token)\s+${VALUE}`,
      'gi',
    ),
    replace: `$1$2 ${REDACTED}`,
  },
  // JWT-shaped: a JSON header always base64url-encodes to "ey…" (`{"`) or "ew…" (`{\n`/`{ `).
  // The signature may be empty (alg "none").
  {
    re: new RegExp(`${TOKEN_START}e[yw]${SEG}{6,}=*\\.${SEG}+=*\\.${SEG}*=*`, 'g'),
    replace: REDACTED,
  },
  // Any other three long base64url segments (opaque JWT-like tokens whose header is not JSON).
  {
    re: new RegExp(`${TOKEN_START}${SEG}{16,}=*\\.${SEG}{16,}=*\\.${SEG}{16,}=*`, 'g'),
    replace: REDACTED,
  },
  // The game's second, 64-hex API token, and whatever follows an "API TOKEN:" label or an
  // api_token/apiToken key.
  {
    re: new RegExp(
      String.raw`(api[ _-]?token(?:\s+generated)?${KEY_QUOTE}\s*[:=]\s*${KEY_QUOTE})${VALUE}`,
      'gi',
    ),
    replace: `$1${REDACTED}`,
  },
  // Webhook URLs carry their credential in the path: keep the host, drop the rest. Inside a JSON
  // string the slashes may be escaped (`\/`).
  {
    re: new RegExp(String.raw`((?:[a-z+]+:(?:\\?/){2})?hooks\.slack\.com\\?/)${URL_REST}`, 'gi'),
    replace: `$1${REDACTED}`,
  },
  {
    re: new RegExp(
      String.raw`((?:[a-z+]+:(?:\\?/){2})?(?:ptb\.|canary\.)?discord(?:app)?\.com\\?/api\\?/webhooks\\?/)${URL_REST}`,
      'gi',
    ),
    replace: `$1${REDACTED}`,
  },
  // PagerDuty keys: query parameter, JSON/YAML field (Alertmanager's routing_key/service_key,
  // PagerDuty's integration key), "routing key <key>" prose, or the pagerduty:// shorthand.
  {
    re: new RegExp(
      String.raw`((?:routing|service|integration)[_-]?key${KEY_QUOTE}\s*[:=]\s*${KEY_QUOTE})${VALUE}`,
      'gi',
    ),
    replace: `$1${REDACTED}`,
  },
  { re: /(routing[ -]key\s*[:=]?\s*)[A-Za-z0-9]{32}\b/gi, replace: `$1${REDACTED}` },
  { re: /(pagerduty:\/\/)[^\s"'/?&\\]+/gi, replace: `$1${REDACTED}` },
];

/**
 * Every rule above needs one of these substrings to match, so one pass of this decides whether the
 * ten rules must run at all: most fields of most events (levels, paths, timestamps) hold none.
 */
const MAY_HOLD_SECRET =
  /bearer|authorization|e[yw][A-Za-z0-9_-]{6}|[A-Za-z0-9_-]{16}=*\.|api[ _-]?token|hooks\.slack|discord|routing|(?:service|integration)[_-]?key|pagerduty/i;

/** Returns `text` with every credential we know the shape of replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let out = text;
  for (const { re, replace } of RULES) out = out.replace(re, replace);
  return out;
}

/** Deep copy of a JSON-like value with every string passed through {@link redactSecrets}. */
export function redactValue<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v);
    return out as T;
  }
  return value;
}
