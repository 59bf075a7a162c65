import type { Command } from 'commander';
import { pino } from 'pino';
import { loadConfigFile } from '../../config/load.js';
import { parseListen } from '../../exporter/listen.js';
import { exporterOptionsFromConfig } from '../../exporter/options-from-config.js';
import { DEFAULT_LISTEN, startExporter } from '../../exporter/start.js';
import type { StartExporterOptions } from '../../exporter/start.js';
import { LOG_SOURCES } from '../../logs/event.js';
import { parseLogSourceSpec } from '../../logs/source-spec.js';
import { targetFromFlags } from '../../target/from-flags.js';

interface ExporterFlags {
  apiUrl: string;
  healthEndpoint: string;
  jwtToken: string;
  listen: string;
  config?: string;
  telemetryUrl?: string;
  pidFile?: string;
  processName?: string;
  logSource: string[];
  logTimezone?: string;
}

export function register(program: Command): void {
  program
    .command('exporter')
    .description('Prometheus exporter: /metrics, /probe?target=NAME, /-/healthy, /-/ready')
    .option('--api-url <url>', "the game's HttpApiServer", 'http://localhost:8080')
    .option('--health-endpoint <path>', 'the performance endpoint', '/performance')
    .option('--jwt-token <file|env:NAME>', 'where the bearer token is', 'jwt_token.txt')
    .option('--listen <host:port>', 'where the exporter listens', DEFAULT_LISTEN)
    .option('--config <file>', 'YAML config: targets, exporter section (listen, web, log sources)')
    .option('--telemetry-url <ws-url>', "the game's telemetry WebSocket, e.g. ws://127.0.0.1:8081")
    .option('--pid-file <file>', "the game's pid file, for process metrics from /proc")
    .option('--process-name <name>', "the game's process name (/proc/PID/comm), for process metrics")
    .option(
      '--log-source <kind=path>',
      `a game log feeding the scene, VR, security and HTTP metrics, repeatable; kinds: ${LOG_SOURCES.join(', ')}`,
      (value: string, acc: string[]) => [...acc, value],
      [] as string[],
    )
    .option('--log-timezone <zone>', "zone of the game's log timestamps (IANA name or offset; default UTC)")
    .action(async (flags: ExporterFlags, command: Command) => {
      const logger = pino({ base: { 'service.name': 'spacetime-monitor-exporter' } }, pino.destination(2));
      let options: StartExporterOptions;
      try {
        options = await optionsFrom(flags, command);
        // A bad address is a usage error (exit 2), found before anything starts.
        parseListen(options.listen ?? DEFAULT_LISTEN);
      } catch (err) {
        process.stderr.write(`spacetime-monitor exporter: ${(err as Error).message}\n`);
        process.exit(2);
      }
      const exporter = await startExporter({ ...options, logger }).catch((err: unknown) => {
        process.stderr.write(`spacetime-monitor exporter: ${(err as Error).message}\n`);
        process.exit(1);
      });
      process.stdout.write(`exporter listening on ${exporter.url}/metrics\n`);
      const stop = (): void => {
        void exporter.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // logrotate-style SIGHUP must not kill it: the exporter logs to stderr and keeps no file open.
      process.on('SIGHUP', () => logger.info('SIGHUP: nothing to reopen'));
    });
}

async function optionsFrom(flags: ExporterFlags, command: Command): Promise<StartExporterOptions> {
  const flagTarget = () => {
    const target = targetFromFlags({
      apiUrl: flags.apiUrl,
      healthEndpoint: flags.healthEndpoint,
      jwtToken: flags.jwtToken,
    });
    const process =
      flags.pidFile || flags.processName ? { pidFile: flags.pidFile, name: flags.processName } : undefined;
    // An empty value (an unset variable in a unit file) means no telemetry socket, not a bad URL.
    return { ...target, telemetryUrl: flags.telemetryUrl || undefined, process };
  };
  if (!flags.config) {
    const target = flagTarget();
    const sources = flags.logSource.map((spec) => parseLogSourceSpec(spec, '--log-source'));
    return {
      listen: flags.listen,
      targets: [target],
      ...(sources.length > 0 ? { logSources: { [target.name]: sources } } : {}),
      ...(flags.logTimezone ? { logTimezone: flags.logTimezone } : {}),
    };
  }
  if (flags.logSource.length > 0)
    throw new Error('--log-source: with --config, give log files in exporter.log_sources');

  const config = await loadConfigFile(flags.config);
  const options = exporterOptionsFromConfig(config, flagTarget);
  // A flag given on the command line beats the file; a flag left at its default does not.
  const listenFromFlag = command.getOptionValueSource('listen') === 'cli';
  return { ...options, listen: listenFromFlag ? flags.listen : (options.listen ?? flags.listen) };
}
