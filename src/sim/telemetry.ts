import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import { godotStringify, type GodotJson } from './godot-json.js';

export interface FrameSample {
  frame: number;
  fps: number;
  frameMs: number;
  physicsMs: number;
}

/** Type 0x01: 17 bytes big-endian: type, uint32 frame, float32 fps, float32 frame ms, float32 physics ms. */
export function framePacket(s: FrameSample): Buffer {
  const b = Buffer.alloc(17);
  b.writeUInt8(0x01, 0);
  b.writeUInt32BE(s.frame >>> 0, 1);
  b.writeFloatBE(s.fps, 5);
  b.writeFloatBE(s.frameMs, 9);
  b.writeFloatBE(s.physicsMs, 13);
  return b;
}

/** Type 0x02: type, uint32 uncompressed length, uint32 compressed length, gzip JSON. */
export function compressedPacket(value: GodotJson): Buffer {
  const raw = Buffer.from(godotStringify(value), 'utf8');
  const zipped = gzipSync(raw);
  const head = Buffer.alloc(9);
  head.writeUInt8(0x02, 0);
  head.writeUInt32BE(raw.length, 1);
  head.writeUInt32BE(zipped.length, 5);
  return Buffer.concat([head, zipped]);
}

/**
 * The game's telemetry WebSocket: pings every `pingMs`, drops a client silent for `idleMs`, answers
 * `{"command":"ping"}`. Broadcasting costs nothing while nobody is connected.
 */
export class TelemetryServer {
  private readonly lastSeen = new Map<WebSocket, number>();
  private readonly pinger: NodeJS.Timeout;
  onConnect: ((ws: WebSocket) => void) | undefined;

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
    readonly port: number,
    pingMs: number,
    private readonly idleMs: number,
  ) {
    wss.on('connection', (ws) => this.connected(ws));
    this.pinger = setInterval(() => this.pingAll(), pingMs);
    this.pinger.unref();
  }

  static async start(host: string, port: number, pingMs: number, idleMs: number): Promise<TelemetryServer> {
    const wss = new WebSocketServer({ host, port });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    wss.on('error', () => undefined);
    const address = wss.address() as AddressInfo;
    return new TelemetryServer(wss, `ws://${host}:${address.port}`, address.port, pingMs, idleMs);
  }

  get clientCount(): number {
    return this.lastSeen.size;
  }

  broadcast(data: Buffer | GodotJson): void {
    if (this.lastSeen.size === 0) return;
    const payload = Buffer.isBuffer(data) ? data : godotStringify(data);
    for (const ws of this.lastSeen.keys()) ws.send(payload);
  }

  /** `{"type":"event","event":...,"data":...,"timestamp":...}` */
  event(event: string, data: GodotJson): void {
    if (this.lastSeen.size === 0) return;
    this.broadcast({ type: 'event', event, data, timestamp: Date.now() / 1000 });
  }

  /** Cuts every client off without a close handshake (a crashed or flapping game). */
  dropAll(): void {
    for (const ws of this.lastSeen.keys()) ws.terminate();
    this.lastSeen.clear();
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private connected(ws: WebSocket): void {
    this.lastSeen.set(ws, Date.now());
    const seen = (): void => {
      if (this.lastSeen.has(ws)) this.lastSeen.set(ws, Date.now());
    };
    ws.on('pong', seen);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.lastSeen.delete(ws));
    ws.on('message', (data, isBinary) => {
      seen();
      if (isBinary) return;
      let command: unknown;
      try {
        command = (JSON.parse(data.toString()) as { command?: unknown }).command;
      } catch {
        command = undefined;
      }
      if (command === 'ping') ws.send(godotStringify({ type: 'pong', timestamp: Date.now() / 1000 }));
      else ws.send(godotStringify({ type: 'error', message: 'Unknown command' }));
    });
    this.onConnect?.(ws);
  }

  private pingAll(): void {
    const now = Date.now();
    for (const [ws, seen] of this.lastSeen) {
      if (now - seen > this.idleMs) {
        ws.terminate();
        this.lastSeen.delete(ws);
      } else {
        ws.ping();
      }
    }
  }
}
