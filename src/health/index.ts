/** The health monitor's public surface: what the CLI, `demo` and other areas use. */
export {
  startHealthMonitor,
  type ActiveAlert,
  type HealthMonitor,
  type HealthMonitorOptions,
  type TargetStats,
} from './monitor.js';
export { createHealthAlertSink, type AlertDeliveryOptions } from './alert-delivery.js';
export { logOnlySink, type AlertSink } from './alert-sink.js';
export { DEFAULT_THRESHOLDS, HEALTH_DEFAULTS } from './defaults.js';
export { exitCodeOf, type Verdict } from './verdict.js';
export { healthSchema, type HealthConfig } from './config.js';
export type { CheckReport } from './target-runner.js';
