import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  loadTimelineFile,
  parseScenarioSpec,
  resolveScenario,
  startFleet,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../sim/index.js';
import { exitOnSignals } from '../exit-on-signals.js';

interface SimulateFlags {
  host: string;
  port: number;
  shape: 'godot' | 'documented';
  tokenFile: string;
  tokenTtl: number;
  quirk: string[];
  logDir?: string;
  telemetryPort?: number;
  telemetry: boolean;
  scenario?: string;
  timeline?: string;
  controlPort?: number;
  instances?: number;
  basePort?: number;
  seed?: number;
}

const QUIRKS = ['separate-performance-token', 'release-build'];

export function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port 0..65535');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  if (!QUIRKS.includes(value)) throw new InvalidArgumentError(`known quirks: ${QUIRKS.join(', ')}`);
  return [...previous, value];
}

/** Builds the simulator options from the flags; throws with a message naming the flag. */
export function simulatorOptions(flags: SimulateFlags, fleet: boolean): SimulatorOptions {
  let scenario: { name: string; params: Record<string, string> } | undefined;
  if (flags.scenario) {
    scenario = parseScenarioSpec(flags.scenario) as { name: string; params: Record<string, string> };
    resolveScenario(scenario.name, scenario.params);
  }
  return {
    host: flags.host,
    port: flags.port,
    shape: flags.shape,
    tokenFile: flags.tokenFile,
    tokenTtlSeconds: flags.tokenTtl,
    quirks: {
      separatePerformanceToken: flags.quirk.includes('separate-performance-token'),
      releaseBuild: flags.quirk.includes('release-build'),
    },
    logDir: flags.logDir,
    // A fleet's consecutive API ports would collide with 8081: telemetry there only on request.
    telemetryPort: flags.telemetry ? (flags.telemetryPort ?? (fleet ? undefined : 8081)) : undefined,
    controlPort: flags.controlPort,
    scenario: scenario?.name,
    scenarioParams: scenario?.params,
    timeline: flags.timeline ? loadTimelineFile(flags.timeline) : undefined,
    seed: flags.seed,
  };
}

function describe(sim: Simulator, options: SimulatorOptions): string[] {
  const lines = [`API listening on ${sim.url} (shape ${options.shape}, scenario ${sim.scenario().name})`];
  if (options.tokenFile) lines.push(`token file: ${options.tokenFile}`);
  if (sim.telemetryUrl) lines.push(`telemetry: ${sim.telemetryUrl}`);
  if (sim.logDir) lines.push(`logs: ${sim.logDir}`);
  return lines;
}

export function register(program: Command): void {
  program
    .command('simulate')
    .description('run a stand-in for the SpaceTime game HTTP API (quirks, tokens, logs, telemetry, faults)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'API port (0 = any free port)', portNumber, 8080)
    .addOption(
      new Option('--shape <shape>', '/performance body shape')
        .choices(['godot', 'documented'])
        .default('godot'),
    )
    .option('--token-file <path>', 'where the JWT is written (no trailing newline)', 'jwt_token.txt')
    .option('--token-ttl <seconds>', 'JWT lifetime', positiveInt, 3600)
    .option('--quirk <name>', `game build quirk, repeatable (${QUIRKS.join(', ')})`, collect, [])
    .option('--log-dir <dir>', 'write godot_console.log, http_api_audit.log, http_api_access.log here')
    .option('--telemetry-port <port>', 'telemetry WebSocket port (default 8081; fleet: none)', portNumber)
    .option('--no-telemetry', 'no telemetry WebSocket')
    .option('--scenario <name[?param=value&...]>', 'fault scenario at start, e.g. slow?delay_ms=500')
    .option('--timeline <file>', 'YAML list of {at: seconds, scenario, params}')
    .option('--control-port <port>', 'loopback control port (POST /scenario/NAME, GET /stats)', portNumber)
    .option('--instances <n>', 'fleet mode: N games on consecutive ports', positiveInt)
    .option('--base-port <port>', 'fleet mode: first port', portNumber)
    .option('--seed <n>', 'seed of the game model noise', integer)
    .action(async (flags: SimulateFlags) => {
      const fleet = flags.instances !== undefined;
      let options: SimulatorOptions;
      try {
        options = simulatorOptions(flags, fleet);
      } catch (err) {
        process.stderr.write(`spacetime-monitor simulate: ${(err as Error).message}\n`);
        process.exit(2);
      }
      let stop: () => Promise<void>;
      let reopenLogs: () => void;
      let banner: string;
      try {
        if (fleet) {
          const basePort = flags.basePort ?? flags.port;
          const f = await startFleet({ ...options, instances: flags.instances ?? 1, basePort });
          const first = f.simulators[0];
          const last = f.simulators[f.simulators.length - 1];
          banner =
            `fleet of ${f.simulators.length} games listening on ${first?.url} .. ${last?.url} (shape ${options.shape})\n` +
            (options.tokenFile
              ? `token files: ${options.tokenFile} with the port before the extension\n`
              : '') +
            (options.logDir ? `logs: ${options.logDir}/<port>/\n` : '') +
            (f.controlUrl ? `control: ${f.controlUrl} (POST /scenario/NAME[?instance=I], GET /stats)\n` : '');
          stop = f.stop;
          reopenLogs = () => f.simulators.forEach((s) => s.reopenLogs());
        } else {
          const sim = await startSimulator(options);
          const lines = describe(sim, options);
          if (sim.controlUrl) lines.push(`control: ${sim.controlUrl} (POST /scenario/NAME, GET /stats)`);
          banner = `${lines.join('\n')}\n`;
          stop = () => sim.stop();
          reopenLogs = () => sim.reopenLogs();
        }
      } catch (err) {
        const e = err as NodeJS.ErrnoException & { port?: number };
        const message =
          e.code === 'EADDRINUSE'
            ? `port ${e.port ?? ''} is already in use (a game or another simulator running?); choose another with --port/--base-port, --telemetry-port or --control-port`
            : e.message;
        process.stderr.write(`spacetime-monitor simulate: ${message}\n`);
        process.exit(1);
      }
      exitOnSignals('simulate', stop, () => process.stdout.write('simulator stopped\n'));
      process.on('SIGHUP', () => reopenLogs());
      process.stdout.write(banner);
    });
}
