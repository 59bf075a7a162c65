import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerting/event.js';
import { discord } from '../../src/alerting/providers/discord.js';
import { PROVIDERS } from '../../src/alerting/providers/index.js';
import { dedupKey, pagerduty } from '../../src/alerting/providers/pagerduty.js';
import type { HttpAnswer, ProviderKind } from '../../src/alerting/providers/provider.js';
import { slack } from '../../src/alerting/providers/slack.js';
import { signature, SIGNATURE_HEADER, webhook } from '../../src/alerting/providers/webhook.js';
import { FIXTURES, firing, hostile, resolved } from './fixtures.js';
import { validateDiscord, validatePagerDuty, validateSlack, validateWebhook } from './support/validate.js';

const context = {
  routingKey: 'RK-fixture',
  hmacSecret: 'hmac-fixture',
  clientUrl: 'http://status.example.test/',
};
const answer = (status: number, headers: Record<string, string> = {}, body = ''): HttpAnswer => ({
  status,
  headers,
  body,
});

const validators: Record<ProviderKind, (body: string, headers: Record<string, string>) => string[]> = {
  slack: validateSlack,
  discord: validateDiscord,
  pagerduty: (body) =>
    validatePagerDuty(body, { routingKey: context.routingKey, clientUrl: context.clientUrl }),
  webhook: (body, headers) => validateWebhook(body, headers, context.hmacSecret),
};

describe('rendering', () => {
  for (const kind of Object.keys(PROVIDERS) as ProviderKind[]) {
    for (const [name, event] of Object.entries(FIXTURES)) {
      it(`${kind}: the ${name} alert passes the provider's limits`, () => {
        const rendered = PROVIDERS[kind].render(event, context);
        expect(validators[kind](rendered.body, rendered.headers)).toEqual([]);
      });
    }
  }

  it('Slack: text fallback always, blocks in one coloured attachment, capped at 50 blocks', () => {
    const many: AlertEvent = {
      ...firing,
      details: Object.fromEntries(Array.from({ length: 800 }, (_, i) => [`k${i}`, 'v'])),
    };
    const body = JSON.parse(slack.render(many, {}).body) as {
      text: string;
      attachments: { color: string; blocks: { type: string; text?: { text: string } }[] }[];
    };
    expect(body.text).toContain('local: FPS 41.7 below 60');
    expect(body.attachments[0]?.color).toBe('#d32f2f');
    const blocks = body.attachments[0]!.blocks;
    expect(blocks).toHaveLength(50);
    expect(blocks.some((b) => b.text?.text.match(/…and \d+ more details/))).toBe(true);
    const green = JSON.parse(slack.render(resolved, {}).body) as { attachments: { color: string }[] };
    expect(green.attachments[0]?.color).toBe('#2e7d32');
  });

  it('Discord: at most 25 fields, allowed_mentions empty, no live mention anywhere', () => {
    const body = JSON.parse(discord.render(hostile, {}).body) as {
      content: string;
      embeds: { fields: unknown[] }[];
      allowed_mentions: unknown;
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]!.fields.length).toBeLessThanOrEqual(25);
    expect(JSON.stringify(body)).not.toMatch(/@(everyone|here)/);
    expect(body.content).toContain('\\*bold\\*');
  });

  it('PagerDuty: trigger/resolve with the same deterministic dedup_key, severity mapped, details kept', () => {
    const trigger = JSON.parse(pagerduty.render(firing, context).body) as Record<string, unknown> & {
      payload: Record<string, unknown>;
    };
    const resolve = JSON.parse(pagerduty.render(resolved, context).body) as Record<string, unknown>;
    expect(trigger).toMatchObject({
      routing_key: 'RK-fixture',
      event_action: 'trigger',
      dedup_key: 'local/LOW_FPS',
      client: 'spacetime-monitor',
      client_url: 'http://status.example.test/',
      payload: {
        source: 'local',
        severity: 'critical',
        custom_details: { value: '41.7 FPS', threshold: '< 60 FPS' },
      },
    });
    expect(resolve).toMatchObject({ event_action: 'resolve', dedup_key: 'local/LOW_FPS' });
    const mapped = (['critical', 'high', 'warning', 'medium', 'low', 'info'] as const).map(
      (severity) =>
        (
          JSON.parse(pagerduty.render({ ...firing, severity }, context).body) as {
            payload: { severity: string };
          }
        ).payload.severity,
    );
    expect(mapped).toEqual(['critical', 'error', 'warning', 'warning', 'info', 'info']);
  });

  it('PagerDuty: a long alert id gives a dedup_key ≤ 255 that is stable and unique', () => {
    const a = `${'t'.repeat(300)}/LOW_FPS`;
    const b = `${'t'.repeat(300)}/HIGH_MEMORY`;
    expect(Array.from(dedupKey(a)).length).toBeLessThanOrEqual(255);
    expect(dedupKey(a)).toBe(dedupKey(a));
    expect(dedupKey(a)).not.toBe(dedupKey(b));
  });

  it('webhook: the body is the documented schema, signed with HMAC-SHA256 when a secret is set', () => {
    const signed = webhook.render(firing, context);
    expect(signed.headers[SIGNATURE_HEADER]).toBe(signature(signed.body, 'hmac-fixture'));
    expect(JSON.parse(signed.body)).toEqual({ version: 1, source: 'spacetime-monitor', alert: firing });
    expect(webhook.render(firing, {}).headers[SIGNATURE_HEADER]).toBeUndefined();
    expect(validateWebhook(signed.body, signed.headers, 'another-secret')).toContain(
      'x-spacetime-signature-256: does not verify',
    );
  });
});

