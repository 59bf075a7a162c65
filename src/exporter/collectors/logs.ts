import { Counter, Histogram } from 'prom-client';
import type { LogCounters, LogObservation } from '../../logs/counters.js';
import type { Collector, CollectorEnv } from '../collector.js';
import { mirrorCounter } from '../metric-values.js';

/** Around the 3 s "scene load slow" rule and the game's 30 s load timeout. */
const SCENE_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60];
/** Around the 500 ms p95 latency rule. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The game's log files, through the log pipeline's counters (src/logs/counters.ts): scene loads,
 * HTTP traffic from the access log, headset disconnects, and every event by source and level.
 * Counts are read from the pipeline's snapshot at each scrape; durations are observed as the
 * pipeline reports them, so the histograms hold exactly the observations made since the exporter
 * subscribed. Routes and methods arrive already bounded (src/logs/route.ts). Auth failures and
 * rate-limit hits are exported by the security collector, which chooses between game and logs.
 */
export function logsCollector({ registry, targetName }: CollectorEnv, counters: LogCounters): Collector {
  const target = { target: targetName };
  const registers = [registry];
  const sceneLoads = new Counter({
    name: 'spacetime_scene_loads_total',
    help: 'Scene loads seen in the console log, by result (requested, loaded, timeout, failed).',
    labelNames: ['target', 'result'],
    registers,
  });
  const sceneSeconds = new Histogram({
    name: 'spacetime_scene_load_duration_seconds',
    help: 'Duration of scene loads that finished (loaded or timed out), from the console log.',
    labelNames: ['target'],
    buckets: SCENE_BUCKETS,
    registers,
  });
  const requests = new Counter({
    name: 'spacetime_http_requests_total',
    help: 'Requests served by the game API, from the access log, by method, normalized route and status code.',
    labelNames: ['target', 'method', 'route', 'code'],
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'spacetime_http_request_duration_seconds',
    help: 'Request time of the game API, from the access log, by method and normalized route.',
    labelNames: ['target', 'method', 'route'],
    buckets: REQUEST_BUCKETS,
    registers,
  });
  const headsetDisconnects = new Counter({
    name: 'spacetime_vr_headset_disconnects_total',
    help: 'Headset disconnects seen in the console VR lines.',
    labelNames: ['target'],
    registers,
  });
  const framesDropped = new Counter({
    name: 'spacetime_vr_frames_dropped_total',
    help: 'Frames the game reported dropped (VRPerformanceMonitor console lines).',
    labelNames: ['target'],
    registers,
  });
  const events = new Counter({
    name: 'spacetime_log_events_total',
    help: 'Events parsed from the tailed logs, by source and level.',
    labelNames: ['target', 'source', 'level'],
    registers,
  });
  const parseFailures = new Counter({
    name: 'spacetime_log_parse_failures_total',
    help: 'Log lines no parser understood, by source (kept and shipped as raw messages).',
    labelNames: ['target', 'source'],
    registers,
  });

  const observe = (o: LogObservation): void => {
    if (o.kind === 'scene_load' && o.result !== 'requested' && o.durationSeconds !== undefined) {
      sceneSeconds.observe(target, o.durationSeconds);
    } else if (o.kind === 'http_request' && o.durationSeconds !== undefined) {
      requestSeconds.observe({ ...target, method: o.method, route: o.route }, o.durationSeconds);
    }
  };
  const unsubscribe = counters.onObservation(observe);

  return {
    source: 'logs',
    async collect(): Promise<void> {
      const stats = counters.snapshot();
      for (const [result, count] of Object.entries(stats.sceneLoads)) {
        mirrorCounter(sceneLoads, { ...target, result }, count);
      }
      requests.reset();
      for (const r of stats.httpRequests) {
        mirrorCounter(requests, { ...target, method: r.method, route: r.route, code: r.code }, r.count);
      }
      mirrorCounter(headsetDisconnects, target, stats.headsetDisconnects);
      mirrorCounter(framesDropped, target, stats.framesDropped);
      events.reset();
      for (const e of stats.events)
        mirrorCounter(events, { ...target, source: e.source, level: e.level }, e.count);
      parseFailures.reset();
      for (const [source, count] of Object.entries(stats.parseFailures)) {
        mirrorCounter(parseFailures, { ...target, source }, count);
      }
    },
    async close(): Promise<void> {
      unsubscribe();
    },
  };
}
