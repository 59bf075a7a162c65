/**
 * Marks a non-finite literal (`inf`, `-inf`, `nan`, `Infinity`, `NaN`) that a game engine may write
 * where JSON has no way to say it. The parsers turn it into an unknown value with reason
 * "non-finite", instead of losing the whole sample to one bad number.
 */
export class NonFinite {
  constructor(readonly literal: string) {}
}

const SENTINEL_PREFIX = '\u0000nonfinite:';
const NON_FINITE = /^-?(?:inf(?:inity)?|nan)\b/i;

/** Rewrites bare non-finite literals outside strings into sentinel strings. */
function quoteNonFinite(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (c === '"') {
        inString = false;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    if (c === '-' || c === 'i' || c === 'I' || c === 'n' || c === 'N') {
      const m = NON_FINITE.exec(text.slice(i, i + 10));
      if (m) {
        out += JSON.stringify(SENTINEL_PREFIX + m[0]);
        i += m[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith(SENTINEL_PREFIX)) {
    return new NonFinite(value.slice(SENTINEL_PREFIX.length));
  }
  return value;
}

/**
 * Parses a response body as JSON whatever its Content-Type (the game labels JSON `text/html`).
 * Non-finite literals become NonFinite values; anything else that is not JSON is an error.
 */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (first) {
    try {
      return { ok: true, value: JSON.parse(quoteNonFinite(text), revive) as unknown };
    } catch {
      return { ok: false, reason: (first as Error).message };
    }
  }
}
