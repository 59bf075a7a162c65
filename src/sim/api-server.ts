import net from 'node:net';
import tls from 'node:tls';
import { MAX_BODY_BYTES } from './api-routes.js';
import { parseHead, type RawRequest } from './http-request.js';

export interface Reply {
  status: number;
  body: Buffer | string;
  /** Announce more bytes than sent, then close (the truncated-body fault). */
  declaredLength?: number;
}

/** `park`: accept and never answer (a stalled main loop). `close`: no answer, connection closed. */
export type Outcome = Reply | 'park' | 'close';

export interface RequestContext {
  request: RawRequest;
  remote: string;
  /** The body was larger than the game accepts; it was not read. */
  bodyTooLarge: boolean;
  startedAt: bigint;
}

export interface ApiServerHooks {
  handle(ctx: RequestContext): Promise<Outcome>;
  served(ctx: RequestContext, reply: Reply, bytes: number, seconds: number): void;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * The game's listening socket (GodotTPD): plain TCP or TLS, one request per connection, every
 * answer with `Connection: close`. It can stop listening and listen again on the same port.
 */
export class ApiServer {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private boundPort = 0;

  constructor(private readonly hooks: ApiServerHooks) {}

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  async listen(host: string, port: number, tlsOptions?: { key: string; cert: string }): Promise<number> {
    const server = tlsOptions
      ? tls.createServer({ key: tlsOptions.key, cert: tlsOptions.cert }, (s) => this.accept(s))
      : net.createServer((s) => this.accept(s));
    // A failed TLS handshake is the client's problem; it must not take the game down.
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined);
    this.server = server;
    this.boundPort = (server.address() as net.AddressInfo).port;
    return this.boundPort;
  }

  /** Stops listening and drops every open connection (parked ones included). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let ctx: RequestContext | undefined;
    let bodyStart = 0;
    const startedAt = process.hrtime.bigint();
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!ctx) {
        const head = parseHead(buffer);
        if (head.kind === 'incomplete') return;
        if (head.kind === 'invalid' || head.request.version !== 'HTTP/1.1') {
          // GodotTPD answers nothing to what it does not understand.
          socket.off('data', onData);
          socket.end();
          return;
        }
        ctx = {
          request: head.request,
          remote: socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
          bodyTooLarge: head.request.contentLength > MAX_BODY_BYTES,
          startedAt,
        };
        bodyStart = head.bodyStart;
      }
      if (!ctx.bodyTooLarge && buffer.length - bodyStart < ctx.request.contentLength) return;
      socket.off('data', onData);
      socket.resume();
      ctx.request.body = buffer.subarray(
        bodyStart,
        bodyStart + (ctx.bodyTooLarge ? 0 : ctx.request.contentLength),
      );
      void this.dispatch(socket, ctx);
    };
    socket.on('data', onData);
  }

  private async dispatch(socket: net.Socket, ctx: RequestContext): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.hooks.handle(ctx);
    } catch {
      outcome = { status: 500, body: 'Internal Server Error' };
    }
    if (outcome === 'park' || socket.destroyed) return;
    if (outcome === 'close') {
      socket.end();
      return;
    }
    const body = Buffer.isBuffer(outcome.body) ? outcome.body : Buffer.from(outcome.body, 'utf8');
    const head =
      `HTTP/1.1 ${outcome.status} ${REASONS[outcome.status] ?? 'Unknown'}\r\n` +
      'Server: GodotTPD\r\n' +
      'Connection: close\r\n' +
      'Content-Type: text/html\r\n' +
      `Content-Length: ${outcome.declaredLength ?? body.length}\r\n\r\n`;
    socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
    const seconds = Number(process.hrtime.bigint() - ctx.startedAt) / 1e9;
    this.hooks.served(ctx, outcome, body.length, seconds);
  }
}
