/** The alerting area's public surface: what the health monitor, the exporter and the CLI use. */
export {
  createAlertDispatcher,
  type AlertDispatcher,
  type AlertingStats,
  type DeliveryCounters,
  type DestinationStats,
  type DispatcherOptions,
} from './dispatcher.js';
export {
  createDestination,
  DestinationError,
  parseDestinationUrl,
  type DestinationSpec,
} from './destination.js';
export {
  alertingSchema,
  destinationSpecs,
  dispatcherOptionsFromConfig,
  type AlertingConfig,
} from './config.js';
export { alertId, type AlertEvent, type AlertState, type Severity } from './event.js';
export { sendTestAlert, testAlert, type TestResult } from './test-alert.js';
