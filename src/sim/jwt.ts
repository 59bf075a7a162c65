import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The game's HS256 token. Its base64url encoder trims only one `=` of padding, so a segment whose
 * length needs two keeps one (the claims segment always does): clients must tolerate it.
 */
export function gameBase64Url(data: Buffer | string): string {
  const b64 = Buffer.from(data).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  return b64.endsWith('=') ? b64.slice(0, -1) : b64;
}

function decodeSegment(segment: string): Buffer {
  return Buffer.from(segment.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export interface JwtClaims {
  type: string;
  iat: number;
  exp: number;
}

export function newSecret(): Buffer {
  return randomBytes(32);
}

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  // Godot's JSON.stringify sorts keys: exp, iat, type.
  const header = gameBase64Url('{"alg":"HS256","typ":"JWT"}');
  const payload = gameBase64Url(
    `{"exp":${claims.exp},"iat":${claims.iat},"type":${JSON.stringify(claims.type)}}`,
  );
  const signature = gameBase64Url(createHmac('sha256', secret).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}

export type JwtCheck = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

/** Reasons are the game's console wording: `[Security] Auth failed: <reason>`. */
export function verifyJwt(token: string, secret: Buffer, nowSeconds: number): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'Malformed token' };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = decodeSegment(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'Invalid signature' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(decodeSegment(payload).toString('utf8'));
  } catch {
    return { ok: false, reason: 'Malformed token' };
  }
  const c = claims as Partial<JwtClaims>;
  if (c.type !== 'api_access' || typeof c.exp !== 'number' || typeof c.iat !== 'number') {
    return { ok: false, reason: 'Invalid token claims' };
  }
  if (nowSeconds >= c.exp) return { ok: false, reason: 'Token expired' };
  return { ok: true, claims: c as JwtClaims };
}
