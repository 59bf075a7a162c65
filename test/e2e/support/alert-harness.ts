import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCompressedRules } from '../../../scripts/compress-rules.js';
import { deployPaths } from '../../../scripts/stack/paths.js';
import { startReceivers, type Destination, type Receivers } from './receivers.js';
import { startTestStack, type TestStack } from './stack.js';

/** Rules are compressed 60x: `for: 15m` runs 15 s, a `[1h]` window covers 1 min. */
export const TIME_FACTOR = 60;

/** Where alertmanager.yml sends each severity, by loopback destination. */
export const ROUTED_TO: Readonly<Record<string, readonly Destination[]>> = {
  critical: ['pagerduty', 'slack-critical'],
  high: ['slack-alerts', 'pagerduty'],
  medium: ['slack-alerts'],
  low: ['discord-low'],
  info: ['discord-low'],
};

export const ROUTING_KEY = 'e2e-pagerduty-routing-key-5f1c';

export interface AlertHarness {
  receivers: Receivers;
  stack: TestStack;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Names listed in the file_sd file of the /probe job. */
  fleet: readonly string[];
  /** Exporter (host:port) behind /probe. */
  probeExporter: string;
  /** Exporter (host:port) for the single-target /metrics job, with its instance name. */
  single?: { exporter: string; instance: string };
  /** Scrape interval (default 1s); scrape_timeout follows it. */
  scrapeInterval?: string;
}

/**
 * Loopback receivers + the real Prometheus (1 s scrape and evaluation, shipped rules compressed)
 * + the real Alertmanager (shipped routing with its timings compressed, secrets pointing at the
 * receivers). Waits until every listed game has been scraped successfully twice.
 */
export async function startAlertHarness(options: HarnessOptions): Promise<AlertHarness> {
  const receivers = await startReceivers();
  let stack: TestStack;
  try {
    stack = await startTestStack(async (dir) => {
      const secrets = join(dir, 'secrets');
      const fleet = join(dir, 'targets');
      await mkdir(secrets);
      await mkdir(fleet);
      await writeFile(join(secrets, 'pagerduty_routing_key'), ROUTING_KEY);
      await writeFile(join(secrets, 'slack_critical_webhook_url'), `${receivers.url}/slack/critical`);
      await writeFile(join(secrets, 'slack_alerts_webhook_url'), `${receivers.url}/slack/alerts`);
      await writeFile(join(secrets, 'discord_slack_webhook_url'), `${receivers.url}/discord/slack`);
      await writeFile(join(fleet, 'e2e.yml'), JSON.stringify([{ targets: options.fleet }]));
      const compressed = join(dir, 'spacetime.compressed.rules.yml');
      await writeCompressedRules(deployPaths.ruleFile, compressed, { factor: TIME_FACTOR, minRangeMs: 5000 });
      return {
        fleetDir: fleet,
        probeExporter: options.probeExporter,
        ...(options.single ? { exporter: options.single.exporter, instance: options.single.instance } : {}),
        ruleFiles: [compressed],
        secretsDir: secrets,
        scrapeInterval: options.scrapeInterval ?? '1s',
        evaluationInterval: '1s',
        resendDelay: '1s',
        timeFactor: TIME_FACTOR,
        // group_wait must outlast an evaluation interval so inhibiting alerts arrive first.
        timeFloorMs: 2000,
        pagerdutyUrl: `${receivers.url}/pagerduty/v2/enqueue`,
      };
    });
  } catch (err) {
    await receivers.stop();
    throw err;
  }
  const expected = options.fleet.length + (options.single ? 1 : 0);
  const deadline = Date.now() + 30_000;
  // Two good scrapes of every game: each series has a healthy sample before a test turns on a
  // fault, so increase() and rate() see the change from there.
  const scrapedTwice = 'count(sum_over_time(up{job=~"spacetime.*"}[1m]) >= 2)';
  while ((await stack.query(scrapedTwice))[0]?.value[1] !== String(expected)) {
    if (Date.now() > deadline) {
      await stack.stop();
      await receivers.stop();
      throw new Error(`Prometheus did not scrape all ${expected} targets twice within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    receivers,
    stack,
    async stop() {
      await stack.stop();
      await receivers.stop();
    },
  };
}

export interface AlertCase {
  alert: string;
  instance: string;
  severity: string;
}

/**
 * The alert must reach every destination its severity routes to (naming the instance, linking the
 * runbook); then `heal` runs and the resolution must reach the same destinations.
 */
export async function expectFireThenResolve(
  receivers: Receivers,
  { alert, instance, severity }: AlertCase,
  heal: () => void | Promise<void>,
  timeoutMs = 150_000,
): Promise<void> {
  const destinations = ROUTED_TO[severity] ?? [];
  if (destinations.length === 0) throw new Error(`${alert}: severity "${severity}" routes nowhere`);
  const delivered = (status: 'firing' | 'resolved', destination: Destination) =>
    receivers.waitFor(
      (d) =>
        d.alertname === alert &&
        d.instance === instance &&
        d.status === status &&
        d.destination === destination,
      timeoutMs,
      `${status} ${alert}@${instance} at ${destination}`,
    );
  const fired = await Promise.all(destinations.map((d) => delivered('firing', d)));
  for (const d of fired) {
    if (!d.text.includes(instance)) throw new Error(`${d.destination} message does not name ${instance}`);
    if (d.destination !== 'pagerduty' && !d.text.includes(`/docs/runbooks/${alert}.md`)) {
      throw new Error(`${d.destination} message for ${alert} has no runbook link`);
    }
  }
  await heal();
  await Promise.all(destinations.map((d) => delivered('resolved', d)));
}

/** Deliveries for (alert, instance) pairs outside `expected` ("Alert@instance"). */
export function unexpectedDeliveries(receivers: Receivers, expected: ReadonlySet<string>): string[] {
  return receivers.deliveries
    .filter((d) => !expected.has(`${d.alertname}@${d.instance}`))
    .map((d) => `${d.status} ${d.alertname}@${d.instance} -> ${d.destination}`);
}
