// Every alert rule, end to end through the real servers: scripted games (prom-client metrics on
// a /probe endpoint) -> Debian Prometheus with the rule file compressed 60x -> Debian Alertmanager
// with the shipped routing, inhibition and templates -> loopback Slack/PagerDuty/Discord receivers.
// Each rule's fault is switched on, the alert must arrive at every destination its severity routes
// to, then the game heals and the resolution must arrive at the same destinations.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCompressedRules } from '../../scripts/compress-rules.js';
import { deployPaths } from '../../scripts/stack/paths.js';
import { allRules, readRuleFile } from '../../scripts/stack/rule-file.js';
import { debianBinary } from '../support/binaries.js';
import { startReceivers, type Destination, type Receivers } from './support/receivers.js';
import { RULE_SCENARIOS } from './support/rule-scenarios.js';
import { startScriptedExporter, type ScriptedExporter } from './support/scripted-exporter.js';
import { startTestStack, type TestStack } from './support/stack.js';

const prometheus = debianBinary('prometheus', 'prometheus');
const alertmanager = debianBinary('prometheus-alertmanager', 'prometheus-alertmanager');

const FACTOR = 60;
const ROUTED_TO: Record<string, Destination[]> = {
  critical: ['pagerduty', 'slack-critical'],
  high: ['slack-alerts', 'pagerduty'],
  medium: ['slack-alerts'],
  low: ['discord-low'],
  info: ['discord-low'],
};
const ROUTING_KEY = 'e2e-pagerduty-routing-key-5f1c';
const HEALTHY_INSTANCE = 'game-healthy';

const rules = allRules(await readRuleFile(deployPaths.ruleFile));
const cases = rules
  .filter((r) => RULE_SCENARIOS[r.alert])
  .map((r) => ({ alert: r.alert, instance: `game-${r.alert}`, severity: r.labels?.severity ?? '' }));
const scenario = (alert: string) => RULE_SCENARIOS[alert] ?? { fault: {} };

describe.skipIf(!prometheus || !alertmanager)('alert rules end to end (compressed 60x)', () => {
  let receivers: Receivers;
  let exporter: ScriptedExporter;
  let stack: TestStack;
  const flows = new Map<string, Promise<void>>();

  async function fireThenResolve({ alert, instance, severity }: (typeof cases)[number]): Promise<void> {
    const destinations = ROUTED_TO[severity] ?? [];
    if (destinations.length === 0) throw new Error(`${alert}: severity "${severity}" routes nowhere`);
    const delivered = (status: 'firing' | 'resolved', destination: Destination) =>
      receivers.waitFor(
        (d) =>
          d.alertname === alert &&
          d.instance === instance &&
          d.status === status &&
          d.destination === destination,
        150_000,
        `${status} ${alert} at ${destination}`,
      );
    const fired = await Promise.all(destinations.map((d) => delivered('firing', d)));
    for (const d of fired) {
      expect(d.text).toContain(instance);
      if (d.destination !== 'pagerduty') expect(d.text).toContain(`/docs/runbooks/${alert}.md`);
    }
    exporter.setFault(instance, undefined);
    await Promise.all(destinations.map((d) => delivered('resolved', d)));
  }

  beforeAll(async () => {
    receivers = await startReceivers();
    exporter = await startScriptedExporter([...cases.map((c) => c.instance), HEALTHY_INSTANCE]);
    stack = await startTestStack(async (dir) => {
      const secrets = join(dir, 'secrets');
      const fleet = join(dir, 'targets');
      await mkdir(secrets);
      await mkdir(fleet);
      await writeFile(join(secrets, 'pagerduty_routing_key'), ROUTING_KEY);
      await writeFile(join(secrets, 'slack_critical_webhook_url'), `${receivers.url}/slack/critical`);
      await writeFile(join(secrets, 'slack_alerts_webhook_url'), `${receivers.url}/slack/alerts`);
      await writeFile(join(secrets, 'discord_slack_webhook_url'), `${receivers.url}/discord/slack`);
      const targets = [...cases.map((c) => c.instance), HEALTHY_INSTANCE];
      await writeFile(join(fleet, 'e2e.yml'), JSON.stringify([{ targets }]));
      const compressed = join(dir, 'spacetime.compressed.rules.yml');
      await writeCompressedRules(deployPaths.ruleFile, compressed, { factor: FACTOR, minRangeMs: 5000 });
      return {
        fleetDir: fleet,
        probeExporter: exporter.address,
        ruleFiles: [compressed],
        secretsDir: secrets,
        scrapeInterval: '1s',
        evaluationInterval: '1s',
        resendDelay: '1s',
        timeFactor: FACTOR,
        timeFloorMs: 2000,
        pagerdutyUrl: `${receivers.url}/pagerduty/v2/enqueue`,
      };
    });
    // Every game scraped healthy at least once before any fault, so counters start from zero.
    const deadline = Date.now() + 30_000;
    while (
      (await stack.query('count(up{job="spacetime-probe"} == 1)'))[0]?.value[1] !== String(cases.length + 1)
    ) {
      if (Date.now() > deadline) throw new Error('Prometheus never scraped every scripted game');
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 3000));
    // All games go wrong at once and each runs its own fire-then-heal flow, so the whole run takes
    // as long as the slowest rule; the tests below only await their flow.
    for (const c of cases) {
      exporter.setFault(c.instance, scenario(c.alert).fault);
      const flow = fireThenResolve(c);
      flow.catch(() => undefined);
      flows.set(c.alert, flow);
    }
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await exporter?.stop();
    await receivers?.stop();
  });

  it('has a fault for each of the 20 rules of DESIGN.md and the extras', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)(
    '$alert fires at its $severity destinations, then resolves',
    { timeout: 240_000 },
    async ({ alert }) => {
      const flow = flows.get(alert);
      expect(flow, `no flow for ${alert}`).toBeDefined();
      await flow;
    },
  );

  it('delivered nothing else: no alert for a healthy game, inhibited siblings stayed quiet', () => {
    const expected = new Set(
      cases.flatMap((c) =>
        [c.alert, ...(scenario(c.alert).alsoFires ?? [])].map((a) => `${a}@${c.instance}`),
      ),
    );
    const unexpected = receivers.deliveries
      .filter((d) => !expected.has(`${d.alertname}@${d.instance}`))
      .map((d) => `${d.status} ${d.alertname}@${d.instance} -> ${d.destination}`);
    expect(unexpected).toEqual([]);
    expect(receivers.rejects).toEqual([]);
  });

  it('kept the PagerDuty routing key out of every message text', () => {
    for (const d of receivers.deliveries) expect(d.text).not.toContain(ROUTING_KEY);
    const keys = receivers.deliveries
      .filter((d) => d.destination === 'pagerduty')
      .map((d) => (d.body as { routing_key?: string }).routing_key);
    expect(new Set(keys)).toEqual(new Set([ROUTING_KEY]));
  });
});
