/**
 * The numbers the dashboards draw as lines and colour steps. They are the alert thresholds of
 * DESIGN.md, so what turns red on a dashboard is what pages someone.
 */
export const FPS_TARGET = 90;
export const FPS_BELOW_TARGET = 85;
export const FPS_CRITICAL = 45;
/** One frame at 90 Hz, in milliseconds. */
export const FRAME_BUDGET_MS = 11.11;
/** Decimal gigabytes, as DESIGN.md and the health monitor's `--memory 10000` (MB) count them. */
export const MEMORY_HIGH_BYTES = 10e9;
export const MEMORY_EXHAUSTED_BYTES = 12e9;
export const PROBE_SLA_SECONDS = 0.2;
export const LATENCY_P95_HIGH_SECONDS = 0.5;
export const SCENE_LOAD_SLOW_SECONDS = 3;
export const DAY_SECONDS = 86_400;
