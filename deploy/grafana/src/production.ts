import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  QueryVariableBuilder,
  RowBuilder,
  VariableRefresh,
  VariableSort,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceRef, datasourceVariable } from './datasource.js';
import { memoryInUse } from './memory.js';
import { booleanMapping, stat, table, timeseries } from './panels.js';
import {
  DAY_SECONDS,
  FPS_BELOW_TARGET,
  FPS_CRITICAL,
  FPS_TARGET,
  FRAME_BUDGET_MS,
  LATENCY_P95_HIGH_SECONDS,
  MEMORY_EXHAUSTED_BYTES,
  MEMORY_HIGH_BYTES,
  PROBE_SLA_SECONDS,
  SCENE_LOAD_SLOW_SECONDS,
} from './thresholds.js';

export const PRODUCTION_UID = 'spacetime-vr-production';

/** Every query is limited to the instances picked in the `instance` variable. */
const I = 'instance=~"$instance"';
const RATE = '$__rate_interval';

function quantiles(metric: string, qs: number[], by = ''): { expr: string; legend: string }[] {
  return qs.map((q) => ({
    expr: `histogram_quantile(${q}, sum by (le${by}) (rate(${metric}_bucket{${I}}[${RATE}])))`,
    legend: `p${Math.round(q * 100)}`,
  }));
}

const fpsSteps = [
  { value: null, color: 'red' },
  { value: FPS_CRITICAL, color: 'orange' },
  { value: FPS_BELOW_TARGET, color: 'yellow' },
  { value: FPS_TARGET, color: 'green' },
];

const memorySteps = [
  { value: null, color: 'green' },
  { value: MEMORY_HIGH_BYTES, color: 'orange' },
  { value: MEMORY_EXHAUSTED_BYTES, color: 'red' },
];

