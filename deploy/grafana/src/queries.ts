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

/** What Grafana knows when it sends a query. */
export interface QueryVariables {
  /** Selected values of each variable; regex-escaped and joined as Grafana does for `=~`. */
  values: Record<string, string[]>;
  /** Variables set to "All": their allValue (e.g. `.*`), substituted as it is. */
  all?: Record<string, string>;
  scrapeIntervalSeconds: number;
  stepSeconds: number;
}

/**
 * Substitutes Grafana's variables the way Grafana does before it sends a query: a multi-value
 * variable becomes a regex alternation of escaped values, "All" becomes the allValue,
 * `$__rate_interval` becomes max(4 × scrape interval, step + scrape interval) (Grafana's
 * definition), `$__interval` the step.
 */
export function expandVariables(expr: string, vars: QueryVariables): string {
  const rate = Math.max(4 * vars.scrapeIntervalSeconds, vars.stepSeconds + vars.scrapeIntervalSeconds);
  let out = expr
    .replaceAll('$__rate_interval', `${rate}s`)
    .replaceAll('$__interval', `${vars.stepSeconds}s`)
    .replaceAll('$__range', '1h');
  const substitute = (name: string, value: string): void => {
    out = out.replace(new RegExp(`\\$\\{${name}\\}|\\$${name}\\b`, 'g'), () => value);
  };
  for (const [name, values] of Object.entries(vars.values)) {
    const escaped = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&'));
    substitute(name, escaped.length === 1 ? (escaped[0] ?? '') : `(${escaped.join('|')})`);
  }
  for (const [name, value] of Object.entries(vars.all ?? {})) substitute(name, value);
  return out;
}
