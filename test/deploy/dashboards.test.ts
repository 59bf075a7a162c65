import { readdirSync, readFileSync } from 'node:fs';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  FieldColorModeId,
  MappingType,
  ThresholdsMode,
  VariableType,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { describe, expect, it } from 'vitest';
import { DATASOURCE_VARIABLE } from '../../deploy/grafana/src/datasource.js';
import { DASHBOARDS, render } from '../../deploy/grafana/src/dashboards.js';
import { dashboardQueries, expandVariables, leafPanels } from '../../deploy/grafana/src/queries.js';
import { projectRoot } from '../support/cli.js';

const dir = `${projectRoot}deploy/grafana/dashboards/`;

function committed(file: string): Dashboard {
  return JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Dashboard;
}

describe('generated Grafana dashboards', () => {
  it('the committed JSON is exactly what the generator writes (run `npm run dashboards`)', () => {
    expect(readdirSync(dir).sort()).toEqual(DASHBOARDS.map((d) => d.file).sort());
    for (const { file, build } of DASHBOARDS) {
      expect(readFileSync(`${dir}${file}`, 'utf8'), file).toBe(render(build()));
    }
  });

  describe.each(DASHBOARDS.map((d) => d.file))('%s', (file) => {
    const d = committed(file);
    const panels = leafPanels(d.panels ?? []);

    it('every panel has the datasource variable and at least one PromQL target with a unique refId', () => {
      expect(panels.length).toBeGreaterThan(0);
      for (const p of panels) {
        expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` });
        const targets = (p.targets ?? []) as { refId?: string; expr?: string; datasource?: unknown }[];
        expect(targets.length, p.title).toBeGreaterThan(0);
        expect(new Set(targets.map((t) => t.refId)).size, p.title).toBe(targets.length);
        for (const t of targets) {
          expect(t.expr?.trim(), `${p.title} ${t.refId}`).toBeTruthy();
          expect(t.datasource, `${p.title} ${t.refId}`).toEqual(p.datasource);
        }
      }
    });

    it('panel ids are unique and the layout fits the 24-column grid', () => {
      const all = d.panels ?? [];
      const ids = all.map((p) => p.id);
      expect(new Set(ids).size).toBe(all.length);
      for (const p of all) {
        expect(p.gridPos, p.title).toBeDefined();
        const g = p.gridPos ?? { x: 0, y: 0, w: 0, h: 0 };
        expect(g.x + g.w, p.title).toBeLessThanOrEqual(24);
        expect(g.w * g.h, p.title).toBeGreaterThan(0);
      }
    });

    it('enumerated fields hold values of the SDK schema types', () => {
      const known = {
        thresholds: Object.values(ThresholdsMode) as string[],
        color: Object.values(FieldColorModeId) as string[],
        mapping: Object.values(MappingType) as string[],
        variable: Object.values(VariableType) as string[],
      };
      for (const p of panels) {
        const defaults = p.fieldConfig?.defaults;
        if (defaults?.thresholds) expect(known.thresholds, p.title).toContain(defaults.thresholds.mode);
        if (defaults?.color) expect(known.color, p.title).toContain(defaults.color.mode);
        for (const m of defaults?.mappings ?? []) expect(known.mapping, p.title).toContain(m.type);
        expect(['stat', 'timeseries', 'table'], p.title).toContain(p.type);
      }
      for (const v of d.templating.list ?? []) expect(known.variable, v.name).toContain(v.type);
      expect(d.schemaVersion).toBeGreaterThan(0);
    });

    it('every variable a query uses is defined by the dashboard or by Grafana', () => {
      const defined = new Set((d.templating.list ?? []).map((v) => v.name));
      for (const q of dashboardQueries(d)) {
        for (const [, name] of q.expr.matchAll(/\$\{?(\w+)/g)) {
          if (name?.startsWith('__')) continue;
          expect(defined, `${q.panel}: ${q.expr}`).toContain(name);
        }
      }
    });
  });

  it('the production dashboard has the uid, refresh, instance variable and panels the issue names', () => {
    const d = committed('spacetime-vr-production.json');
    expect(d.uid).toBe('spacetime-vr-production');
    expect(d.title).toBe('SpaceTime VR Production Monitoring');
    expect(d.refresh).toBe('10s');
    const instance = (d.templating.list ?? []).find((v) => v.name === 'instance');
    expect(instance?.query).toBe('label_values(spacetime_up, instance)');
    const exprs = dashboardQueries(d)
      .map((q) => q.expr)
      .join('\n');
    for (const needle of [
      'spacetime_up',
      'spacetime_fps',
      'spacetime_process_time_seconds',
      'spacetime_physics_process_time_seconds',
      'spacetime_http_requests_total',
      'histogram_quantile(0.99, sum by (le) (rate(spacetime_http_request_duration_seconds_bucket',
      'spacetime_memory_bytes{instance=~"$instance", type="static"}',
      'spacetime_memory_bytes{instance=~"$instance", type="dynamic"}',
      'spacetime_process_resident_memory_bytes',
      'spacetime_scene_loads_total',
      'spacetime_scene_load_duration_seconds_bucket',
      'spacetime_vr_headset_connected',
      'spacetime_auth_failures_total',
      'spacetime_rate_limit_violations_total',
      'spacetime_token_expiry_timestamp_seconds',
      'spacetime_tls_cert_expiry_timestamp_seconds',
      'spacetime_cache_hit_ratio',
      'spacetime_cache_size_bytes',
      'spacetime_cache_evictions_total',
      'ALERTS{',
      'changes(spacetime_process_start_time_seconds',
    ]) {
      expect(exprs).toContain(needle);
    }
    const fps = leafPanels(d.panels ?? []).find((p) => p.type === 'timeseries' && p.title === 'FPS');
    const lines = fps?.fieldConfig?.defaults.thresholds?.steps.map((s) => s.value);
    expect(lines).toEqual([null, 45, 85, 90]);
    const memory = leafPanels(d.panels ?? []).find((p) => p.title === 'Memory');
    expect(memory?.fieldConfig?.defaults.thresholds?.steps.map((s) => s.value)).toEqual([
      null,
      10 * 1024 ** 3,
      12 * 1024 ** 3,
    ]);
    const frame = leafPanels(d.panels ?? []).find((p) => p.title === 'Frame and physics time');
    expect(frame?.fieldConfig?.defaults.thresholds?.steps.map((s) => s.value)).toEqual([null, 11.11]);
    expect(frame?.fieldConfig?.defaults.unit).toBe('ms');
  });

  it('the fleet dashboard ranks instances: down, worst FPS, top memory, top error rates', () => {
    const d = committed('spacetime-vr-fleet.json');
    const titles = leafPanels(d.panels ?? []).map((p) => p.title);
    for (const t of ['Instances down', 'Worst FPS', 'Top memory', 'Top error rates'])
      expect(titles).toContain(t);
  });

  it('expands variables the way Grafana does', () => {
    const vars = { values: { instance: ['127.0.0.1:9091'] }, scrapeIntervalSeconds: 1, stepSeconds: 2 };
    expect(expandVariables('rate(x{instance=~"$instance"}[$__rate_interval])', vars)).toBe(
      'rate(x{instance=~"127\\\\.0\\\\.0\\\\.1:9091"}[4s])',
    );
    expect(
      expandVariables('x{instance=~"${instance}"}', {
        ...vars,
        values: { instance: ['a', 'b'] },
        stepSeconds: 15,
      }),
    ).toBe('x{instance=~"(a|b)"}');
    expect(expandVariables('rate(x[$__rate_interval])', { ...vars, stepSeconds: 15 })).toBe('rate(x[16s])');
    expect(
      expandVariables('x{instance=~"$instance"}', { ...vars, values: {}, all: { instance: '.*' } }),
    ).toBe('x{instance=~".*"}');
  });
});
