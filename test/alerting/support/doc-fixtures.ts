import { z } from 'zod';
import type { AlertEvent } from '../../../src/alerting/event.js';
import { PROVIDERS } from '../../../src/alerting/providers/index.js';
import type { ProviderKind, RenderContext } from '../../../src/alerting/providers/provider.js';
import { webhookBodySchema } from '../../../src/alerting/providers/webhook.js';
import { firing, mischief, resolved } from '../fixtures.js';

/** Placeholders shown in the docs instead of real secrets. */
export const DOC_CONTEXT: RenderContext = {
  routingKey: 'YOUR_ROUTING_KEY',
  hmacSecret: 'example-secret',
  clientUrl: 'https://status.example.test/',
};

export const BEGIN =
  '<!-- generated:alerting-fixtures:begin (UPDATE_DOCS=1 npx vitest run test/alerting/docs.test.ts) -->';
export const END = '<!-- generated:alerting-fixtures:end -->';

const TITLES: Record<ProviderKind, string> = {
  slack: 'Slack',
  discord: 'Discord',
  pagerduty: 'PagerDuty Events API v2',
  webhook: 'Generic webhook',
};

function rendered(kind: ProviderKind, event: AlertEvent): string {
  const { body, headers } = PROVIDERS[kind].render(event, DOC_CONTEXT);
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return [
    '```http',
    `POST <destination URL>`,
    head,
    '',
    JSON.stringify(JSON.parse(body), null, 2),
    '```',
  ].join('\n');
}

/** The generated part of docs/alerting.md: the same renderings the tests validate. */
export function fixtureSection(): string {
  const parts: string[] = [BEGIN, ''];
  parts.push(
    'The alert fixtures (test/alerting/fixtures.ts):',
    '',
    '```json',
    JSON.stringify({ firing, resolved }, null, 2),
    '```',
    '',
  );
  for (const kind of Object.keys(TITLES) as ProviderKind[]) {
    parts.push(
      `### ${TITLES[kind]}`,
      '',
      'Firing:',
      '',
      rendered(kind, firing),
      '',
      'Resolved:',
      '',
      rendered(kind, resolved),
      '',
    );
  }
  const slackText = (JSON.parse(PROVIDERS.slack.render(mischief, {}).body) as { text: string }).text;
  const discordContent = (JSON.parse(PROVIDERS.discord.render(mischief, {}).body) as { content: string })
    .content;
  parts.push(
    '### Game text is escaped',
    '',
    'Summary as the game produced it:',
    '',
    '```text',
    mischief.summary,
    '```',
    '',
    'Slack `text` (the same escaping applies to every mrkdwn field):',
    '',
    '```text',
    slackText,
    '```',
    '',
    'Discord `content` (the same escaping applies to the embed; `@` is followed by a zero-width space):',
    '',
    '```text',
    discordContent,
    '```',
    '',
    '### Generic webhook JSON Schema',
    '',
    '```json',
    JSON.stringify(z.toJSONSchema(webhookBodySchema), null, 2),
    '```',
    '',
    END,
  );
  return parts.join('\n');
}
