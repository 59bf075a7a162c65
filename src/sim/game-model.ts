import { float, type GodotJson } from './godot-json.js';
import { localIsoNoZone } from './log-format.js';
import type { Rng } from './rng.js';

export const SCENES = [
  'res://scenes/main.tscn',
  'res://scenes/moon_base.tscn',
  'res://scenes/mars.tscn',
  'res://scenes/space_station.tscn',
  'res://scenes/vr_lobby.tscn',
  'res://scenes/asteroid_field.tscn',
] as const;

export const sceneName = (path: string): string => path.replace(/^.*\//, '').replace(/\.tscn$/, '');

export const TRACKERS = [
  { name: 'head', type: 1 },
  { name: 'left_hand', type: 2 },
  { name: 'right_hand', type: 2 },
] as const;

export interface SceneLoad {
  scene_path: string;
  scene_name: string;
  loaded_at: string;
  load_duration_ms: number;
}

const BASE_STATIC_MEMORY = 398_765_432;
const HISTORY_SIZE = 10;

/** What a scenario can turn; the model evolves around these. */
export interface ModelKnobs {
  fpsTarget: number;
  leakBytesPerSecond: number;
  staticMemoryOverride?: number;
  /** While set, /performance reports this instant as its `timestamp` (frozen-clock). */
  frozenAtMs?: number;
}

/**
 * The state of one running game: engine numbers evolving with seeded noise on the shared tick,
 * caches and security counters fed by the requests, scenes and VR devices.
 */
export class GameModel {
  readonly knobs: ModelKnobs = { fpsTarget: 90, leakBytesPerSecond: 0 };
  frame = 0;
  fps = 90;
  processTime = 0.0099;
  physicsTime = 0.0021;
  staticMemory = BASE_STATIC_MEMORY;
  staticMemoryMax = BASE_STATIC_MEMORY;
  leakedBytes = 0;
  dynamicMemory = 65_536;
  objects = 25_871;
  resources = 612;
  nodes = 1_843;
  // The l1 cache holds validated tokens: a repeated token is a hit (as in the contract's example).
  cache = { hits: 0, misses: 0, size: 0, bytes: 0, evictions: 0, sets: 0, invalidations: 0 };
  private readonly cachedTokens = new Set<string>();
  security = { authChecks: 0, authCacheHits: 0, whitelistChecks: 0, whitelistHits: 0 };
  authFailures = 0;
  rateLimitViolations = 0;
  readonly blockedIps = new Set<string>();
  scene: { path: string; name: string } | undefined;
  history: SceneLoad[] = [];
  vr = { initialized: true, mode: 1, headsetConnected: true };

  constructor(
    private readonly rng: Rng,
    private readonly releaseBuild = false,
  ) {}

  tick(dt: number): void {
    const k = this.knobs;
    const noise = Math.abs(this.rng.gauss()) * 1.2;
    this.fps = Math.max(1, Math.min(90, Math.round(k.fpsTarget - noise)));
    this.frame += Math.round(this.fps * dt);
    // _process takes most of the frame: process_time stays just under 1/fps.
    this.processTime = round((1 / this.fps) * (0.9 + 0.08 * this.rng.next()), 5);
    this.physicsTime = round(0.0021 + 0.0004 * this.rng.gauss() ** 2, 5);
    this.leakedBytes += k.leakBytesPerSecond * dt;
    const wander = Math.round(this.rng.gauss() * 20_000);
    const base = k.staticMemoryOverride ?? BASE_STATIC_MEMORY + this.leakedBytes;
    this.staticMemory = Math.max(0, Math.round(base + wander));
    this.staticMemoryMax = Math.max(this.staticMemoryMax, this.staticMemory);
    this.objects = Math.max(1000, this.objects + Math.round(this.rng.gauss() * 3));
  }

  /** One auth check with a token that verified (cache hit when seen before). */
  authChecked(token: string, valid: boolean): void {
    this.security.authChecks += 1;
    if (!valid) {
      this.cache.misses += 1;
      return;
    }
    if (this.cachedTokens.has(token)) {
      this.cache.hits += 1;
      this.security.authCacheHits += 1;
    } else {
      this.cache.misses += 1;
      this.cache.sets += 1;
      this.cachedTokens.add(token);
      this.cache.size = this.cachedTokens.size;
      this.cache.bytes = 64 * this.cachedTokens.size;
    }
  }

  sceneLoaded(path: string, durationMs: number, at: Date): void {
    this.scene = { path, name: sceneName(path) };
    this.history.unshift({
      scene_path: path,
      scene_name: sceneName(path),
      loaded_at: localIsoNoZone(at),
      load_duration_ms: durationMs,
    });
    this.history.length = Math.min(this.history.length, HISTORY_SIZE);
    this.nodes = 1500 + Math.round(this.rng.next() * 800);
    this.resources = 550 + Math.round(this.rng.next() * 200);
  }

  performance(shape: 'godot' | 'documented', nowMs: number): GodotJson {
    const engine = (counts: (n: number) => GodotJson): GodotJson => ({
      fps: float(this.fps),
      process_time: float(this.processTime),
      physics_process_time: float(this.physicsTime),
      objects_in_use: counts(this.objects),
      resources_in_use: counts(this.resources),
      nodes_in_use: counts(this.nodes),
    });
    const gets = this.cache.hits + this.cache.misses;
    // Release builds of Godot report 0 for every memory monitor.
    const mem = this.releaseBuild
      ? { static: 0, max: 0, dynamic: 0 }
      : { static: this.staticMemory, max: this.staticMemoryMax, dynamic: this.dynamicMemory };
    if (shape === 'documented') {
      return {
        timestamp: float((this.knobs.frozenAtMs ?? nowMs) / 1000),
        cache: {
          hit_rate: float(gets === 0 ? 0 : round(this.cache.hits / gets, 4)),
          miss_rate: float(gets === 0 ? 0 : round(this.cache.misses / gets, 4)),
          total_size_bytes: this.cache.bytes,
          entry_count: this.cache.size,
          eviction_count: this.cache.evictions,
        },
        security: {
          rate_limit_violations: this.rateLimitViolations,
          auth_failures: this.authFailures,
          active_tokens: this.cachedTokens.size,
          blocked_ips: [...this.blockedIps].sort(),
        },
        memory: {
          static_memory_usage: mem.static,
          static_memory_max: mem.max,
          dynamic_memory_usage: mem.dynamic,
        },
        engine: engine((n) => n),
      };
    }
    const s = this.security;
    return {
      timestamp: float((this.knobs.frozenAtMs ?? nowMs) / 1000),
      engine: engine(float),
      memory: {
        static_memory_usage: float(mem.static),
        static_memory_max: float(mem.max),
        dynamic_memory_usage: float(mem.dynamic),
      },
      cache: {
        l1_cache: {
          hits: this.cache.hits,
          misses: this.cache.misses,
          hit_rate_percent: percent(this.cache.hits, gets),
          size: this.cache.size,
          max_size: 100,
          bytes: this.cache.bytes,
          max_bytes: 10_485_760,
          evictions: this.cache.evictions,
        },
        operations: {
          total_gets: gets,
          total_sets: this.cache.sets,
          total_invalidations: this.cache.invalidations,
        },
      },
      security: {
        auth: {
          total_checks: s.authChecks,
          cache_hits: s.authCacheHits,
          hit_rate_percent: percent(s.authCacheHits, s.authChecks),
        },
        whitelist: {
          total_checks: s.whitelistChecks,
          cache_hits: s.whitelistHits,
          hit_rate_percent: percent(s.whitelistHits, s.whitelistChecks),
        },
      },
    };
  }

  status(token: string): GodotJson {
    return {
      status: 'healthy',
      http_api: 'active',
      environment: this.releaseBuild ? 'production' : 'development',
      api_version: '1.0.0',
      jwt_token: token,
      vr_initialized: this.vr.initialized,
      vr_mode: this.vr.mode,
      autoloads: {
        HttpApiServer: 'loaded',
        ResonanceEngine: 'loaded',
        SceneLoadMonitor: 'loaded',
        ServiceDiscovery: 'missing',
        SettingsManager: 'loaded',
        TelemetryServer: 'loaded',
      },
    };
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** The game writes percentages as strings with two decimals: "93.10". */
function percent(part: number, whole: number): string {
  return (whole === 0 ? 0 : (part / whole) * 100).toFixed(2);
}
