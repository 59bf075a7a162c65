import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../src/target/json-body.js';
import { parsePerformance } from '../../src/target/parse-performance.js';
import type { Sample } from '../../src/target/sample.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/contract/${name}`, import.meta.url), 'utf8'));

function sampleOf(body: unknown): Sample {
  const parsed = parsePerformance(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.sample;
}

/** A deep copy of the godot example with one value replaced. */
function godotWith(path: string[], value: unknown): unknown {
  const body = structuredClone(fixture('performance.godot.json')) as Record<string, unknown>;
  let node = body;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
  return body;
}

describe('parsePerformance: the contract examples', () => {
  it('reads the godot shape: float counts, percent strings, bytes, seconds', () => {
    const s = sampleOf(fixture('performance.godot.json'));
    expect(s.shape).toBe('godot');
    expect(s.timestampSeconds).toBe(1764913421.337);
    expect(s.engine).toEqual({
      fps: 90,
      processTimeSeconds: 0.0087,
      physicsProcessTimeSeconds: 0.0021,
      objects: 25871,
      resources: 612,
      nodes: 1843,
    });
    expect(s.memory).toEqual({ staticBytes: 398765432, staticMaxBytes: 431227904, dynamicBytes: 65536 });
    expect(s.cache.hitRatio).toBeCloseTo(0.9655, 10);
    expect(s.cache).toMatchObject({ sizeBytes: 64, entries: 1, evictions: 0 });
    // The godot shape has no security counters: unknown, with a reason, never 0.
    expect(s.security.authFailures).toBeUndefined();
    expect(s.unknown['security.auth_failures']).toMatch(/godot shape/);
    expect(Object.keys(s.unknown).sort()).toEqual([
      'security.active_tokens',
      'security.auth_failures',
      'security.blocked_ips',
      'security.rate_limit_violations',
    ]);
  });

  it('reads the documented shape: fractions and security counters', () => {
    const s = sampleOf(fixture('performance.documented.json'));
    expect(s.shape).toBe('documented');
    expect(s.cache).toEqual({ hitRatio: 0.85, sizeBytes: 1048576, entries: 42, evictions: 5 });
    expect(s.security).toEqual({
      authFailures: 3,
      rateLimitViolations: 12,
      activeTokens: 5,
      blockedIps: ['192.0.2.10'],
    });
    expect(s.memory.staticBytes).toBe(524288000);
    expect(s.engine.fps).toBe(90);
    expect(s.unknown).toEqual({});
  });

  it('treats static memory 0 of a release build as unknown, never as 0 bytes', () => {
    const s = sampleOf(fixture('performance.release-build.json'));
    expect(s.memory.staticBytes).toBeUndefined();
    expect(s.memory.staticMaxBytes).toBeUndefined();
    expect(s.unknown['memory.static']).toBe('reported as 0 (release build?)');
    expect(s.unknown['memory.static_max']).toBe('reported as 0 (release build?)');
    // The rest of the sample is still used.
    expect(s.engine.fps).toBe(72);
    expect(s.cache.hitRatio).toBe(0);
  });
});

describe('parsePerformance: defects leave one value unknown, not the sample', () => {
  it.each([
    ['missing field', ['engine', 'fps'], undefined, 'engine.fps', /"engine\.fps" missing/],
    ['null', ['engine', 'fps'], null, 'engine.fps', /is null/],
    ['string for a number', ['engine', 'fps'], '90', 'engine.fps', /string, not a number/],
    ['bool for a number', ['engine', 'nodes_in_use'], true, 'engine.nodes', /boolean, not a number/],
    ['negative count', ['engine', 'objects_in_use'], -1, 'engine.objects', /negative/],
    [
      'huge exponent (Infinity after JSON.parse)',
      ['memory', 'dynamic_memory_usage'],
      Infinity,
      'memory.dynamic',
      /non-finite/,
    ],
    [
      'percent not numeric',
      ['cache', 'l1_cache', 'hit_rate_percent'],
      'n/a',
      'cache.hit_ratio',
      /not a percentage/,
    ],
    [
      'percent out of range',
      ['cache', 'l1_cache', 'hit_rate_percent'],
      '120.00',
      'cache.hit_ratio',
      /outside 0\.\.100/,
    ],
    ['missing block', ['cache'], undefined, 'cache.hit_ratio', /block "cache" missing/],
    ['block of the wrong type', ['memory'], 'lots', 'memory.static', /"memory" is string, not an object/],
    ['zero timestamp', ['timestamp'], 0, 'timestamp', /not positive/],
  ] as const)('%s', (_label, path, value, field, reason) => {
    const s = sampleOf(godotWith([...path], value));
    expect(s.unknown[field]).toMatch(reason);
    // Everything else still there.
    if (field !== 'engine.fps') expect(s.engine.fps).toBe(90);
    if (!field.startsWith('memory')) expect(s.memory.staticBytes).toBe(398765432);
  });

  it('reads a percentage sent as a number as well as a string', () => {
    expect(sampleOf(godotWith(['cache', 'l1_cache', 'hit_rate_percent'], 93.1)).cache.hitRatio).toBeCloseTo(
      0.931,
    );
    expect(
      sampleOf(godotWith(['cache', 'l1_cache', 'hit_rate_percent'], '93.10')).cache.hitRatio,
    ).toBeCloseTo(0.931);
  });

  it('reads the documented fractions only in 0..1, and a blocked_ips list of strings only', () => {
    const body = structuredClone(fixture('performance.documented.json')) as {
      cache: Record<string, unknown>;
      security: Record<string, unknown>;
    };
    body.cache.hit_rate = 85;
    body.security.blocked_ips = ['192.0.2.1', 7];
    const s = sampleOf(body);
    expect(s.unknown['cache.hit_ratio']).toMatch(/outside 0\.\.1/);
    expect(s.unknown['security.blocked_ips']).toMatch(/non-string/);
    expect(s.security.authFailures).toBe(3);
  });

  it('reads non-finite literals the engine may write (inf, nan) as unknown values', () => {
    const text = readFileSync(new URL('../fixtures/contract/performance.godot.json', import.meta.url), 'utf8')
      .replace('"fps": 90.0', '"fps": inf')
      .replace('"process_time": 0.0087', '"process_time": -nan');
    const json = parseJsonBody(text);
    expect(json.ok).toBe(true);
    const s = sampleOf(json.ok ? json.value : undefined);
    expect(s.unknown['engine.fps']).toMatch(/non-finite \(inf\)/);
    expect(s.unknown['engine.process_time']).toMatch(/non-finite \(-nan\)/);
    expect(s.engine.nodes).toBe(1843);
  });

  it.each([
    ['null', null],
    ['an array', [1, 2]],
    ['a number', 42],
    ['a string', 'ok'],
  ])('rejects a body that is %s as a whole (bad_shape)', (_label, body) => {
    const parsed = parsePerformance(body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(/expected a JSON object/);
  });

  it('reads an empty object as a sample whose every value is unknown', () => {
    const s = sampleOf({});
    expect(s.shape).toBe('godot');
    expect(s.unknown['engine.fps']).toMatch(/block "engine" missing/);
    expect(s.unknown.timestamp).toMatch(/missing/);
  });
});

describe('parseJsonBody', () => {
  it('parses JSON whatever it looks like around it and rejects HTML', () => {
    expect(parseJsonBody(' {"a":1}\n')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonBody('<html>Not found</html>').ok).toBe(false);
    expect(parseJsonBody('Not found').ok).toBe(false);
    expect(parseJsonBody('{"a":').ok).toBe(false);
  });

  it('leaves strings that spell inf or nan alone', () => {
    expect(parseJsonBody('{"s":"inf nan","n":nan}')).toMatchObject({ ok: true, value: { s: 'inf nan' } });
  });
});