export function productionDashboard(): Dashboard {
  return new DashboardBuilder('SpaceTime VR Production Monitoring')
    .uid(PRODUCTION_UID)
    .description('One SpaceTime VR game (or a few) through the spacetime-monitor exporter.')
    .tags(['spacetime-vr', 'generated'])
    .refresh('10s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .readonly()
    .withVariable(datasourceVariable())
    .withVariable(
      new QueryVariableBuilder('instance')
        .label('Instance')
        .datasource(datasourceRef)
        .query('label_values(spacetime_up, instance)')
        .definition('label_values(spacetime_up, instance)')
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true)
        .allValue('.*'),
    )
    .annotation(
      new AnnotationQueryBuilder()
        .name('Game restarts')
        .datasource(datasourceRef)
        .enable(true)
        .iconColor('orange')
        .expr(`changes(spacetime_process_start_time_seconds{${I}}[${RATE}]) > 0`)
        .titleFormat('Game restarted')
        .textFormat('{{instance}}')
        .step('15s'),
    )

    .withRow(new RowBuilder('Overview'))
    .withPanel(
      stat({
        title: 'API up',
        description: 'Whether the last poll of /performance gave a usable sample (spacetime_up).',
        unit: 'none',
        w: 4,
        h: 4,
        queries: [{ expr: `spacetime_up{${I}}`, legend: '{{instance}}' }],
        steps: [
          { value: null, color: 'red' },
          { value: 1, color: 'green' },
        ],
        mappings: booleanMapping('UP', 'DOWN'),
      }),
    )
    .withPanel(
      stat({
        title: 'FPS',
        description: `Engine frames per second; the VR target is ${FPS_TARGET}.`,
        unit: 'none',
        decimals: 1,
        w: 4,
        h: 4,
        queries: [{ expr: `spacetime_fps{${I}}`, legend: '{{instance}}' }],
        steps: fpsSteps,
      }),
    )
    .withPanel(
      stat({
        title: 'Memory',
        description:
          "Resident memory of the game's process when the exporter sees it, else the static memory the game reports: what the memory alerts watch.",
        unit: 'bytes',
        w: 4,
        h: 4,
        queries: [{ expr: `max by (instance) (${memoryInUse(I)})`, legend: '{{instance}}' }],
        steps: memorySteps,
      }),
    )
    .withPanel(
      stat({
        title: 'Requests/s',
        description: "Requests per second served by the game's HTTP API, from its access log.",
        unit: 'reqps',
        w: 4,
        h: 4,
        queries: [{ expr: `sum(rate(spacetime_http_requests_total{${I}}[${RATE}]))`, legend: 'requests/s' }],
        steps: [{ value: null, color: 'blue' }],
      }),
    )
    .withPanel(
      stat({
        title: 'Probe latency p95',
        description: `How long the exporter's polls of /performance take; the SLA is ${PROBE_SLA_SECONDS * 1000} ms.`,
        unit: 's',
        w: 4,
        h: 4,
        queries: [
          {
            expr: `histogram_quantile(0.95, sum by (le) (rate(spacetime_probe_duration_seconds_bucket{${I}}[${RATE}])))`,
            legend: 'p95',
          },
        ],
        steps: [
          { value: null, color: 'green' },
          { value: PROBE_SLA_SECONDS, color: 'red' },
        ],
      }),
    )
    .withPanel(
      stat({
        title: 'Game uptime',
        description: "Time since the game's OS process started.",
        unit: 's',
        w: 4,
        h: 4,
        queries: [{ expr: `time() - spacetime_process_start_time_seconds{${I}}`, legend: '{{instance}}' }],
        steps: [{ value: null, color: 'blue' }],
      }),
    )

    .withRow(new RowBuilder('Frame rate and frame time'))
    .withPanel(
      timeseries({
        title: 'FPS',
        description: `Lines: ${FPS_TARGET} (target), ${FPS_BELOW_TARGET} (below target alert), ${FPS_CRITICAL} (critical).`,
        unit: 'none',
        min: 0,
        w: 12,
        h: 8,
        queries: [{ expr: `spacetime_fps{${I}}`, legend: '{{instance}}' }],
        lines: fpsSteps,
      }),
    )
    .withPanel(
      timeseries({
        title: 'Frame and physics time',
        description: `Milliseconds per frame against the ${FRAME_BUDGET_MS} ms budget of a 90 Hz headset.`,
        unit: 'ms',
        min: 0,
        w: 12,
        h: 8,
        queries: [
          { expr: `spacetime_process_time_seconds{${I}} * 1000`, legend: 'frame {{instance}}' },
          { expr: `spacetime_physics_process_time_seconds{${I}} * 1000`, legend: 'physics {{instance}}' },
        ],
        lines: [
          { value: null, color: 'green' },
          { value: FRAME_BUDGET_MS, color: 'red' },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Scene tree',
        description: 'Objects, nodes and resources alive in the engine; steady growth hints at a leak.',
        unit: 'short',
        w: 24,
        h: 7,
        queries: [
          { expr: `spacetime_objects{${I}}`, legend: 'objects {{instance}}' },
          { expr: `spacetime_nodes{${I}}`, legend: 'nodes {{instance}}' },
          { expr: `spacetime_resources{${I}}`, legend: 'resources {{instance}}' },
        ],
      }),
    )

    .withRow(new RowBuilder('HTTP API'))
    .withPanel(
      timeseries({
        title: 'Requests by status code',
        description: "The game API's requests per second by HTTP status code, from its access log.",
        unit: 'reqps',
        min: 0,
        w: 12,
        h: 8,
        queries: [
          { expr: `sum by (code) (rate(spacetime_http_requests_total{${I}}[${RATE}]))`, legend: '{{code}}' },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Request latency',
        description: `p50, p95 and p99 of the game API's request time; the p95 alert fires above ${LATENCY_P95_HIGH_SECONDS * 1000} ms.`,
        unit: 's',
        min: 0,
        w: 12,
        h: 8,
        queries: quantiles('spacetime_http_request_duration_seconds', [0.5, 0.95, 0.99]),
        lines: [
          { value: null, color: 'green' },
          { value: LATENCY_P95_HIGH_SECONDS, color: 'red' },
        ],
      }),
    )

    .withRow(new RowBuilder('Memory'))
    .withPanel(
      timeseries({
        title: 'Memory',
        description:
          'Static and dynamic memory as the game reports them, and the resident size of its OS process.',
        unit: 'bytes',
        min: 0,
        w: 24,
        h: 8,
        queries: [
          { expr: `spacetime_memory_bytes{${I}, type="static"}`, legend: 'static {{instance}}' },
          { expr: `spacetime_memory_bytes{${I}, type="dynamic"}`, legend: 'dynamic {{instance}}' },
          { expr: `spacetime_process_resident_memory_bytes{${I}}`, legend: 'resident {{instance}}' },
        ],
        lines: memorySteps,
      }),
    )

    .withRow(new RowBuilder('Scenes'))
    .withPanel(
      timeseries({
        title: 'Scene loads',
        description: 'Scene loads per interval by result, from the console log and /scene/history.',
        unit: 'short',
        min: 0,
        w: 12,
        h: 8,
        queries: [
          {
            expr: `sum by (result) (increase(spacetime_scene_loads_total{${I}}[${RATE}]))`,
            legend: '{{result}}',
          },
        ],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Scene load duration',
        description: `p50 and p95 scene load time; the slow-load alert fires above ${SCENE_LOAD_SLOW_SECONDS} s.`,
        unit: 's',
        min: 0,
        w: 12,
        h: 8,
        queries: quantiles('spacetime_scene_load_duration_seconds', [0.5, 0.95]),
        lines: [
          { value: null, color: 'green' },
          { value: SCENE_LOAD_SLOW_SECONDS, color: 'red' },
        ],
      }),
    )

    .withRow(new RowBuilder('VR headset'))
    .withPanel(
      stat({
        title: 'VR initialized',
        description: 'Whether the game initialized its XR interface (/status).',
        unit: 'none',
        w: 8,
        h: 4,
        queries: [{ expr: `spacetime_vr_initialized{${I}}`, legend: '{{instance}}' }],
        steps: [{ value: null, color: 'text' }],
        mappings: booleanMapping('VR', 'DESKTOP'),
      }),
    )
    .withPanel(
      stat({
        title: 'Headset',
        description: 'Whether a headset is connected (console VR lines).',
        unit: 'none',
        w: 8,
        h: 4,
        queries: [{ expr: `spacetime_vr_headset_connected{${I}}`, legend: '{{instance}}' }],
        steps: [{ value: null, color: 'text' }],
        mappings: booleanMapping('CONNECTED', 'DISCONNECTED'),
      }),
    )
    .withPanel(
      stat({
        title: 'Telemetry stream',
        description: "Whether the exporter's client is connected to the game's telemetry WebSocket.",
        unit: 'none',
        w: 8,
        h: 4,
        queries: [{ expr: `spacetime_telemetry_connected{${I}}`, legend: '{{instance}}' }],
        steps: [{ value: null, color: 'text' }],
        mappings: booleanMapping('CONNECTED', 'DISCONNECTED'),
      }),
    )

    .withRow(new RowBuilder('Security'))
    .withPanel(
      timeseries({
        title: 'Auth failures and rate-limit violations',
        description: 'Refused tokens and rate-limited clients per interval.',
        unit: 'short',
        min: 0,
        w: 12,
        h: 8,
        queries: [
          { expr: `sum(increase(spacetime_auth_failures_total{${I}}[${RATE}]))`, legend: 'auth failures' },
          {
            expr: `sum(increase(spacetime_rate_limit_violations_total{${I}}[${RATE}]))`,
            legend: 'rate-limit violations',
          },
        ],
      }),
    )
    .withPanel(
      stat({
        title: 'Token expires in',
        description: "Time left before the JWT the exporter uses expires (the game's tokens last one hour).",
        unit: 's',
        w: 6,
        h: 8,
        queries: [
          { expr: `spacetime_token_expiry_timestamp_seconds{${I}} - time()`, legend: '{{instance}}' },
        ],
        steps: [
          { value: null, color: 'red' },
          { value: 300, color: 'orange' },
          { value: 900, color: 'green' },
        ],
      }),
    )
    .withPanel(
      stat({
        title: 'Certificate expires in',
        description: 'Time left on the earliest certificate of an https target; alerts at 30 and 7 days.',
        unit: 's',
        w: 6,
        h: 8,
        queries: [
          { expr: `spacetime_tls_cert_expiry_timestamp_seconds{${I}} - time()`, legend: '{{instance}}' },
        ],
        steps: [
          { value: null, color: 'red' },
          { value: 7 * DAY_SECONDS, color: 'orange' },
          { value: 30 * DAY_SECONDS, color: 'green' },
        ],
      }),
    )

    .withRow(new RowBuilder('Cache'))
    .withPanel(
      timeseries({
        title: 'Cache hit ratio',
        description: "The game's cache hit ratio (0-100 %).",
        unit: 'percentunit',
        min: 0,
        max: 1,
        w: 8,
        h: 8,
        queries: [{ expr: `spacetime_cache_hit_ratio{${I}}`, legend: '{{instance}}' }],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Cache size',
        description: 'Bytes held by the cache.',
        unit: 'bytes',
        min: 0,
        w: 8,
        h: 8,
        queries: [{ expr: `spacetime_cache_size_bytes{${I}}`, legend: '{{instance}}' }],
      }),
    )
    .withPanel(
      timeseries({
        title: 'Cache evictions',
        description: 'Evictions per second.',
        unit: 'ops',
        min: 0,
        w: 8,
        h: 8,
        queries: [{ expr: `rate(spacetime_cache_evictions_total{${I}}[${RATE}])`, legend: '{{instance}}' }],
      }),
    )

    .withRow(new RowBuilder('Alerts'))
    .withPanel(
      table({
        title: 'Active alerts',
        description: 'Pending and firing alerts of the SpaceTime rules for these instances.',
        unit: 'none',
        w: 24,
        h: 8,
        queries: [{ expr: `ALERTS{${I}}` }],
      }),
    )
    .build();
}
