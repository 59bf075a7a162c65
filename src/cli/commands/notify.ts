import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DestinationError } from '../../alerting/destination.js';
import { sendTestAlert } from '../../alerting/test-alert.js';

async function resolveUrl(arg: string): Promise<string> {
  const env = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(arg);
  if (env) {
    const value = process.env[env[1] ?? '']?.trim();
    if (!value) throw new DestinationError(`environment variable ${env[1]} is not set`);
    return value;
  }
  return arg;
}

export function register(program: Command): void {
  const notify = program.command('notify').description('alert delivery tools');
  notify
    .command('test')
    .description(
      'send one test alert to URL and print what the provider answered (the URL is never printed). ' +
        'URL may be env:NAME to read it from the environment, out of the process list.',
    )
    .argument(
      '<url>',
      'destination URL (slack, discord, pagerduty, webhook or a slack+/discord+/pagerduty+/webhook+ prefix)',
    )
    .option('--state <state>', 'firing or resolved', 'firing')
    .option('--hmac-secret-file <file>', 'generic webhooks: sign with the secret in this file')
    .option('--timeout <seconds>', 'request timeout in seconds', '10')
    .action(async (urlArg: string, opts: { state: string; hmacSecretFile?: string; timeout: string }) => {
      try {
        if (opts.state !== 'firing' && opts.state !== 'resolved')
          throw new DestinationError('--state must be firing or resolved');
        const timeoutSeconds = Number(opts.timeout);
        if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
          throw new DestinationError('--timeout must be a positive number of seconds');
        const url = await resolveUrl(urlArg);
        const hmacSecret = opts.hmacSecretFile
          ? (await readFile(opts.hmacSecretFile, 'utf8')).replace(/\r?\n$/, '')
          : undefined;
        const result = await sendTestAlert(
          { url, ...(hmacSecret === undefined ? {} : { hmacSecret }) },
          { state: opts.state, timeoutMs: timeoutSeconds * 1000 },
        );
        const answer = result.answer.trim();
        process.stdout.write(
          `${result.destination}: ${result.status === undefined ? 'no answer' : `HTTP ${result.status}`}\n` +
            (answer ? `answer: ${answer}\n` : '') +
            `verdict: ${result.verdict.outcome}${'reason' in result.verdict ? ` (${result.verdict.reason})` : ''}\n`,
        );
        process.exitCode = result.verdict.outcome === 'delivered' ? 0 : 1;
      } catch (err) {
        if (err instanceof DestinationError) {
          process.stderr.write(`spacetime-monitor notify test: ${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        const code = (err as NodeJS.ErrnoException).code;
        // Anything else (unreadable secret file): say what, never echo a value.
        process.stderr.write(`spacetime-monitor notify test: failed${code ? ` (${code})` : ''}\n`);
        process.exitCode = 2;
      }
    });
}
