import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  BigValueColorMode,
  BigValueGraphMode,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  GraphThresholdsStyleConfigBuilder,
  ReduceDataOptionsBuilder,
  VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  MappingType,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Panel,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { datasourceRef } from './datasource.js';

/** One PromQL query of a panel; `legend` is Grafana's legendFormat. */
export interface Query {
  expr: string;
  legend?: string;
}

/** A threshold step: the colour that applies from `value` upwards (`null` = from minus infinity). */
export interface Step {
  value: number | null;
  color: string;
}

interface PanelSize {
  w: number;
  h: number;
}

/** What every panel here states the same way: text, datasource, unit and size. */
interface PanelHeading extends PanelSize {
  title: string;
  description: string;
  unit: string;
}

/** The calls every panel builder of the SDK shares, each returning the builder. */
interface HeadingBuilder<B> {
  title(title: string): B;
  description(description: string): B;
  datasource(ref: typeof datasourceRef): B;
  unit(unit: string): B;
  span(span: number): B;
  height(height: number): B;
}

function withHeading<B extends HeadingBuilder<B>>(b: B, o: PanelHeading): B {
  return b
    .title(o.title)
    .description(o.description)
    .datasource(datasourceRef)
    .unit(o.unit)
    .span(o.w)
    .height(o.h);
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function targets(queries: Query[], instant: boolean): DataqueryBuilder[] {
  return queries.map((q, i) => {
    const b = new DataqueryBuilder()
      .datasource(datasourceRef)
      .refId(REF_IDS[i] ?? `Q${i}`)
      .expr(q.expr)
      .legendFormat(q.legend ?? '__auto');
    return instant ? b.instant().format(PromQueryFormat.Table) : b.range();
  });
}

function thresholds(steps: Step[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

export interface TimeseriesOptions extends PanelHeading {
  queries: Query[];
  /** Drawn as dashed lines across the graph (FPS targets, frame budget, memory limits). */
  lines?: Step[];
  min?: number;
  max?: number;
}

export function timeseries(o: TimeseriesOptions): Builder<Panel> {
  const b = withHeading(new TimeseriesBuilder(), o)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .calcs([]),
    )
    .targets(targets(o.queries, false));
  if (o.min !== undefined) b.min(o.min);
  if (o.max !== undefined) b.max(o.max);
  if (o.lines) {
    b.thresholds(thresholds(o.lines)).thresholdsStyle(
      new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed),
    );
  }
  return b;
}

export interface StatOptions extends PanelHeading {
  queries: Query[];
  steps: Step[];
  mappings?: ValueMapping[];
  decimals?: number;
}

export function stat(o: StatOptions): Builder<Panel> {
  const b = withHeading(new StatBuilder(), o)
    .thresholds(thresholds(o.steps))
    .colorMode(BigValueColorMode.Background)
    .graphMode(BigValueGraphMode.Area)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .targets(targets(o.queries, false));
  if (o.mappings) b.mappings(o.mappings);
  if (o.decimals !== undefined) b.decimals(o.decimals);
  return b;
}

export interface TableOptions extends PanelHeading {
  queries: Query[];
  steps?: Step[];
}

/** Instant queries shown as rows: rankings and lists (active alerts, worst instances). */
export function table(o: TableOptions): Builder<Panel> {
  const b = withHeading(new TableBuilder(), o).targets(targets(o.queries, true));
  if (o.steps) b.thresholds(thresholds(o.steps));
  return b;
}

/** 1/0 gauges shown as words. */
export function booleanMapping(whenOne: string, whenZero: string): ValueMapping[] {
  return [
    {
      type: MappingType.ValueToText,
      options: {
        '1': { text: whenOne, color: 'green', index: 0 },
        '0': { text: whenZero, color: 'red', index: 1 },
      },
    },
  ];
}
