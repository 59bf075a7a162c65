import type { LogEvent, LogLevel, LogSource } from './event.js';
import { normalizeMethod, normalizeRoute, routeSet } from './route.js';

/**
 * Counts what the alert rules need from the logs. The exporter turns these into prom-client
 * metrics: either read `snapshot()` on each scrape (counters, gauges, duration sums) or subscribe
 * with `onObservation` to feed histograms one observation at a time. Label values are bounded:
 * routes fold ids to `:id` and unknown paths to `other`, methods to a fixed set.
 */
export type SceneLoadResult = 'requested' | 'loaded' | 'timeout' | 'failed';

export type LogObservation =
  | { kind: 'log_event'; source: LogSource; level: LogLevel }
  | { kind: 'scene_load'; result: SceneLoadResult; durationSeconds?: number }
  | { kind: 'headset'; connected: boolean }
  | { kind: 'frame_dropped'; frameSeconds?: number }
  | { kind: 'auth_failure' }
  | { kind: 'rate_limit' }
  | { kind: 'http_request'; method: string; route: string; code: string; durationSeconds?: number }
  | { kind: 'telemetry_disconnect' }
  | { kind: 'parse_failure'; source: LogSource };

export interface HttpRequestStats {
  method: string;
  route: string;
  code: string;
  count: number;
  /** Sum and count of the requests that had a request time. */
  durationSecondsSum: number;
  durationCount: number;
}

export interface LogStats {
  sceneLoads: Record<SceneLoadResult, number>;
  /** Loaded and timed-out scene loads that carried a duration. */
  sceneLoadDurationSecondsSum: number;
  sceneLoadDurationCount: number;
  /** Undefined until a VR line told us. */
  headsetConnected: boolean | undefined;
  headsetDisconnects: number;
  framesDropped: number;
  authFailures: number;
  rateLimitHits: number;
  telemetryDisconnects: number;
  httpRequests: HttpRequestStats[];
  events: { source: LogSource; level: LogLevel; count: number }[];
  parseFailures: Partial<Record<LogSource, number>>;
}

export interface LogCountersOptions {
  /**
   * The audit log and the console both report auth failures and rate limits. When an audit source
   * is tailed, only its lines count, so one failure is not counted twice.
   */
  securityFrom?: 'audit' | 'console';
  /** Routes besides the game's own that keep their own label value. */
  extraRoutes?: readonly string[];
}

const SCENE_ACTIONS: Record<string, SceneLoadResult> = {
  'scene-load-requested': 'requested',
  'scene-loaded': 'loaded',
  'scene-load-timeout': 'timeout',
  'scene-load-failed': 'failed',
};

export class LogCounters {
  private readonly stats: Omit<LogStats, 'httpRequests' | 'events'> = {
    sceneLoads: { requested: 0, loaded: 0, timeout: 0, failed: 0 },
    sceneLoadDurationSecondsSum: 0,
    sceneLoadDurationCount: 0,
    headsetConnected: undefined,
    headsetDisconnects: 0,
    framesDropped: 0,
    authFailures: 0,
    rateLimitHits: 0,
    telemetryDisconnects: 0,
    parseFailures: {},
  };
  private readonly http = new Map<string, HttpRequestStats>();
  private readonly events = new Map<string, { source: LogSource; level: LogLevel; count: number }>();
  private readonly listeners = new Set<(o: LogObservation) => void>();
  private readonly routes: ReadonlySet<string>;
  private readonly securityFrom: 'audit' | 'console';

  constructor(options: LogCountersOptions = {}) {
    this.securityFrom = options.securityFrom ?? 'console';
    this.routes = routeSet(options.extraRoutes);
  }

