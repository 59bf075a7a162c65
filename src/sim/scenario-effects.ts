import { startCpuBurn } from './cpu-burn.js';
import { SCENES, type GameModel } from './game-model.js';
import type { RateLimiter } from './rate-limit.js';
import type { Rng } from './rng.js';
import type { ActiveScenario } from './scenarios.js';

const AUTH_STORM_IPS = ['192.0.2.10', '192.0.2.23', '198.51.100.7'];
/** After this many failures an address shows up in the documented shape's blocked_ips. */
const BLOCK_AFTER = 10;
const STORM_ENDPOINTS = ['/scene', '/scenes', '/scene/reload', '/scene/history'];

/** What a scenario may touch in a running game. */
export interface ScenarioHost {
  model: GameModel;
  limiter: RateLimiter;
  rng: Rng;
  /** False once another scenario replaced this one. */
  stillActive(): boolean;
  restart(): void;
  /** Serves an expired token; returns the undo. */
  expireToken(): () => void;
  authFailed(remote: string, endpoint: string, reason: string): void;
  rateLimited(remote: string, endpoint: string, limit: number, retryAfterSeconds: number): void;
  loadScene(path: string): void;
  headset(connected: boolean): void;
  dropTelemetry(): void;
  /** `each` rate times per second on the shared tick; without `each`, synthetic access-log lines. */
  perRate(ratePerSecond: number, each?: () => void, errorRatio?: number): void;
  /** Repeats until the scenario ends. */
  every(ms: number, fn: () => void): void;
  later(ms: number, fn: () => void): void;
  onUndo(step: () => void | Promise<void>): void;
}

/**
 * Starts the lasting effects of a scenario on the game model, logs and timers, registering how to
 * undo them. Per-request faults (hang, slow, http-500, bodies, error-burst's 500s) and the
 * listener (down, cert-expiring) are read by the simulator itself.
 */
export function applyScenarioEffects(host: ScenarioHost, scenario: ActiveScenario): void {
  const p = scenario.params;
  const { model } = host;
  switch (scenario.name) {
    case 'restart':
      host.restart();
      break;
    case 'low-fps':
      model.knobs.fpsTarget = p.fps ?? 40;
      host.onUndo(() => void (model.knobs.fpsTarget = 90));
      break;
    case 'fps-dip': {
      const dip = (): void => {
        model.knobs.fpsTarget = p.fps ?? 60;
        host.later(p.duration_ms ?? 2000, () => {
          if (host.stillActive()) model.knobs.fpsTarget = 90;
        });
      };
      dip();
      host.every(p.interval_ms ?? 10_000, dip);
      host.onUndo(() => void (model.knobs.fpsTarget = 90));
      break;
    }
    case 'memory-leak':
      model.knobs.leakBytesPerSecond = p.bytes_per_second ?? 200_000;
      host.onUndo(() => {
        model.knobs.leakBytesPerSecond = 0;
        model.leakedBytes = 0;
      });
      break;
    case 'memory-high':
      model.knobs.staticMemoryOverride = p.bytes;
      model.staticMemory = p.bytes ?? 0;
      host.onUndo(() => void (model.knobs.staticMemoryOverride = undefined));
      break;
    case 'auth-storm': {
      let n = 0;
      host.perRate(p.rate_per_s ?? 5, () => {
        const ip = AUTH_STORM_IPS[n++ % AUTH_STORM_IPS.length] ?? '192.0.2.10';
        model.security.authChecks += 1;
        host.authFailed(
          ip,
          n % 3 === 0 ? '/scene' : '/performance',
          n % 2 === 0 ? 'Invalid signature' : 'Token expired',
        );
        if (n / AUTH_STORM_IPS.length >= BLOCK_AFTER) model.blockedIps.add(ip);
      });
      break;
    }
    case 'rate-limit-storm': {
      // The storm has already emptied the buckets when it starts: real callers get 429 at once.
      for (const e of STORM_ENDPOINTS) while (host.limiter.take(e, Date.now()).ok);
      let n = 0;
      host.perRate(p.rate_per_s ?? 5, () => {
        const endpoint = STORM_ENDPOINTS[n++ % STORM_ENDPOINTS.length] ?? '/scene';
        const decision = host.limiter.take(endpoint, Date.now());
        if (!decision.ok) host.rateLimited('127.0.0.1', endpoint, decision.limit, decision.retryAfterSeconds);
      });
      break;
    }
    case 'scene-failures':
    case 'scene-slow': {
      const load = (): void => host.loadScene(host.rng.pick(SCENES.slice(1)));
      load();
      host.every(p.interval_ms ?? 5000, load);
      break;
    }
    case 'headset-disconnect':
      host.headset(false);
      host.onUndo(() => host.headset(true));
      break;
    case 'telemetry-flap':
      host.every(p.interval_ms ?? 5000, () => host.dropTelemetry());
      break;
    case 'high-traffic':
      host.perRate(p.rate_per_s ?? 300, undefined, 0.01);
      break;
    case 'error-burst':
      host.perRate(p.rate_per_s ?? 50, undefined, p.ratio ?? 0.2);
      break;
    case 'token-expired':
      host.onUndo(host.expireToken());
      break;
    case 'frozen-clock':
      model.knobs.frozenAtMs = Date.now();
      host.onUndo(() => void (model.knobs.frozenAtMs = undefined));
      break;
    case 'cpu-burn':
      host.onUndo(startCpuBurn(p.load ?? 0.9));
      break;
    default:
      break;
  }
}
