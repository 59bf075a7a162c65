import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeMetrics, renderMetricsMarkdown } from '../../src/exporter/metrics-doc.js';
import { projectRoot } from '../support/cli.js';

const docsFile = join(projectRoot, 'docs/metrics.md');

describe('docs/metrics.md', () => {
  it('is what the code exposes (regenerate with UPDATE_METRICS_DOCS=1)', async () => {
    const rendered = await renderMetricsMarkdown();
    if (process.env.UPDATE_METRICS_DOCS === '1') await writeFile(docsFile, rendered);
    expect(await readFile(docsFile, 'utf8')).toBe(rendered);
  });

  it('lists every metric of the DESIGN table with its type', async () => {
    const types = new Map((await describeMetrics()).map((m) => [m.name, m.type]));
    const table: Record<string, string> = {
      spacetime_up: 'gauge',
      spacetime_auth_ok: 'gauge',
      spacetime_probe_duration_seconds: 'histogram',
      spacetime_probe_http_status_code: 'gauge',
      spacetime_fps: 'gauge',
      spacetime_process_time_seconds: 'gauge',
      spacetime_physics_process_time_seconds: 'gauge',
      spacetime_objects: 'gauge',
      spacetime_resources: 'gauge',
      spacetime_nodes: 'gauge',
      spacetime_memory_bytes: 'gauge',
      spacetime_process_resident_memory_bytes: 'gauge',
      spacetime_process_cpu_seconds_total: 'counter',
      spacetime_process_start_time_seconds: 'gauge',
      spacetime_cache_hit_ratio: 'gauge',
      spacetime_cache_size_bytes: 'gauge',
      spacetime_cache_entries: 'gauge',
      spacetime_cache_evictions_total: 'counter',
      spacetime_auth_failures_total: 'counter',
      spacetime_rate_limit_violations_total: 'counter',
      spacetime_active_tokens: 'gauge',
      spacetime_blocked_ips: 'gauge',
      spacetime_sample_timestamp_seconds: 'gauge',
      spacetime_token_expiry_timestamp_seconds: 'gauge',
      spacetime_tls_cert_expiry_timestamp_seconds: 'gauge',
      spacetime_vr_initialized: 'gauge',
      spacetime_vr_headset_connected: 'gauge',
      spacetime_scene_loads_total: 'counter',
      spacetime_scene_load_duration_seconds: 'histogram',
      spacetime_http_requests_total: 'counter',
      spacetime_http_request_duration_seconds: 'histogram',
      spacetime_telemetry_connected: 'gauge',
      spacetime_telemetry_disconnects_total: 'counter',
      spacetime_log_events_total: 'counter',
      spacetime_build_info: 'gauge',
      spacetime_field_available: 'gauge',
      spacetime_probe_errors_total: 'counter',
    };
    for (const [name, type] of Object.entries(table)) expect(types.get(name), name).toBe(type);
  });
});