describe('what an answer means (the same table for every provider)', () => {
  const table: [string, HttpAnswer, string, number?][] = [
    ['200', answer(200, {}, 'ok'), 'delivered'],
    ['202', answer(202), 'delivered'],
    ['204', answer(204), 'delivered'],
    ['429 + Retry-After: 2', answer(429, { 'retry-after': '2' }), 'retry', 2000],
    ['429 without Retry-After', answer(429), 'retry'],
    ['500', answer(500), 'retry'],
    ['503 + Retry-After: 1', answer(503, { 'retry-after': '1' }), 'retry', 1000],
    ['408', answer(408), 'retry'],
    ['400', answer(400), 'broken'],
    ['401', answer(401), 'broken'],
    ['403', answer(403), 'broken'],
    ['404', answer(404), 'broken'],
    ['410', answer(410), 'broken'],
    ['413', answer(413), 'rejected'],
    ['302', answer(302), 'rejected'],
  ];
  for (const provider of Object.values(PROVIDERS)) {
    for (const [name, a, outcome, afterMs] of table) {
      it(`${provider.kind}: ${name} → ${outcome}`, () => {
        const verdict = provider.interpret(a);
        expect(verdict.outcome).toBe(outcome);
        if (afterMs !== undefined) expect(verdict).toMatchObject({ afterMs });
      });
    }
  }

  it('Retry-After as an HTTP date', () => {
    const when = new Date(Date.now() + 5000).toUTCString();
    const verdict = slack.interpret(answer(429, { 'retry-after': when }));
    expect(verdict.outcome === 'retry' && verdict.afterMs).toBeGreaterThan(3000);
  });

  it('Discord: retry_after in the 429 body wins; an empty bucket pauses the next send', () => {
    expect(discord.interpret(answer(429, { 'retry-after': '9' }, '{"retry_after": 1.5}'))).toMatchObject({
      outcome: 'retry',
      afterMs: 1500,
    });
    expect(discord.interpret(answer(429, { 'retry-after': '3' }, 'not json'))).toMatchObject({
      afterMs: 3000,
    });
    expect(
      discord.interpret(answer(204, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.75' })),
    ).toEqual({ outcome: 'delivered', pauseMs: 750 });
    expect(discord.interpret(answer(204, { 'x-ratelimit-remaining': '4' }))).toEqual({
      outcome: 'delivered',
    });
  });
});
