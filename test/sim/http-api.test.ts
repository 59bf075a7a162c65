import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';
import { bearer, get, keysSorted, rawRequest, send } from './raw-http.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startSimulator({ port: 0, ...options });
  return sim;
}

const UNAUTHORIZED = {
  error: 'Unauthorized',
  message: 'Missing or invalid authentication token',
  details: "Include 'Authorization: Bearer <token>' header",
};

describe('the simulated HttpApiServer transport', () => {
  it('answers like GodotTPD: text/html JSON, Connection: close, Server: GodotTPD, sorted keys, floats', async () => {
    const s = await start();
    const res = await get(s.port, '/performance', [bearer(s.currentToken())]);
    expect(res.status).toBe(200);
    expect(res.headers).toEqual(
      expect.arrayContaining([
        ['Server', 'GodotTPD'],
        ['Connection', 'close'],
        ['Content-Type', 'text/html'],
      ]),
    );
    const body = JSON.parse(res.body) as { engine: { fps: number; process_time: number } };
    expect(keysSorted(body)).toBe(true);
    expect(res.body).toMatch(/"nodes_in_use":\d+\.0,/);
    expect(res.body).toMatch(/"static_memory_usage":\d+\.0[,}]/);
    expect(res.body).toMatch(/"hit_rate_percent":"\d+\.\d\d"/);
    expect(body.engine.fps).toBeGreaterThan(80);
    expect(body.engine.process_time).toBeLessThanOrEqual(1 / body.engine.fps);
  });

  it('reads only the exact `Authorization` name on /performance, and only `Name: value` lines', async () => {
    const s = await start();
    const token = s.currentToken();
    const lower = await get(s.port, '/performance', [`authorization: Bearer ${token}`]);
    expect(lower.status).toBe(401);
    expect(JSON.parse(lower.body)).toEqual(UNAUTHORIZED);
    expect(lower.headers.map(([n]) => n.toLowerCase())).not.toContain('www-authenticate');
    const noSpace = await get(s.port, '/performance', [`Authorization:Bearer ${token}`]);
    expect(noSpace.status).toBe(401);
    // Other routes are lenient about the name.
    const scene = await get(s.port, '/scene', [`authorization: Bearer ${token}`]);
    expect(scene.status).toBe(200);
  });

  it('answers unknown routes, wrong methods, /metrics and /health with a plain 404', async () => {
    const s = await start();
    for (const [method, path] of [
      ['GET', '/nope'],
      ['POST', '/performance'],
      ['DELETE', '/scene'],
      ['GET', '/metrics'],
      ['GET', '/health'],
    ] as const) {
      const res = await send(s.port, method, path, [bearer(s.currentToken())], '');
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toBe('Not found');
    }
  });

  it('gives no answer at all to anything but HTTP/1.1', async () => {
    const s = await start();
    const res = await rawRequest(s.port, 'GET /status HTTP/1.0\r\nHost: x\r\n\r\n');
    expect(res.raw).toBe('');
    const junk = await rawRequest(s.port, 'HELLO\r\n\r\n');
    expect(junk.raw).toBe('');
    expect(s.stats().total).toBe(0);
  });

  it('serves /status publicly with the current JWT and VR flags', async () => {
    const s = await start();
    const res = await get(s.port, '/status');
    expect(JSON.parse(res.body)).toMatchObject({
      status: 'healthy',
      http_api: 'active',
      api_version: '1.0.0',
      jwt_token: s.currentToken(),
      vr_initialized: true,
      vr_mode: 1,
    });
  });

  it('serves the documented shape on request', async () => {
    const s = await start({ shape: 'documented' });
    const res = await get(s.port, '/performance', [bearer(s.currentToken())]);
    const body = JSON.parse(res.body) as Record<string, Record<string, unknown>>;
    expect(Object.keys(body.cache ?? {})).toEqual([
      'entry_count',
      'eviction_count',
      'hit_rate',
      'miss_rate',
      'total_size_bytes',
    ]);
    expect(body.security).toEqual({
      active_tokens: 1,
      auth_failures: 0,
      blocked_ips: [],
      rate_limit_violations: 0,
    });
  });

  it('counts requests per route in stats()', async () => {
    const s = await start();
    await get(s.port, '/status');
    await get(s.port, '/status');
    await get(s.port, '/performance', [bearer(s.currentToken())]);
    expect(s.stats()).toEqual({ total: 3, requests: { 'GET /status': 2, 'GET /performance': 1 } });
  });
});

