import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from './raw-http.js';
import { useSimulators } from './sim-fixture.js';

const sims = useSimulators();

interface Client {
  ws: WebSocket;
  binary: Buffer[];
  text: Record<string, unknown>[];
  pings: number;
  closed: () => boolean;
}

async function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<Client> {
  const ws = new WebSocket(url, options);
  const client: Client = { ws, binary: [], text: [], pings: 0, closed: () => closed };
  let closed = false;
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) client.binary.push(data);
    else client.text.push(JSON.parse(data.toString()) as Record<string, unknown>);
  });
  ws.on('ping', () => (client.pings += 1));
  ws.on('close', () => (closed = true));
  ws.on('error', () => undefined);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return client;
}

describe('telemetry WebSocket', () => {
  it('streams 17-byte frame packets, a gzip snapshot, vr_tracking and fps events', async () => {
    const s = await sims.start({ telemetryPort: 0 });
    expect(s.telemetryUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const c = await connect(s.telemetryUrl ?? '');
    try {
      const frame = await waitFor(() => c.binary.find((b) => b[0] === 0x01));
      expect(frame.length).toBe(17);
      const fps = frame.readFloatBE(5);
      expect(fps).toBeGreaterThan(80);
      expect(frame.readFloatBE(9)).toBeCloseTo(1000 / fps, 2);
      const packed = await waitFor(() => c.binary.find((b) => b[0] === 0x02));
      const raw = gunzipSync(packed.subarray(9, 9 + packed.readUInt32BE(5)));
      expect(raw.length).toBe(packed.readUInt32BE(1));
      expect(JSON.parse(raw.toString())).toHaveProperty('engine.fps');
      expect(c.text[0]).toMatchObject({
        type: 'event',
        event: 'vr_tracking',
        data: { headset_connected: true },
      });
      await waitFor(() => c.text.find((m) => m.event === 'fps'), 3000);
    } finally {
      c.ws.terminate();
    }
  });

  it('answers {"command":"ping"} and pings clients', async () => {
    const s = await sims.start({ telemetryPort: 0, telemetryPingMs: 50 });
    const c = await connect(s.telemetryUrl ?? '');
    try {
      c.ws.send(JSON.stringify({ command: 'ping' }));
      await waitFor(() => c.text.find((m) => m.type === 'pong'));
      await waitFor(() => c.pings >= 2);
    } finally {
      c.ws.terminate();
    }
  });

  it('drops a client that stays silent (no pongs) for the idle time', async () => {
    const s = await sims.start({ telemetryPort: 0, telemetryPingMs: 50, telemetryIdleMs: 200 });
    const c = await connect(s.telemetryUrl ?? '', { autoPong: false });
    await waitFor(() => c.closed());
  });

  it('sends a vr_tracking event when the headset disconnects', async () => {
    const s = await sims.start({ telemetryPort: 0 });
    const c = await connect(s.telemetryUrl ?? '');
    try {
      s.setScenario('headset-disconnect');
      const event = await waitFor(() =>
        c.text.find(
          (m) =>
            m.event === 'vr_tracking' &&
            (m.data as { headset_connected: boolean }).headset_connected === false,
        ),
      );
      expect(event.data).toMatchObject({ trackers: [], vr_mode: 2 });
    } finally {
      c.ws.terminate();
    }
  });

  it('telemetry-flap drops clients every interval', async () => {
    const s = await sims.start({
      telemetryPort: 0,
      scenario: 'telemetry-flap',
      scenarioParams: { interval_ms: 100 },
    });
    const first = await connect(s.telemetryUrl ?? '');
    await waitFor(() => first.closed());
    const second = await connect(s.telemetryUrl ?? '');
    await waitFor(() => second.closed());
  });

  it('sends alert messages for dropped frames under low fps', async () => {
    const s = await sims.start({ telemetryPort: 0, scenario: 'low-fps', scenarioParams: { fps: 30 } });
    const c = await connect(s.telemetryUrl ?? '');
    try {
      const alert = await waitFor(() => c.text.find((m) => m.type === 'alert'));
      expect(alert).toMatchObject({
        level: 'warning',
        message: expect.stringMatching(/^Frame dropped! \(\d+(\.\d)? ms\)$/),
      });
    } finally {
      c.ws.terminate();
    }
  });

  it('goes down with the game and comes back on the same port', async () => {
    const s = await sims.start({ telemetryPort: 0 });
    const url = s.telemetryUrl ?? '';
    const c = await connect(url);
    s.setScenario('down');
    await s.whenSettled();
    await waitFor(() => c.closed());
    await expect(connect(url)).rejects.toThrow(/ECONNREFUSED/);
    s.setScenario('healthy');
    await s.whenSettled();
    expect(s.telemetryUrl).toBe(url);
    (await connect(url)).ws.terminate();
  });

  it('restart cuts telemetry clients off', async () => {
    const s = await sims.start({ telemetryPort: 0 });
    const c = await connect(s.telemetryUrl ?? '');
    s.setScenario('restart');
    await waitFor(() => c.closed());
  });
});
