// The contract the rules and the exporter are held to, copied from the shared DESIGN.md ("The 20
// alert rules" and "Metrics"). Kept here because DESIGN.md is not in the repository; one copy
// serves every test that checks against it.

export type RuleSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** The 20 rules of the original setup, with the severity DESIGN.md gives each. */
export const DESIGN_RULES: Readonly<Record<string, RuleSeverity>> = {
  SpaceTimeAPIDown: 'critical',
  SpaceTimeLowFPS: 'critical',
  SpaceTimeSceneLoadFailures: 'critical',
  SpaceTimeMemoryExhaustion: 'critical',
  SpaceTimeFPSBelowTarget: 'high',
  SpaceTimeHighErrorRate: 'high',
  SpaceTimeHighMemory: 'high',
  SpaceTimeCertificateExpiringSoon: 'high',
  SpaceTimeVRHeadsetDisconnected: 'high',
  SpaceTimeRequestLatencyHigh: 'medium',
  SpaceTimeRateLimitViolations: 'medium',
  SpaceTimeAuthenticationFailures: 'medium',
  SpaceTimeTelemetryDisconnects: 'medium',
  SpaceTimeHighCPU: 'medium',
  SpaceTimeSceneLoadSlow: 'low',
  SpaceTimeMemoryGrowing: 'low',
  SpaceTimeHighRequestVolume: 'low',
  SpaceTimeCertificateExpiring30Days: 'low',
  SpaceTimePrometheusScrapeFailures: 'low',
  SpaceTimeServiceRestarted: 'info',
};

/** DESIGN.md's metric table: family name (histograms by family) → type. */
export const DESIGN_METRIC_TYPES: Readonly<Record<string, 'gauge' | 'counter' | 'histogram'>> = {
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
};

/** Every family a rule may use: the table, plus Prometheus' own `up`. */
export const DESIGN_METRICS: readonly string[] = ['up', ...Object.keys(DESIGN_METRIC_TYPES)];
