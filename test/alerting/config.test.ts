import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatcherOptionsFor, dispatcherOptionsFromConfig } from '../../src/alerting/config.js';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { expectNoSecrets, tempDir } from './support/harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function problems(text: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseConfig(text, 'alerting.yml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('the alerting: config section', () => {
  it('reads destinations from url (${ENV}-expanded), url_file and url_env, with defaults', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const urlFile = join(dir.path, 'discord.url');
    const secretFile = join(dir.path, 'hmac');
    await writeFile(urlFile, 'https://discord.com/api/webhooks/1/FileTokenSecret\n');
    await writeFile(secretFile, 'HmacFromFile\n');
    const env = {
      SLACK_URL: 'https://hooks.slack.com/services/T/B/EnvTokenSecret',
      PD_URL: 'pagerduty://PdKeySecret',
    };
    const config = parseConfig(
      [
        'alerting:',
        '  outbox_dir: /var/lib/stm/outbox',
        '  client_url: https://status.example.test/',
        '  retry: { initial_backoff: 2s }',
        '  destinations:',
        '    - name: ops-slack',
        '      url: ${SLACK_URL}',
        '      severities: [critical, high]',
        `    - url_file: ${urlFile}`,
        '    - name: pd',
        '      url_env: PD_URL',
        '    - name: relay',
        '      url: https://relay.example.test/hook',
        `      hmac_secret_file: ${secretFile}`,
        '      min_interval: 250ms',
      ].join('\n'),
      'alerting.yml',
      env,
    );
    const options = await dispatcherOptionsFromConfig(config.alerting!, env);
    expect(options).toMatchObject({
      outboxDir: '/var/lib/stm/outbox',
      timeoutMs: 10_000,
      retry: { initialBackoffMs: 2000, maxBackoffMs: 300_000 },
    });
    expect(options.destinations).toEqual([
      {
        name: 'ops-slack',
        url: env.SLACK_URL,
        severities: ['critical', 'high'],
        clientUrl: 'https://status.example.test/',
      },
      {
        url: 'https://discord.com/api/webhooks/1/FileTokenSecret',
        clientUrl: 'https://status.example.test/',
      },
      { name: 'pd', url: 'pagerduty://PdKeySecret', clientUrl: 'https://status.example.test/' },
      {
        name: 'relay',
        url: 'https://relay.example.test/hook',
        hmacSecret: 'HmacFromFile',
        minIntervalMs: 250,
        clientUrl: 'https://status.example.test/',
      },
    ]);
    expect(parseConfig('alerting: {}\n', 't').alerting).toMatchObject({
      outbox_dir: 'monitoring/alert-outbox',
      destinations: [],
      retry: { initial_backoff: 1000 },
    });
  });

  it('names the key and line of a bad destination, without echoing the URL', () => {
    const secret = 'NeverPrintMe987';
    const msg = problems(
      [
        'alerting:',
        '  destinations:',
        `    - url: ftp://x.test/${secret}`,
        `    - url: https://hooks.slack.com/services/${secret}`,
        '      hmac_secret_file: /run/secret',
        '    - name: both',
        `      url: https://a.test/${secret}`,
        '      url_env: X',
        '    - url: https://a.test/x',
        '      severity: [critical]',
      ].join('\n'),
    );
    expect(msg).toContain('alerting.destinations[0].url (line 3): URL scheme must be http or https');
    expect(msg).toContain(
      'alerting.destinations[1].hmac_secret_file (line 5): only applies to generic webhooks',
    );
    expect(msg).toContain('alerting.destinations[2] (line 6): give exactly one of url, url_file, url_env');
    expect(msg).toContain('alerting.destinations[3].severity (line 10): unknown key "severity"');
    expectNoSecrets([msg], { secret });
  });

  it('a missing url_file or variable is a clear error that does not print secrets', async () => {
    const config = parseConfig(
      'alerting:\n  destinations:\n    - name: a\n      url_file: /nonexistent/url\n    - url_env: NOPE\n',
      't',
    );
    await expect(dispatcherOptionsFromConfig(config.alerting!, {})).rejects.toThrow(
      'alerting.destinations[0] (a): cannot read url_file /nonexistent/url: ENOENT\n' +
        'alerting.destinations[1]: environment variable NOPE is not set',
    );
    const second = parseConfig('alerting:\n  destinations:\n    - url_env: NOPE\n', 't');
    await expect(dispatcherOptionsFromConfig(second.alerting!, {})).rejects.toThrow(
      'alerting.destinations[0]: environment variable NOPE is not set',
    );
  });

  it('combines --alert-webhook URLs with the config, defaults when there is no alerting section', async () => {
    const none = await dispatcherOptionsFor({ urls: ['pagerduty://K1'] });
    expect(none).toMatchObject({
      outboxDir: 'monitoring/alert-outbox',
      destinations: [{ url: 'pagerduty://K1' }],
    });
    const config = parseConfig(
      'alerting:\n  destinations:\n    - name: relay\n      url: https://r.test/x\n',
      't',
    );
    const both = await dispatcherOptionsFor({ urls: ['https://a.test/'], config: config.alerting });
    expect(both.destinations).toEqual([
      { url: 'https://a.test/' },
      { name: 'relay', url: 'https://r.test/x' },
    ]);
  });
});
