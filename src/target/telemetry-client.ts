import { gunzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import WebSocket from 'ws';

/** One 0x01 packet: the game's per-frame timing. */
export interface TelemetryFrame {
  frame: number;
  fps: number;
  frameMs: number;
  physicsMs: number;
}

export type TelemetryMessage =
  | { kind: 'frame'; frame: TelemetryFrame }
  /** 0x02: a gzip-compressed JSON document. */
  | { kind: 'snapshot'; data: unknown }
  | { kind: 'event'; event: string; data: unknown; timestamp?: number }
  | { kind: 'alert'; level: string; message: string };

export type TelemetryMessageKind = TelemetryMessage['kind'];
export const TELEMETRY_MESSAGE_KINDS: readonly TelemetryMessageKind[] = [
  'frame',
  'snapshot',
  'event',
  'alert',
];

const FRAME_PACKET = 0x01;
const FRAME_PACKET_BYTES = 17;
const SNAPSHOT_PACKET = 0x02;
const SNAPSHOT_HEADER_BYTES = 9;
/** A snapshot is a small JSON document; refuse to inflate anything that claims more. */
const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;

/** Decodes a binary telemetry packet (big-endian, see docs/contract.md). Throws on a malformed one. */
export function parseTelemetryPacket(packet: Buffer): TelemetryMessage {
  const type = packet[0];
  if (type === FRAME_PACKET) {
    if (packet.length !== FRAME_PACKET_BYTES) {
      throw new Error(`frame packet of ${packet.length} bytes, expected ${FRAME_PACKET_BYTES}`);
    }
    return {
      kind: 'frame',
      frame: {
        frame: packet.readUInt32BE(1),
        fps: packet.readFloatBE(5),
        frameMs: packet.readFloatBE(9),
        physicsMs: packet.readFloatBE(13),
      },
    };
  }
  if (type === SNAPSHOT_PACKET) {
    if (packet.length < SNAPSHOT_HEADER_BYTES) throw new Error(`snapshot packet of ${packet.length} bytes`);
    const uncompressed = packet.readUInt32BE(1);
    const compressed = packet.readUInt32BE(5);
    if (compressed !== packet.length - SNAPSHOT_HEADER_BYTES) {
      throw new Error(
        `snapshot says ${compressed} compressed bytes, packet has ${packet.length - SNAPSHOT_HEADER_BYTES}`,
      );
    }
    if (uncompressed > MAX_SNAPSHOT_BYTES) throw new Error(`snapshot of ${uncompressed} bytes is too large`);
    const json = gunzipSync(packet.subarray(SNAPSHOT_HEADER_BYTES), { maxOutputLength: MAX_SNAPSHOT_BYTES });
    if (json.length !== uncompressed) {
      throw new Error(`snapshot inflated to ${json.length} bytes, header says ${uncompressed}`);
    }
    return { kind: 'snapshot', data: JSON.parse(json.toString('utf8')) as unknown };
  }
  throw new Error(`unknown packet type ${type === undefined ? '(empty)' : `0x${type.toString(16)}`}`);
}

/** Decodes a text telemetry message (`type` event or alert). Throws on anything else. */
export function parseTelemetryText(text: string): TelemetryMessage {
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null) throw new Error('text message is not a JSON object');
  const msg = value as Record<string, unknown>;
  if (msg.type === 'event' && typeof msg.event === 'string') {
    return {
      kind: 'event',
      event: msg.event,
      data: msg.data,
      timestamp: typeof msg.timestamp === 'number' ? msg.timestamp : undefined,
    };
  }
  if (msg.type === 'alert') {
    return { kind: 'alert', level: String(msg.level ?? 'unknown'), message: String(msg.message ?? '') };
  }
  throw new Error(`unknown text message type ${JSON.stringify(msg.type)}`);
}

export interface TelemetryClientOptions {
  url: string;
  /** First reconnect delay; doubles per failed attempt up to maxBackoffMs, reset by a good connection. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  connectTimeoutMs?: number;
  /** We send `{"command":"ping"}` this often: the game drops clients silent for 60 s. */
  keepaliveMs?: number;
  /** A server silent this long (the game pings every 30 s) is dead: drop and reconnect. */
  silenceTimeoutMs?: number;
  onMessage?: (message: TelemetryMessage) => void;
  logger?: Logger;
}

