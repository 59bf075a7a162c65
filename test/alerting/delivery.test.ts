import { afterEach, describe, expect, it } from 'vitest';
import {
  createAlertDispatcher,
  type AlertDispatcher,
  type DispatcherOptions,
} from '../../src/alerting/dispatcher.js';
import type { AlertEvent } from '../../src/alerting/event.js';
import { firing, hostile, resolved } from './fixtures.js';
import { captureLogs, expectNoSecrets, FAST_RETRY, tempDir } from './support/harness.js';
import { Receiver } from './support/receiver.js';
import { validateDiscord, validatePagerDuty, validateSlack, validateWebhook } from './support/validate.js';

// Credentials as they would look in real URLs; the tests grep every log line for them.
const SECRETS = {
  slackToken: 'xSlackTokenSecret9f3a',
  discordToken: 'xDiscordTokenSecret77b',
  routingKey: 'R0utingKeySecret0123456789abcdef',
  hmacSecret: 'hmacSecretValue42',
};
const slackPath = `/services/T0AAAAAA/B0BBBBBB/${SECRETS.slackToken}`;
const discordPath = `/api/webhooks/123456789012345678/${SECRETS.discordToken}`;
const CLIENT_URL = 'http://status.example.test/';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function receiver(): Promise<Receiver> {
  const r = await new Receiver().listen();
  cleanups.push(() => r.close());
  return r;
}

/** A started dispatcher on a fresh outbox, with its logs captured. */
async function dispatcher(options: Omit<DispatcherOptions, 'outboxDir' | 'logger'>) {
  const dir = await tempDir();
  const logs = captureLogs();
  const d: AlertDispatcher = createAlertDispatcher({
    retry: FAST_RETRY,
    ...options,
    outboxDir: dir.path,
    logger: logs.logger,
  });
  cleanups.push(async () => {
    await d.stop({ flushTimeoutMs: 0 });
    await dir.remove();
  });
  await d.start();
  return { d, logs, dir: dir.path };
}

const event = (n: number): AlertEvent => ({
  ...firing,
  id: `t${n}/LOW_FPS`,
  target: `t${n}`,
  summary: `alert number ${n}`,
});

