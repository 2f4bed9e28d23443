/** The series a chart can draw, as plain objects (the `series` property). */
import type { ColumnTable } from '../../data/table.js';
import type { ValueFormatSpec } from './value-format.js';
import type { HeatmapGrid } from '../heatmap/grid.js';
import type { HeatmapCellColumns } from '../heatmap/bound-grid.js';
import type { ColormapSpec, ColorScaleKind } from '../colormaps.js';

export type SeriesType = 'line' | 'area' | 'baseline' | 'candlestick' | 'ohlc' | 'histogram' | 'scatter' | 'band';

export const SERIES_TYPES: readonly SeriesType[] = ['line', 'area', 'baseline', 'candlestick', 'ohlc', 'histogram', 'scatter', 'band'];

export interface SeriesSpec {
  /** A built-in type, or one defined with GpuChart.defineSeries. */
  type: SeriesType | (string & {});
  /** Name in the legend and in events (default: the value column's name). */
  title?: string;
  /**
   * x column on a numeric x axis (`x-scale="linear"` or `"log"`), e.g. `{ x: 'freq', value: 'power' }`;
   * default `x`, else `time`. The series of a chart's own data share one x column.
   */
  x?: string;
  /** Value column (line, area, baseline, histogram, scatter). Default `value`, else `close`. */
  value?: string;
  /** OHLC columns (candlestick, ohlc); default `open`, `high`, `low`, `close`. */
  open?: string;
  high?: string;
  low?: string;
  close?: string;
  /** Band columns; default `upper` and `lower`. */
  upper?: string;
  lower?: string;
  /** Main colour (CSS); default the palette's next colour, or up/down colours for bars. */
  color?: string;
  /** Rising / falling colours (candlestick, ohlc, histogram with colorBy 'direction'). */
  upColor?: string;
  downColor?: string;
  /** Baseline: colours above and below `baseValue`. */
  topColor?: string;
  bottomColor?: string;
  /** Line width in CSS px (default 2; 1 for bars' wicks). */
  width?: number;
  /** Line, area, baseline and band lines: `solid` (default), `dashed` or `dotted`. */
  lineStyle?: 'solid' | 'dashed' | 'dotted';
  /** Line and area: draw steps instead of slopes. */
  step?: boolean;
  /** Candlestick: hollow bodies for rising candles. */
  hollow?: boolean;
  /** Scatter marker shape and size (CSS px diameter). */
  marker?: 'circle' | 'square' | 'triangle';
  size?: number;
  /** Baseline/histogram/area base value (default: 0 for histogram; the first value for baseline; pane bottom for area). */
  baseValue?: number;
  /** Histogram: colour each column by its row's close >= open (`direction`, e.g. volume) or by its value's side of the base (`sign`, e.g. MACD). */
  colorBy?: 'none' | 'direction' | 'sign';
  /** Pane id: `main` (default) or any name; panes stack in order of first use. */
  pane?: string;
  /** Which value scale of the pane: `right` (default) or `left`. */
  scale?: 'right' | 'left';
  /** Draw the last value's price line and axis label (default true for line/area/baseline/candles/ohlc in the main pane). */
  lastValue?: boolean;
  /** Rows from another table (indicator outputs); default the chart's data. */
  table?: ColumnTable;
  /** Leave out of auto-scaling (e.g. volume overlaid on price). */
  autoscale?: boolean;
  visible?: boolean;
  /**
   * `data`: rows are drawn in the order they are held, not as a function of time (parametric
   * curves, phase plots, XY traces whose x goes back and forth): a line joins row i to row i + 1,
   * every row is drawn (no level of detail). Default `time`.
   */
  order?: 'time' | 'data';
  /**
   * How its values read everywhere (legend, tags, crosshair label, tooltip, live region, table,
   * accessible name): `{ precision, minMove, compact }`. Default: 2 decimals from 1 up (more for
   * small values), compact for volume histograms and from a million.
   */
  format?: ValueFormatSpec;
  /**
   * Legend entry this series joins (consecutive series of a pane with the same `id` show as one
   * entry: `title`, then each member's `legendName` and value); one click hides them all.
   */
  legendGroup?: { id: string; title: string };
  /** Short name inside its legend group (e.g. `Tenkan`); default its title. */
  legendName?: string;
  /**
   * Heatmap: the matrix, `{ x0, dx, y0, dy, columns, rows, values }` (row-major, row 0 at the
   * bottom) or with `xEdges`/`yEdges`. Setting a new grid every frame uploads it (no rebuild).
   */
  grid?: HeatmapGrid;
  /**
   * Heatmap bound to the chart's rows (a `<gpu-datasource>`, or `data`) instead of `grid`: each
   * row is one column of cells centred on its x, each named column one row of cells (the first
   * at the bottom), e.g. `{ values: ['f0', 'f1', …], y0: 0, dy: 125 }` or with `yEdges`.
   */
  cells?: HeatmapCellColumns;
  /**
   * Heatmap: columns kept when columns arrive live (`chart.appendHeatmapColumns`: a spectrogram,
   * depth of book); the oldest slide out. Without it a heatmap takes no appends.
   */
  capacity?: number;
  /** Density: the points, `{ x, y, weight? }` arrays (x in data x); a new object uploads them again. */
  points?: { x: ArrayLike<number>; y: ArrayLike<number>; weight?: ArrayLike<number> };
  /** Density: what a cell shows: `count` (default), `sum` or `mean` of the points' weight. */
  reduce?: 'count' | 'sum' | 'mean';
  /** Density: cell size in CSS px (default 2). */
  binSize?: number;
  /** Heatmap and density: a colormap name (`viridis` default) or custom stops. */
  colormap?: ColormapSpec;
  /** Heatmap and density: how values spread over the colormap: `linear` (heatmap default), `log` (density default), `sqrt`. */
  colorScale?: ColorScaleKind;
  /** Heatmap and density: fixed [low, high] of the colormap; default the visible cells' range. */
  colorRange?: [number, number];
  /** Heatmap and density: the colour bar beside the value axis (default true). */
  colorBar?: boolean;
  /** Heatmap and density: opacity 0…1 (default 1). */
  opacity?: number;
  /** Plugin series: column per role of its definition (e.g. `{ price: 'close' }`). */
  columns?: Record<string, string>;
  /** Plugin series: options its definition reads (e.g. the number of bins). */
  options?: Record<string, unknown>;
}

