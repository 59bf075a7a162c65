import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  parseTelemetryPacket,
  parseTelemetryText,
  startTelemetryClient,
  type TelemetryClient,
} from '../../src/target/telemetry-client.js';
import { waitFor } from '../support/wait.js';

function framePacket(frame: number, fps: number, frameMs: number, physicsMs: number): Buffer {
  const b = Buffer.alloc(17);
  b.writeUInt8(0x01, 0);
  b.writeUInt32BE(frame, 1);
  b.writeFloatBE(fps, 5);
  b.writeFloatBE(frameMs, 9);
  b.writeFloatBE(physicsMs, 13);
  return b;
}

function snapshotPacket(doc: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(doc));
  const gz = gzipSync(json);
  const head = Buffer.alloc(9);
  head.writeUInt8(0x02, 0);
  head.writeUInt32BE(json.length, 1);
  head.writeUInt32BE(gz.length, 5);
  return Buffer.concat([head, gz]);
}

describe('telemetry packets', () => {
  it('decodes 0x01 frames and 0x02 gzip JSON', () => {
    const frame = parseTelemetryPacket(framePacket(42, 90, 11.5, 2.25));
    expect(frame).toEqual({ kind: 'frame', frame: { frame: 42, fps: 90, frameMs: 11.5, physicsMs: 2.25 } });
    expect(parseTelemetryPacket(snapshotPacket({ fps: 88 }))).toEqual({
      kind: 'snapshot',
      data: { fps: 88 },
    });
  });

  it('refuses truncated, lying and unknown packets', () => {
    expect(() => parseTelemetryPacket(framePacket(1, 2, 3, 4).subarray(0, 10))).toThrow(/10 bytes/);
    const lying = snapshotPacket({ a: 1 });
    lying.writeUInt32BE(999, 5);
    expect(() => parseTelemetryPacket(lying)).toThrow(/compressed bytes/);
    expect(() => parseTelemetryPacket(Buffer.from([0x07]))).toThrow(/0x7/);
  });

  it('decodes text events and alerts', () => {
    expect(parseTelemetryText('{"type":"event","event":"fps","data":{"fps":90},"timestamp":5}')).toEqual({
      kind: 'event',
      event: 'fps',
      data: { fps: 90 },
      timestamp: 5,
    });
    expect(parseTelemetryText('{"type":"alert","level":"warning","message":"low fps"}')).toEqual({
      kind: 'alert',
      level: 'warning',
      message: 'low fps',
    });
    expect(() => parseTelemetryText('[1]')).toThrow();
  });
});

describe('telemetry client', () => {
  let server: WebSocketServer | undefined;
  let client: TelemetryClient | undefined;

  afterEach(async () => {
    await client?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    client = undefined;
    server = undefined;
  });

  async function listen(onConnection: (ws: WebSocket) => void): Promise<string> {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', onConnection);
    await new Promise<void>((resolve) => server?.once('listening', () => resolve()));
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('counts messages by kind and malformed ones', async () => {
    const url = await listen((ws) => {
      ws.send(framePacket(1, 90, 11, 2), { binary: true });
      ws.send(snapshotPacket({ ok: true }), { binary: true });
      ws.send('{"type":"event","event":"custom","data":{}}');
      ws.send('{"type":"alert","level":"info","message":"x"}');
      ws.send('not json');
    });
    client = startTelemetryClient({ url });
    await waitFor(() => client?.malformed === 1, 5000, 'all messages');
    expect(client.connected).toBe(true);
    expect(client.messages).toEqual({ frame: 1, snapshot: 1, event: 1, alert: 1 });
    expect(client.lastFrame?.frame).toBe(1);
  });

  it('reconnects with backoff and counts each lost connection once', async () => {
    let connections = 0;
    const flaps = 3;
    const url = await listen((ws) => {
      connections += 1;
      // The first `flaps` connections are dropped by the server; the last one stays.
      if (connections <= flaps) setTimeout(() => ws.terminate(), 20);
    });
    client = startTelemetryClient({ url, initialBackoffMs: 20, maxBackoffMs: 100 });
    await waitFor(() => connections === flaps + 1 && client?.connected === true, 5000, 'reconnects');
    expect(client.disconnects).toBe(flaps);
  });

  it('does not count failed connection attempts as disconnects, and stop() is not one', async () => {
    const url = await listen(() => undefined);
    const port = (server?.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    client = startTelemetryClient({ url, initialBackoffMs: 10, maxBackoffMs: 20 });
    await new Promise((r) => setTimeout(r, 150));
    expect(client.connected).toBe(false);
    expect(client.disconnects).toBe(0);
    // The game comes back on the same port: the client finds it.
    server = new WebSocketServer({ host: '127.0.0.1', port });
    await waitFor(() => client?.connected === true, 5000, 'connect after the game starts');
    await client.stop();
    expect(client.disconnects).toBe(0);
  });

  it('logs the URL without its credentials or query', async () => {
    let lost = 0;
    const url = await listen((ws) => {
      lost += 1;
      if (lost === 1) setTimeout(() => ws.terminate(), 20);
    });
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const secretUrl = url.replace('ws://', 'ws://monitor:pa55word@') + '/?token=t0ken-value';
    client = startTelemetryClient({ url: secretUrl, initialBackoffMs: 20, maxBackoffMs: 50, logger });
    await waitFor(() => client?.disconnects === 1 && client.connected, 5000, 'a reconnect');
    const text = lines.join('');
    expect(text).toContain('telemetry disconnected');
    expect(text).toContain(`${url}/`);
    expect(text).not.toContain('pa55word');
    expect(text).not.toContain('t0ken-value');
  });
});
