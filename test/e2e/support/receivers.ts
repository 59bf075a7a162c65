import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where Alertmanager delivered: one loopback endpoint per real destination of alertmanager.yml. */
export type Destination = 'pagerduty' | 'slack-critical' | 'slack-alerts' | 'discord-low';

export interface Delivery {
  at: number;
  destination: Destination;
  status: 'firing' | 'resolved';
  alertname: string;
  instance: string;
  /** Human-readable text as the receiver would show it. */
  text: string;
  body: unknown;
}

const PATHS: Record<string, Destination> = {
  '/slack/critical': 'slack-critical',
  '/slack/alerts': 'slack-alerts',
  '/discord/slack': 'discord-low',
  '/pagerduty/v2/enqueue': 'pagerduty',
};

interface SlackBody {
  attachments?: { title?: string; text?: string }[];
}
interface PagerDutyBody {
  routing_key?: string;
  dedup_key?: string;
  event_action?: string;
  payload?: { summary?: string; custom_details?: Record<string, string> };
}

export interface Receivers {
  readonly url: string;
  readonly deliveries: readonly Delivery[];
  /** Bodies that could not be understood (a template bug shows up here). */
  readonly rejects: readonly string[];
  /** Resolves once `match` holds for a delivery; rejects after `timeoutMs`. */
  waitFor(match: (d: Delivery) => boolean, timeoutMs: number, what: string): Promise<Delivery>;
  stop(): Promise<void>;
}

// Slack title from templates/spacetime.tmpl: "[FIRING:1] <alertname> on <instance> (<severity>)".
const TITLE = /^\[(FIRING|RESOLVED)(?::\d+)?\] (\S+) on (\S+) \(/;

/** Loopback HTTP endpoints shaped like Slack incoming webhooks and PagerDuty Events API v2. */
export async function startReceivers(): Promise<Receivers> {
  const deliveries: Delivery[] = [];
  const rejects: string[] = [];
  const waiters = new Set<() => void>();
  // PagerDuty resolve events are matched to their trigger by dedup_key, as PagerDuty does.
  const incidents = new Map<string, { alertname: string; instance: string }>();

  const record = (destination: Destination, raw: string): void => {
    const body = JSON.parse(raw) as unknown;
    if (destination === 'pagerduty') {
      const pd = body as PagerDutyBody;
      const details = pd.payload?.custom_details ?? {};
      const known = pd.dedup_key ? incidents.get(pd.dedup_key) : undefined;
      const alertname = details.alertname ?? known?.alertname;
      const instance = details.instance ?? known?.instance;
      if (!alertname || !instance || !pd.dedup_key) throw new Error('PagerDuty event without alert identity');
      incidents.set(pd.dedup_key, { alertname, instance });
      const status = pd.event_action === 'resolve' ? 'resolved' : 'firing';
      deliveries.push({
        at: Date.now(),
        destination,
        status,
        alertname,
        instance,
        text: pd.payload?.summary ?? '',
        body,
      });
    } else {
      const attachment = (body as SlackBody).attachments?.[0];
      const m = TITLE.exec(attachment?.title ?? '');
      if (!m) throw new Error(`Slack message without the SpaceTime title: ${attachment?.title ?? '(none)'}`);
      const status = m[1] === 'RESOLVED' ? 'resolved' : 'firing';
      deliveries.push({
        at: Date.now(),
        destination,
        status,
        alertname: m[2] ?? '',
        instance: m[3] ?? '',
        text: attachment?.text ?? '',
        body,
      });
    }
    for (const wake of waiters) wake();
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const destination = PATHS[req.url ?? ''];
      try {
        if (req.method !== 'POST' || !destination) throw new Error(`unexpected ${req.method} ${req.url}`);
        record(destination, Buffer.concat(chunks).toString('utf8'));
        res.writeHead(destination === 'pagerduty' ? 202 : 200, { 'content-type': 'application/json' });
        res.end(destination === 'pagerduty' ? '{"status":"success"}' : 'ok');
      } catch (err) {
        rejects.push(err instanceof Error ? err.message : String(err));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    rejects,
    waitFor(match, timeoutMs, what) {
      const found = deliveries.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = deliveries.find(match);
          if (!hit) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