/** Columns a series reads, in the order its shader binds them. */
export function seriesColumns(spec: SeriesSpec, has: (c: string) => boolean): string[] {
  switch (spec.type) {
    case 'candlestick':
    case 'ohlc':
      return [spec.open ?? 'open', spec.high ?? 'high', spec.low ?? 'low', spec.close ?? 'close'];
    case 'band':
      return [spec.upper ?? 'upper', spec.lower ?? 'lower'];
    case 'histogram': {
      const v = spec.value ?? (has('value') ? 'value' : has('volume') ? 'volume' : 'close');
      return spec.colorBy === 'direction' ? [v, 'open', 'close'] : [v];
    }
    default:
      return [spec.value ?? (has('value') ? 'value' : 'close')];
  }
}

/** The default series for a chart's `type` attribute and its data's columns. */
export function defaultSeries(type: string | undefined, has: (c: string) => boolean): SeriesSpec[] {
  const ohlc = has('open') && has('high') && has('low') && has('close');
  const t = (type && (SERIES_TYPES as readonly string[]).includes(type) ? type : ohlc ? 'candlestick' : 'line') as SeriesType;
  if ((t === 'candlestick' || t === 'ohlc') && !ohlc) return [{ type: 'line', value: has('value') ? 'value' : 'close' }];
  return [{ type: t }];
}
