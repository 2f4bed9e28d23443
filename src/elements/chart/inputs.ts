/**
 * Checks of what a page hands <gpu-chart>: its `data` columns, its `type`, a `visibleRange`. Each problem is a
 * sentence for the error strip and the `gpu-error` event; the chart keeps its last good input.
 */
import { customSeriesDefinition } from '../../chart/plugins/define-series.js';
import { SERIES_TYPES, type SeriesSpec } from '../../chart/series/spec.js';

export type ChartColumns = { time: ArrayLike<number> } & Record<string, ArrayLike<number>>;

/**
 * Whether the chart draws its rows in the order given, whatever their times: its default type is
 * `scatter` (or `none`) and every series reading its data is a scatter or has `order: 'data'`.
 * Then `data` may hold times in any order, repeated times included, and nothing is sorted.
 */
export function drawsInDataOrder(type: string | undefined, series: readonly SeriesSpec[] | null): boolean {
  const own = (series ?? []).filter((s) => s && !s.table);
  if (type !== 'scatter' && !(type === 'none' && own.length > 0)) return false;
  return own.every((s) => s.type === 'scatter' || s.order === 'data');
}

/** The columns with `time` as a Float64Array, or an Error naming what is wrong (`anyOrder`: times need not increase). */
export function checkColumns(data: ChartColumns, anyOrder = false): Record<string, ArrayLike<number>> {
  if (typeof data !== 'object' || !data) throw new Error('chart.data must be an object of columns');
  const time = data.time;
  if (!time || typeof time.length !== 'number') throw new Error('chart.data needs a "time" column (ms since 1970)');
  for (const [name, col] of Object.entries(data)) {
    if (!col || typeof (col as ArrayLike<number>).length !== 'number') throw new Error(`chart.data.${name} is not an array`);
    if ((col as ArrayLike<number>).length !== time.length) {
      throw new Error(`chart.data.${name} has ${(col as ArrayLike<number>).length} values but time has ${time.length}`);
    }
  }
  const t = time instanceof Float64Array ? time : Float64Array.from(time);
  let prev = t.length ? t[0] : 0;
  for (let i = 1; i < t.length; i++) {
    const v = t[i];
    if (!(v >= prev) && !(anyOrder && v === v)) throw new Error(`chart.data.time must increase: row ${i} (${v}) comes before row ${i - 1} (${prev})`);
    prev = v;
  }
  if (anyOrder) {
    // Unsorted: every time is checked, not only the ends.
    for (let i = 0; i < t.length; i++) if (!(Math.abs(t[i]) <= 8.64e15)) throw new Error(`chart.data.time[${i}] is ${t[i]}, not a time in ms (the range is ±8.64e15)`);
  }
  // Dates exist from -8.64e15 to 8.64e15 ms; beyond that every label would throw.
  for (const i of [0, t.length - 1]) {
    if (t.length && !(Math.abs(t[i]) <= 8.64e15)) throw new Error(`chart.data.time[${i}] is ${t[i]}, not a time in ms (the range is ±8.64e15)`);
  }
  return t === time ? data : { ...data, time: t };
}

/** The types `type` accepts: the built-in series types, `none`, and plugin types defined so far. */
export const CHART_TYPES: readonly string[] = [...SERIES_TYPES, 'none'];

/** Null when `type` is one the chart can draw, else the sentence saying which ones it can. */
export function chartTypeProblem(type: string | undefined): string | null {
  if (type === undefined || type === null || CHART_TYPES.includes(type) || customSeriesDefinition(type) !== undefined) return null;
  const shown = JSON.stringify(String(type)).slice(0, 60);
  return `Unknown chart type ${shown}. Valid types: ${CHART_TYPES.join(', ')}, or one defined with GpuChart.defineSeries.`;
}

/**
 * A `visibleRange` set from code as numbers (times in ms, or x values on a numeric x axis:
 * above 0 on a log one), or the sentence for `gpu-error` when it is not one.
 */
export function checkVisibleRange(range: { from: unknown; to: unknown } | null | undefined, numeric: 'linear' | 'log' | null): { from: number; to: number } | string {
  const from = Number(range?.from);
  const to = Number(range?.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(to > from) || (!numeric && (Math.abs(from) > 8.64e15 || Math.abs(to) > 8.64e15)) || (numeric === 'log' && !(from > 0))) {
    const what = numeric === 'log' ? 'x values > 0' : numeric ? 'finite x values' : 'finite times in ms';
    return `visibleRange needs ${what} with from < to (got ${String(range?.from)} … ${String(range?.to)}); the view is unchanged`;
  }
  return { from, to };
}
