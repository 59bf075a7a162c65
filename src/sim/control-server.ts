import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SCENARIOS, ScenarioError, resolveScenario } from './scenarios.js';
import type { GameSimulator } from './simulator.js';

export interface ControlServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The simulator's own loopback control port (not part of the game): switch scenarios at run time
 * and read how many requests each game served.
 *   POST /scenario/NAME[?param=value...][&instance=I]   GET /scenario   GET /scenarios   GET /stats
 */
export async function startControlServer(games: GameSimulator[], port: number): Promise<ControlServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, value: unknown): void => {
      const body = `${JSON.stringify(value, null, 2)}\n`;
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    };
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://control');
      const params = Object.fromEntries(url.searchParams);
      let targets = games;
      if (params.instance !== undefined) {
        const game = games[Number(params.instance)];
        if (!game) return send(400, { error: `no instance ${params.instance} (0..${games.length - 1})` });
        targets = [game];
        delete params.instance;
      }
      const scenario = /^\/scenario\/([a-z0-9-]+)$/.exec(url.pathname);
      if (req.method === 'POST' && scenario) {
        try {
          resolveScenario(scenario[1] ?? '', params);
        } catch (err) {
          if (err instanceof ScenarioError) return send(400, { error: err.message });
          throw err;
        }
        for (const game of targets) game.setScenario(scenario[1] ?? '', params);
        await Promise.all(targets.map((g) => g.whenSettled()));
        return send(200, summary(targets));
      }
      if (req.method === 'GET' && url.pathname === '/scenario') return send(200, summary(targets));
      if (req.method === 'GET' && url.pathname === '/scenarios') return send(200, SCENARIOS);
      if (req.method === 'GET' && url.pathname === '/stats') {
        const requests: Record<string, number> = {};
        let total = 0;
        for (const game of targets) {
          const s = game.stats();
          total += s.total;
          for (const [k, v] of Object.entries(s.requests)) requests[k] = (requests[k] ?? 0) + v;
        }
        const instances =
          games.length > 1 ? targets.map((g) => ({ port: g.port, total: g.stats().total })) : undefined;
        return send(200, { total, requests, instances });
      }
      send(404, {
        error: 'not found',
        routes: ['POST /scenario/NAME', 'GET /scenario', 'GET /scenarios', 'GET /stats'],
      });
    })().catch((err: unknown) => send(500, { error: String(err) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, whatever --host says: this port switches faults on.
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function summary(games: GameSimulator[]): unknown {
  if (games.length === 1) return games[0]?.scenario();
  return games.map((g) => ({ port: g.port, ...g.scenario() }));
}
