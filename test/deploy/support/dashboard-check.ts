import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  dashboardQueries,
  expandVariables,
  type DashboardQuery,
  type QueryVariables,
} from '../../../deploy/grafana/src/queries.js';
import { finitePoints, instantQuery, rangeQuery } from './promql.js';

export interface QueryContext extends QueryVariables {
  /** Unix seconds: the range a time-series panel would show. */
  start: number;
  end: number;
}

export interface QueryOutcome {
  query: DashboardQuery;
  expanded: string;
  points: number;
  error?: string;
}

/** Runs one panel query as Grafana would (instant for tables, range otherwise) and counts points. */
export async function runQuery(
  base: string,
  query: DashboardQuery,
  ctx: QueryContext,
): Promise<QueryOutcome> {
  const expanded = expandVariables(query.expr, ctx);
  try {
    const series = query.instant
      ? await instantQuery(base, expanded, ctx.end)
      : await rangeQuery(base, expanded, { start: ctx.start, end: ctx.end, step: ctx.stepSeconds });
    return { query, expanded, points: finitePoints(series) };
  } catch (err) {
    return { query, expanded, points: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

export function describeOutcome(o: QueryOutcome): string {
  return `${o.query.dashboard} › ${o.query.panel} [${o.query.refId}]: ${o.error ?? 'no data'}\n    ${o.expanded}`;
}

/** Every query of every dashboard, each with its outcome against `base`. */
export async function runDashboards(
  base: string,
  dashboards: Dashboard[],
  ctx: QueryContext,
): Promise<QueryOutcome[]> {
  const queries = dashboards.flatMap(dashboardQueries);
  return Promise.all(queries.map((q) => runQuery(base, q, ctx)));
}
