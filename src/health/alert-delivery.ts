import type { Logger } from 'pino';
import { createAlertDispatcher, type AlertingConfig } from '../alerting/index.js';
import { dispatcherOptionsFor } from '../alerting/config.js';
import type { AlertSink } from './alert-sink.js';
import { logOnlySink } from './alert-sink.js';

export interface AlertDeliveryOptions {
  /** `--alert-webhook` URLs (secrets: never printed). */
  webhooks: readonly string[];
  /** The config file's `alerting:` section, when there is one (its outbox_dir then wins). */
  alerting?: AlertingConfig;
  /** Where accepted alerts wait until delivered when the config does not say. */
  outboxDir: string;
  logger?: Logger;
}

/**
 * The alert dispatcher for the health monitor's destinations, or a log-only sink when there are
 * none. The console's wording follows what really happens: "queued" once the alert is in the
 * dispatcher's outbox on disk, never "sent".
 */
export async function createHealthAlertSink(o: AlertDeliveryOptions): Promise<AlertSink> {
  const options = await dispatcherOptionsFor({ urls: o.webhooks, config: o.alerting });
  const count = options.destinations.length;
  if (count === 0) return logOnlySink('no --alert-webhook or alerting destination configured');
  const dispatcher = createAlertDispatcher({
    ...options,
    outboxDir: o.alerting ? options.outboxDir : o.outboxDir,
    logger: o.logger,
  });
  await dispatcher.start();
  return {
    accept: (event) => dispatcher.accept(event),
    delivery: `queued for delivery to ${count} destination(s)`,
    delivers: true,
    stop: () => dispatcher.stop(),
  };
}
