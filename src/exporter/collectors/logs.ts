import { Counter } from 'prom-client';
import type { Collector, CollectorEnv } from '../collector.js';
import type { ReadLogFacts } from '../log-facts.js';
import { mirrorCounter } from '../metric-values.js';
import { MirroredHistogram } from '../mirrored-histogram.js';

/**
 * The game's log files, through the log pipeline's counters: scene loads, HTTP traffic from the
 * access log, headset disconnects, and every event by source and level. Auth failures and
 * rate-limit hits are exported by the security collector, which decides between the game and logs.
 */
export function logsCollector({ registry, targetName }: CollectorEnv, read: ReadLogFacts): Collector {
  const target = { target: targetName };
  const registers = [registry];
  const sceneLoads = new Counter({
    name: 'spacetime_scene_loads_total',
    help: 'Scene loads seen in the console log, by result (loaded, timeout, failed).',
    labelNames: ['target', 'result'],
    registers,
  });
  const sceneSeconds = new MirroredHistogram(
    registry,
    'spacetime_scene_load_duration_seconds',
    'Duration of completed scene loads, from the console log.',
    ['target'],
  );
  const requests = new Counter({
    name: 'spacetime_http_requests_total',
    help: 'Requests served by the game API, from the access log, by method, normalized route and status code.',
    labelNames: ['target', 'method', 'route', 'code'],
    registers,
  });
  const requestSeconds = new MirroredHistogram(
    registry,
    'spacetime_http_request_duration_seconds',
    'Request time of the game API, from the access log, by method and normalized route.',
    ['target', 'method', 'route'],
  );
  const headsetDisconnects = new Counter({
    name: 'spacetime_vr_headset_disconnects_total',
    help: 'Headset disconnects seen in the console VR lines.',
    labelNames: ['target'],
    registers,
  });
  const events = new Counter({
    name: 'spacetime_log_events_total',
    help: 'Events parsed from the tailed logs, by source and level.',
    labelNames: ['target', 'source', 'level'],
    registers,
  });

  return {
    source: 'logs',
    async collect(): Promise<void> {
      const facts = read();
      sceneLoads.reset();
      for (const s of facts.sceneLoads) mirrorCounter(sceneLoads, { ...target, result: s.result }, s.count);
      sceneSeconds.set(facts.sceneLoadSeconds ? [{ labels: target, tally: facts.sceneLoadSeconds }] : []);
      requests.reset();
      for (const r of facts.httpRequests) {
        mirrorCounter(requests, { ...target, method: r.method, route: r.route, code: r.code }, r.count);
      }
      requestSeconds.set(
        facts.httpRequestSeconds.map((r) => ({
          labels: { ...target, method: r.method, route: r.route },
          tally: r.tally,
        })),
      );
      mirrorCounter(headsetDisconnects, target, facts.headsetDisconnects);
      events.reset();
      for (const e of facts.events)
        mirrorCounter(events, { ...target, source: e.source, level: e.level }, e.count);
    },
  };
}
