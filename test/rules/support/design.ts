// The contract the rule file is held to, copied from /work/shared/DESIGN.md ("The 20 alert rules"
// and "Metrics"). Kept here because DESIGN.md is not in the repository.

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

/**
 * Metric families of the DESIGN.md table (histograms by family name), plus Prometheus' own `up`.
 * The exporter is built in parallel; until its output can be scraped in a test, rules are checked
 * against this list.
 */
export const DESIGN_METRICS: readonly string[] = [
  'up',
  'spacetime_up',
  'spacetime_auth_ok',
  'spacetime_probe_duration_seconds',
  'spacetime_probe_http_status_code',
  'spacetime_fps',
  'spacetime_process_time_seconds',
  'spacetime_physics_process_time_seconds',
  'spacetime_objects',
  'spacetime_resources',
  'spacetime_nodes',
  'spacetime_memory_bytes',
  'spacetime_process_resident_memory_bytes',
  'spacetime_process_cpu_seconds_total',
  'spacetime_process_start_time_seconds',
  'spacetime_cache_hit_ratio',
  'spacetime_cache_size_bytes',
  'spacetime_cache_entries',
  'spacetime_cache_evictions_total',
  'spacetime_auth_failures_total',
  'spacetime_rate_limit_violations_total',
  'spacetime_active_tokens',
  'spacetime_blocked_ips',
  'spacetime_sample_timestamp_seconds',
  'spacetime_token_expiry_timestamp_seconds',
  'spacetime_tls_cert_expiry_timestamp_seconds',
  'spacetime_vr_initialized',
  'spacetime_vr_headset_connected',
  'spacetime_scene_loads_total',
  'spacetime_scene_load_duration_seconds',
  'spacetime_http_requests_total',
  'spacetime_http_request_duration_seconds',
  'spacetime_telemetry_connected',
  'spacetime_telemetry_disconnects_total',
  'spacetime_log_events_total',
  'spacetime_build_info',
];
