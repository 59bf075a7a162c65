import { Counter, Gauge } from 'prom-client';
import { TELEMETRY_MESSAGE_KINDS, type TelemetryClient } from '../../target/telemetry-client.js';
import type { Collector, CollectorEnv } from '../collector.js';
import { mirrorCounter } from '../metric-values.js';

/** Our client on the game's telemetry WebSocket: is it connected, how often was it dropped. */
export function telemetryCollector(
  { registry, targetName }: CollectorEnv,
  client: TelemetryClient,
): Collector {
  const target = { target: targetName };
  const registers = [registry];
  const connected = new Gauge({
    name: 'spacetime_telemetry_connected',
    help: "Whether the exporter's client is connected to the game's telemetry WebSocket.",
    labelNames: ['target'],
    registers,
  });
  const disconnects = new Counter({
    name: 'spacetime_telemetry_disconnects_total',
    help: 'Telemetry connections that were open and were lost.',
    labelNames: ['target'],
    registers,
  });
  const messages = new Counter({
    name: 'spacetime_telemetry_messages_total',
    help: 'Telemetry messages received, by kind (frame 0x01, snapshot 0x02, event, alert).',
    labelNames: ['target', 'kind'],
    registers,
  });
  const malformed = new Counter({
    name: 'spacetime_telemetry_malformed_messages_total',
    help: 'Telemetry messages that could not be decoded.',
    labelNames: ['target'],
    registers,
  });

  return {
    source: 'telemetry',
    async collect(): Promise<void> {
      connected.set(target, client.connected ? 1 : 0);
      mirrorCounter(disconnects, target, client.disconnects);
      for (const kind of TELEMETRY_MESSAGE_KINDS)
        mirrorCounter(messages, { ...target, kind }, client.messages[kind]);
      mirrorCounter(malformed, target, client.malformed);
    },
    close: () => client.stop(),
  };
}