export interface TelemetryClient {
  readonly connected: boolean;
  /** Connections that were open and were lost (not counting our own stop()). */
  readonly disconnects: number;
  readonly messages: Readonly<Record<TelemetryMessageKind, number>>;
  /** Packets or text messages that could not be decoded. */
  readonly malformed: number;
  readonly lastFrame: TelemetryFrame | undefined;
  stop(): Promise<void>;
}

/** The URL as logs may show it: credentials and query (a proxy's token, say) left out. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparsable telemetry URL)';
  }
}

/** Connects to the game's telemetry WebSocket and stays connected: reconnects with backoff. */
export function startTelemetryClient(options: TelemetryClientOptions): TelemetryClient {
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const keepaliveMs = options.keepaliveMs ?? 25_000;
  const silenceTimeoutMs = options.silenceTimeoutMs ?? 75_000;
  const log = options.logger;
  const logUrl = shownUrl(options.url);

  let socket: WebSocket | undefined;
  let stopped = false;
  let connected = false;
  let disconnects = 0;
  let malformed = 0;
  let lastFrame: TelemetryFrame | undefined;
  let backoffMs = initialBackoffMs;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let keepaliveTimer: NodeJS.Timeout | undefined;
  let silenceTimer: NodeJS.Timeout | undefined;
  const messages: Record<TelemetryMessageKind, number> = { frame: 0, snapshot: 0, event: 0, alert: 0 };

  const heardFromServer = (ws: WebSocket): void => {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => {
      log?.warn({ 'url.full': logUrl }, 'telemetry socket silent, reconnecting');
      ws.terminate();
    }, silenceTimeoutMs);
  };

  const handle = (data: WebSocket.RawData, isBinary: boolean): void => {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let message: TelemetryMessage;
    try {
      message = isBinary ? parseTelemetryPacket(buffer) : parseTelemetryText(buffer.toString('utf8'));
    } catch (err) {
      malformed += 1;
      log?.debug({ err: (err as Error).message }, 'malformed telemetry message');
      return;
    }
    messages[message.kind] += 1;
    if (message.kind === 'frame') lastFrame = message.frame;
    options.onMessage?.(message);
  };

  const scheduleReconnect = (): void => {
    if (stopped) return;
    // Jitter keeps many exporters from reconnecting to a restarted game in lockstep.
    const delay = backoffMs * (0.8 + Math.random() * 0.4);
    backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    reconnectTimer = setTimeout(connect, delay);
  };

  function connect(): void {
    if (stopped) return;
    const ws = new WebSocket(options.url, { handshakeTimeout: options.connectTimeoutMs ?? 5_000 });
    socket = ws;
    ws.on('open', () => {
      connected = true;
      backoffMs = initialBackoffMs;
      log?.info({ 'url.full': logUrl }, 'telemetry connected');
      heardFromServer(ws);
      keepaliveTimer = setInterval(() => ws.send(JSON.stringify({ command: 'ping' })), keepaliveMs);
    });
    ws.on('message', (data, isBinary) => {
      heardFromServer(ws);
      handle(data, isBinary);
    });
    ws.on('ping', () => heardFromServer(ws));
    ws.on('error', (err) => log?.debug({ err: err.message }, 'telemetry socket error'));
    ws.on('close', () => {
      clearInterval(keepaliveTimer);
      clearTimeout(silenceTimer);
      if (connected && !stopped) {
        disconnects += 1;
        log?.warn({ 'url.full': logUrl, disconnects }, 'telemetry disconnected');
      }
      connected = false;
      if (socket === ws) socket = undefined;
      scheduleReconnect();
    });
  }

  connect();

  return {
    get connected() {
      return connected;
    },
    get disconnects() {
      return disconnects;
    },
    messages,
    get malformed() {
      return malformed;
    },
    get lastFrame() {
      return lastFrame;
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(reconnectTimer);
      clearInterval(keepaliveTimer);
      clearTimeout(silenceTimer);
      const ws = socket;
      if (!ws || ws.readyState === WebSocket.CLOSED) return;
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      ws.terminate();
      await closed;
    },
  };
}
