/**
 * A numeric x on <gpu-chart> (`x-scale="linear"` or `"log"`): which column is x, its checks, and
 * the conversions at the element's edges. Inside, the engine keeps *axis values* in the table's
 * time column (x itself on a linear axis, log10 x on a log axis: chart/x-mapping.ts), so every
 * range, crosshair and position the element reports is turned back into data x here.
 */
import { X_SCALES, type XMapping, type XScaleKind } from '../../chart/x-mapping.js';
import type { SeriesSpec } from '../../chart/series/spec.js';

/** Null when `scale` is one the chart knows, else the sentence for `gpu-error`. */
export function xScaleProblem(scale: unknown): string | null {
  if (scale === undefined || scale === null || X_SCALES.includes(scale as XScaleKind)) return null;
  return `x-scale ${JSON.stringify(String(scale)).slice(0, 40)} is not one of ${X_SCALES.join(', ')}; the x scale is unchanged`;
}

/**
 * The x column of the chart's own data: the `x` the series name (all the same), else `x` when
 * the data has one, else `time`. Series that name different x columns are an error.
 */
export function xColumnOf(series: readonly SeriesSpec[] | null, data: Record<string, unknown> | null): string {
  let name: string | undefined;
  let by = -1;
  (series ?? []).forEach((s, i) => {
    if (!s || s.table || s.x === undefined) return;
    if (typeof s.x !== 'string' || !s.x) throw new Error(`series[${i}].x must be a column name`);
    if (name !== undefined && s.x !== name) throw new Error(`series[${i}].x is "${s.x}" but series[${by}].x is "${name}": the series of a chart's own data share one x column`);
    name = s.x;
    by = i;
  });
  if (name !== undefined) return name;
  return data && 'x' in data ? 'x' : 'time';
}

/**
 * The columns the engine draws for a numeric x: every column as given, and `time` = the axis
 * values of the x column. x must be finite (and > 0 on a log axis); it must increase unless the
 * rows are drawn in data order (scatter, `order: 'data'`), which take x in any order.
 */
export function numericColumns(data: Record<string, ArrayLike<number>>, xName: string, scale: 'linear' | 'log', anyOrder: boolean): Record<string, ArrayLike<number>> {
  if (typeof data !== 'object' || !data) throw new Error('chart.data must be an object of columns');
  const x = data[xName];
  if (!x || typeof x.length !== 'number') throw new Error(`chart.data needs the x column "${xName}" (x-scale="${scale}")`);
  for (const [name, col] of Object.entries(data)) {
    if (name === 'time' && xName !== 'time') continue; // replaced by the x column's axis values
    if (!col || typeof col.length !== 'number') throw new Error(`chart.data.${name} is not an array`);
    if (col.length !== x.length) throw new Error(`chart.data.${name} has ${col.length} values but ${xName} has ${x.length}`);
  }
  const axis = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Number(x[i]);
    if (!Number.isFinite(v)) throw new Error(`chart.data.${xName}[${i}] is ${String(x[i])}: x values must be finite numbers`);
    if (scale === 'log' && !(v > 0)) throw new Error(`chart.data.${xName}[${i}] is ${v}: a log x axis needs x > 0`);
    axis[i] = scale === 'log' ? Math.log10(v) : v;
    if (!anyOrder && i > 0 && !(axis[i] >= axis[i - 1])) {
      throw new Error(`chart.data.${xName} must increase for line, area, band, bar and candle series: row ${i} (${v}) comes before row ${i - 1} (${Number(x[i - 1])}); sort the rows, or draw them as scatter or with order: 'data'`);
    }
  }
  return { ...data, time: axis };
}

/** A range, crosshair or position the engine reports in axis values, as data x. */
export function rangeToData<R extends { from: number; to: number }>(x: XMapping, range: R): R {
  return x.scale === 'log' ? { ...range, from: x.dataOf(range.from), to: x.dataOf(range.to) } : range;
}

export function rangeToAxis<R extends { from: number; to: number }>(x: XMapping, range: R): R {
  return x.scale === 'log' ? { ...range, from: x.axisOf(range.from), to: x.axisOf(range.to) } : range;
}

/** The `gpu-crosshair` detail's x (`time`, `timeTo`) as data x. */
export function crosshairToData<C extends { time: number; timeTo?: number } | null>(x: XMapping, c: C): C {
  if (!c || x.scale !== 'log') return c;
  return { ...c, time: x.dataOf(c.time), ...(c.timeTo !== undefined ? { timeTo: x.dataOf(c.timeTo) } : {}) };
}

/** Appended columns on a numeric x: `time` = the axis values of the x column. */
export function appendToAxis(columns: Record<string, ArrayLike<number>>, x: XMapping, xName: string): Record<string, ArrayLike<number>> {
  const col = columns[xName];
  if (!col || typeof col.length !== 'number') return columns;
  const axis = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) axis[i] = x.axisOf(Number(col[i]));
  return { ...columns, time: axis };
}
