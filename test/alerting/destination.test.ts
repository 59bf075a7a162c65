import { describe, expect, it } from 'vitest';
import { createDestination, DestinationError, parseDestinationUrl } from '../../src/alerting/destination.js';
import { expectNoSecrets } from './support/harness.js';

describe('choosing the provider by URL', () => {
  it.each([
    ['https://hooks.slack.com/services/T0/B0/xyz', 'slack', 'https://hooks.slack.com/services/T0/B0/xyz'],
    ['https://discord.com/api/webhooks/1/tok', 'discord', 'https://discord.com/api/webhooks/1/tok'],
    ['https://discordapp.com/api/webhooks/1/tok', 'discord', 'https://discordapp.com/api/webhooks/1/tok'],
    ['https://ptb.discord.com/api/webhooks/1/tok', 'discord', 'https://ptb.discord.com/api/webhooks/1/tok'],
    [
      'https://events.pagerduty.com/v2/enqueue?routing_key=KEY1',
      'pagerduty',
      'https://events.pagerduty.com/v2/enqueue',
    ],
    ['pagerduty://KEY1', 'pagerduty', 'https://events.pagerduty.com/v2/enqueue'],
    ['https://relay.example.test/alerts', 'webhook', 'https://relay.example.test/alerts'],
    ['slack+http://127.0.0.1:9/x', 'slack', 'http://127.0.0.1:9/x'],
    ['discord+http://127.0.0.1:9/x', 'discord', 'http://127.0.0.1:9/x'],
    [
      'pagerduty+http://127.0.0.1:9/v2/enqueue?routing_key=KEY1',
      'pagerduty',
      'http://127.0.0.1:9/v2/enqueue',
    ],
    ['webhook+https://hooks.slack.com/services/x', 'webhook', 'https://hooks.slack.com/services/x'],
  ])('%s → %s', (url, kind, endpoint) => {
    const parsed = parseDestinationUrl(url);
    expect(parsed.kind).toBe(kind);
    expect(parsed.endpoint.href).toBe(endpoint);
    if (kind === 'pagerduty') expect(parsed.routingKey).toBe('KEY1');
  });

  it('a slack-looking host on another domain is a generic webhook', () => {
    expect(parseDestinationUrl('https://hooks.slack.com.evil.test/x').kind).toBe('webhook');
    expect(parseDestinationUrl('https://notdiscord.com/x').kind).toBe('webhook');
  });

  it('prints a redacted form: provider and host only', () => {
    const d = createDestination({ url: 'https://hooks.slack.com/services/T0/B0/sEcReTtOkEn' });
    expect(d.redacted).toBe('slack (hooks.slack.com/…)');
    expect(d.name).toMatch(/^slack-[0-9a-f]{8}$/);
    expect(createDestination({ url: 'pagerduty://R0utingKeySecret' }).redacted).toBe(
      'pagerduty (events.pagerduty.com/…)',
    );
    expect(createDestination({ url: 'webhook+http://user:pw@127.0.0.1:8/x?token=abc' }).redacted).toBe(
      'webhook (127.0.0.1:8/…)',
    );
  });

  it('scrubs every secret of the destination from foreign text', () => {
    const d = createDestination({ url: 'https://discord.com/api/webhooks/123456789/DiscordTokenSecret' });
    const echoed =
      'error for https://discord.com/api/webhooks/123456789/DiscordTokenSecret and DiscordTokenSecret';
    expect(d.scrub(echoed)).not.toContain('DiscordTokenSecret');
    const pd = createDestination({ url: 'pagerduty://R0utingKeySecret' });
    expect(pd.scrub('invalid routing key R0utingKeySecret')).toBe('invalid routing key …');
  });

  it('bad URLs give errors that name the destination and never echo the URL or its secrets', () => {
    const secret = 'TopSecretToken123';
    const bad = [
      { name: 'ops', url: `ftp://example.test/${secret}` },
      { name: 'ops', url: `not a url ${secret}` },
      { name: 'pd', url: `pagerduty+http://127.0.0.1:1/v2/enqueue?key=${secret}` },
      { name: 'slack', url: `https://hooks.slack.com/${secret}`, hmacSecret: secret },
      { name: 'bad name/..', url: `https://example.test/${secret}` },
    ];
    const messages = bad.map((spec) => {
      try {
        createDestination(spec);
      } catch (err) {
        expect(err).toBeInstanceOf(DestinationError);
        return (err as Error).message;
      }
      throw new Error('expected an error');
    });
    expect(messages[0]).toMatch(/^destination "ops": URL scheme must be http or https/);
    expect(messages[2]).toMatch(/^destination "pd": PagerDuty URL needs \?routing_key=KEY/);
    expectNoSecrets(messages, { secret });
  });
});
