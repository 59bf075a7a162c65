import { setTimeout as sleep } from 'node:timers/promises';
import { ApiServer, type Outcome, type Reply, type RequestContext } from './api-server.js';
import { routeRequest, type GameApi } from './api-routes.js';
import type { ControlServer } from './control-server.js';
import { GameModel, SCENES, TRACKERS } from './game-model.js';
import { godotStringify, float } from './godot-json.js';
import { header, type RawRequest } from './http-request.js';
import { GameTokens } from './game-tokens.js';
import { LogFiles } from './log-files.js';
import {
  accessLine,
  auditLine,
  engineError,
  engineLine,
  serverLine,
  type AuditResult,
} from './log-format.js';
import type { RequestStats, ScenarioParams, Simulator, SimulatorOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { createRng, type Rng } from './rng.js';
import { applyScenarioEffects } from './scenario-effects.js';
import { resolveScenario, type ActiveScenario } from './scenarios.js';
import { syntheticAccessLines } from './synthetic-traffic.js';
import { compressedPacket, framePacket, TelemetryServer } from './telemetry.js';
import { onTick, TICK_MS } from './ticker.js';
import { certificateExpiringIn } from './tls-cert.js';

const MAX_STAT_KEYS = 200;

type Listener = { kind: 'http' } | { kind: 'https'; days: number } | { kind: 'none' };

/** One simulated game: its HTTP API, logs, telemetry socket, token and scenario. */
export class GameSimulator implements Simulator, GameApi {
  readonly pid = process.pid;
  /** Replaced on restart. */
  model: GameModel;
  readonly limiter = new RateLimiter();
  readonly shape: 'godot' | 'documented';
  readonly logDir: string | undefined;
  caPem: string | undefined;

  private readonly rng: Rng;
  private readonly logs: LogFiles;
  private readonly server: ApiServer;
  private readonly host: string;
  private readonly tokens: GameTokens;
  private readonly releaseBuild: boolean;
  private telemetry: TelemetryServer | undefined;
  private telemetryConfig: { port: number; pingMs: number; idleMs: number } | undefined;
  private active: ActiveScenario = { name: 'healthy', params: {} };
  /** Undo steps of the active scenario's effects. */
  private undo: (() => void | Promise<void>)[] = [];
  private perTick: ((dt: number, now: number) => void)[] = [];
  private listener: Listener = { kind: 'none' };
  private transition: Promise<void> = Promise.resolve();
  private readonly untick: () => void;
  private readonly requests = new Map<string, number>();
  private total = 0;
  private burstCount = 0;
  private ticks = 0;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private boundPort: number;
  private control: ControlServer | undefined;

  private constructor(options: SimulatorOptions, seed: number) {
    this.host = options.host ?? '127.0.0.1';
    this.shape = options.shape ?? 'godot';
    this.releaseBuild = options.quirks?.releaseBuild ?? false;
    this.tokens = new GameTokens(
      options.tokenFile,
      options.tokenTtlSeconds ?? 3600,
      options.quirks?.separatePerformanceToken ?? false,
    );
    this.logDir = options.logDir;
    this.logs = new LogFiles(options.logDir);
    this.rng = createRng(seed);
    this.model = new GameModel(this.rng, this.releaseBuild);
    this.boundPort = options.port ?? 8080;
    this.server = new ApiServer({
      handle: (ctx) => this.handle(ctx),
      served: (ctx, reply, bytes, seconds) => this.served(ctx, reply, bytes, seconds),
    });
    this.untick = onTick((dt, now) => this.tick(dt, now));
  }

  static async start(options: SimulatorOptions = {}, seedOffset = 0): Promise<GameSimulator> {
    const sim = new GameSimulator(options, (options.seed ?? 42) + seedOffset);
    try {
      const initial = options.scenario
        ? resolveScenario(options.scenario, options.scenarioParams)
        : undefined;
      sim.tokens.issue();
      await sim.setListener(
        initial?.name === 'cert-expiring'
          ? { kind: 'https', days: initial.params.days ?? 5 }
          : { kind: 'http' },
        options.port ?? 8080,
      );
      if (options.telemetryPort !== undefined) {
        sim.telemetryConfig = {
          port: options.telemetryPort,
          pingMs: options.telemetryPingMs ?? 30_000,
          idleMs: options.telemetryIdleMs ?? 60_000,
        };
        await sim.setTelemetry(true);
      }
      sim.boot();
      if (initial) sim.setScenario(initial.name, initial.params);
      for (const step of options.timeline ?? []) {
        sim.later(step.at * 1000, () => sim.setScenario(step.scenario, step.params));
      }
      await sim.whenSettled();
      return sim;
    } catch (err) {
      await sim.stop();
      throw err;
    }
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `${this.listener.kind === 'https' ? 'https' : 'http'}://${this.host}:${this.boundPort}`;
  }

  get telemetryUrl(): string | undefined {
    return this.telemetryConfig && `ws://${this.host}:${this.telemetryConfig.port}`;
  }

  get controlUrl(): string | undefined {
    return this.control?.url;
  }

  /** The control port of a single simulator; closed with it. */
  attachControl(control: ControlServer): void {
    this.control = control;
  }

  currentToken(): string {
    return this.tokens.jwt;
  }

  performanceToken(): string | undefined {
    return this.tokens.performanceHex;
  }

  scenario(): { name: string; params: Record<string, number> } {
    return { name: this.active.name, params: { ...this.active.params } };
  }

  nowMs(): number {
    return Date.now();
  }

  stats(): RequestStats {
    return { total: this.total, requests: Object.fromEntries(this.requests) };
  }

  reopenLogs(): void {
    if (!this.stopped) this.logs.reopen();
  }

  /** Resolves once the listener changes of every scenario switch so far are done. */
  whenSettled(): Promise<void> {
    return this.transition;
  }

  setScenario(name: string, params?: ScenarioParams): void {
    const next = resolveScenario(name, params);
    if (this.stopped) return;
    this.transition = this.transition
      .then(() => this.switchTo(next))
      .catch((err: unknown) => {
        this.logs.console(
          engineError('ERROR', `Simulator: scenario ${next.name} failed: ${String(err)}`, 'simulator'),
        );
      });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.transition;
    await this.control?.close();
    this.untick();
    for (const t of this.timers) clearTimeout(t);
    await this.clearEffects();
    await this.server.close();
    await this.telemetry?.close();
    this.logs.audit(auditLine(new Date(), 'INFO', 'SYSTEM', '/', 'SHUTDOWN', 'HttpApiServer stopped'));
    this.logs.close();
  }

  // ---- GameApi (used by the routes) ----

  authorize(request: RawRequest, endpoint: string, remote: string): boolean {
    const performance = endpoint === '/performance';
    // `/performance` reads only the exact header name; the other routes go through a lenient lookup.
    const value = header(request, 'Authorization', performance);
    let reason: string | undefined;
    let token = '';
    if (value === undefined) reason = 'Missing Authorization header';
    else if (!value.startsWith('Bearer ')) reason = 'Invalid Authorization header format';
    else {
      token = value.slice('Bearer '.length).trim();
      reason = this.tokens.refusal(token, performance);
    }
    this.model.authChecked(token, reason === undefined);
    if (reason !== undefined) this.authFailed(remote, endpoint, reason);
    return reason === undefined;
  }

  audit(
    level: 'INFO' | 'WARN' | 'ERROR',
    remote: string,
    endpoint: string,
    result: AuditResult,
    details: string,
  ): void {
    this.logs.audit(auditLine(new Date(), level, remote, endpoint, result, details));
  }

  rateLimited(remote: string, endpoint: string, limit: number, retryAfterSeconds: number): void {
    this.model.rateLimitViolations += 1;
    this.audit(
      'WARN',
      remote,
      endpoint,
      'RATE_LIMIT',
      `Rate limit exceeded: ${limit} req/min, retry after ${retryAfterSeconds.toFixed(1)}s`,
    );
  }

  loadScene(path: string): void {
    const { name, params } = this.active;
    this.logs.console(`[SceneRouter] Scene load requested: ${path}`);
    if (name === 'scene-failures') {
      this.later(20, () => this.sceneFailed(path));
      return;
    }
    const duration =
      name === 'scene-slow'
        ? Math.round((params.duration_ms ?? 4500) * (0.95 + 0.1 * this.rng.next()))
        : 600 + Math.round(this.rng.next() * 1400);
    // The load is reported at once with its simulated duration, so tests need not wait for it.
    this.later(20, () => {
      this.model.sceneLoaded(path, duration, new Date());
      this.logs.console(`[SceneLoadMonitor] Scene loaded: ${this.model.scene?.name ?? ''} in ${duration}ms`);
    });
  }

  reloadScene(): void {
    if (this.model.scene) this.loadScene(this.model.scene.path);
  }

  // ---- requests ----

  private async handle(ctx: RequestContext): Promise<Outcome> {
    const { name, params } = this.active;
    // A stalled main loop neither logs nor answers.
    if (name === 'hang') return 'park';
    const { request } = ctx;
    const headers = Object.fromEntries(request.headers);
    this.logs.console(
      serverLine(
        new Date(),
        `HTTP Request: ${godotStringify({ headers, method: request.method, path: request.path })}`,
      ),
    );
    if (name === 'slow') await sleep(params.delay_ms ?? 1000);
    if (name === 'http-500') return this.internalError();
    // /performance keeps answering, so an error burst is not mistaken for the API being down.
    if (name === 'error-burst' && request.path !== '/performance') {
      this.burstCount += 1;
      if (this.burstCount % Math.max(1, Math.round(1 / (params.ratio ?? 0.2))) === 0) {
        return this.internalError();
      }
    }
    const reply = routeRequest(this, request, ctx.remote, ctx.bodyTooLarge);
    const monitored = reply.status === 200 && (request.path === '/performance' || request.path === '/status');
    if (!monitored) return reply;
    return this.faultBody(reply) ?? reply;
  }

  private faultBody(reply: Reply): Reply | undefined {
    const { name, params } = this.active;
    const body = Buffer.from(reply.body);
    if (name === 'garbage-body') {
      return { status: 200, body: `<html><body>GodotTPD\u0000\u00ff{"engine": {fps: 90.0,,}}\n` };
    }
    if (name === 'truncated-body') {
      return {
        status: 200,
        body: body.subarray(0, Math.floor(body.length / 2)),
        declaredLength: body.length,
      };
    }
    if (name === 'huge-body') {
      // Still valid JSON with sorted keys: a debug dump the game added, first in key order.
      const size = Math.max(params.bytes ?? 2 * 1024 * 1024, body.length + 64);
      const filler = 'x'.repeat(size - body.length);
      return { status: 200, body: `{"_debug_dump":"${filler}",${body.subarray(1).toString('utf8')}` };
    }
    return undefined;
  }

  private internalError(): Reply {
    this.logs.console(
      engineError(
        'SCRIPT ERROR',
        "Invalid call. Nonexistent function 'get_stats' in base 'Nil'.",
        '_on_request (res://scripts/http_api/http_api_server.gd:154)',
        [
          '_on_request (res://scripts/http_api/http_api_server.gd:154)',
          '_handle_request (res://addons/godottpd/http_server.gd:212)',
        ],
      ),
    );
    return {
      status: 500,
      body: godotStringify({ error: 'Internal Server Error', message: 'Request handler failed' }),
    };
  }

  private served(ctx: RequestContext, reply: Reply, bytes: number, seconds: number): void {
    const { request } = ctx;
    let key = `${request.method} ${request.path}`;
    if (!this.requests.has(key) && this.requests.size >= MAX_STAT_KEYS) key = `${request.method} (other)`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    this.total += 1;
    this.logs.access(
      accessLine({
        at: new Date(),
        remote: ctx.remote,
        method: request.method,
        target: request.target,
        status: reply.status,
        bytes,
        referer: header(request, 'Referer'),
        userAgent: header(request, 'User-Agent'),
        requestTimeSeconds: seconds,
      }),
    );
  }

  // ---- start ----

  /** What the game logs and loads as it starts: start lines, VR devices, the main scene. */
  private boot(): void {
    const now = new Date();
    const lines = [
      serverLine(now, `HTTP Server listening on ${this.url}`),
      `[HttpApiServer] API TOKEN: ${this.tokens.jwt}`,
    ];
    if (this.tokens.performanceHex) {
      lines.push(`[SecurityOptimized] API token generated: ${this.tokens.performanceHex}`);
    }
    lines.push(
      `[HttpApiServer] Rate limiting enabled (scene: 30/min, reload: 20/min, scenes: 60/min, history: 100/min)`,
      engineLine(now, 'INFO', 'VRManager', 'Initializing VR Manager...'),
      ...TRACKERS.map((t) =>
        engineLine(now, 'INFO', 'VRManager', `Tracker added: ${t.name} (type: ${t.type})`),
      ),
      engineLine(now, 'INFO', 'VRManager', 'VR mode initialized successfully'),
    );
    this.logs.console(...lines);
    this.audit('INFO', 'SYSTEM', '/', 'STARTUP', 'HttpApiServer started');
    const duration = 1200 + Math.round(this.rng.next() * 400);
    this.model.sceneLoaded(SCENES[0], duration, new Date());
    this.logs.console(`[SceneLoadMonitor] Scene loaded: main in ${duration}ms`);
  }

  /** A game restart: new secret and token, fresh state, start lines, telemetry clients cut off. */
  private restart(): void {
    this.audit('INFO', 'SYSTEM', '/', 'SHUTDOWN', 'HttpApiServer stopped');
    this.logs.console('[HttpApiServer] Shutting down HTTP API server');
    this.tokens.issue();
    this.model = new GameModel(this.rng, this.releaseBuild);
    this.limiter.reset();
    this.telemetry?.dropAll();
    this.boot();
  }

  private authFailed(remote: string, endpoint: string, reason: string): void {
    this.model.authFailures += 1;
    this.logs.console(`[Security] Auth failed: ${reason}`);
    this.audit('WARN', remote, endpoint, 'AUTH_FAILURE', reason);
  }

  // ---- scenarios ----

  private async setListener(next: Listener, port: number): Promise<void> {
    const same =
      next.kind === this.listener.kind &&
      (next.kind !== 'https' || (this.listener.kind === 'https' && this.listener.days === next.days));
    if (same) return;
    if (this.listener.kind !== 'none') await this.server.close();
    this.listener = { kind: 'none' };
    if (next.kind === 'none') return;
    let tlsOptions: { key: string; cert: string } | undefined;
    if (next.kind === 'https') {
      const material = await certificateExpiringIn(next.days);
      tlsOptions = { key: material.key, cert: material.cert };
      this.caPem = material.cert;
    } else {
      this.caPem = undefined;
    }
    this.boundPort = await this.server.listen(this.host, port, tlsOptions);
    this.listener = next;
  }

  private async setTelemetry(up: boolean): Promise<void> {
    const config = this.telemetryConfig;
    if (!config || up === (this.telemetry !== undefined)) return;
    if (!up) {
      const t = this.telemetry;
      this.telemetry = undefined;
      await t?.close();
      return;
    }
    const t = await TelemetryServer.start(this.host, config.port, config.pingMs, config.idleMs);
    config.port = t.port;
    t.onConnect = (ws) => {
      // A new client gets the VR state and a full snapshot at once, not after the next period.
      ws.send(godotStringify(this.vrEvent()));
      ws.send(compressedPacket(this.model.performance(this.shape, Date.now())));
    };
    this.telemetry = t;
  }

  private async clearEffects(): Promise<void> {
    const undo = this.undo.reverse();
    this.undo = [];
    this.perTick = [];
    for (const step of undo) await step();
  }

  private async switchTo(next: ActiveScenario): Promise<void> {
    if (this.stopped) return;
    await this.clearEffects();
    this.active = next.name === 'restart' ? { name: 'healthy', params: {} } : next;
    const p = next.params;
    this.logs.console(`[Simulator] Scenario: ${next.name}`);
    const listener: Listener =
      next.name === 'down'
        ? { kind: 'none' }
        : next.name === 'cert-expiring'
          ? { kind: 'https', days: p.days ?? 5 }
          : { kind: 'http' };
    await this.setListener(listener, this.boundPort);
    // A game that is down has no telemetry socket either.
    await this.setTelemetry(next.name !== 'down');
    this.burstCount = 0;
    applyScenarioEffects(
      {
        model: this.model,
        limiter: this.limiter,
        rng: this.rng,
        stillActive: () => this.active === next,
        restart: () => this.restart(),
        expireToken: () => this.tokens.expire(),
        authFailed: (remote, endpoint, reason) => this.authFailed(remote, endpoint, reason),
        rateLimited: (remote, endpoint, limit, retry) => this.rateLimited(remote, endpoint, limit, retry),
        loadScene: (path) => this.loadScene(path),
        headset: (connected) => this.headset(connected),
        dropTelemetry: () => this.telemetry?.dropAll(),
        perRate: (rate, each, errorRatio) => this.perRate(rate, each, errorRatio),
        every: (ms, fn) => this.every(ms, fn),
        later: (ms, fn) => this.later(ms, fn),
        onUndo: (step) => this.undo.push(step),
      },
      next,
    );
  }

  private sceneFailed(path: string): void {
    this.logs.console(
      engineError(
        'ERROR',
        `Failed to load resource '${path.replace(/\.tscn$/, '')}/terrain.glb'.`,
        '_load (core/io/resource_loader.cpp:283)',
        [
          `_load_scene (res://scripts/core/scene_router.gd:118)`,
          `_on_scene_requested (res://scripts/core/scene_router.gd:64)`,
        ],
      ),
      `[SceneLoadMonitor] Scene load timed out after 30.0 seconds: ${path}`,
    );
    this.audit('ERROR', '127.0.0.1', '/scene', 'FAILURE', `load timed out: ${path}`);
  }

  private headset(connected: boolean): void {
    const now = new Date();
    const vr = this.model.vr;
    if (vr.headsetConnected === connected) return;
    vr.headsetConnected = connected;
    vr.initialized = connected;
    vr.mode = connected ? 1 : 2;
    if (connected) {
      this.logs.console(
        ...TRACKERS.map((t) =>
          engineLine(now, 'INFO', 'VRManager', `Tracker added: ${t.name} (type: ${t.type})`),
        ),
        engineLine(now, 'INFO', 'VRManager', 'VR mode initialized successfully'),
      );
    } else {
      this.logs.console(
        engineLine(now, 'WARN', 'VRManager', 'HMD disconnected - consider enabling desktop fallback'),
        ...TRACKERS.map((t) =>
          engineLine(now, 'INFO', 'VRManager', `Tracker removed: ${t.name} (type: ${t.type})`),
        ),
      );
    }
    this.telemetry?.broadcast(this.vrEvent());
  }

  private vrEvent(): {
    type: string;
    event: string;
    data: { [k: string]: boolean | number | string[] };
    timestamp: number;
  } {
    const vr = this.model.vr;
    return {
      type: 'event',
      event: 'vr_tracking',
      data: {
        headset_connected: vr.headsetConnected,
        vr_mode: vr.mode,
        trackers: vr.headsetConnected ? TRACKERS.map((t) => t.name) : [],
      },
      timestamp: Date.now() / 1000,
    };
  }

  /**
   * Runs `each` `ratePerSecond` times per second on the shared tick, or (without `each`) writes
   * that many synthetic access-log lines with `errorRatio` of them 5xx.
   */
  private perRate(ratePerSecond: number, each: (() => void) | undefined, errorRatio = 0): void {
    let owed = 0;
    this.perTick.push((dt, now) => {
      owed += ratePerSecond * dt;
      const n = Math.floor(owed);
      owed -= n;
      if (n === 0) return;
      if (each) for (let i = 0; i < n; i++) each();
      else this.logs.access(...syntheticAccessLines(this.rng, n, new Date(now), errorRatio));
    });
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, Math.max(10, ms));
    this.undo.push(() => clearInterval(t));
  }

  private tick(dt: number, now: number): void {
    this.model.tick(dt);
    for (const f of this.perTick) f(dt, now);
    const m = this.model;
    if (m.fps < 85 && this.rng.next() < 0.3) {
      const ms = Math.round((2000 / m.fps + this.rng.next() * 5) * 10) / 10;
      this.logs.console(`[VRPerformanceMonitor] Frame dropped! (${ms} ms)`);
      this.telemetry?.broadcast({ type: 'alert', level: 'warning', message: `Frame dropped! (${ms} ms)` });
    }
    const t = this.telemetry;
    // A stalled main loop sends nothing.
    if (!t || t.clientCount === 0 || this.active.name === 'hang') return;
    this.ticks += 1;
    t.broadcast(
      framePacket({ frame: m.frame, fps: m.fps, frameMs: 1000 / m.fps, physicsMs: m.physicsTime * 1000 }),
    );
    const perSecond = Math.round(1000 / TICK_MS);
    if (this.ticks % perSecond === 0) {
      t.event('fps', { fps: float(m.fps), frame_time_ms: float(Math.round(100_000 / m.fps) / 100) });
    }
    if (this.ticks % (5 * perSecond) === 0) t.broadcast(compressedPacket(m.performance(this.shape, now)));
  }
}
