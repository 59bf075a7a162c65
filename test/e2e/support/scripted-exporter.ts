import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What a scripted game does per second. Healthy values unless a scenario overrides them while
 * faulty. Rates are per second; the ticker turns them into counter increments.
 */
export interface GameBehaviour {
  up: number;
  authOk: number;
  fps: number;
  staticBytes: number;
  residentBytes: number;
  residentGrowthPerSecond: number;
  cpuCoresUsed: number;
  restarts: boolean;
  headsetConnected: number;
  certDaysLeft: number;
  tokenSecondsLeft: number;
  sampleAgeSeconds: number;
  requestsPerSecond: number;
  errorRatio: number;
  requestSeconds: number;
  sceneLoadsPerSecond: number;
  sceneLoadSeconds: number;
  sceneFailuresPerSecond: number;
  rateLimitPerSecond: number;
  authFailuresPerSecond: number;
  telemetryDisconnectsPerSecond: number;
  scrapeFails: boolean;
}

const GiB = 1024 ** 3;

export const HEALTHY: GameBehaviour = {
  up: 1,
  authOk: 1,
  fps: 90,
  staticBytes: 2 * GiB,
  residentBytes: 3 * GiB,
  residentGrowthPerSecond: 0,
  cpuCoresUsed: 0.2,
  restarts: false,
  headsetConnected: 1,
  certDaysLeft: 90,
  tokenSecondsLeft: 3600,
  sampleAgeSeconds: 0,
  requestsPerSecond: 20,
  errorRatio: 0,
  requestSeconds: 0.05,
  sceneLoadsPerSecond: 0,
  sceneLoadSeconds: 1,
  sceneFailuresPerSecond: 0,
  rateLimitPerSecond: 0,
  authFailuresPerSecond: 0,
  telemetryDisconnectsPerSecond: 0,
  scrapeFails: false,
};

class ScriptedGame {
  readonly registry = new Registry();
  fault: Partial<GameBehaviour> | undefined;
  private readonly started = Date.now() / 1000;
  private startTime = this.started - 3600;
  private resident = HEALTHY.residentBytes;
  // Fractions of events carried between ticks so low rates still count.
  private carry = new Map<string, number>();
  private readonly m;

  constructor() {
    const registers = [this.registry];
    const gauge = (name: string, labelNames: string[] = []): Gauge =>
      new Gauge({ name, help: name, labelNames, registers });
    const counter = (name: string, labelNames: string[] = []): Counter =>
      new Counter({ name, help: name, labelNames, registers });
    this.m = {
      up: gauge('spacetime_up'),
      authOk: gauge('spacetime_auth_ok'),
      fps: gauge('spacetime_fps'),
      memory: gauge('spacetime_memory_bytes', ['type']),
      resident: gauge('spacetime_process_resident_memory_bytes'),
      cpu: counter('spacetime_process_cpu_seconds_total'),
      startTime: gauge('spacetime_process_start_time_seconds'),
      headset: gauge('spacetime_vr_headset_connected'),
      cert: gauge('spacetime_tls_cert_expiry_timestamp_seconds'),
      token: gauge('spacetime_token_expiry_timestamp_seconds'),
      sampleTs: gauge('spacetime_sample_timestamp_seconds'),
      requests: counter('spacetime_http_requests_total', ['method', 'route', 'code']),
      requestSeconds: new Histogram({
        name: 'spacetime_http_request_duration_seconds',
        help: 'request duration',
        labelNames: ['method', 'route'],
        registers,
      }),
      sceneLoads: counter('spacetime_scene_loads_total', ['result']),
      sceneSeconds: new Histogram({
        name: 'spacetime_scene_load_duration_seconds',
        help: 'scene load duration',
        buckets: [0.5, 1, 2, 3, 5, 10, 30],
        registers,
      }),
      rateLimit: counter('spacetime_rate_limit_violations_total'),
      authFailures: counter('spacetime_auth_failures_total'),
      disconnects: counter('spacetime_telemetry_disconnects_total'),
    };
    // Counters exist at zero from the first scrape, so increase() sees the first events.
    for (const result of ['loaded', 'failed', 'timeout']) this.m.sceneLoads.inc({ result }, 0);
    for (const code of ['200', '500']) this.m.requests.inc({ method: 'GET', route: '/performance', code }, 0);
    this.tick(0);
  }

