import { DashboardBuilder, RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceVariable } from './datasource.js';
import { memoryInUse } from './memory.js';
import { stat, table, timeseries } from './panels.js';
import {
  FPS_BELOW_TARGET,
  FPS_CRITICAL,
  FPS_TARGET,
  MEMORY_EXHAUSTED_BYTES,
  MEMORY_HIGH_BYTES,
} from './thresholds.js';

export const FLEET_UID = 'spacetime-vr-fleet';

const RATE = '$__rate_interval';
const TOP = 10;

/** 5xx share per instance; an instance whose log has no 5xx line yet shows 0, not nothing. */
const errorRatio =
  `(sum by (instance) (rate(spacetime_http_requests_total{code=~"5.."}[${RATE}]))` +
  ` or sum by (instance) (rate(spacetime_http_requests_total[${RATE}])) * 0)` +
  ` / sum by (instance) (rate(spacetime_http_requests_total[${RATE}]))`;

export function fleetDashboard(): Dashboard {
  return new DashboardBuilder('SpaceTime VR Fleet Overview')
    .uid(FLEET_UID)
    .description('Every SpaceTime VR instance Prometheus scrapes, worst first.')
    .tags(['spacetime-vr', 'generated'])
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .readonly()
    .withVariable(datasourceVariable())

    .withRow(new RowBuilder('Fleet'))
    .withPanel(
      stat({
        title: 'Instances',
        description: 'Game instances with a spacetime_up series.',
        unit: 'none',
        w: 6,
        h: 4,
        queries: [{ expr: 'count(spacetime_up)', legend: 'instances' }],
        steps: [{ value: null, color: 'blue' }],
      }),
    )
    .withPanel(
      stat({
        title: 'Instances down',
        description: 'Instances whose last poll gave no usable sample.',
        unit: 'none',
        w: 6,
        h: 4,
        queries: [{ expr: 'count(spacetime_up == 0) or vector(0)', legend: 'down' }],
        steps: [
          { value: null, color: 'green' },
          { value: 1, color: 'red' },
        ],
      }),
    )
    .withPanel(
      stat({
        title: 'Worst FPS',
        description: 'The lowest frame rate in the fleet right now.',
        unit: 'none',
        decimals: 1,
        w: 6,
        h: 4,
        queries: [{ expr: 'min(spacetime_fps)', legend: 'min FPS' }],
        steps: [
          { value: null, color: 'red' },
          { value: FPS_CRITICAL, color: 'orange' },
          { value: FPS_BELOW_TARGET, color: 'yellow' },
          { value: FPS_TARGET, color: 'green' },
        ],
      }),
    )
    .withPanel(
      stat({
        title: 'Firing alerts',
        description: 'SpaceTime alerts firing across the fleet.',
        unit: 'none',
        w: 6,
        h: 4,
        queries: [{ expr: 'count(ALERTS{alertstate="firing"}) or vector(0)', legend: 'firing' }],
        steps: [
          { value: null, color: 'green' },
          { value: 1, color: 'red' },
        ],
      }),
    )

    .withRow(new RowBuilder('Worst instances'))
    .withPanel(
      table({
        title: 'Instances down',
        description: 'Each instance and whether its API answers (0 = down), down first.',
        unit: 'none',
        w: 6,
        h: 9,
        queries: [{ expr: 'sort(spacetime_up)' }],
        steps: [
          { value: null, color: 'red' },
          { value: 1, color: 'green' },
        ],
      }),
    )
    .withPanel(
      table({
        title: 'Worst FPS',
        description: `The ${TOP} instances with the lowest frame rate.`,
        unit: 'none',
        w: 6,
        h: 9,
        queries: [{ expr: `bottomk(${TOP}, spacetime_fps)` }],
      }),
    )
    .withPanel(
      table({
        title: 'Top memory',
        description: `The ${TOP} instances using the most memory (resident, else static: what the memory alerts watch).`,
        unit: 'bytes',
        w: 6,
        h: 9,
        queries: [{ expr: `topk(${TOP}, max by (instance) (${memoryInUse('')}))` }],
        steps: [
          { value: null, color: 'green' },
          { value: MEMORY_HIGH_BYTES, color: 'orange' },
          { value: MEMORY_EXHAUSTED_BYTES, color: 'red' },
        ],
      }),
    )
    .withPanel(
      table({
        title: 'Top error rates',
        description: `The ${TOP} instances with the highest share of 5xx answers.`,
        unit: 'percentunit',
        w: 6,
        h: 9,
        queries: [{ expr: `topk(${TOP}, ${errorRatio})` }],
      }),
    )

    .withRow(new RowBuilder('Trends'))
    .withPanel(
      timeseries({
        title: 'FPS by instance',
        description: 'Frame rate of every instance.',
        unit: 'none',
        min: 0,
        w: 12,
        h: 8,
        queries: [{ expr: 'spacetime_fps', legend: '{{instance}}' }],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Error rate by instance',
        description: 'Share of 5xx answers of every instance.',
        unit: 'percentunit',
        min: 0,
        w: 12,
        h: 8,
        queries: [{ expr: errorRatio, legend: '{{instance}}' }],
      }),
    )
    .build();
}
