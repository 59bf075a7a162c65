import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { webhookBodySchema } from '../../../src/alerting/providers/webhook.js';

/**
 * What the real providers accept, written down here independently of src/ (the limits are copied
 * from the providers' documentation, not imported), so a wrong constant in src/ fails a test.
 * Each validator returns a list of problems; empty means the payload would be accepted.
 */

const len = (s: string) => Array.from(s).length;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function parse(body: string, problems: string[]): Record<string, Json> | undefined {
  try {
    const value = JSON.parse(body) as Json;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
    problems.push('body is not a JSON object');
  } catch {
    problems.push('body is not JSON');
  }
  return undefined;
}

/** Every string in the payload: well-formed UTF-16 (no half of a surrogate pair). */
function strings(value: Json, path = '$', out: { path: string; text: string }[] = []) {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out);
  return out;
}

function wellFormed(payload: Json, problems: string[]) {
  for (const { path, text } of strings(payload))
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
      problems.push(`${path}: lone surrogate (text cut mid-character)`);
}

function max(problems: string[], path: string, text: unknown, limit: number, required = true) {
  if (typeof text !== 'string') {
    if (required || text !== undefined) problems.push(`${path}: not a string`);
    return;
  }
  if (required && text.length === 0) problems.push(`${path}: empty`);
  if (len(text) > limit) problems.push(`${path}: ${len(text)} characters > ${limit}`);
}

const obj = (v: Json | undefined) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const arr = (v: Json | undefined) => (Array.isArray(v) ? v : []);

/** Slack mrkdwn: `<` and `>` only ever appear escaped; `&` only as an entity. */
function slackSafe(problems: string[], path: string, text: string) {
  if (/[<>]/.test(text)) problems.push(`${path}: unescaped < or > (mention or link injection)`);
  if (/&(?!amp;|lt;|gt;)/.test(text)) problems.push(`${path}: unescaped &`);
}

