import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('../fixtures/contract/', import.meta.url));

export interface FixtureGame {
  url: string;
  /** Requests served, by "METHOD /path". */
  requests: Record<string, number>;
  stop(): Promise<void>;
}

/**
 * A loopback server that answers /performance and /status with the contract's example files as
 * the game would (JSON as text/html, bearer token required). For payloads the simulator does not
 * produce, such as the release-build example.
 */
export async function startFixtureGame(options: {
  performance: string;
  token: string;
}): Promise<FixtureGame> {
  const performance = await readFile(`${fixtures}${options.performance}`, 'utf8');
  const status = JSON.parse(await readFile(`${fixtures}status.json`, 'utf8')) as Record<string, unknown>;
  delete status.jwt_token;
  const requests: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    requests[key] = (requests[key] ?? 0) + 1;
    const send = (code: number, body: string) => {
      res.writeHead(code, { 'Content-Type': 'text/html', Connection: 'close', Server: 'GodotTPD' });
      res.end(body);
    };
    if (req.url === '/status') return send(200, JSON.stringify(status));
    if (req.url === '/performance') {
      if (req.headers.authorization !== `Bearer ${options.token}`)
        return send(401, '{"error":"Unauthorized"}');
      return send(200, performance);
    }
    send(404, 'Not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
