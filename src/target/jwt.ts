/** The claims monitoring cares about. The signature is not checked: we cannot know the secret. */
export interface JwtClaims {
  iat?: number;
  exp?: number;
  type?: string;
}

/**
 * Decodes a JWT's payload segment. Tolerates what the game and hand-copied tokens contain:
 * base64url with or without `=` padding, and standard base64 characters (`+`, `/`).
 * Returns undefined for anything that is not a three-segment token with a JSON object payload.
 */
/** JavaScript dates end at ±8.64e15 ms; a claim past that is no instant, and would throw in toISOString(). */
const MAX_SECONDS = 8.64e12;
const isInstant = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_SECONDS;

export function decodeJwtClaims(token: string): JwtClaims | undefined {
  const segments = token.trim().split('.');
  if (segments.length !== 3) return undefined;
  const payload = segments[1] ?? '';
  const normalized = payload.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (normalized === '' || !/^[A-Za-z0-9+/]+$/.test(normalized) || normalized.length % 4 === 1) {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(normalized, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const claims = value as Record<string, unknown>;
  const result: JwtClaims = {};
  if (isInstant(claims.iat)) result.iat = claims.iat;
  if (isInstant(claims.exp)) result.exp = claims.exp;
  if (typeof claims.type === 'string') result.type = claims.type;
  return result;
}