export function validateSlack(body: string): string[] {
  const problems: string[] = [];
  const p = parse(body, problems);
  if (!p) return problems;
  wellFormed(p, problems);
  max(problems, 'text', p.text, 40_000);
  if (typeof p.text === 'string') slackSafe(problems, 'text', p.text);
  const attachments = arr(p.attachments);
  if (attachments.length !== 1) problems.push('attachments: expected one coloured attachment');
  const att = obj(attachments[0]);
  if (typeof att.color !== 'string' || !/^#[0-9a-f]{6}$/i.test(att.color))
    problems.push('attachment.color: not #rrggbb');
  const blocks = arr(att.blocks);
  if (blocks.length === 0 || blocks.length > 50) problems.push(`blocks: ${blocks.length}, want 1..50`);
  blocks.forEach((b, i) => {
    const block = obj(b);
    const at = `blocks[${i}]`;
    if (block.type === 'header') {
      const t = obj(block.text);
      if (t.type !== 'plain_text') problems.push(`${at}.text: header must be plain_text`);
      max(problems, `${at}.text.text`, t.text, 150);
    } else if (block.type === 'section') {
      if (block.text === undefined && block.fields === undefined)
        problems.push(`${at}: section without text or fields`);
      if (block.text !== undefined) {
        const t = obj(block.text);
        max(problems, `${at}.text.text`, t.text, 3000);
        if (t.type === 'mrkdwn' && typeof t.text === 'string') slackSafe(problems, `${at}.text.text`, t.text);
      }
      const fields = arr(block.fields);
      if (block.fields !== undefined && (fields.length === 0 || fields.length > 10))
        problems.push(`${at}.fields: ${fields.length}, want 1..10`);
      fields.forEach((f, j) => {
        const field = obj(f);
        max(problems, `${at}.fields[${j}].text`, field.text, 2000);
        if (field.type === 'mrkdwn' && typeof field.text === 'string')
          slackSafe(problems, `${at}.fields[${j}].text`, field.text);
      });
    } else if (block.type === 'context') {
      const elements = arr(block.elements);
      if (elements.length === 0 || elements.length > 10)
        problems.push(`${at}.elements: ${elements.length}, want 1..10`);
      elements.forEach((e, j) => {
        const el = obj(e);
        max(problems, `${at}.elements[${j}].text`, el.text, 3000);
        if (el.type === 'mrkdwn' && typeof el.text === 'string')
          slackSafe(problems, `${at}.elements[${j}].text`, el.text);
      });
    } else problems.push(`${at}: unexpected block type ${String(block.type)}`);
  });
  return problems;
}

export function validateDiscord(body: string): string[] {
  const problems: string[] = [];
  const p = parse(body, problems);
  if (!p) return problems;
  wellFormed(p, problems);
  max(problems, 'content', p.content, 2000);
  if (JSON.stringify(p.allowed_mentions) !== JSON.stringify({ parse: [] }))
    problems.push('allowed_mentions: must be {"parse": []}');
  for (const { path, text } of strings(p))
    if (/@(everyone|here)/i.test(text)) problems.push(`${path}: contains a live @everyone/@here`);
  const embeds = arr(p.embeds);
  if (embeds.length === 0 || embeds.length > 10) problems.push(`embeds: ${embeds.length}, want 1..10`);
  let total = 0;
  embeds.forEach((e, i) => {
    const embed = obj(e);
    const at = `embeds[${i}]`;
    max(problems, `${at}.title`, embed.title, 256, false);
    max(problems, `${at}.description`, embed.description, 4096, false);
    if (typeof embed.color !== 'number' || embed.color < 0 || embed.color > 0xffffff)
      problems.push(`${at}.color: bad`);
    const fields = arr(embed.fields);
    if (fields.length > 25) problems.push(`${at}.fields: ${fields.length} > 25`);
    fields.forEach((f, j) => {
      const field = obj(f);
      max(problems, `${at}.fields[${j}].name`, field.name, 256);
      max(problems, `${at}.fields[${j}].value`, field.value, 1024);
      total += len(String(field.name ?? '')) + len(String(field.value ?? ''));
    });
    const footer = obj(embed.footer);
    max(problems, `${at}.footer.text`, footer.text, 2048, false);
    total +=
      len(String(embed.title ?? '')) + len(String(embed.description ?? '')) + len(String(footer.text ?? ''));
    total += len(String(obj(embed.author).name ?? ''));
  });
  if (total > 6000) problems.push(`embeds: ${total} characters in total > 6000`);
  return problems;
}

export function validatePagerDuty(
  body: string,
  expect: { routingKey: string; clientUrl?: string },
): string[] {
  const problems: string[] = [];
  const p = parse(body, problems);
  if (!p) return problems;
  wellFormed(p, problems);
  if (p.routing_key !== expect.routingKey) problems.push('routing_key: not the configured key');
  if (p.event_action !== 'trigger' && p.event_action !== 'resolve')
    problems.push('event_action: not trigger/resolve');
  max(problems, 'dedup_key', p.dedup_key, 255);
  const payload = obj(p.payload);
  if (p.event_action === 'trigger' || p.payload !== undefined) {
    max(problems, 'payload.summary', payload.summary, 1024);
    max(problems, 'payload.source', payload.source, 1024);
    if (!['critical', 'error', 'warning', 'info'].includes(String(payload.severity)))
      problems.push('payload.severity: not critical/error/warning/info');
    const details = obj(payload.custom_details);
    if (!('value' in details) || !('threshold' in details))
      problems.push('payload.custom_details: no value/threshold');
  }
  if (p.client !== 'spacetime-monitor') problems.push('client: missing');
  if (expect.clientUrl !== undefined && p.client_url !== expect.clientUrl)
    problems.push('client_url: missing');
  return problems;
}

export function validateWebhook(body: string, headers: IncomingHttpHeaders, secret?: string): string[] {
  const problems: string[] = [];
  const p = parse(body, problems);
  if (!p) return problems;
  wellFormed(p, problems);
  const result = webhookBodySchema.safeParse(p);
  if (!result.success) problems.push(...result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  if (secret !== undefined) {
    const got = String(headers['x-spacetime-signature-256'] ?? '');
    const want = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    if (got.length !== want.length || !timingSafeEqual(Buffer.from(got), Buffer.from(want)))
      problems.push('x-spacetime-signature-256: does not verify');
  }
  return problems;
}
