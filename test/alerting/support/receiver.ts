import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { waitFor } from '../../support/wait.js';

export interface Received {
  /** performance.now() when the request body was complete. */
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A loopback HTTP server standing in for Slack, Discord, PagerDuty or a webhook. Answers come from
 * `script` in order, then `fallback`; every request is recorded with its arrival time. `down()`
 * closes the port (connection refused), `up()` listens on the same port again.
 */
export class Receiver {
  readonly received: Received[] = [];
  script: Reply[] = [];
  fallback: Reply = { status: 200, body: 'ok' };
  /** Called with each request body; problems it returns are collected in `problems`. */
  validate?: (body: string, headers: IncomingHttpHeaders) => string[];
  readonly problems: string[] = [];
  private server: Server;
  private holder?: () => Promise<void>;
  port = 0;

  constructor() {
    this.server = this.makeServer();
  }

  private makeServer(): Server {
    return createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const reply = this.script.shift() ?? this.fallback;
        if (this.validate) this.problems.push(...this.validate(body, req.headers));
        this.received.push({
          at: performance.now(),
          path: req.url ?? '',
          headers: req.headers,
          body,
          status: reply.status,
        });
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body ?? '');
      });
    });
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Requests that were answered with a 2xx. */
  delivered(): Received[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300);
  }

  async down(): Promise<void> {
    await this.close();
    this.server = this.makeServer();
    this.holder = await holdPort(this.port);
  }

  async up(): Promise<void> {
    await this.release();
    await this.listen(this.port);
  }

  private async release(): Promise<void> {
    const holder = this.holder;
    this.holder = undefined;
    await holder?.();
  }

  /** Resolves once `predicate` holds, polling; fails after `timeoutMs`. */
  async waitFor(predicate: (r: this) => boolean, timeoutMs = 15_000): Promise<void> {
    await waitFor(() => predicate(this), timeoutMs, 'receiver: condition');
  }

  async close(): Promise<void> {
    await this.release();
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Occupies 127.0.0.1:`port` without listening on it, by a connection made from that port. A
 * connect to it is refused, as to a server that is down, yet the kernel hands the port to no other
 * `listen(0)` meanwhile. Freeing it instead let a server of a test running in parallel take the
 * port and answer 200 for the "down" receiver (seen as alerts delivered while it was down).
 * Returns the release function.
 */
async function holdPort(port: number): Promise<() => Promise<void>> {
  const peer = net.createServer();
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => peer.once('connection', resolve));
  const socket = net.connect({
    host: '127.0.0.1',
    port: (peer.address() as AddressInfo).port,
    localAddress: '127.0.0.1',
    localPort: port,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
  } catch (err) {
    peer.close();
    throw err;
  }
  const other = await accepted;
  return async () => {
    other.destroy();
    socket.destroy();
    await new Promise((resolve) => peer.close(resolve));
  };
}
