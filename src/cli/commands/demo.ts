import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { startExporter, type RunningExporter } from '../../exporter/index.js';
import { startHealthMonitor, type HealthMonitor } from '../../health/index.js';
import { gameLogSources } from '../../logs/files.js';
import { startLogPipeline, type LogPipeline } from '../../logs/pipeline.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { createGameTarget } from '../../target/game-target.js';
import { targetFromFlags } from '../../target/from-flags.js';
import type { GameTarget } from '../../target/types.js';
import { startStatusPage, type StatusPage } from '../../ui/server.js';
import { portNumber } from './simulate.js';

export interface DemoOptions {
  /** Game API port; default 8080. 0 everywhere = free ports (tests). */
  port: number;
  telemetryPort: number;
  controlPort: number;
  exporterPort: number;
  pagePort: number;
  /** Seconds between health checks. */
  interval: number;
  /** Token file, game logs, NDJSON, health log and state go here. */
  dir: string;
  /** Health monitor console lines; default: none. */
  output?: (line: string) => void;
}

export interface Demo {
  simulator: Simulator;
  target: GameTarget;
  exporter: RunningExporter;
  monitor: HealthMonitor;
  page: StatusPage;
  logs: LogPipeline;
  /** What to print: where everything listens and how to query it. */
  lines: string[];
  stop(): Promise<void>;
}

/**
 * Everything `spacetime-monitor demo` runs, in one process, around ONE shared client for the
 * game: the exporter, the health monitor and the status page all read the same single-flight
 * sample, as in production. Parts stop in the reverse order of their start.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const tokenFile = join(options.dir, 'jwt_token.txt');
  const logDir = join(options.dir, 'logs');
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
  };
  try {
    const simulator = await startSimulator({
      port: options.port,
      telemetryPort: options.telemetryPort,
      controlPort: options.controlPort,
      tokenFile,
      logDir,
    });
    stops.push(() => simulator.stop());

    const target = createGameTarget({
      ...targetFromFlags({
        apiUrl: simulator.url,
        healthEndpoint: '/performance',
        jwtToken: tokenFile,
        name: 'demo',
      }),
      telemetryUrl: simulator.telemetryUrl,
    });
    stops.push(() => target.close());

    const logs = await startLogPipeline({
      sources: gameLogSources(logDir),
      outDir: join(options.dir, 'ndjson'),
      positionFile: join(options.dir, 'ndjson', '.positions.json'),
      // The simulator writes this process's local time, as the game writes its machine's.
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    });
    stops.push(() => logs.stop());

    const exporter = await startExporter({
      listen: `127.0.0.1:${options.exporterPort}`,
      gameTargets: [target],
      logCounters: { [target.config.name]: logs.counters },
    });
    stops.push(() => exporter.stop());

    const monitor = await startHealthMonitor({
      targets: [target],
      intervalMs: options.interval * 1000,
      logFile: join(options.dir, 'health.log'),
      stateFile: join(options.dir, 'health-state.json'),
      output: options.output,
    });
    stops.push(() => monitor.stop());

    const page = await startStatusPage({
      port: options.pagePort,
      targets: [target],
      alerts: () => monitor.activeAlerts(),
    });
    stops.push(() => page.stop());

    const shown = (path: string): string =>
      relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path);
    const lines = [
      'SpaceTime monitor demo (everything on 127.0.0.1, nothing external)',
      `  status page:    ${page.url}`,
      `  metrics:        ${exporter.url}/metrics   (Prometheus exporter; /probe?target=demo)`,
      `  game simulator: ${simulator.url} (token in ${shown(tokenFile)})`,
      `  try:            curl -i -H "Authorization: Bearer $(cat ${shown(tokenFile)})" ${simulator.url}/performance`,
      `  telemetry:      ${simulator.telemetryUrl ?? '-'}`,
      `  game logs:      ${shown(logDir)}/  ->  parsed, redacted NDJSON in ${shown(join(options.dir, 'ndjson'))}/`,
      `  health log:     ${shown(join(options.dir, 'health.log'))} (a check every ${options.interval}s; alerts go to this log)`,
      `  faults:         curl -X POST ${simulator.controlUrl}/scenario/low-fps  (back: /scenario/healthy, list: GET ${simulator.controlUrl}/scenarios)`,
    ];
    return { simulator, target, exporter, monitor, page, logs, lines, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'the simulated game with the exporter, the health monitor, the log pipeline and the status page',
    )
    .option('--port <port>', 'game API port', portNumber, 8080)
    .option('--telemetry-port <port>', 'telemetry WebSocket port', portNumber, 8081)
    .option('--control-port <port>', 'simulator control port', portNumber, 8082)
    .option('--exporter-port <port>', 'Prometheus exporter port', portNumber, 9091)
    .option('--page-port <port>', 'status page port', portNumber, 8090)
    .option('--interval <seconds>', 'seconds between health checks', (v) => portNumber(v) || 1, 5)
    .option('--dir <dir>', 'token file, logs and state', join('.tmp', 'demo'))
    .option('--quiet', 'do not print the health monitor lines')
    .action(async (options: DemoOptions & { quiet?: boolean }) => {
      let demo: Demo;
      try {
        demo = await startDemo({
          ...options,
          output: options.quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
        });
      } catch (err) {
        process.stderr.write(`spacetime-monitor demo: ${(err as Error).message}\n`);
        process.exit(1);
      }
      process.stdout.write(`${demo.lines.join('\n')}\nStop with Ctrl+C.\n`);
      let stopping = false;
      const shutdown = (): void => {
        if (stopping) return;
        stopping = true;
        void demo.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    });
}
