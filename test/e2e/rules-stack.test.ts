// Every alert rule, end to end through the real servers: scripted games (prom-client metrics on
// a /probe endpoint) -> Debian Prometheus with the rule file compressed 60x -> Debian Alertmanager
// with the shipped routing, inhibition and templates -> loopback Slack/PagerDuty/Discord receivers.
// Each rule's fault is switched on, the alert must arrive at every destination its severity routes
// to, then the game heals and the resolution must arrive at the same destinations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployPaths } from '../../scripts/stack/paths.js';
import { allRules, readRuleFile } from '../../scripts/stack/rule-file.js';
import { debianBinary } from '../support/binaries.js';
import {
  ROUTING_KEY,
  expectFireThenResolve,
  startAlertHarness,
  unexpectedDeliveries,
  type AlertHarness,
} from './support/alert-harness.js';
import { RULE_SCENARIOS } from './support/rule-scenarios.js';
import { startScriptedExporter, type ScriptedExporter } from './support/scripted-exporter.js';

const prometheus = debianBinary('prometheus', 'prometheus');
const alertmanager = debianBinary('prometheus-alertmanager', 'prometheus-alertmanager');

const HEALTHY_INSTANCE = 'game-healthy';
const rules = allRules(await readRuleFile(deployPaths.ruleFile));
const cases = rules
  .filter((r) => RULE_SCENARIOS[r.alert])
  .map((r) => ({ alert: r.alert, instance: `game-${r.alert}`, severity: r.labels?.severity ?? '' }));
const scenario = (alert: string) => RULE_SCENARIOS[alert] ?? { fault: {} };

describe.skipIf(!prometheus || !alertmanager)(
  'alert rules end to end, scripted games (compressed 60x)',
  () => {
    let exporter: ScriptedExporter;
    let harness: AlertHarness;
    const flows = new Map<string, Promise<void>>();

    beforeAll(async () => {
      const fleet = [...cases.map((c) => c.instance), HEALTHY_INSTANCE];
      exporter = await startScriptedExporter(fleet);
      harness = await startAlertHarness({ fleet, probeExporter: exporter.address });
      // All games go wrong at once and each runs its own fire-then-heal flow, so the whole run takes
      // as long as the slowest rule; the tests below only await their flow.
      for (const c of cases) {
        exporter.setFault(c.instance, scenario(c.alert).fault);
        const flow = expectFireThenResolve(harness.receivers, c, () =>
          exporter.setFault(c.instance, undefined),
        );
        flow.catch(() => undefined);
        flows.set(c.alert, flow);
      }
    }, 60_000);

    afterAll(async () => {
      await harness?.stop();
      await exporter?.stop();
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
      expect(unexpectedDeliveries(harness.receivers, expected)).toEqual([]);
      expect(harness.receivers.rejects).toEqual([]);
    });

    it('kept the PagerDuty routing key out of every message text', () => {
      const { deliveries } = harness.receivers;
      for (const d of deliveries) expect(d.text).not.toContain(ROUTING_KEY);
      const keys = deliveries
        .filter((d) => d.destination === 'pagerduty')
        .map((d) => (d.body as { routing_key?: string }).routing_key);
      expect(new Set(keys)).toEqual(new Set([ROUTING_KEY]));
    });
  },
);
