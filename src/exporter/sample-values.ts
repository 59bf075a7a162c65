import type { Sample, SampleField } from '../target/sample.js';

/**
 * Every field of a sample as one number (or unknown), keyed by the `field` label of
 * spacetime_field_available. The exporter reads values only through this map, so a gauge and its
 * availability flag can never disagree. A release build's 0 static memory is already unknown here:
 * the client (src/target/parse-performance.ts) never turns it into 0 bytes.
 */
export function sampleValues(sample: Sample): Record<SampleField, number | undefined> {
  // The client drops a release build's 0 static memory; the 0 dynamic memory that comes with it
  // in the same answer is the same "not tracked", not an empty heap.
  const untracked = sample.memory.staticBytes === undefined && sample.memory.dynamicBytes === 0;
  return {
    timestamp: sample.timestampSeconds,
    'engine.fps': sample.engine.fps,
    'engine.process_time': sample.engine.processTimeSeconds,
    'engine.physics_process_time': sample.engine.physicsProcessTimeSeconds,
    'engine.objects': sample.engine.objects,
    'engine.resources': sample.engine.resources,
    'engine.nodes': sample.engine.nodes,
    'memory.static': sample.memory.staticBytes,
    'memory.static_max': sample.memory.staticMaxBytes,
    'memory.dynamic': untracked ? undefined : sample.memory.dynamicBytes,
    'cache.hit_ratio': sample.cache.hitRatio,
    'cache.size_bytes': sample.cache.sizeBytes,
    'cache.entries': sample.cache.entries,
    'cache.evictions': sample.cache.evictions,
    'security.auth_failures': sample.security.authFailures,
    'security.rate_limit_violations': sample.security.rateLimitViolations,
    'security.active_tokens': sample.security.activeTokens,
    'security.blocked_ips': sample.security.blockedIps?.length,
  };
}
