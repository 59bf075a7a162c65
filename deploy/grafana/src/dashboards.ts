import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { fleetDashboard } from './fleet.js';
import { productionDashboard } from './production.js';

/**
 * The builders leave panel ids unset, and Grafana needs them unique per dashboard (links,
 * "view panel" URLs): number rows and panels in layout order, so ids are stable across runs.
 */
function numberPanels(dashboard: Dashboard): Dashboard {
  let id = 1;
  for (const panel of dashboard.panels ?? []) {
    panel.id = id++;
    if ('panels' in panel) for (const inner of panel.panels) inner.id = id++;
  }
  return dashboard;
}

/** Every generated dashboard and the file it is written to under deploy/grafana/dashboards/. */
export const DASHBOARDS: { file: string; build: () => Dashboard }[] = [
  { file: 'spacetime-vr-production.json', build: () => numberPanels(productionDashboard()) },
  { file: 'spacetime-vr-fleet.json', build: () => numberPanels(fleetDashboard()) },
];

/** The exact bytes written for a dashboard: key order from the builders, 2-space JSON. */
export function render(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
