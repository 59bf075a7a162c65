/**
 * The normalized reading of one `/performance` answer, whatever shape the game sent.
 * Units are base units (bytes, seconds, ratios 0..1). A value the game did not send usably is
 * `undefined` and its field id is listed in `unknown` with the reason: consumers never see a
 * fake zero. Field ids are the `field` label of `spacetime_field_available`.
 */
export const SAMPLE_FIELDS = [
  'timestamp',
  'engine.fps',
  'engine.process_time',
  'engine.physics_process_time',
  'engine.objects',
  'engine.resources',
  'engine.nodes',
  'memory.static',
  'memory.static_max',
  'memory.dynamic',
  'cache.hit_ratio',
  'cache.size_bytes',
  'cache.entries',
  'cache.evictions',
  'security.auth_failures',
  'security.rate_limit_violations',
  'security.active_tokens',
  'security.blocked_ips',
] as const;

export type SampleField = (typeof SAMPLE_FIELDS)[number];

export type PerformanceShape = 'godot' | 'documented';

export interface Sample {
  /** Which of the contract's two shapes the body had. */
  shape: PerformanceShape;
  /** The game's own clock (Unix seconds); used to detect a frozen game behind a live API. */
  timestampSeconds?: number;
  engine: {
    fps?: number;
    processTimeSeconds?: number;
    physicsProcessTimeSeconds?: number;
    objects?: number;
    resources?: number;
    nodes?: number;
  };
  memory: {
    /** Static memory in use; unknown (not 0) in release builds, where Godot reports 0. */
    staticBytes?: number;
    /** Peak static memory since start (not a limit). */
    staticMaxBytes?: number;
    /** In Godot 4 this is the message-buffer peak, not heap. */
    dynamicBytes?: number;
  };
  cache: {
    hitRatio?: number;
    sizeBytes?: number;
    entries?: number;
    evictions?: number;
  };
  security: {
    /** Counters exist only in the documented shape. */
    authFailures?: number;
    rateLimitViolations?: number;
    activeTokens?: number;
    blockedIps?: string[];
  };
  /** Every field that is undefined above, with why (missing, null, wrong type, non-finite, ...). */
  unknown: Partial<Record<SampleField, string>>;
}

/** The public `/status` answer. */
export interface GameStatus {
  status?: string;
  httpApi?: string;
  environment?: string;
  apiVersion?: string;
  vrInitialized?: boolean;
  /** 1 = VR, 2 = desktop; absent when the game does not know yet. */
  vrMode?: number;
  autoloads: Record<string, 'loaded' | 'missing' | string>;
  /** Present only when the game hands it out (development builds). Never log it. */
  jwtToken?: string;
}
