import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

/** One PromQL expression of a dashboard, named by where it appears. */
export interface DashboardQuery {
  dashboard: string;
  /** Panel title, or `annotation: NAME`. */
  panel: string;
  refId: string;
  expr: string;
  /** Grafana runs it as an instant query (tables) rather than over the time range. */
  instant: boolean;
}

interface PromTarget {
  refId?: string;
  expr?: string;
  instant?: boolean;
}

/** Panels that hold queries: everything but rows, including those inside collapsed rows. */
export function leafPanels(panels: (Panel | RowPanel)[]): Panel[] {
  return panels.flatMap((p) => ('panels' in p ? p.panels : [p]));
}

/** Every query of every panel and annotation, in layout order. */
export function dashboardQueries(dashboard: Dashboard): DashboardQuery[] {
  const name = dashboard.title ?? dashboard.uid ?? '?';
  const out: DashboardQuery[] = [];
  for (const panel of leafPanels(dashboard.panels ?? [])) {
    for (const t of (panel.targets ?? []) as PromTarget[]) {
      out.push({
        dashboard: name,
        panel: panel.title ?? `panel ${panel.id ?? '?'}`,
        refId: t.refId ?? '?',
        expr: t.expr ?? '',
        instant: t.instant === true,
      });
    }
  }
  for (const a of dashboard.annotations.list ?? []) {
    if (a.expr)
      out.push({
        dashboard: name,
        panel: `annotation: ${a.name}`,
        refId: 'annotation',
        expr: a.expr,
        instant: false,
      });
  }
  return out;
}

/**
 * Substitutes Grafana's variables the way Grafana does before it sends a query: a multi-value
 * variable becomes a regex alternation, `$__rate_interval` becomes max(4 × scrape interval,
 * step + scrape interval) (Grafana's definition), `$__interval` the step.
 */
export function expandVariables(
  expr: string,
  vars: { values: Record<string, string[]>; scrapeIntervalSeconds: number; stepSeconds: number },
): string {
  const rate = Math.max(4 * vars.scrapeIntervalSeconds, vars.stepSeconds + vars.scrapeIntervalSeconds);
  let out = expr
    .replaceAll('$__rate_interval', `${rate}s`)
    .replaceAll('$__interval', `${vars.stepSeconds}s`)
    .replaceAll('$__range', '1h');
  for (const [name, values] of Object.entries(vars.values)) {
    const escaped = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&'));
    const value = escaped.length === 1 ? (escaped[0] ?? '') : `(${escaped.join('|')})`;
    out = out.replace(new RegExp(`\\$\\{${name}\\}|\\$${name}\\b`, 'g'), () => value);
  }
  return out;
}
