import { Counter, Gauge, Histogram } from 'prom-client';
import { FAILURE_KINDS } from '../../target/failure.js';
import { SAMPLE_FIELDS, type SampleField } from '../../target/sample.js';
import type { Collector, CollectorEnv, ScrapeContext } from '../collector.js';
import { mirrorCounter, setOrRemove } from '../metric-values.js';
import { sampleValues } from '../sample-values.js';

/** Buckets around the game's 200 ms health-check SLA, up to the longest response timeout. */
const PROBE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 1, 2, 5, 10];

/** Gauges fed by exactly one sample field each; the `field` is also the availability label. */
const FIELD_GAUGES: { field: SampleField; name: string; help: string }[] = [
  {
    field: 'timestamp',
    name: 'spacetime_sample_timestamp_seconds',
    help: "The game's own clock in its last sample (Unix seconds); a frozen value behind a live API means a stalled game.",
  },
  {
    field: 'engine.fps',
    name: 'spacetime_fps',
    help: 'Frames per second rendered by the game (engine.fps).',
  },
  {
    field: 'engine.process_time',
    name: 'spacetime_process_time_seconds',
    help: 'Time spent in the last idle frame (engine.process_time).',
  },
  {
    field: 'engine.physics_process_time',
    name: 'spacetime_physics_process_time_seconds',
    help: 'Time spent in the last physics frame (engine.physics_process_time).',
  },
  { field: 'engine.objects', name: 'spacetime_objects', help: 'Objects in use (engine.objects_in_use).' },
  {
    field: 'engine.resources',
    name: 'spacetime_resources',
    help: 'Resources in use (engine.resources_in_use).',
  },
  { field: 'engine.nodes', name: 'spacetime_nodes', help: 'Scene-tree nodes in use (engine.nodes_in_use).' },
  {
    field: 'cache.hit_ratio',
    name: 'spacetime_cache_hit_ratio',
    help: "The game's cache hit ratio, 0 to 1 (either cache shape).",
  },
  { field: 'cache.size_bytes', name: 'spacetime_cache_size_bytes', help: "Bytes held by the game's cache." },
  { field: 'cache.entries', name: 'spacetime_cache_entries', help: "Entries in the game's cache." },
];

const MEMORY_TYPES: { field: SampleField; type: string }[] = [
  { field: 'memory.static', type: 'static' },
  { field: 'memory.static_max', type: 'static_max' },
  { field: 'memory.dynamic', type: 'dynamic' },
];

/**
 * The `/performance` poll: whether the game answered usably, how fast, and every engine, memory and
 * cache field of the sample. When the poll fails, every per-field series is removed (spacetime_up
 * says why there is nothing), and each field's availability drops to 0.
 */
export function performanceCollector({ registry, targetName }: CollectorEnv): Collector {
  const target = { target: targetName };
  const registers = [registry];
  const up = new Gauge({
    name: 'spacetime_up',
    help: 'Whether the last poll of /performance got a usable sample (1) or not (0).',
    labelNames: ['target'],
    registers,
  });
  const authOk = new Gauge({
    name: 'spacetime_auth_ok',
    help: 'Whether the last poll was accepted (1) or refused with 401/403 or had no token (0); absent when the game did not answer.',
    labelNames: ['target'],
    registers,
  });
  const duration = new Histogram({
    name: 'spacetime_probe_duration_seconds',
    help: 'Latency of polls of /performance, one observation per request to the game.',
    labelNames: ['target'],
    buckets: PROBE_BUCKETS,
    registers,
  });
  const statusCode = new Gauge({
    name: 'spacetime_probe_http_status_code',
    help: 'HTTP status of the last poll of /performance; absent when no HTTP answer came.',
    labelNames: ['target'],
    registers,
  });
  const errors = new Counter({
    name: 'spacetime_probe_errors_total',
    help: 'Failed polls of /performance by failure kind.',
    labelNames: ['target', 'kind'],
    registers,
  });
  const available = new Gauge({
    name: 'spacetime_field_available',
    help: 'Whether the last sample carried a usable value for this field (1) or not (0): missing, null, wrong type, non-finite, or 0 static memory of a release build.',
    labelNames: ['target', 'field'],
    registers,
  });
  const memory = new Gauge({
    name: 'spacetime_memory_bytes',
    help: 'Game memory by type: static (in use), static_max (peak since start, not a limit), dynamic (Godot 4: message-buffer peak).',
    labelNames: ['target', 'type'],
    registers,
  });
  const evictions = new Counter({
    name: 'spacetime_cache_evictions_total',
    help: "Evictions from the game's cache since the game started.",
    labelNames: ['target'],
    registers,
  });
  const fieldGauges = FIELD_GAUGES.map((g) => ({
    ...g,
    gauge: new Gauge({ name: g.name, help: g.help, labelNames: ['target'], registers }),
  }));

  // Every kind starts at 0 so rate() and increase() see the first failure of each kind.
  for (const kind of FAILURE_KINDS) errors.inc({ ...target, kind }, 0);

  return {
    source: 'performance',
    async collect(ctx: ScrapeContext): Promise<void> {
      const result = await ctx.poll();
      if (await ctx.pollIsNew()) {
        duration.observe(target, result.durationSeconds);
        if (!result.ok) errors.inc({ ...target, kind: result.failure.kind });
      }
      up.set(target, result.ok ? 1 : 0);
      setOrRemove(statusCode, target, result.statusCode);
      const refused =
        !result.ok && (result.failure.kind === 'auth_refused' || result.failure.kind === 'token_unavailable');
      setOrRemove(authOk, target, refused ? 0 : result.statusCode !== undefined || result.ok ? 1 : undefined);

      const values = result.ok ? sampleValues(result.sample) : undefined;
      for (const field of SAMPLE_FIELDS)
        available.set({ ...target, field }, values?.[field] === undefined ? 0 : 1);
      for (const g of fieldGauges) setOrRemove(g.gauge, target, values?.[g.field]);
      for (const m of MEMORY_TYPES) setOrRemove(memory, { ...target, type: m.type }, values?.[m.field]);
      mirrorCounter(evictions, target, values?.['cache.evictions']);
    },
  };
}
