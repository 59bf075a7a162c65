import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { DEFAULT_TARGET } from '../../src/target/config.js';
import type { TargetConfig } from '../../src/target/types.js';

export interface Loopback {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Listens on 127.0.0.1:0 and tracks sockets so that stop() never waits on a hung connection. */
async function listen(server: Server, scheme = 'http'): Promise<Loopback> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    // The client aborts on purpose (timeouts, caps): a reset seen here is expected, not a crash.
    s.on('error', () => {});
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A plain HTTP server; answers carry Connection: close like the game's. */
export function startHttp(handler: RequestListener): Promise<Loopback> {
  const server = createHttpServer((req, res) => {
    res.setHeader('Connection', 'close');
    handler(req, res);
  });
  return listen(server);
}

/** A TCP server that hands every connection to `onSocket`, for behaviour HTTP servers cannot show. */
export function startRaw(onSocket: (socket: Socket) => void, scheme = 'http'): Promise<Loopback> {
  return listen(createNetServer(onSocket), scheme);
}

export function listenOn(server: Server, scheme: string): Promise<Loopback> {
  return listen(server, scheme);
}

export function targetConfig(url: string, overrides: Partial<TargetConfig> = {}): TargetConfig {
  return {
    name: 'game1',
    url,
    performancePath: DEFAULT_TARGET.performancePath,
    statusPath: DEFAULT_TARGET.statusPath,
    token: { kind: 'none' },
    connectTimeoutMs: 1_000,
    responseTimeoutMs: 1_000,
    maxBodyBytes: DEFAULT_TARGET.maxBodyBytes,
    minIntervalMs: DEFAULT_TARGET.minIntervalMs,
    labels: {},
    ...overrides,
  };
}

/** A real pino logger at trace level whose every line is kept, so tests can grep for secrets. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), lines };
}

export async function tempDir(): Promise<{
  dir: string;
  path: (name: string) => string;
  remove(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'stm-target-'));
  return { dir, path: (name) => join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** An unsigned JWT with the given claims; `padding` keeps the `=` the game sometimes leaves. */
export function makeJwt(claims: Record<string, unknown>, options: { padding?: boolean } = {}): string {
  const seg = (value: unknown) => {
    const b64 = Buffer.from(JSON.stringify(value)).toString('base64url');
    return options.padding ? b64 + '='.repeat((4 - (b64.length % 4)) % 4) : b64;
  };
  return `${seg({ alg: 'HS256', typ: 'JWT' })}.${seg(claims)}.${Buffer.from('sig').toString('base64url')}`;
}
