import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GameTarget } from '../target/types.js';
import { STATUS_PAGE_HTML } from './page.js';
import { takeSnapshot, type PageAlert } from './snapshot.js';

export interface StatusPageOptions {
  /** Default 127.0.0.1; port 0 = ephemeral. */
  host?: string;
  port: number;
  targets: readonly GameTarget[];
  /** Active alerts to list, e.g. from the health monitor; none by default. */
  alerts?: () => PageAlert[];
  /** How often the open page refreshes. Default 2000 ms. */
  refreshMs?: number;
}

export interface StatusPage {
  readonly url: string;
  stop(): Promise<void>;
}

/** Serves the page at / and its data at /api/status. Read-only: it changes nothing in the game. */
export async function startStatusPage(options: StatusPageOptions): Promise<StatusPage> {
  const html = STATUS_PAGE_HTML.replace('REFRESH_MS', String(options.refreshMs ?? 2000));
  const alerts = options.alerts ?? (() => []);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end('method not allowed\n');
    } else if (path === '/') {
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
        .end(html);
    } else if (path === '/api/status') {
      takeSnapshot(options.targets, alerts).then(
        (snapshot) =>
          res
            .writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
            .end(JSON.stringify(snapshot)),
        (err: unknown) => res.writeHead(500).end(`status unavailable: ${(err as Error).message}\n`),
      );
    } else {
      res.writeHead(404).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
