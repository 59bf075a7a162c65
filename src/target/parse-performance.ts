import { NonFinite } from './json-body.js';
import type { PerformanceShape, Sample, SampleField } from './sample.js';

export type PerformanceParse = { ok: true; sample: Sample } | { ok: false; reason: string };

type Lookup = { value: unknown } | { reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof NonFinite)
  );
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof NonFinite) return `non-finite (${value.literal})`;
  return typeof value;
}

/** Follows a path of object keys, saying precisely where it broke. */
function lookup(root: Record<string, unknown>, path: readonly string[]): Lookup {
  let current: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    const where = path.slice(0, i + 1).join('.');
    if (!isObject(current)) {
      const parent = path.slice(0, i).join('.');
      return { reason: `"${parent}" is ${typeName(current)}, not an object` };
    }
    if (!(key in current)) {
      return { reason: i === path.length - 1 ? `"${where}" missing` : `block "${where}" missing` };
    }
    current = current[key];
  }
  return { value: current };
}

type Check = (n: number) => string | undefined;
const nonNegative: Check = (n) => (n < 0 ? `negative (${n})` : undefined);
const positive: Check = (n) => (n <= 0 ? `not positive (${n})` : undefined);

/** Collects the values of one sample; each failed read records its reason instead of throwing. */
class SampleReader {
  readonly unknown: Sample['unknown'] = {};

  constructor(private readonly root: Record<string, unknown>) {}

  private fail(field: SampleField, reason: string): undefined {
    this.unknown[field] = reason;
    return undefined;
  }

  private raw(path: readonly string[]): Lookup {
    const found = lookup(this.root, path);
    if ('value' in found) {
      if (found.value === null) return { reason: `"${path.join('.')}" is null` };
      if (found.value instanceof NonFinite) {
        return { reason: `"${path.join('.')}" is non-finite (${found.value.literal})` };
      }
    }
    return found;
  }

  /** A number; counts may come as floats (1234.0), which JSON already reads as 1234. */
  number(field: SampleField, path: readonly string[], check: Check = nonNegative): number | undefined {
    const found = this.raw(path);
    if ('reason' in found) return this.fail(field, found.reason);
    const where = path.join('.');
    if (typeof found.value !== 'number')
      return this.fail(field, `"${where}" is ${typeName(found.value)}, not a number`);
    if (!Number.isFinite(found.value)) return this.fail(field, `"${where}" is non-finite`);
    const problem = check(found.value);
    return problem ? this.fail(field, `"${where}" is ${problem}`) : found.value;
  }

  /** Static memory is 0 in Godot release builds: that means "not tracked", never "0 bytes". */
  memory(field: SampleField, path: readonly string[]): number | undefined {
    const value = this.number(field, path);
    if (value === 0) return this.fail(field, 'reported as 0 (release build?)');
    return value;
  }

  /** A percentage the game writes as a string ("93.10"), normalized to a ratio 0..1. */
  percent(field: SampleField, path: readonly string[]): number | undefined {
    const found = this.raw(path);
    if ('reason' in found) return this.fail(field, found.reason);
    const where = path.join('.');
    let percent: number;
    if (typeof found.value === 'number') percent = found.value;
    else if (typeof found.value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(found.value)) {
      percent = Number(found.value);
    } else {
      const shown = typeof found.value === 'string' ? `"${found.value.slice(0, 20)}"` : typeName(found.value);
      return this.fail(field, `"${where}" is ${shown}, not a percentage`);
    }
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
      return this.fail(field, `"${where}" is ${percent}, outside 0..100`);
    }
    return percent / 100;
  }

  /** A fraction 0..1 (the documented shape's rates). */
  fraction(field: SampleField, path: readonly string[]): number | undefined {
    return this.number(field, path, (n) => (n < 0 || n > 1 ? `${n}, outside 0..1` : undefined));
  }

  strings(field: SampleField, path: readonly string[]): string[] | undefined {
    const found = this.raw(path);
    if ('reason' in found) return this.fail(field, found.reason);
    const where = path.join('.');
    if (!Array.isArray(found.value))
      return this.fail(field, `"${where}" is ${typeName(found.value)}, not a list`);
    if (!found.value.every((v) => typeof v === 'string')) {
      return this.fail(field, `"${where}" contains non-string entries`);
    }
    return found.value as string[];
  }

  absent(fields: readonly SampleField[], reason: string): undefined {
    for (const field of fields) this.fail(field, reason);
    return undefined;
  }
}