  get behaviour(): GameBehaviour {
    return { ...HEALTHY, ...this.fault };
  }

  setFault(fault: Partial<GameBehaviour> | undefined): void {
    if (fault?.restarts && !this.fault?.restarts) this.startTime = Date.now() / 1000;
    this.fault = fault;
  }

  private events(key: string, perSecond: number, dt: number): number {
    const total = (this.carry.get(key) ?? 0) + perSecond * dt;
    const whole = Math.floor(total);
    this.carry.set(key, total - whole);
    return whole;
  }

  tick(dt: number): void {
    const b = this.behaviour;
    const now = Date.now() / 1000;
    const { m } = this;
    m.up.set(b.up);
    m.authOk.set(b.authOk);
    m.fps.set(b.fps);
    m.memory.set({ type: 'static' }, b.staticBytes);
    m.memory.set({ type: 'static_max' }, b.staticBytes * 1.2);
    this.resident = b.residentGrowthPerSecond
      ? this.resident + b.residentGrowthPerSecond * dt
      : b.residentBytes;
    m.resident.set(this.resident);
    m.cpu.inc(b.cpuCoresUsed * dt);
    m.startTime.set(this.startTime);
    m.headset.set(b.headsetConnected);
    m.cert.set(now + b.certDaysLeft * 86400);
    m.token.set(now + b.tokenSecondsLeft);
    m.sampleTs.set(now - b.sampleAgeSeconds);
    const requests = this.events('requests', b.requestsPerSecond, dt);
    const errors = this.events('errors', b.requestsPerSecond * b.errorRatio, dt);
    m.requests.inc(
      { method: 'GET', route: '/performance', code: '200' },
      requests - Math.min(errors, requests),
    );
    m.requests.inc({ method: 'GET', route: '/performance', code: '500' }, Math.min(errors, requests));
    for (let i = 0; i < requests; i += 1)
      m.requestSeconds.observe({ method: 'GET', route: '/performance' }, b.requestSeconds);
    const loads = this.events('loads', b.sceneLoadsPerSecond, dt);
    m.sceneLoads.inc({ result: 'loaded' }, loads);
    for (let i = 0; i < loads; i += 1) m.sceneSeconds.observe(b.sceneLoadSeconds);
    m.sceneLoads.inc({ result: 'failed' }, this.events('failed', b.sceneFailuresPerSecond, dt));
    m.rateLimit.inc(this.events('rateLimit', b.rateLimitPerSecond, dt));
    m.authFailures.inc(this.events('authFailures', b.authFailuresPerSecond, dt));
    m.disconnects.inc(this.events('disconnects', b.telemetryDisconnectsPerSecond, dt));
  }
}

export interface ScriptedExporter {
  /** host:port, for Prometheus' /probe relabelling. */
  readonly address: string;
  setFault(instance: string, fault: Partial<GameBehaviour> | undefined): void;
  stop(): Promise<void>;
}

/**
 * Serves /probe?target=NAME like `spacetime-monitor exporter`, for scripted games whose
 * behaviour a test sets directly. Metrics are built with prom-client, as the exporter builds them.
 */
export async function startScriptedExporter(instances: readonly string[]): Promise<ScriptedExporter> {
  const games = new Map(instances.map((name) => [name, new ScriptedGame()]));
  let last = Date.now();
  const ticker = setInterval(() => {
    const now = Date.now();
    for (const game of games.values()) game.tick((now - last) / 1000);
    last = now;
  }, 100);

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const game = url.pathname === '/probe' ? games.get(url.searchParams.get('target') ?? '') : undefined;
    if (!game) return void res.writeHead(404).end('unknown target\n');
    if (game.behaviour.scrapeFails) return void res.writeHead(503).end('scripted scrape failure\n');
    game.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': game.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    address: `127.0.0.1:${port}`,
    setFault(instance, fault) {
      const game = games.get(instance);
      if (!game) throw new Error(`no scripted game ${instance}`);
      game.setFault(fault);
    },
    async stop() {
      clearInterval(ticker);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
