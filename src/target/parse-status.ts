import type { GameStatus } from './sample.js';

export type StatusParse = { ok: true; status: GameStatus } | { ok: false; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the public `GET /status` answer. Like /performance, a field of the wrong type is dropped
 * rather than failing the whole answer; only a body that is not an object is rejected.
 */
export function parseStatus(body: unknown): StatusParse {
  if (!isObject(body)) {
    return { ok: false, reason: `expected a JSON object, got ${body === null ? 'null' : typeof body}` };
  }
  const autoloads: Record<string, string> = {};
  if (isObject(body.autoloads)) {
    for (const [name, state] of Object.entries(body.autoloads)) {
      if (typeof state === 'string') autoloads[name] = state;
    }
  }
  const vrMode = body.vr_mode;
  const status: GameStatus = {
    status: str(body.status),
    httpApi: str(body.http_api),
    environment: str(body.environment),
    apiVersion: str(body.api_version),
    vrInitialized: typeof body.vr_initialized === 'boolean' ? body.vr_initialized : undefined,
    vrMode: typeof vrMode === 'number' && Number.isFinite(vrMode) ? vrMode : undefined,
    autoloads,
  };
  const token = str(body.jwt_token);
  if (token !== undefined && token.trim() !== '') status.jwtToken = token.trim();
  return { ok: true, status };
}
