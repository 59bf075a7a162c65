/**
 * The numbers the dashboards draw as lines and colour steps. They are the alert thresholds of
 * DESIGN.md, so what turns red on a dashboard is what pages someone.
 */
export const FPS_TARGET = 90;
export const FPS_BELOW_TARGET = 85;
export const FPS_CRITICAL = 45;
/** One frame at 90 Hz, in milliseconds. */
export const FRAME_BUDGET_MS = 11.11;
/** 10 and 12 GiB: the SpaceTimeHighMemory and SpaceTimeMemoryExhaustion rules count in 1024^3. */
const GiB = 1024 ** 3;
export const MEMORY_HIGH_BYTES = 10 * GiB;
export const MEMORY_EXHAUSTED_BYTES = 12 * GiB;
export const PROBE_SLA_SECONDS = 0.2;
export const LATENCY_P95_HIGH_SECONDS = 0.5;
export const SCENE_LOAD_SLOW_SECONDS = 3;
export const DAY_SECONDS = 86_400;
