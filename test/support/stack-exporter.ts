import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startExporter, type RunningExporter, type StartExporterOptions } from '../../src/exporter/start.js';
import {
  ACCESS_LOG,
  AUDIT_LOG,
  CONSOLE_LOG,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../src/sim/index.js';
import { targetFromFlags } from '../../src/target/from-flags.js';
import { createGameTarget } from '../../src/target/game-target.js';
import type { GameTarget, TargetConfig } from '../../src/target/types.js';

export interface ExporterStack {
  sim: Simulator;
  exporter: RunningExporter;
  target: TargetConfig;
  /**
   * The client the exporter polls through. Other consumers in the test (a health monitor, a third
   * poller) share it, as they would in one process; its poll() returns the sample the exporter saw.
   */
  gameTarget: GameTarget;
  /** A temporary directory (token file, logs), removed by stop(). */
  dir: string;
  /** GET /metrics (or another path) with optional headers; the body as text. */
  scrape(path?: string, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
}

export interface ExporterStackOptions {
  sim?: SimulatorOptions;
  /** Changes to the target the exporter polls (name is "game"). */
  target?: Partial<TargetConfig>;
  /** Tail the simulator's console, audit and access logs. */
  logs?: boolean;
  /** Connect to the simulator's telemetry socket. */
  telemetry?: boolean;
  exporter?: Partial<StartExporterOptions>;
}

/**
 * The simulator and an exporter watching it, both on ephemeral loopback ports, for tests of the
 * exporter and of what consumes its metrics (rules, dashboards). Everything it starts, stop() stops.
 */
export async function startExporterStack(options: ExporterStackOptions = {}): Promise<ExporterStack> {
  const dir = await mkdtemp(join(tmpdir(), 'exporter-stack-'));
  const tokenFile = join(dir, 'jwt_token.txt');
  const logDir = join(dir, 'logs');
  let sim: Simulator | undefined;
  let gameTarget: GameTarget | undefined;
  try {
    sim = await startSimulator({
      port: 0,
      tokenFile,
      logDir,
      ...(options.telemetry ? { telemetryPort: 0 } : {}),
      ...options.sim,
    });
    const target: TargetConfig = {
      ...targetFromFlags({
        apiUrl: sim.url,
        healthEndpoint: '/performance',
        jwtToken: tokenFile,
        name: 'game',
      }),
      ...(options.telemetry ? { telemetryUrl: sim.telemetryUrl } : {}),
      ...options.target,
    };
    if (sim.caPem) {
      await writeFile(join(dir, 'ca.pem'), sim.caPem);
      target.tls = { caFile: join(dir, 'ca.pem'), ...target.tls };
    }
    gameTarget = createGameTarget(target);
    const exporter = await startExporter({
      listen: '127.0.0.1:0',
      gameTargets: [gameTarget],
      defaultMetrics: false,
      telemetryBackoffMs: { initial: 20, max: 200 },
      ...(options.logs
        ? {
            logSources: {
              game: [
                { source: 'console', path: join(logDir, CONSOLE_LOG) },
                { source: 'audit', path: join(logDir, AUDIT_LOG) },
                { source: 'access', path: join(logDir, ACCESS_LOG) },
              ],
            },
          }
        : {}),
      ...options.exporter,
    });
    const running = sim;
    const client = gameTarget;
    return {
      sim: running,
      exporter,
      target,
      gameTarget: client,
      dir,
      async scrape(path = '/metrics', headers = {}) {
        const res = await fetch(`${exporter.url}${path}`, { headers });
        return { status: res.status, text: await res.text() };
      },
      async stop() {
        await exporter.stop();
        await client.close();
        await running.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await gameTarget?.close();
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Scrapes until `ready(text)` holds, at most `timeoutMs`; returns the last scrape. Bounded in time
 * and count, and fails with what it last saw.
 */
export async function scrapeUntil(
  stack: ExporterStack,
  ready: (text: string) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<string> {
  const end = Date.now() + timeoutMs;
  let text = '';
  for (let i = 0; i < 1000; i++) {
    text = (await stack.scrape()).text;
    if (ready(text)) return text;
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last scrape:\n${text}`);
}
