import { join } from 'node:path';
import type { Command } from 'commander';
import { parseDurationMs } from '../../config/duration.js';
import { ConfigError, loadConfigFile } from '../../config/load.js';
import { expandHome, logsSchema, pipelineOptionsFromConfig } from '../../logs/config.js';
import { LOG_SOURCES } from '../../logs/event.js';
import {
  runLogPipelineOnce,
  startLogPipeline,
  type LogPipelineOptions,
  type LogSourceSpec,
} from '../../logs/pipeline.js';
import { parseLogSourceSpec } from '../../logs/source-spec.js';
import { formatSummary } from '../../logs/summary.js';
import { zoneResolver } from '../../logs/timezone.js';

interface LogsFlags {
  source: string[];
  out?: string;
  positionFile?: string;
  timezone?: string;
  pollInterval?: string;
  summaryInterval: string;
  once?: boolean;
  config?: string;
}

class UsageError extends Error {}

function parseSource(spec: string): LogSourceSpec {
  try {
    return parseLogSourceSpec(spec, '--source');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function buildOptions(flags: LogsFlags): Promise<LogPipelineOptions> {
  const base: LogPipelineOptions = flags.config
    ? pipelineOptionsFromConfig((await loadConfigFile(flags.config)).logs ?? logsSchema.parse({}))
    : { sources: [] };
  const sources = [...base.sources, ...flags.source.map(parseSource)];
  if (sources.length === 0)
    throw new UsageError(
      'no sources: give --source KIND=PATH (repeatable) or a config file with logs.sources',
    );
  const outDir = flags.out ? expandHome(flags.out) : base.outDir;
  if (flags.timezone) {
    try {
      zoneResolver(flags.timezone);
    } catch (err) {
      throw new UsageError(`--timezone: ${(err as Error).message}`);
    }
  }
  let pollIntervalMs = base.pollIntervalMs;
  if (flags.pollInterval) {
    try {
      pollIntervalMs = parseDurationMs(flags.pollInterval);
    } catch (err) {
      throw new UsageError(`--poll-interval: ${(err as Error).message}`);
    }
  }
  try {
    parseDurationMs(flags.summaryInterval);
  } catch (err) {
    throw new UsageError(`--summary-interval: ${(err as Error).message}`);
  }
  return {
    ...base,
    sources,
    outDir,
    // Without a position file a restart would ship everything again; next to the output is the
    // natural place, and its name does not match Filebeat's spacetime-*.ndjson glob.
    positionFile: flags.positionFile
      ? expandHome(flags.positionFile)
      : (base.positionFile ?? (outDir ? join(outDir, '.positions.json') : undefined)),
    timezone: flags.timezone ?? base.timezone,
    pollIntervalMs,
    onWarning: (message) => process.stderr.write(`[logs] warning: ${message}\n`),
  };
}

export function register(program: Command): void {
  program
    .command('logs')
    .description(
      'tail the game logs (rotation-safe), parse them into ECS events, redact secrets, write daily NDJSON for Filebeat',
    )
    .option(
      '--source <kind=path>',
      `a log to follow, repeatable; kinds: ${LOG_SOURCES.join(', ')}`,
      (value: string, acc: string[]) => [...acc, value],
      [] as string[],
    )
    .option('--out <dir>', 'write spacetime-YYYY-MM-DD.ndjson here (seven days kept)')
    .option('--position-file <file>', 'where read positions survive restarts (default <out>/.positions.json)')
    .option('--timezone <zone>', "the game machine's zone: IANA name or offset like +01:00 (default UTC)")
    .option('--poll-interval <duration>', 'how often files are checked (default 1s)')
    .option('--summary-interval <duration>', 'how often a line of counts is printed', '60s')
    .option('--once', 'read every source to its current end, write, and exit')
    .option('--config <file>', 'YAML config file; its logs: section, flags add to it')
    .action(async (flags: LogsFlags) => {
      let options: LogPipelineOptions;
      let summaryMs: number;
      try {
        options = await buildOptions(flags);
        summaryMs = parseDurationMs(flags.summaryInterval);
      } catch (err) {
        if (err instanceof UsageError || err instanceof ConfigError) {
          process.stderr.write(`spacetime-monitor logs: ${err.message}\n`);
          process.exit(2);
        }
        throw err;
      }
      // A corrupt or unreadable position file stops the start: its message names the file.
      const fail = (err: unknown): never => {
        process.stderr.write(`spacetime-monitor logs: ${(err as Error).message}\n`);
        process.exit(1);
      };
      if (flags.once) {
        const { counters } = await runLogPipelineOnce(options).catch(fail);
        process.stdout.write(`${formatSummary(counters.snapshot(), undefined, 'read')}\n`);
        return;
      }
      const pipeline = await startLogPipeline(options).catch(fail);
      process.stdout.write(
        `[logs] following ${options.sources.map((s) => `${s.source}=${s.path}`).join(', ')}` +
          `${options.outDir ? `; writing ${options.outDir}` : ''}\n`,
      );
      let previous = pipeline.counters.snapshot();
      const timer = setInterval(() => {
        const now = pipeline.counters.snapshot();
        process.stdout.write(`${formatSummary(now, previous, `last ${flags.summaryInterval}`)}\n`);
        previous = now;
      }, summaryMs);
      const shutdown = async (): Promise<void> => {
        clearInterval(timer);
        await pipeline.stop();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
    });
}
