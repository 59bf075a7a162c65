import type { Logger } from 'pino';
import type { AlertSink } from './alert-sink.js';
import { logOnlySink } from './alert-sink.js';

export interface AlertDeliveryOptions {
  /** `--alert-webhook` URLs (secrets: never printed). */
  webhooks: readonly string[];
  alerting?: unknown;
  outboxDir: string;
  logger?: Logger;
}

/**
 * Alert delivery (src/alerting) has not landed yet: alerts go to the log only and the console says
 * so; a destination given is reported as not used, never as delivered.
 */
export async function createHealthAlertSink(o: AlertDeliveryOptions): Promise<AlertSink> {
  if (o.webhooks.length === 0) return logOnlySink('no --alert-webhook given');
  return logOnlySink(
    `alert delivery is not built yet; ${o.webhooks.length} --alert-webhook destination(s) not used`,
  );
}
