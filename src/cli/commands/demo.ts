import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { portNumber } from './simulate.js';

export interface DemoOptions {
  /** Game API port; default 8080. */
  port: number;
  telemetryPort: number;
  controlPort: number;
  /** Token file and game logs go here. */
  dir: string;
}

export interface Demo {
  simulator: Simulator;
  /** What to print: where everything listens and how to query it. */
  lines: string[];
  stop(): Promise<void>;
}

/**
 * Everything `spacetime-monitor demo` runs, in one process. Later parts (exporter, health
 * monitor, status page) start here after the simulator, add their lines, and stop in reverse.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const tokenFile = join(options.dir, 'jwt_token.txt');
  const logDir = join(options.dir, 'logs');
  const simulator = await startSimulator({
    port: options.port,
    telemetryPort: options.telemetryPort,
    controlPort: options.controlPort,
    tokenFile,
    logDir,
  });
  const shown = (path: string): string =>
    relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path);
  const lines = [
    'SpaceTime monitor demo',
    `  game simulator: ${simulator.url} (token in ${shown(tokenFile)})`,
    `  try:            curl -i -H "Authorization: Bearer $(cat ${shown(tokenFile)})" ${simulator.url}/performance`,
    `  telemetry:      ${simulator.telemetryUrl ?? '-'}`,
    `  game logs:      ${shown(logDir)}/`,
    `  faults:         curl -X POST ${simulator.controlUrl}/scenario/low-fps  (back: /scenario/healthy, list: GET ${simulator.controlUrl}/scenarios, counts: GET /stats)`,
  ];
  return { simulator, lines, stop: () => simulator.stop() };
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('the simulated game with logs and telemetry, and how to query it')
    .option('--port <port>', 'game API port', portNumber, 8080)
    .option('--telemetry-port <port>', 'telemetry WebSocket port', portNumber, 8081)
    .option('--control-port <port>', 'simulator control port', portNumber, 8082)
    .option('--dir <dir>', 'token file and logs', join('.tmp', 'demo'))
    .action(async (options: DemoOptions) => {
      let demo: Demo;
      try {
        demo = await startDemo(options);
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
