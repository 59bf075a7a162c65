import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { loadConfigFile } from '../../config/load.js';
import { createHealthAlertSink } from '../../health/alert-delivery.js';
import { resolveHealthFlags, type HealthFlags } from '../../health/cli-options.js';
import { startHealthMonitor, type HealthMonitor } from '../../health/monitor.js';
import { exitCodeOf } from '../../health/verdict.js';
import { createGameTarget } from '../../target/game-target.js';
import { readProcessStats } from '../../target/process-stats.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function register(program: Command): void {
  program
    .command('health')
    .description('health monitor: polls the game, checks thresholds, alerts (the original health_monitor.py)')
    .option('--api-url <url>', 'game API base URL (default: http://localhost:8080)')
    .option('--health-endpoint <path>', 'performance endpoint (default: /performance)')
    .option('--interval <seconds>', 'seconds between checks (default: 30)')
    .option('--log-file <path>', 'JSON-lines log file (default: monitoring/health.log)')
    .option(
      '--alert-webhook <url>',
      'alert destination, repeatable (slack, discord, pagerduty, webhook)',
      collect,
    )
    .option('--response-time <seconds>', 'SLOW_RESPONSE threshold in seconds (default: 0.2)')
    .option('--memory <mb>', 'HIGH_MEMORY threshold in MB; warning at 80 % (default: 10000)')
    .option('--fps <fps>', 'LOW_FPS threshold (default: 60)')
    .option('--jwt-token <path|env:NAME>', 'token file, or env:NAME (default: jwt_token.txt)')
    .option('--pid <pid>', "the game's process id, for resident memory when static memory reads 0")
    .option('--pid-file <path>', "a file holding the game's process id")
    .option('--config <file>', 'YAML config: targets (a fleet), health thresholds and alert policies')
    .option('--once', 'one check, then exit 0 healthy, 1 degraded, 2 down or auth refused')
    .option('--state-file <path>', 'alert state kept across restarts (default: monitoring/health-state.json)')
    .option('--json', 'print JSON lines instead of the original console lines')
    .action(async (flags: HealthFlags & { config?: string }) => {
      const write = (line: string): void => void process.stdout.write(`${line}\n`);
      let monitor: HealthMonitor;
      try {
        const config = flags.config ? await loadConfigFile(flags.config) : undefined;
        const r = resolveHealthFlags(flags, config);
        monitor = await startHealthMonitor({
          targets: r.targets,
          createTarget: (c) => createGameTarget(c),
          intervalMs: r.intervalMs,
          thresholds: r.thresholds,
          health: r.health,
          logFile: r.logFile,
          stateFile: r.stateFile,
          concurrency: r.concurrency,
          jitter: r.jitter,
          once: flags.once,
          createAlerts: (logger) =>
            createHealthAlertSink({
              webhooks: r.webhooks,
              alerting: r.alerting,
              outboxDir: join(dirname(r.stateFile), 'alert-outbox'),
              logger,
            }),
          output: write,
          json: flags.json,
          readResidentBytes: async (spec) => (await readProcessStats(spec))?.residentBytes,
        });
      } catch (err) {
        // Config, flag and destination problems name the key or destination, never a URL or token.
        process.stderr.write(`spacetime-monitor health: ${(err as Error).message}\n`);
        process.exit(2);
      }
      process.on('SIGHUP', () => monitor.reopenLog());
      const shutdown = (): void => {
        void monitor.stop().then(() => process.exit(0));
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
      if (flags.once) {
        const verdict = await monitor.done;
        await monitor.stop();
        process.exit(exitCodeOf(verdict));
      }
    });
}
