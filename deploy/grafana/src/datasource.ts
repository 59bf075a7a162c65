import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DatasourceVariableBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * Every panel queries the datasource chosen in the `datasource` variable, so one dashboard reads
 * either the short-term Prometheus or the long-term VictoriaMetrics (both speak the Prometheus
 * query API). The uids match deploy/grafana/provisioning/datasources/datasources.yml.
 */
export const DATASOURCE_VARIABLE = 'datasource';
export const PROMETHEUS_UID = 'prometheus';
export const VICTORIAMETRICS_UID = 'victoriametrics';

export const datasourceRef: DataSourceRef = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` };

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Datasource')
    .type('prometheus')
    .current({ text: 'Prometheus', value: PROMETHEUS_UID });
}
