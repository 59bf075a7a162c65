import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUS_UID, VICTORIAMETRICS_UID } from '../../deploy/grafana/src/datasource.js';
import { projectRoot } from '../support/cli.js';

const dir = `${projectRoot}deploy/grafana/provisioning/`;

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
  isDefault?: boolean;
  jsonData?: { timeInterval?: string };
}

describe('Grafana provisioning', () => {
  const ds = parse(readFileSync(`${dir}datasources/datasources.yml`, 'utf8')) as {
    apiVersion: number;
    datasources: Datasource[];
  };

  it('provisions Prometheus (default) and VictoriaMetrics with the uids the dashboards use', () => {
    expect(ds.apiVersion).toBe(1);
    const byUid = new Map(ds.datasources.map((d) => [d.uid, d]));
    expect([...byUid.keys()].sort()).toEqual([PROMETHEUS_UID, VICTORIAMETRICS_UID].sort());
    expect(byUid.get(PROMETHEUS_UID)).toMatchObject({
      type: 'prometheus',
      url: 'http://127.0.0.1:9090',
      isDefault: true,
    });
    // VictoriaMetrics answers the Prometheus query API, so it is a datasource of type prometheus.
    expect(byUid.get(VICTORIAMETRICS_UID)).toMatchObject({
      type: 'prometheus',
      url: 'http://127.0.0.1:8428',
    });
    for (const d of ds.datasources) expect(d.jsonData?.timeInterval, d.name).toBe('15s');
  });

  it('has one file dashboard provider that refuses UI edits of the generated dashboards', () => {
    const p = parse(readFileSync(`${dir}dashboards/dashboards.yml`, 'utf8')) as {
      apiVersion: number;
      providers: {
        type: string;
        allowUiUpdates: boolean;
        disableDeletion: boolean;
        options: { path: string };
      }[];
    };
    expect(p.apiVersion).toBe(1);
    expect(p.providers).toHaveLength(1);
    expect(p.providers[0]).toMatchObject({ type: 'file', allowUiUpdates: false, disableDeletion: true });
  });
});
