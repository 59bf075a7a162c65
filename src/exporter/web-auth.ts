import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';

/**
 * Who may read /metrics and /probe when the exporter listens beyond loopback (Prometheus
 * web-config style). Secrets live in files; only their contents are held, never printed.
 */
export interface WebConfig {
  tls?: { certFile: string; keyFile: string };
  /** User name → file holding the password. */
  basicAuthUsers?: Record<string, string>;
  bearerTokenFile?: string;
}

export interface WebAuth {
  readonly required: boolean;
  allows(request: IncomingMessage): boolean;
}

async function readSecret(path: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(
      `exporter web config: cannot read ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret.length === 0) throw new Error(`exporter web config: ${what} file ${path} is empty`);
  return secret;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Compare equal-length buffers only, and always run the comparison, so timing says nothing.
  return timingSafeEqual(a.length === b.length ? a : b, b) && a.length === b.length;
}

/** Reads the secret files once, at start: a missing file is a start-up error, not a 500 later. */
export async function loadWebAuth(config: WebConfig | undefined): Promise<WebAuth> {
  const users = new Map<string, string>();
  for (const [user, file] of Object.entries(config?.basicAuthUsers ?? {})) {
    users.set(user, await readSecret(file, `password of user ${user}`));
  }
  const bearer = config?.bearerTokenFile
    ? await readSecret(config.bearerTokenFile, 'bearer token')
    : undefined;
  const required = users.size > 0 || bearer !== undefined;
  return {
    required,
    allows(request: IncomingMessage): boolean {
      if (!required) return true;
      const header = request.headers.authorization ?? '';
      const [scheme, value = ''] = header.split(/\s+/, 2);
      if (bearer !== undefined && scheme?.toLowerCase() === 'bearer') return sameSecret(value, bearer);
      if (users.size > 0 && scheme?.toLowerCase() === 'basic') {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0) return false;
        const expected = users.get(decoded.slice(0, colon));
        return expected !== undefined && sameSecret(decoded.slice(colon + 1), expected);
      }
      return false;
    },
  };
}
