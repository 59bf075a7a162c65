import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { expectNoSecrets, tempDir } from './support/harness.js';
import { Receiver } from './support/receiver.js';
import { validateSlack, validateWebhook } from './support/validate.js';

const TOKEN = 'xNotifyTestTokenSecret';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function receiver(): Promise<Receiver> {
  const r = await new Receiver().listen();
  cleanups.push(() => r.close());
  return r;
}

describe('spacetime-monitor notify test URL', () => {
  it('sends one test alert and prints the answer, with the URL redacted', async () => {
    const slack = await receiver();
    slack.validate = validateSlack;
    const url = `slack+${slack.url(`/services/T0/B0/${TOKEN}`)}`;
    const { code, stdout, stderr } = await runCli(['notify', 'test', url]);
    expect(code, stderr).toBe(0);
    expect(stdout).toBe(`slack (127.0.0.1:${slack.port}/…): HTTP 200\nanswer: ok\nverdict: delivered\n`);
    expect(slack.received).toHaveLength(1);
    expect(slack.problems).toEqual([]);
    expect(slack.received[0]?.body).toContain('NOTIFY_TEST');
    expectNoSecrets([stdout, stderr], { token: TOKEN });
  });

  it('reads the URL from the environment, signs webhooks, and exits 1 on a refusal', async () => {
    const dir = await tempDir();
    cleanups.push(dir.remove);
    const secretFile = join(dir.path, 'hmac');
    await writeFile(secretFile, 'NotifyHmacSecret\n');
    const hook = await receiver();
    hook.validate = (body, headers) => validateWebhook(body, headers, 'NotifyHmacSecret');
    hook.fallback = { status: 404, body: `unknown hook /${TOKEN}` };
    const { code, stdout, stderr } = await runCli(
      ['notify', 'test', 'env:STM_TEST_HOOK', '--hmac-secret-file', secretFile, '--state', 'resolved'],
      { env: { STM_TEST_HOOK: `webhook+${hook.url(`/${TOKEN}`)}` } },
    );
    expect(code).toBe(1);
    expect(stdout).toContain(`webhook (127.0.0.1:${hook.port}/…): HTTP 404`);
    expect(stdout).toContain('verdict: broken (HTTP 404: unknown hook …)');
    expect(hook.problems).toEqual([]);
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({ alert: { state: 'resolved' } });
    expectNoSecrets([stdout, stderr], { token: TOKEN, hmac: 'NotifyHmacSecret' });
  });

  it('says so when nothing answers, and rejects a bad URL without printing it', async () => {
    const closed = await receiver();
    const url = closed.url(`/${TOKEN}`);
    await closed.close();
    const down = await runCli(['notify', 'test', `webhook+${url}`, '--timeout', '2']);
    expect(down.code).toBe(1);
    expect(down.stdout).toContain('no answer');
    expect(down.stdout).toContain('verdict: retry (network error: ECONNREFUSED)');
    const bad = await runCli(['notify', 'test', `gopher://x/${TOKEN}`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('URL scheme must be http or https');
    expectNoSecrets([down.stdout, down.stderr, bad.stdout, bad.stderr], { token: TOKEN });
  });
});
