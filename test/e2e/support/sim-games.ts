import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { LogSourceSpec } from '../../../src/logs/pipeline.js';
import { ACCESS_LOG, AUDIT_LOG, CONSOLE_LOG, startSimulator } from '../../../src/sim/index.js';
import { targetFromFlags } from '../../../src/target/from-flags.js';
import type { TargetConfig } from '../../../src/target/types.js';
import { spawnCli } from '../../support/cli.js';
import type { SimScenario } from './sim-scenarios.js';

/** One simulated game and how the exporter watches it. */
export interface SimGame {
  readonly name: string;
  readonly target: TargetConfig;
  readonly logSources: LogSourceSpec[];
  /** Switches the scenario on (no-op for games started with it). */
  fault(): Promise<void>;
  heal(): Promise<void>;
  stop(): Promise<void>;
}

function logSources(logDir: string): LogSourceSpec[] {
  return [
    { source: 'console', path: join(logDir, CONSOLE_LOG) },
    { source: 'audit', path: join(logDir, AUDIT_LOG) },
    { source: 'access', path: join(logDir, ACCESS_LOG) },
  ];
}

function target(name: string, url: string, tokenFile: string, extra: Partial<TargetConfig>): TargetConfig {
  return {
    ...targetFromFlags({ apiUrl: url, healthEndpoint: '/performance', jwtToken: tokenFile, name }),
    // Prometheus scrapes every second here; the exporter may share a sample for half of that.
    minIntervalMs: 500,
    ...extra,
  };
}

/** The simulator in this process: cheap, and switched by setScenario(). */
async function inProcessGame(name: string, dir: string, s: SimScenario): Promise<SimGame> {
  const tokenFile = join(dir, 'jwt_token.txt');
  const logDir = join(dir, 'logs');
  const startsFaulty = s.https === true;
  const sim = await startSimulator({
    port: 0,
    tokenFile,
    logDir,
    ...(s.telemetry ? { telemetryPort: 0, telemetryPingMs: 500 } : {}),
    ...(startsFaulty ? { scenario: s.scenario, ...(s.params ? { scenarioParams: s.params } : {}) } : {}),
  });
  const extra: Partial<TargetConfig> = {
    ...(sim.telemetryUrl ? { telemetryUrl: sim.telemetryUrl } : {}),
    // The renewed certificate is a new self-signed one: trust by expiry check, not by chain.
    ...(s.https ? { tls: { insecure: true } } : {}),
  };
  const heal = s.heal ?? { scenario: 'healthy' };
  return {
    name,
    target: target(name, sim.url, tokenFile, extra),
    logSources: logSources(logDir),
    async fault() {
      if (startsFaulty) return;
      sim.setScenario(s.scenario, s.params);
      await sim.whenSettled();
    },
    async heal() {
      sim.setScenario(heal.scenario, heal.params);
      await sim.whenSettled();
    },
    stop: () => sim.stop(),
  };
}

async function readLines(
  child: ChildProcessWithoutNullStreams,
  want: RegExp[],
  timeoutMs: number,
): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`simulate printed no ${want.join(', ')}: ${out}`)),
      timeoutMs,
    );
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (want.every((w) => w.test(out))) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once('exit', (code) => reject(new Error(`simulate exited with ${code}: ${out}`)));
  });
}

async function setScenario(
  control: string,
  name: string,
  params: Record<string, number> = {},
): Promise<void> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await fetch(`${control}/scenario/${name}?${query}`, { method: 'POST' });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`simulator control port answered ${res.status} to ${name}`);
}

/**
 * A CPU alert needs the CPU: on a shared 2-core runner the burning game must win against the test
 * process (which hosts the other games and the exporter) and against other test files. Raising its
 * priority needs root, which CI has; elsewhere the burn runs at normal priority. (Lowering this
 * process instead starves the exporter: its scrapes time out and every game reads as unscrapeable.)
 */
function prioritize(pid: number): void {
  try {
    setPriority(pid, -20);
  } catch {
    // not root: normal priority
  }
}

/** `spacetime-monitor simulate` as its own process, switched over its control port. */
async function ownProcessGame(name: string, dir: string, s: SimScenario): Promise<SimGame> {
  const tokenFile = join(dir, 'jwt_token.txt');
  const logDir = join(dir, 'logs');
  const child = spawnCli([
    'simulate',
    '--port=0',
    `--token-file=${tokenFile}`,
    `--log-dir=${logDir}`,
    '--no-telemetry',
    '--control-port=0',
  ]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
  };
  try {
    const out = await readLines(child, [/API listening on (\S+)/, /control: (\S+)/], 20_000);
    const url = /API listening on (\S+)/.exec(out)?.[1] ?? '';
    const control = /control: (\S+)/.exec(out)?.[1] ?? '';
    return {
      name,
      target: target(name, url, tokenFile, { process: { pid: child.pid } }),
      logSources: logSources(logDir),
      async fault() {
        if (s.late) prioritize(child.pid ?? 0);
        await setScenario(control, s.scenario, s.params);
      },
      heal: () => setScenario(control, s.heal?.scenario ?? 'healthy', s.heal?.params),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function startSimGame(name: string, dir: string, s: SimScenario): Promise<SimGame> {
  await mkdir(dir, { recursive: true });
  return s.ownProcess ? ownProcessGame(name, dir, s) : inProcessGame(name, dir, s);
}
