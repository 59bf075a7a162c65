import type { AlertEvent } from '../alerting/event.js';

/**
 * Where the monitor hands its alert events. `delivery` is what the console may truthfully say
 * about an accepted event: a log-only sink never claims a delivery.
 */
export interface AlertSink {
  accept(event: AlertEvent): void | Promise<void>;
  /** e.g. "logged only (no --alert-webhook given)" or "queued for 2 destination(s)". */
  readonly delivery: string;
  readonly delivers: boolean;
  stop?(): Promise<void>;
}

export function logOnlySink(reason: string): AlertSink {
  return {
    accept() {},
    delivery: `logged only (${reason})`,
    delivers: false,
  };
}
