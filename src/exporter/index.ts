export { DEFAULT_LISTEN, startExporter, type RunningExporter, type StartExporterOptions } from './start.js';
export { exporterSchema, type ExporterConfig } from './config.js';
export type { WebConfig } from './web-auth.js';
export { describeMetrics, renderMetricsMarkdown, type MetricDoc } from './metrics-doc.js';
