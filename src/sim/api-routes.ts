import type { Reply } from './api-server.js';
import { SCENES, sceneName, type GameModel } from './game-model.js';
import { godotStringify, float, type GodotJson } from './godot-json.js';
import type { RawRequest } from './http-request.js';
import type { AuditResult } from './log-format.js';
import type { RateLimiter } from './rate-limit.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export const UNAUTHORIZED_BODY =
  '{"details":"Include \'Authorization: Bearer <token>\' header","error":"Unauthorized","message":"Missing or invalid authentication token"}';

/** What the routes need from the running game. */
export interface GameApi {
  readonly model: GameModel;
  readonly shape: 'godot' | 'documented';
  readonly limiter: RateLimiter;
  currentToken(): string;
  /** Checks the bearer token for a route (logging failures); `/performance` reads the exact name. */
  authorize(request: RawRequest, endpoint: string, remote: string): boolean;
  audit(
    level: 'INFO' | 'WARN' | 'ERROR',
    remote: string,
    endpoint: string,
    result: AuditResult,
    details: string,
  ): void;
  rateLimited(remote: string, endpoint: string, limit: number, retryAfterSeconds: number): void;
  loadScene(path: string): void;
  reloadScene(): void;
  nowMs(): number;
}

const json = (status: number, value: GodotJson): Reply => ({ status, body: godotStringify(value) });
export const notFound = (): Reply => ({ status: 404, body: 'Not found' });
const error = (status: number, name: string, message: string): Reply =>
  json(status, { error: name, message });

type Handler = (api: GameApi, request: RawRequest, remote: string) => Reply;

interface Route {
  methods: string[];
  auth: boolean;
  /** Rate-limit bucket; undefined = not limited. */
  bucket?: string;
  handler: Handler;
}

const ROUTES: Record<string, Route> = {
  '/status': {
    methods: ['GET'],
    auth: false,
    handler: (api) => json(200, api.model.status(api.currentToken())),
  },
  '/performance': {
    methods: ['GET'],
    auth: true,
    handler: (api) => json(200, api.model.performance(api.shape, api.nowMs())),
  },
  '/scene': { methods: ['GET', 'POST', 'PUT'], auth: true, bucket: '/scene', handler: scene },
  '/scene/reload': {
    methods: ['POST'],
    auth: true,
    bucket: '/scene/reload',
    handler: (api, _request, remote) => {
      const current = api.model.scene;
      if (!current) return error(404, 'Not Found', 'No scene loaded');
      api.audit('INFO', remote, '/scene/reload', 'SUCCESS', `reload: ${current.path}`);
      api.reloadScene();
      return json(200, { status: 'reloading', scene_path: current.path, message: 'Scene reload initiated' });
    },
  },
  '/scenes': {
    methods: ['GET'],
    auth: true,
    bucket: '/scenes',
    handler: () =>
      json(200, {
        scenes: SCENES.map((path) => ({ path, name: sceneName(path) })),
        count: float(SCENES.length),
      }),
  },
  '/scene/history': {
    methods: ['GET'],
    auth: true,
    bucket: '/scene/history',
    handler: (api) =>
      json(200, {
        history: api.model.history.map((h) => ({ ...h, load_duration_ms: float(h.load_duration_ms) })),
        count: api.model.history.length,
        max_size: 10,
      }),
  },
};

function scene(api: GameApi, request: RawRequest, remote: string): Reply {
  if (request.method === 'GET') {
    const current = api.model.scene;
    return json(200, {
      scene_name: current?.name ?? '',
      scene_path: current?.path ?? '',
      status: current ? 'loaded' : 'no_scene',
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return error(400, 'Bad Request', 'Invalid JSON body');
  }
  const path = (body as { scene_path?: unknown } | null)?.scene_path;
  if (typeof path !== 'string') return error(400, 'Bad Request', 'Missing scene_path');
  const security = api.model.security;
  security.whitelistChecks += 1;
  if (!path.startsWith('res://scenes/') || !path.endsWith('.tscn') || path.includes('..')) {
    api.audit('WARN', remote, '/scene', 'WHITELIST_VIOLATION', `Scene not whitelisted: ${path}`);
    return error(403, 'Forbidden', 'Scene not in whitelist');
  }
  security.whitelistHits += 1;
  if (!(SCENES as readonly string[]).includes(path))
    return error(404, 'Not Found', `Scene not found: ${path}`);
  api.audit('INFO', remote, '/scene', 'SUCCESS', `load: ${path}`);
  api.loadScene(path);
  return json(200, { status: 'loading', scene_path: path, message: 'Scene load initiated' });
}

/** Routing and the game's order of checks: auth, rate limit, body size, then the handler's own. */
export function routeRequest(
  api: GameApi,
  request: RawRequest,
  remote: string,
  bodyTooLarge: boolean,
): Reply {
  const route = ROUTES[request.path];
  if (!route || !route.methods.includes(request.method)) return notFound();
  if (route.auth && !api.authorize(request, request.path, remote))
    return { status: 401, body: UNAUTHORIZED_BODY };
  if (route.bucket) {
    const decision = api.limiter.take(route.bucket, api.nowMs());
    if (!decision.ok) {
      api.rateLimited(remote, request.path, decision.limit, decision.retryAfterSeconds);
      return json(429, {
        error: 'Too Many Requests',
        message: 'Rate limit exceeded',
        retry_after_seconds: float(Math.round(decision.retryAfterSeconds * 100) / 100),
      });
    }
  }
  if (bodyTooLarge) {
    api.audit('WARN', remote, request.path, 'SIZE_VIOLATION', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    return error(413, 'Payload Too Large', `Request body exceeds maximum size of ${MAX_BODY_BYTES} bytes`);
  }
  return route.handler(api, request, remote);
}
