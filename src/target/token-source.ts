import { readFile, stat } from 'node:fs/promises';
import { decodeJwtClaims } from './jwt.js';
import type { TokenInfo, TokenSource } from './types.js';

/** `token` is undefined only for the `none` source (no Authorization header is sent). */
export type TokenRead = { ok: true; token?: string } | { ok: false; reason: string };

/**
 * Holds the bearer token of one target. The value never leaves this module and the request that
 * carries it; everything else (logs, errors, tokenInfo) sees only where it came from and its claims.
 */
export interface TokenProvider {
  current(): Promise<TokenRead>;
  /** After a 401/403: read the source again. True when that produced a different token worth a retry. */
  refresh(): Promise<boolean>;
  info(): TokenInfo | undefined;
}

export interface TokenProviderDeps {
  env?: NodeJS.ProcessEnv;
  /** For the `status` source: fetches GET /status and returns its jwt_token (or why not). */
  fetchStatusToken?: () => Promise<TokenRead>;
}

/**
 * Trims the value and a pasted "Bearer " prefix; refuses what cannot go into a header as-is
 * (spaces or line breaks inside would be a different header, or an injected one).
 */
export function cleanToken(raw: string, origin: string): TokenRead {
  const value = raw.trim().replace(/^Bearer\s+/i, '');
  if (value === '') return { ok: false, reason: `${origin} is empty` };
  if (!/^[\x21-\x7e]+$/.test(value)) {
    return {
      ok: false,
      reason: `${origin} holds characters a bearer token cannot have (spaces or line breaks inside?)`,
    };
  }
  return { ok: true, token: value };
}

export function createTokenProvider(source: TokenSource, deps: TokenProviderDeps = {}): TokenProvider {
  let token: string | undefined;
  let info: TokenInfo | undefined;

  const remember = (value: string): void => {
    token = value;
    const claims = decodeJwtClaims(value);
    info = { source: source.kind, issuedAt: claims?.iat, expiresAt: claims?.exp };
  };

  /** Stores a fresh read and says whether the token changed. */
  const accept = (read: TokenRead): { read: TokenRead; changed: boolean } => {
    if (!read.ok || read.token === undefined) return { read, changed: false };
    const changed = read.token !== token;
    if (changed) remember(read.token);
    return { read, changed };
  };

  switch (source.kind) {
    case 'none':
      return { current: async () => ({ ok: true }), refresh: async () => false, info: () => undefined };

    case 'env': {
      const env = deps.env ?? process.env;
      const read = (): TokenRead => {
        const value = env[source.name];
        if (value === undefined)
          return { ok: false, reason: `environment variable ${source.name} is not set` };
        return cleanToken(value, `environment variable ${source.name}`);
      };
      return {
        current: async () => accept(read()).read,
        refresh: async () => accept(read()).changed,
        info: () => info,
      };
    }

    case 'status': {
      const fetchToken =
        deps.fetchStatusToken ??
        (async (): Promise<TokenRead> => ({ ok: false, reason: 'no /status reader' }));
      return {
        current: async () => (token !== undefined ? { ok: true, token } : accept(await fetchToken()).read),
        refresh: async () => accept(await fetchToken()).changed,
        info: () => info,
      };
    }

    case 'file': {
      // The game rewrites the file at every start; a changed mtime, size or inode means a new token.
      let seen: string | undefined;
      const readFresh = async (): Promise<TokenRead> => {
        try {
          return cleanToken(await readFile(source.path, 'utf8'), `token file ${source.path}`);
        } catch (err) {
          return {
            ok: false,
            reason: `cannot read token file ${source.path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
          };
        }
      };
      return {
        async current() {
          let fingerprint: string;
          try {
            const s = await stat(source.path);
            fingerprint = `${s.ino}:${s.size}:${s.mtimeMs}`;
          } catch (err) {
            seen = undefined;
            return {
              ok: false,
              reason: `cannot read token file ${source.path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
            };
          }
          if (fingerprint === seen && token !== undefined) return { ok: true, token };
          const read = await readFresh();
          if (read.ok) seen = fingerprint;
          return accept(read).read;
        },
        async refresh() {
          return accept(await readFresh()).changed;
        },
        info: () => info,
      };
    }
  }
}