  /** Subscribes to every observation; returns the unsubscribe function. */
  onObservation(listener: (o: LogObservation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A deep copy: callers may keep it. */
  snapshot(): LogStats {
    return structuredClone({
      ...this.stats,
      httpRequests: [...this.http.values()],
      events: [...this.events.values()],
    });
  }

  record(event: LogEvent): void {
    const source = event['event.dataset'].slice('spacetime.'.length) as LogSource;
    this.observe({ kind: 'log_event', source, level: event['log.level'] });
    if (event.tags?.includes('spacetime_parse_failure')) this.observe({ kind: 'parse_failure', source });

    const action = event['event.action'];
    const scene = SCENE_ACTIONS[action];
    if (scene) {
      const seconds = event['event.duration'] !== undefined ? event['event.duration'] / 1e9 : undefined;
      this.observe({
        kind: 'scene_load',
        result: scene,
        ...(seconds !== undefined ? { durationSeconds: seconds } : {}),
      });
    }
    if (source === 'vr') this.recordVr(event);

    const fromSecuritySource = this.securityFrom === 'audit' ? source === 'audit' : source !== 'audit';
    if (action === 'auth-failure' && fromSecuritySource) this.observe({ kind: 'auth_failure' });
    if (action === 'rate-limit' && fromSecuritySource) this.observe({ kind: 'rate_limit' });
    if (action === 'telemetry-client-disconnected') this.observe({ kind: 'telemetry_disconnect' });

    const status = event['http.response.status_code'];
    if (action === 'http-request' && status !== undefined) {
      const target = event['url.original'] ?? event['url.path'];
      this.observe({
        kind: 'http_request',
        method: normalizeMethod(event['http.request.method']),
        route: target ? normalizeRoute(target, this.routes) : 'other',
        code: String(status),
        ...(event['event.duration'] !== undefined ? { durationSeconds: event['event.duration'] / 1e9 } : {}),
      });
    }
  }

  private recordVr(event: LogEvent): void {
    const action = event['event.action'];
    const head = event.labels?.tracker === 'head';
    if (action === 'headset-disconnected' || (action === 'tracker-removed' && head)) {
      this.observe({ kind: 'headset', connected: false });
    } else if (
      action === 'headset-connected' ||
      action === 'vr-initialized' ||
      (action === 'tracker-added' && head)
    ) {
      this.observe({ kind: 'headset', connected: true });
    } else if (action === 'frame-dropped') {
      const d = event['event.duration'];
      this.observe({ kind: 'frame_dropped', ...(d !== undefined ? { frameSeconds: d / 1e9 } : {}) });
    }
  }

  private observe(o: LogObservation): void {
    const s = this.stats;
    switch (o.kind) {
      case 'log_event': {
        const key = `${o.source}|${o.level}`;
        const entry = this.events.get(key) ?? { source: o.source, level: o.level, count: 0 };
        entry.count += 1;
        this.events.set(key, entry);
        break;
      }
      case 'parse_failure':
        s.parseFailures[o.source] = (s.parseFailures[o.source] ?? 0) + 1;
        break;
      case 'scene_load':
        s.sceneLoads[o.result] += 1;
        if (o.durationSeconds !== undefined && o.result !== 'requested') {
          s.sceneLoadDurationSecondsSum += o.durationSeconds;
          s.sceneLoadDurationCount += 1;
        }
        break;
      case 'headset':
        // A disconnect is a change to "not connected": the HMD line and the head tracker's removal
        // that follows it are one disconnect, not two.
        if (!o.connected && s.headsetConnected !== false) s.headsetDisconnects += 1;
        s.headsetConnected = o.connected;
        break;
      case 'frame_dropped':
        s.framesDropped += 1;
        break;
      case 'auth_failure':
        s.authFailures += 1;
        break;
      case 'rate_limit':
        s.rateLimitHits += 1;
        break;
      case 'telemetry_disconnect':
        s.telemetryDisconnects += 1;
        break;
      case 'http_request': {
        const key = `${o.method} ${o.route} ${o.code}`;
        const entry = this.http.get(key) ?? {
          method: o.method,
          route: o.route,
          code: o.code,
          count: 0,
          durationSecondsSum: 0,
          durationCount: 0,
        };
        entry.count += 1;
        if (o.durationSeconds !== undefined) {
          entry.durationSecondsSum += o.durationSeconds;
          entry.durationCount += 1;
        }
        this.http.set(key, entry);
        break;
      }
    }
    for (const listener of this.listeners) listener(o);
  }
}
