import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertEvent } from '../../src/alerting/event.js';
import type { AlertSink } from '../../src/health/alert-sink.js';
import { targetFromFlags } from '../../src/target/from-flags.js';
import type { TargetConfig } from '../../src/target/types.js';

/** A fresh temp dir per test; `cleanup` removes it. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A target for a simulator: a hang shows within a second, yet a loaded test machine is not "down". */
export function simTarget(url: string, tokenFile: string, name = 'game'): TargetConfig {
  const t = targetFromFlags({ apiUrl: url, healthEndpoint: '/performance', jwtToken: tokenFile, name });
  return { ...t, connectTimeoutMs: 1_000, responseTimeoutMs: 1_000, minIntervalMs: 100 };
}

/** Keeps every event handed over: what the alerting dispatcher would get. */
export function recordingSink(): AlertSink & { events: AlertEvent[] } {
  const events: AlertEvent[] = [];
  return { events, accept: (e) => void events.push(e), delivery: 'recorded by the test', delivers: true };
}

/** Polls `cond` every 50 ms up to `timeoutMs`; throws with `what` on timeout. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 8_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A webhook receiver on loopback: keeps the `alert` of every generic webhook body it gets. */
export async function startReceiver(): Promise<{
  url: string;
  alerts: AlertEvent[];
  bodies: string[];
  close: () => Promise<void>;
}> {
  const alerts: AlertEvent[] = [];
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(body);
      try {
        alerts.push((JSON.parse(body) as { alert: AlertEvent }).alert);
      } catch {
        // kept in bodies; the test sees it there
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    alerts,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
