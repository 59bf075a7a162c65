import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactValue } from '../../src/logs/redact.js';

const FIXTURE_JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30=.c2lnbmF0dXJl';
const HEX = 'a3f1'.repeat(16);
// A JWT's JSON header encodes to eyJ…; any other three long base64url segments look like one too.
const JWT_SHAPED =
  /eyJ[A-Za-z0-9_-]+=?\.[A-Za-z0-9_-]+|[A-Za-z0-9_-]{10,}=?\.[A-Za-z0-9_-]{10,}=?\.[A-Za-z0-9_-]{10,}/;

describe('redactSecrets', () => {
  it('removes the bearer token from the console fixture request dump', () => {
    const text = readFileSync('test/fixtures/contract/console.sample.log', 'utf8');
    expect(text).toContain(FIXTURE_JWT);
    const out = redactSecrets(text);
    expect(out).not.toContain(FIXTURE_JWT);
    expect(out).not.toContain('c2lnbmF0dXJl');
    expect(out).toContain('"Authorization":"Bearer [REDACTED]"');
    // everything else survives
    expect(out).toContain('[SceneLoadMonitor] Scene loaded: moon_base in 1840ms');
    expect(out).toContain('127.0.0.1:8080');
  });

  it.each([
    ['Authorization: Bearer abc.def-ghi_jkl', 'Authorization: Bearer [REDACTED]'],
    ['authorization: bearer sometoken123', 'authorization: bearer [REDACTED]'],
    ['AUTHORIZATION: BEARER Zm9vYmFy==', 'AUTHORIZATION: BEARER [REDACTED]'],
    [`token=${FIXTURE_JWT}&x=1`, `token=${REDACTED}&x=1`],
    ['jwt eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0. end', `jwt ${REDACTED} end`],
    [
      `[SecurityOptimized] API token generated: ${HEX}`,
      `[SecurityOptimized] API token generated: ${REDACTED}`,
    ],
    [`[HttpApiServer] API TOKEN: ${FIXTURE_JWT}`, `[HttpApiServer] API TOKEN: ${REDACTED}`],
    [
      'post to https://hooks.slack.com/services/T000/B000/XXXXXXXX failed',
      `post to https://hooks.slack.com/${REDACTED} failed`,
    ],
    [
      'url "https://discord.com/api/webhooks/123456/abcDEF-xyz"',
      `url "https://discord.com/api/webhooks/${REDACTED}"`,
    ],
    [
      'https://events.pagerduty.com/v2/enqueue?routing_key=0123456789abcdef0123456789abcdef&x=1',
      `https://events.pagerduty.com/v2/enqueue?routing_key=${REDACTED}&x=1`,
    ],
    ['{"routing_key":"R0123456789abcdef0123456789abcde"}', `{"routing_key":"${REDACTED}"}`],
    ['routing key 0123456789abcdef0123456789abcdef', `routing key ${REDACTED}`],
    ['pagerduty://0123456789abcdef0123456789abcdef', `pagerduty://${REDACTED}`],
    ['"Authorization":"Basic dXNlcjpwYXNz"', `"Authorization":"Basic ${REDACTED}"`],
    // A health log line that failed to parse, or a body logged inside a JSON string, keeps its
    // escapes: the token then follows `\n` or `\"`, and keys have an escaped closing quote.
    [`"msg":"token:\\n${FIXTURE_JWT}"`, `"msg":"token:\\n${REDACTED}"`],
    [`\\u0022${FIXTURE_JWT}`, `\\u0022${REDACTED}`],
    [`Bearer\\t${FIXTURE_JWT}`, `Bearer\\t${REDACTED}`],
    [`{\\"api_token\\":\\"${HEX}\\"}`, `{\\"api_token\\":\\"${REDACTED}\\"}`],
    [`{"api_token":"${HEX}"}`, `{"api_token":"${REDACTED}"}`],
    ['{\\"routing_key\\":\\"0123456789abcdef0123456789abcdef\\"}', `{\\"routing_key\\":\\"${REDACTED}\\"}`],
    ['"routingKey":"0123456789abcdef0123456789abcdef"', `"routingKey":"${REDACTED}"`],
    ['service_key: 0123456789abcdef0123456789abcdef', `service_key: ${REDACTED}`],
    ['https:\\/\\/hooks.slack.com\\/services\\/T0\\/B0\\/XXXX', `https:\\/\\/hooks.slack.com\\/${REDACTED}`],
    [
      'https:\\/\\/discord.com\\/api\\/webhooks\\/1\\/abc',
      `https:\\/\\/discord.com\\/api\\/webhooks\\/${REDACTED}`,
    ],
  ])('redacts %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it.each([
    '[2025-12-04T23:38:41] [INFO] [VRManager] Tracker added: head (type: 1)',
    '127.0.0.1 - - [02/Dec/2025:10:15:30 +0000] "GET /status HTTP/1.1" 200 1234 "-" "curl/8.0" 0.003',
    '[SceneRouter] Scene load requested: res://scenes/moon_base.tscn',
    'api_version 1.0.0 on host a.b.c',
    'res://scenes/keyboard_input.tscn.import',
    'service_key_file: /etc/alertmanager/secrets/pagerduty',
    '{"error":"Unauthorized","details":"Include \'Authorization: Bearer <token>\' header"}',
  ])('leaves ordinary text alone: %s', (line) => {
    expect(redactSecrets(line)).toBe(line);
  });

  it('redacts every string inside an event object', () => {
    const event = {
      message: `Bearer ${FIXTURE_JWT}`,
      labels: { url: 'https://hooks.slack.com/services/A/B/C' },
      n: 3,
    };
    const out = redactValue(event);
    expect(JSON.stringify(out)).not.toMatch(JWT_SHAPED);
    expect(JSON.stringify(out)).not.toContain('services/A');
    expect(out.n).toBe(3);
  });
});
