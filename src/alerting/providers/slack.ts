import type { AlertEvent } from '../event.js';
import { codePoints, fit } from '../text.js';
import { colourHex, detailEntries, facts, stateIcon, stateWord } from './presentation.js';
import { interpretStatus, JSON_HEADERS, type Provider } from './provider.js';

/** Slack Block Kit limits (https://api.slack.com/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  blocks: 50,
  /** Our own cap for the top-level fallback `text` (Slack truncates beyond 40 000). */
  fallbackText: 3000,
} as const;

/**
 * `&`, `<` and `>` are Slack's control characters: escaping them turns `<!everyone>`, `<@U123>`
 * and `<https://evil|click>` coming from game data into harmless text. Incoming webhooks do not
 * parse bare `@everyone` (we never set `link_names`), so nothing else can ping anyone.
 */
export function escapeSlack(grapheme: string): string {
  return grapheme.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const mrkdwn = (text: string, limit: number) => ({ type: 'mrkdwn', text: fit(text, limit, escapeSlack) });

function field(name: string, value: string) {
  // The label is cut short first so that the value always keeps most of the field.
  const label = `*${fit(name, 100, escapeSlack)}*\n`;
  return {
    type: 'mrkdwn',
    text: label + fit(value, SLACK_LIMITS.fieldText - codePoints(label), escapeSlack),
  };
}

function renderBody(event: AlertEvent) {
  const title = `${stateIcon(event)} ${stateWord(event)}: ${event.check} on ${event.target}`;
  const blocks: object[] = [
    { type: 'header', text: { type: 'plain_text', text: fit(title, SLACK_LIMITS.headerText), emoji: true } },
    { type: 'section', text: mrkdwn(event.summary, SLACK_LIMITS.sectionText) },
    { type: 'section', fields: facts(event).map((f) => field(f.name, f.value)) },
  ];
  const context = {
    type: 'context',
    elements: [mrkdwn(`${event.id} · ${event.at}`, SLACK_LIMITS.sectionText)],
  };

  const details = detailEntries(event);
  // Keep room for the context block and, when details do not all fit, a "more" line.
  const room = SLACK_LIMITS.blocks - blocks.length - 2;
  const sections = Math.min(room, Math.ceil(details.length / SLACK_LIMITS.fieldsPerSection));
  for (let i = 0; i < sections; i++) {
    const chunk = details.slice(i * SLACK_LIMITS.fieldsPerSection, (i + 1) * SLACK_LIMITS.fieldsPerSection);
    blocks.push({ type: 'section', fields: chunk.map((d) => field(d.name, d.value)) });
  }
  const left = details.length - sections * SLACK_LIMITS.fieldsPerSection;
  if (left > 0) blocks.push({ type: 'section', text: mrkdwn(`…and ${left} more details`, 100) });
  blocks.push(context);

  const fallback = `${stateWord(event)} [${event.severity}] ${event.check} on ${event.target}: ${event.summary}`;
  return {
    text: fit(fallback, SLACK_LIMITS.fallbackText, escapeSlack),
    attachments: [{ color: colourHex(event), blocks }],
  };
}

export const slack: Provider = {
  kind: 'slack',
  // Slack allows about one message per second per incoming webhook.
  minIntervalMs: 1000,
  render: (event) => ({ body: JSON.stringify(renderBody(event)), headers: { ...JSON_HEADERS } }),
  interpret: interpretStatus,
};
