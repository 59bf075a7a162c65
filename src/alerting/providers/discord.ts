import type { AlertEvent } from '../event.js';
import { codePoints, fit } from '../text.js';
import { colour, detailEntries, facts, stateIcon, stateWord } from './presentation.js';
import {
  header,
  interpretStatus,
  JSON_HEADERS,
  type HttpAnswer,
  type Provider,
  type Verdict,
} from './provider.js';

/** Discord webhook limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Sum of title, description, field names and values, footer text and author name of all embeds. */
  embedsTotal: 6000,
} as const;

// Characters that start Markdown anywhere in a line, and those that only do at its start.
const INLINE = new Set(['\\', '*', '_', '~', '`', '|', '[', ']', '<']);
const LINE_START = new Set(['#', '-', '>']);

/**
 * Escapes Discord Markdown in game text. Returns a grapheme escaper that remembers whether it is
 * at the start of a line, where `#`, `-` and `>` start headers, lists and quotes.
 */
function markdownEscaper(): (grapheme: string) => string {
  let lineStart = true;
  return (g) => {
    const wasLineStart = lineStart;
    if (g === '\n' || g === '\r\n') lineStart = true;
    else if (g !== ' ' && g !== '\t') lineStart = false;
    if (INLINE.has(g) || (wasLineStart && LINE_START.has(g))) return `\\${g}`;
    return g;
  };
}

/**
 * Game text made safe: Markdown escaped, and `@everyone` / `@here` broken by a zero-width space
 * (belt and braces: `allowed_mentions: {parse: []}` already stops the ping).
 */
export function escapeDiscord(text: string, limit: number): string {
  return fit(text.replace(/@(everyone|here)/gi, '@\u200b$1'), limit, markdownEscaper());
}

interface Embed {
  title: string;
  description: string;
  color: number;
  timestamp: string;
  fields: { name: string; value: string; inline: boolean }[];
  footer: { text: string };
}

export function embedLength(embed: Embed): number {
  return (
    codePoints(embed.title) +
    codePoints(embed.description) +
    codePoints(embed.footer.text) +
    embed.fields.reduce((n, f) => n + codePoints(f.name) + codePoints(f.value), 0)
  );
}

const fieldOf = (name: string, value: string, inline: boolean) => ({
  name: escapeDiscord(name, DISCORD_LIMITS.fieldName) || '—',
  value: escapeDiscord(value, DISCORD_LIMITS.fieldValue) || '—',
  inline,
});

function renderEmbed(event: AlertEvent): Embed {
  const fields = facts(event).map((f) => fieldOf(f.name, f.value, true));
  const details = detailEntries(event);
  const room = DISCORD_LIMITS.fields - fields.length - 1; // one kept for "more details"
  for (const d of details.slice(0, room)) fields.push(fieldOf(d.name, d.value, false));
  let omitted = Math.max(0, details.length - room);
  const embed: Embed = {
    title: escapeDiscord(
      `${stateIcon(event)} ${stateWord(event)}: ${event.check} on ${event.target}`,
      DISCORD_LIMITS.title,
    ),
    description: escapeDiscord(event.summary, DISCORD_LIMITS.description),
    color: colour(event),
    timestamp: event.at,
    fields,
    footer: { text: escapeDiscord(`spacetime-monitor · ${event.id}`, DISCORD_LIMITS.footer) },
  };
  // Over the 6000 total: drop detail fields from the end first, then shorten the description.
  const factCount = facts(event).length;
  while (embedLength(embed) > DISCORD_LIMITS.embedsTotal - 40 && embed.fields.length > factCount) {
    embed.fields.pop();
    omitted++;
  }
  if (omitted > 0) embed.fields.push({ name: 'More', value: `…and ${omitted} more details`, inline: false });
  const over = embedLength(embed) - DISCORD_LIMITS.embedsTotal;
  if (over > 0) {
    embed.description = escapeDiscord(event.summary, Math.max(1, codePoints(embed.description) - over));
  }
  return embed;
}

function renderBody(event: AlertEvent) {
  const prefix = `${stateIcon(event)} **${stateWord(event)}** (${event.severity}) `;
  const rest = escapeDiscord(
    `${event.check} on ${event.target}: ${event.summary}`,
    DISCORD_LIMITS.content - codePoints(prefix),
  );
  return {
    content: prefix + rest,
    embeds: [renderEmbed(event)],
    // Nothing in an alert may ping anyone, whatever the game put in its text.
    allowed_mentions: { parse: [] },
  };
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Number(value) * 1000;
}

/** Discord says how long to wait in the 429 body (`retry_after`, seconds) and in its headers. */
function interpret(answer: HttpAnswer): Verdict {
  const verdict = interpretStatus(answer);
  // The bucket is empty: hold the next message until it refills, even after a success.
  const pauseMs =
    header(answer, 'x-ratelimit-remaining')?.trim() === '0'
      ? seconds(header(answer, 'x-ratelimit-reset-after'))
      : undefined;
  if (answer.status === 429) {
    let afterMs: number | undefined;
    try {
      const parsed: unknown = JSON.parse(answer.body);
      const retryAfter = (parsed as { retry_after?: unknown } | null)?.retry_after;
      if (typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0)
        afterMs = retryAfter * 1000;
    } catch {
      // Not JSON (a proxy in between): fall back to Retry-After below.
    }
    afterMs ??= verdict.outcome === 'retry' ? verdict.afterMs : undefined;
    afterMs ??= pauseMs;
    return { outcome: 'retry', reason: verdict.outcome === 'retry' ? verdict.reason : '', afterMs };
  }
  if (pauseMs !== undefined && (verdict.outcome === 'delivered' || verdict.outcome === 'retry'))
    return { ...verdict, pauseMs };
  return verdict;
}

export const discord: Provider = {
  kind: 'discord',
  // Discord publishes its rate per webhook in X-RateLimit-* headers; we follow them (see interpret).
  minIntervalMs: 0,
  render: (event) => ({ body: JSON.stringify(renderBody(event)), headers: { ...JSON_HEADERS } }),
  interpret,
};