describe('alert delivery to loopback receivers', () => {
  it(
    'delivers firing, resolved and hostile alerts that pass each provider’s limits',
    { timeout: 30_000 },
    async () => {
      const slack = await receiver();
      slack.validate = validateSlack;
      const discord = await receiver();
      discord.validate = validateDiscord;
      discord.fallback = { status: 204 };
      const pd = await receiver();
      pd.validate = (body) =>
        validatePagerDuty(body, { routingKey: SECRETS.routingKey, clientUrl: CLIENT_URL });
      pd.fallback = { status: 202, body: '{"status":"success","message":"Event processed"}' };
      const hook = await receiver();
      hook.validate = (body, headers) => validateWebhook(body, headers, SECRETS.hmacSecret);

      const { d, logs } = await dispatcher({
        destinations: [
          { name: 'slack', url: `slack+${slack.url(slackPath)}` },
          { name: 'discord', url: `discord+${discord.url(discordPath)}` },
          {
            name: 'pd',
            url: `pagerduty+${pd.url('/v2/enqueue')}?routing_key=${SECRETS.routingKey}`,
            clientUrl: CLIENT_URL,
          },
          { name: 'hook', url: `webhook+${hook.url('/alerts')}`, hmacSecret: SECRETS.hmacSecret },
        ],
      });
      for (const e of [firing, resolved, hostile]) await d.accept(e);
      await d.idle();

      for (const r of [slack, discord, pd, hook]) {
        expect(r.problems).toEqual([]);
        expect(r.delivered()).toHaveLength(3);
      }
      // The trigger and the resolve name the same incident.
      const [trigger, resolve] = pd.received.map(
        (r) => JSON.parse(r.body) as { event_action: string; dedup_key: string },
      );
      expect(trigger?.event_action).toBe('trigger');
      expect(resolve?.event_action).toBe('resolve');
      expect(resolve?.dedup_key).toBe(trigger?.dedup_key);
      expect(d.stats()).toMatchObject({ sent: 12, queueDepth: 0, failed: 0, dropped: 0 });
      expectNoSecrets(logs.lines, SECRETS);
    },
  );

  it('Slack 429 with Retry-After: 2, then 200: delivered exactly once, after the wait', async () => {
    const slack = await receiver();
    slack.script = [{ status: 429, headers: { 'retry-after': '2' }, body: 'rate_limited' }];
    const { d, logs } = await dispatcher({
      destinations: [{ name: 'slack', url: `slack+${slack.url(slackPath)}` }],
    });
    await d.accept(firing);
    await d.idle();
    expect(slack.received.map((r) => r.status)).toEqual([429, 200]);
    const [first, second] = slack.received;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2000);
    expect(d.stats()).toMatchObject({ sent: 1, retried: 1, queueDepth: 0 });
    expectNoSecrets(logs.lines, SECRETS);
  });

  it('Discord 429 with {"retry_after": 1.5}, then 200: delivered exactly once, after the wait', async () => {
    const discord = await receiver();
    discord.script = [
      {
        status: 429,
        headers: { 'content-type': 'application/json' },
        body: '{"message":"You are being rate limited.","retry_after":1.5,"global":false}',
      },
    ];
    discord.fallback = { status: 204 };
    const { d, logs } = await dispatcher({
      destinations: [{ name: 'discord', url: `discord+${discord.url(discordPath)}` }],
    });
    await d.accept(firing);
    await d.idle();
    expect(discord.received.map((r) => r.status)).toEqual([429, 204]);
    expect(discord.received[1]!.at - discord.received[0]!.at).toBeGreaterThanOrEqual(1500);
    expectNoSecrets(logs.lines, SECRETS);
  });

  it('Discord: an empty rate-limit bucket holds the next message until it refills', async () => {
    const discord = await receiver();
    discord.script = [
      { status: 204, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.8' } },
    ];
    discord.fallback = { status: 204 };
    const { d } = await dispatcher({
      destinations: [{ name: 'discord', url: `discord+${discord.url(discordPath)}` }],
    });
    await d.accept(event(1));
    await d.accept(event(2));
    await d.idle();
    expect(discord.delivered()).toHaveLength(2);
    expect(discord.received[1]!.at - discord.received[0]!.at).toBeGreaterThanOrEqual(800);
  });

  it('500, 500, 200: delivered once', async () => {
    const hook = await receiver();
    hook.script = [{ status: 500 }, { status: 500 }];
    const { d } = await dispatcher({ destinations: [{ name: 'hook', url: `webhook+${hook.url()}` }] });
    await d.accept(firing);
    await d.idle();
    expect(hook.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(hook.delivered()).toHaveLength(1);
    expect(d.stats()).toMatchObject({ sent: 1, retried: 2, failed: 0, queueDepth: 0 });
  });

  it('404: not retried, the destination is marked broken and the log says why', async () => {
    const slack = await receiver();
    // A hostile or buggy answer that echoes the request path (with the token) back.
    slack.fallback = { status: 404, body: `no_service for ${slackPath}` };
    const { d, logs } = await dispatcher({
      destinations: [{ name: 'ops-slack', url: `slack+${slack.url(slackPath)}` }],
    });
    await d.accept(firing);
    await d.idle();
    await new Promise((r) => setTimeout(r, 300)); // give a wrong retry the chance to show up
    expect(slack.received).toHaveLength(1);
    const stats = d.stats();
    expect(stats.destinations[0]).toMatchObject({ name: 'ops-slack', failed: 1, retried: 0, queueDepth: 1 });
    expect(stats.destinations[0]?.broken).toMatch(/^HTTP 404: no_service/);
    const line = logs.lines.find((l) => l.includes('destination-broken'));
    expect(line).toBeDefined();
    expect(line).toContain('HTTP 404');
    expect(line).toContain('ops-slack');
    expect(line).toContain(`slack (127.0.0.1:${slack.port}/…)`);
    expectNoSecrets([...logs.lines, JSON.stringify(stats)], SECRETS);
  });

  for (const status of [400, 401, 403, 410]) {
    it(`${status}: never retried`, async () => {
      const hook = await receiver();
      hook.fallback = { status };
      const { d } = await dispatcher({ destinations: [{ name: 'hook', url: `webhook+${hook.url()}` }] });
      await d.accept(firing);
      await d.accept(resolved);
      await d.idle();
      expect(hook.received).toHaveLength(1);
      expect(d.stats().destinations[0]?.broken).toBe(`HTTP ${status}`);
    });
  }

  // The full minute, as CI runs it; ALERTING_DOWN_MS=3000 shortens it for local runs.
  const DOWN_MS = Number(process.env.ALERTING_DOWN_MS ?? 60_000);
  it(
    `a receiver that is down for ${DOWN_MS / 1000} s gets every alert once it is back, in order`,
    { timeout: DOWN_MS + 30_000 },
    async () => {
      const hook = await receiver();
      hook.validate = (body, headers) => validateWebhook(body, headers);
      await hook.down();
      const { d, logs } = await dispatcher({
        destinations: [{ name: 'hook', url: `webhook+${hook.url()}` }],
      });
      const events = Array.from({ length: 12 }, (_, i) => event(i));
      for (const e of events) await d.accept(e);
      expect(d.stats().queueDepth).toBe(12);
      await new Promise((r) => setTimeout(r, DOWN_MS));
      expect(d.stats().retried).toBeGreaterThan(0);
      await hook.up();
      await d.idle();
      const got = hook.received.map((r) => (JSON.parse(r.body) as { alert: AlertEvent }).alert.summary);
      expect(got).toEqual(events.map((e) => e.summary));
      expect(hook.problems).toEqual([]);
      expect(d.stats()).toMatchObject({ sent: 12, queueDepth: 0 });
      expect(logs.lines.some((l) => l.includes('ECONNREFUSED'))).toBe(true);
    },
  );

  it('Slack is held to about one message per second', async () => {
    const slack = await receiver();
    const { d } = await dispatcher({
      destinations: [{ name: 'slack', url: `slack+${slack.url(slackPath)}` }],
    });
    for (let i = 0; i < 4; i++) await d.accept(event(i));
    await d.idle();
    const at = slack.received.map((r) => r.at);
    expect(at).toHaveLength(4);
    // A lower bound only, from the second request on (the first one also paid for the TCP
    // connect), with room for arrival jitter: never faster than the provider allows.
    expect(at[3]! - at[1]!).toBeGreaterThanOrEqual(1800);
  });

  it('a severity filter sends only the chosen severities', async () => {
    const hook = await receiver();
    const { d } = await dispatcher({
      destinations: [{ name: 'hook', url: `webhook+${hook.url()}`, severities: ['critical'] }],
    });
    await d.accept({ ...firing, severity: 'low' });
    await d.accept(firing);
    await d.idle();
    expect(hook.received).toHaveLength(1);
    expect((JSON.parse(hook.received[0]!.body) as { alert: AlertEvent }).alert.severity).toBe('critical');
  });

  it('a full queue drops new alerts and counts them', async () => {
    const hook = await receiver();
    await hook.down();
    const { d } = await dispatcher({
      destinations: [{ name: 'hook', url: `webhook+${hook.url()}` }],
      maxQueue: 2,
    });
    for (let i = 0; i < 4; i++) await d.accept(event(i));
    expect(d.stats()).toMatchObject({ queueDepth: 2, dropped: 2 });
  });

  it('other 4xx answers reject that alert only (dead letters), and the next one goes through', async () => {
    const hook = await receiver();
    hook.script = [{ status: 413, body: 'too large' }];
    const { d, logs } = await dispatcher({ destinations: [{ name: 'hook', url: `webhook+${hook.url()}` }] });
    await d.accept(event(1));
    await d.accept(event(2));
    await d.idle();
    expect(hook.received.map((r) => r.status)).toEqual([413, 200]);
    expect(d.stats()).toMatchObject({ sent: 1, failed: 1, queueDepth: 0 });
    expect(d.stats().destinations[0]?.broken).toBeUndefined();
    expect(logs.lines.some((l) => l.includes('alert-rejected'))).toBe(true);
  });
});