const DOCUMENTED_CACHE_KEYS = ['hit_rate', 'miss_rate', 'total_size_bytes', 'entry_count', 'eviction_count'];
const DOCUMENTED_SECURITY_KEYS = ['rate_limit_violations', 'auth_failures', 'active_tokens', 'blocked_ips'];

/** The godot shape is what the game's code emits; the documented shape is what old docs describe. */
export function detectShape(root: Record<string, unknown>): PerformanceShape {
  const hasAny = (block: unknown, keys: string[]) => isObject(block) && keys.some((k) => k in block);
  if (hasAny(root.cache, DOCUMENTED_CACHE_KEYS) || hasAny(root.security, DOCUMENTED_SECURITY_KEYS)) {
    return 'documented';
  }
  return 'godot';
}

/**
 * Normalizes a parsed `/performance` body of either shape into one Sample (bytes, seconds, ratios).
 * Only a body that is not a JSON object at all is rejected; every other defect makes that one value
 * unknown, with its reason in `sample.unknown`.
 */
export function parsePerformance(body: unknown): PerformanceParse {
  if (!isObject(body)) return { ok: false, reason: `expected a JSON object, got ${typeName(body)}` };
  const shape = detectShape(body);
  const r = new SampleReader(body);

  const sample: Sample = {
    shape,
    timestampSeconds: r.number('timestamp', ['timestamp'], positive),
    engine: {
      fps: r.number('engine.fps', ['engine', 'fps']),
      processTimeSeconds: r.number('engine.process_time', ['engine', 'process_time']),
      physicsProcessTimeSeconds: r.number('engine.physics_process_time', ['engine', 'physics_process_time']),
      objects: r.number('engine.objects', ['engine', 'objects_in_use']),
      resources: r.number('engine.resources', ['engine', 'resources_in_use']),
      nodes: r.number('engine.nodes', ['engine', 'nodes_in_use']),
    },
    memory: {
      staticBytes: r.memory('memory.static', ['memory', 'static_memory_usage']),
      staticMaxBytes: r.memory('memory.static_max', ['memory', 'static_memory_max']),
      dynamicBytes: r.number('memory.dynamic', ['memory', 'dynamic_memory_usage']),
    },
    cache:
      shape === 'godot'
        ? {
            hitRatio: r.percent('cache.hit_ratio', ['cache', 'l1_cache', 'hit_rate_percent']),
            sizeBytes: r.number('cache.size_bytes', ['cache', 'l1_cache', 'bytes']),
            entries: r.number('cache.entries', ['cache', 'l1_cache', 'size']),
            evictions: r.number('cache.evictions', ['cache', 'l1_cache', 'evictions']),
          }
        : {
            hitRatio: r.fraction('cache.hit_ratio', ['cache', 'hit_rate']),
            sizeBytes: r.number('cache.size_bytes', ['cache', 'total_size_bytes']),
            entries: r.number('cache.entries', ['cache', 'entry_count']),
            evictions: r.number('cache.evictions', ['cache', 'eviction_count']),
          },
    security:
      shape === 'godot'
        ? (r.absent(
            [
              'security.auth_failures',
              'security.rate_limit_violations',
              'security.active_tokens',
              'security.blocked_ips',
            ],
            'not reported in the godot shape (the console and audit logs carry it)',
          ) ?? {})
        : {
            authFailures: r.number('security.auth_failures', ['security', 'auth_failures']),
            rateLimitViolations: r.number('security.rate_limit_violations', [
              'security',
              'rate_limit_violations',
            ]),
            activeTokens: r.number('security.active_tokens', ['security', 'active_tokens']),
            blockedIps: r.strings('security.blocked_ips', ['security', 'blocked_ips']),
          },
    unknown: r.unknown,
  };
  return { ok: true, sample };
}
