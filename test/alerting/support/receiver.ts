import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  }

  async up(): Promise<void> {
    await this.listen(this.port);
  }

  /** Resolves once `predicate` holds, polling; fails after `timeoutMs`. */
  async waitFor(predicate: (r: this) => boolean, timeoutMs = 15_000): Promise<void> {
    await waitFor(() => predicate(this), timeoutMs, 'receiver: condition');
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