describe('the separate-performance-token quirk', () => {
  it('rejects the JWT on /performance but accepts the 64-hex token; other routes take the JWT', async () => {
    const s = await start({ quirks: { separatePerformanceToken: true } });
    const hex = s.performanceToken() ?? '';
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect((await get(s.port, '/performance', [bearer(s.currentToken())])).status).toBe(401);
    expect((await get(s.port, '/performance', [bearer(hex)])).status).toBe(200);
    expect((await get(s.port, '/scene', [bearer(s.currentToken())])).status).toBe(200);
  });
});

describe('the release-build quirk', () => {
  it('reports static and dynamic memory as 0, like a release build of Godot', async () => {
    const s = await start({ quirks: { releaseBuild: true } });
    const res = await get(s.port, '/performance', [bearer(s.currentToken())]);
    expect(res.body).toContain(
      '"memory":{"dynamic_memory_usage":0.0,"static_memory_max":0.0,"static_memory_usage":0.0}',
    );
    expect(JSON.parse((await get(s.port, '/status')).body)).toMatchObject({ environment: 'production' });
  });
});

describe('scene routes', () => {
  it('rate-limits each endpoint with one shared bucket, 429 body and no rate-limit headers', async () => {
    const s = await start();
    const auth = [bearer(s.currentToken())];
    const codes: number[] = [];
    for (let i = 0; i < 21; i++)
      codes.push((await send(s.port, 'POST', '/scene/reload', auth, '')).status ?? 0);
    expect(codes.slice(0, 20).every((c) => c === 200)).toBe(true);
    const limited = await send(s.port, 'POST', '/scene/reload', auth, '');
    expect(limited.status).toBe(429);
    const body = JSON.parse(limited.body) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'Too Many Requests', message: 'Rate limit exceeded' });
    expect(body.retry_after_seconds).toBeGreaterThan(0);
    expect(limited.headers.map(([n]) => n.toLowerCase()).filter((n) => /retry|ratelimit/.test(n))).toEqual(
      [],
    );
    // Another endpoint has its own bucket.
    expect((await get(s.port, '/scenes', auth)).status).toBe(200);
  });

  it('checks auth, rate, size, JSON, whitelist, existence in that order', async () => {
    const s = await start();
    const auth = [bearer(s.currentToken())];
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    expect((await send(s.port, 'POST', '/scene', [], big)).status).toBe(401);
    expect((await send(s.port, 'POST', '/scene', auth, big)).status).toBe(413);
    expect((await send(s.port, 'POST', '/scene', auth, '{nope')).status).toBe(400);
    expect((await send(s.port, 'POST', '/scene', auth, '{"scene_path":"res://../etc/passwd"}')).status).toBe(
      403,
    );
    expect(
      (await send(s.port, 'POST', '/scene', auth, '{"scene_path":"res://scenes/atlantis.tscn"}')).status,
    ).toBe(404);
    const ok = await send(s.port, 'POST', '/scene', auth, '{"scene_path":"res://scenes/moon_base.tscn"}');
    expect(ok.status).toBe(200);
  });

  it('keeps a newest-first history of at most 10 loads with local times and durations', async () => {
    const s = await start();
    const auth = [bearer(s.currentToken())];
    for (let i = 0; i < 11; i++) {
      await send(s.port, 'POST', '/scene', auth, '{"scene_path":"res://scenes/mars.tscn"}');
    }
    await new Promise((r) => setTimeout(r, 100));
    await send(s.port, 'POST', '/scene', auth, '{"scene_path":"res://scenes/vr_lobby.tscn"}');
    await new Promise((r) => setTimeout(r, 100));
    const res = await get(s.port, '/scene/history', auth);
    const body = JSON.parse(res.body) as {
      history: { scene_name: string; loaded_at: string; load_duration_ms: number }[];
      count: number;
      max_size: number;
    };
    expect(body.count).toBe(10);
    expect(body.max_size).toBe(10);
    expect(body.history[0]?.scene_name).toBe('vr_lobby');
    expect(body.history[0]?.loaded_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(body.history[0]?.load_duration_ms).toBeGreaterThan(0);
    const scene = JSON.parse((await get(s.port, '/scene', auth)).body) as Record<string, string>;
    expect(scene).toEqual({
      scene_name: 'vr_lobby',
      scene_path: 'res://scenes/vr_lobby.tscn',
      status: 'loaded',
    });
  });
});
