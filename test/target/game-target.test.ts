import { readFileSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { createGameTarget } from '../../src/target/game-target.js';
import { decodeJwtClaims } from '../../src/target/jwt.js';
import type { GameTarget, PollResult, TargetConfig } from '../../src/target/types.js';
import {
  captureLogger,
  makeJwt,
  startHttp,
  startRaw,
  targetConfig,
  tempDir,
  type Loopback,
} from './helpers.js';

const godotBody = readFileSync(new URL('../fixtures/contract/performance.godot.json', import.meta.url));
const statusBody = readFileSync(new URL('../fixtures/contract/status.json', import.meta.url), 'utf8');
const now = () => Math.floor(Date.now() / 1000);

/** What the game writes: HTTP/1.1, JSON labelled text/html, Connection: close, Server: GodotTPD. */
function rawAnswer(code: number, body: string | Buffer, reason = 'OK'): string | Buffer {
  const head =
    `HTTP/1.1 ${code} ${reason}\r\nServer: GodotTPD\r\nContent-Type: text/html\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), Buffer.from(body)]);
}

function failure(
  result: PollResult | { ok: boolean; failure?: { kind: string; message: string; statusCode?: number } },
) {
  if (result.ok) throw new Error('expected a failure, got a sample');
  return (result as { failure: { kind: string; message: string; statusCode?: number } }).failure;
}

describe('createGameTarget against loopback servers', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  const serve = async (server: Promise<Loopback>) => {
    const s = await server;
    cleanup.push(s.stop);
    return s;
  };
  const target = (config: TargetConfig, logger?: ReturnType<typeof captureLogger>['logger']): GameTarget => {
    const t = createGameTarget(config, { logger });
    cleanup.push(() => t.close());
    return t;
  };

  it('sends the header exactly as "Authorization: Bearer <token>" and reads JSON labelled text/html', async () => {
    const token = makeJwt({ iat: now(), exp: now() + 3600 });
    const requests: string[] = [];
    const server = await serve(
      startRaw((socket) => {
        let text = '';
        socket.on('data', (d: Buffer) => {
          text += d.toString('latin1');
          if (!text.includes('\r\n\r\n')) return;
          requests.push(text);
          socket.end(rawAnswer(200, godotBody));
        });
      }),
    );
    process.env.STM_TEST_TOKEN_HEADER = token;
    const t = target(targetConfig(server.url, { token: { kind: 'env', name: 'STM_TEST_TOKEN_HEADER' } }));
    const polled = await t.poll();
    delete process.env.STM_TEST_TOKEN_HEADER;
    expect(polled.ok && polled.sample.engine.fps).toBe(90);
    expect(polled.statusCode).toBe(200);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^GET \/performance HTTP\/1\.1\r\n/);
    expect(requests[0]).toContain(`\r\nAuthorization: Bearer ${token}\r\n`);
    expect(requests[0]).not.toMatch(/\r\nauthorization:/);
    // No keep-alive: the game closes every connection, and a proxy's stale socket must not look like a reset.
    expect(requests[0]).toMatch(/\r\nconnection: close\r\n/i);
  });

  it.each([
    ['performance.godot.json', 'godot', 398765432],
    ['performance.documented.json', 'documented', 524288000],
    ['performance.release-build.json', 'godot', undefined],
  ])('reads the contract example %s end to end', async (file, shape, staticBytes) => {
    const body = readFileSync(new URL(`../fixtures/contract/${file}`, import.meta.url));
    const server = await serve(
      startRaw((socket) => socket.once('data', () => socket.end(rawAnswer(200, body)))),
    );
    const result = await target(targetConfig(server.url)).poll();
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.sample.shape).toBe(shape);
    expect(result.sample.memory.staticBytes).toBe(staticBytes);
  });

  it('connection_refused: nothing listens', async () => {
    const server = await startHttp((_req, res) => res.end());
    await server.stop();
    const f = failure(await target(targetConfig(server.url)).poll());
    expect(f.kind).toBe('connection_refused');
    expect(f.message).toMatch(/^target game1 \(http:\/\/127\.0\.0\.1:\d+\/performance\): connection refused/);
  });

  it('connect_timeout: the connection (here its TLS handshake) does not complete in time', async () => {
    // A TCP listener that never answers the ClientHello: undici counts the handshake as connecting.
    const server = await serve(startRaw(() => {}, 'https'));
    const f = failure(
      await target(targetConfig(server.url, { connectTimeoutMs: 200, responseTimeoutMs: 5_000 })).poll(),
    );
    expect(f.kind).toBe('connect_timeout');
  });

  it('response_timeout: accepted, never answered (main loop stalled)', async () => {
    const server = await serve(startRaw(() => {}));
    const f = failure(
      await target(targetConfig(server.url, { connectTimeoutMs: 5_000, responseTimeoutMs: 200 })).poll(),
    );
    expect(f.kind).toBe('response_timeout');
    expect(f.message).toMatch(/main loop stalled/);
  });

  it('response_timeout also bounds a body that trickles in forever', async () => {
    const server = await serve(
      startRaw((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n{');
          const timer = setInterval(() => socket.write(' '), 20);
          socket.on('close', () => clearInterval(timer));
        });
      }),
    );
    const f = failure(await target(targetConfig(server.url, { responseTimeoutMs: 300 })).poll());
    expect(f.kind).toBe('response_timeout');
  });

  it('connection_reset: the game resets the connection', async () => {
    const server = await serve(
      startRaw((socket: Socket) => socket.once('data', () => socket.resetAndDestroy())),
    );
    expect(failure(await target(targetConfig(server.url)).poll()).kind).toBe('connection_reset');
  });

  it('connection_reset: the game closes mid-body', async () => {
    const server = await serve(
      startRaw((socket) =>
        socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n{"engine":')),
      ),
    );
    const f = failure(await target(targetConfig(server.url)).poll());
    expect(f.kind).toBe('connection_reset');
    expect(f.message).toMatch(/before the answer was complete/);
  });

  it('dns_error: a name that cannot resolve (.invalid is reserved)', async () => {
    const f = failure(await target(targetConfig('http://spacetime-game.invalid:8080')).poll());
    expect(f.kind).toBe('dns_error');
    expect(f.message).toMatch(/spacetime-game\.invalid/);
  });

  it('http_error with the code', async () => {
    const server = await serve(startHttp((_req, res) => res.writeHead(500).end('{"error":"boom"}')));
    const f = failure(await target(targetConfig(server.url)).poll());
    expect(f).toMatchObject({ kind: 'http_error', statusCode: 500 });
    expect(f.message).toMatch(/HTTP 500/);
  });

  it('not_json: a 200 whose body is not JSON', async () => {
    const server = await serve(
      startHttp((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>hi</h1>')),
    );
    expect(failure(await target(targetConfig(server.url)).poll()).kind).toBe('not_json');
  });

  it('bad_shape: JSON that is not an object', async () => {
    const server = await serve(startHttp((_req, res) => res.writeHead(200).end('[1,2,3]')));
    const f = failure(await target(targetConfig(server.url)).poll());
    expect(f.kind).toBe('bad_shape');
    expect(f.message).toMatch(/expected a JSON object, got array/);
  });

  it('body_too_large: stops reading a streamed body past the cap', async () => {
    let written = 0;
    let finished = false;
    const server = await serve(
      startHttp((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        const pump = () => {
          while (written < 64 * 1024 * 1024) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          finished = true;
          res.end();
        };
        pump();
      }),
    );
    const f = failure(await target(targetConfig(server.url, { maxBodyBytes: 64 * 1024 })).poll());
    expect(f.kind).toBe('body_too_large');
    expect(f.message).toMatch(/65536 bytes/);
    expect(finished).toBe(false);
  });

  it('body_too_large: refuses a declared Content-Length over the cap without reading it', async () => {
    const server = await serve(
      startHttp((_req, res) => res.writeHead(200, { 'Content-Length': 5000 }).end('x'.repeat(5000))),
    );
    const f = failure(await target(targetConfig(server.url, { maxBodyBytes: 1000 })).poll());
    expect(f.kind).toBe('body_too_large');
    expect(f.message).toMatch(/5000 bytes declared/);
  });

  it('token_unavailable: no request is sent without the configured token', async () => {
    let requests = 0;
    const server = await serve(startHttp((_req, res) => (requests++, res.end('{}'))));
    const f = failure(
      await target(
        targetConfig(server.url, { token: { kind: 'file', path: '/nonexistent/jwt_token.txt' } }),
      ).poll(),
    );
    expect(f.kind).toBe('token_unavailable');
    expect(f.message).toMatch(/\/nonexistent\/jwt_token\.txt/);
    expect(requests).toBe(0);
  });

  describe('auth_refused', () => {
    /** A game that answers /status and refuses every bearer token on /performance. */
    const refusing = (statusCode = 200) =>
      serve(
        startHttp((req, res) => {
          if (req.url === '/status') res.writeHead(statusCode).end(statusBody);
          else
            res
              .writeHead(401, { 'Content-Type': 'text/html' })
              .end('{"error":"Unauthorized","message":"Missing or invalid authentication token"}');
        }),
      );

    it('says the build may check a separate token when /status works and the JWT is valid', async () => {
      const server = await refusing();
      process.env.STM_TEST_TOKEN_QUIRK = makeJwt({ iat: now(), exp: now() + 3600 });
      const t = target(targetConfig(server.url, { token: { kind: 'env', name: 'STM_TEST_TOKEN_QUIRK' } }));
      const f = failure(await t.poll());
      delete process.env.STM_TEST_TOKEN_QUIRK;
      expect(f).toMatchObject({ kind: 'auth_refused', statusCode: 401 });
      expect(f.message).toMatch(/may check a separate token on \/performance/);
      expect(f.message).toMatch(/separate-performance-token/);
      expect(f.message).not.toMatch(/down/i);
    });

    it('says the token expired when its exp is past', async () => {
      const server = await refusing();
      process.env.STM_TEST_TOKEN_OLD = makeJwt({ iat: now() - 7200, exp: now() - 3600 });
      const t = target(targetConfig(server.url, { token: { kind: 'env', name: 'STM_TEST_TOKEN_OLD' } }));
      const f = failure(await t.poll());
      delete process.env.STM_TEST_TOKEN_OLD;
      expect(f.kind).toBe('auth_refused');
      expect(f.message).toMatch(/token expired at .*restarts/);
    });

    it('403 counts as refused too, and /status failing is mentioned', async () => {
      const server = await serve(startHttp((_req, res) => res.writeHead(403).end('{}')));
      process.env.STM_TEST_TOKEN_403 = makeJwt({ iat: now(), exp: now() + 3600 });
      const t = target(targetConfig(server.url, { token: { kind: 'env', name: 'STM_TEST_TOKEN_403' } }));
      const f = failure(await t.poll());
      delete process.env.STM_TEST_TOKEN_403;
      expect(f).toMatchObject({ kind: 'auth_refused', statusCode: 403 });
      expect(f.message).toMatch(/\/status fails too \(http_error\)/);
    });
  });

  it('after a 401 re-reads the token file and retries once, invisibly to the caller', async () => {
    const tmp = await tempDir();
    cleanup.push(tmp.remove);
    const file = tmp.path('jwt_token.txt');
    const first = makeJwt({ iat: now(), exp: now() + 3600 });
    const second = makeJwt({ iat: now() + 1, exp: now() + 3601 });
    expect(second.length).toBe(first.length);
    let accepted = first;
    const seen: string[] = [];
    const server = await serve(
      startHttp((req, res) => {
        const auth = req.headers.authorization ?? '';
        seen.push(auth === `Bearer ${first}` ? 'first' : auth === `Bearer ${second}` ? 'second' : 'other');
        if (auth === `Bearer ${accepted}`) res.writeHead(200).end(godotBody);
        else res.writeHead(401).end('{}');
      }),
    );
    // The same whole-second mtime before and after the rewrite: only the 401 can reveal the change.
    await writeFile(file, first);
    await utimes(file, 1_700_000_000, 1_700_000_000);
    const log = captureLogger();
    const t = target(targetConfig(server.url, { token: { kind: 'file', path: file } }), log.logger);
    expect((await t.poll()).ok).toBe(true);

    accepted = second;
    await writeFile(file, second);
    await utimes(file, 1_700_000_000, 1_700_000_000);
    const result = await t.poll({ maxAgeMs: 0 });
    expect(result.ok).toBe(true);
    expect(seen).toEqual(['first', 'first', 'second']);
    expect(t.tokenInfo()?.expiresAt).toBe(decodeJwtClaims(second)?.exp);
    expect(log.lines.join('')).toMatch(/retrying once/);
  });

  it('single-flight: 50 concurrent callers cause one request; a young result is shared; maxAgeMs 0 asks again', async () => {
    let requests = 0;
    const server = await serve(
      startHttp((_req, res) => {
        requests++;
        setTimeout(() => res.writeHead(200).end(godotBody), 50);
      }),
    );
    const t = target(targetConfig(server.url, { minIntervalMs: 60_000 }));
    const results = await Promise.all(Array.from({ length: 50 }, () => t.poll()));
    expect(requests).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect((await t.poll()) === results[0]).toBe(true);
    expect(requests).toBe(1);
    await t.poll({ maxAgeMs: 0 });
    expect(requests).toBe(2);
  });

  it('single-flight shares failures as well, so a down game is not hammered', async () => {
    let connections = 0;
    const server = await serve(
      startRaw((socket) => (connections++, socket.once('data', () => socket.resetAndDestroy()))),
    );
    const t = target(targetConfig(server.url, { minIntervalMs: 60_000 }));
    const results = await Promise.all(Array.from({ length: 20 }, () => t.poll()));
    expect(results.every((r) => !r.ok && r.failure.kind === 'connection_reset')).toBe(true);
    expect(connections).toBe(1);
  });

  it('deadlineMs bounds one caller’s wait; the request goes on and later callers share it', async () => {
    let requests = 0;
    let answer: (() => void) | undefined;
    const server = await serve(
      startHttp((_req, res) => {
        requests++;
        answer = () => res.writeHead(200).end(godotBody);
      }),
    );
    const t = target(targetConfig(server.url, { responseTimeoutMs: 10_000, minIntervalMs: 60_000 }));
    const hurried = await t.poll({ deadlineMs: 50 });
    expect(failure(hurried).kind).toBe('response_timeout');
    expect(failure(hurried).message).toMatch(/caller's 50 ms budget/);
    const patient = t.poll();
    (await waitFor(() => answer, 10_000, 'the request reaching the server'))();
    expect((await patient).ok).toBe(true);
    expect(requests).toBe(1);
  });

  it('status(): parses /status without exposing its jwt_token, single-flight too', async () => {
    let requests = 0;
    const server = await serve(
      startHttp(
        (_req, res) => (requests++, res.writeHead(200, { 'Content-Type': 'text/html' }).end(statusBody)),
      ),
    );
    const t = target(targetConfig(server.url));
    const [a, b] = await Promise.all([t.status(), t.status()]);
    expect(requests).toBe(1);
    expect(a).toBe(b);
    expect(a.ok && a.status).toMatchObject({
      apiVersion: '1.0.0',
      environment: 'development',
      vrInitialized: true,
      vrMode: 1,
    });
    expect(a.ok && 'jwtToken' in a.status).toBe(false);
    expect(JSON.stringify(a)).not.toContain('<the current JWT>');
  });

  it('token source "status" (development builds) reads /status jwt_token and uses it', async () => {
    const token = makeJwt({ iat: now(), exp: now() + 3600 });
    const server = await serve(
      startHttp((req, res) => {
        if (req.url === '/status')
          res.writeHead(200).end(JSON.stringify({ status: 'healthy', jwt_token: token }));
        else if (req.headers.authorization === `Bearer ${token}`) res.writeHead(200).end(godotBody);
        else res.writeHead(401).end('{}');
      }),
    );
    const t = target(targetConfig(server.url, { token: { kind: 'status' } }));
    expect((await t.poll()).ok).toBe(true);
    expect(t.tokenInfo()).toMatchObject({ source: 'status', expiresAt: now() + 3600 });
  });

  it('a path prefix in the base URL is kept', async () => {
    const paths: string[] = [];
    const server = await serve(
      startHttp((req, res) => (paths.push(req.url ?? ''), res.writeHead(200).end(godotBody))),
    );
    await target(targetConfig(`${server.url}/game/api`)).poll();
    expect(paths).toEqual(['/game/api/performance']);
  });

  it('after close() nothing is sent', async () => {
    let requests = 0;
    const server = await serve(startHttp((_req, res) => (requests++, res.end('{}'))));
    const t = target(targetConfig(server.url));
    await t.close();
    expect(failure(await t.poll()).kind).toBe('network_error');
    expect(requests).toBe(0);
  });
});
