/**
 * The horizontal mapping shared by every pane. In `time` mode x follows the time in ms; in
 * `category` mode x follows the row index, so bars sit at equal spacing with no gaps for
 * nights and weekends. The view is kept in the mapping's own units (ms or fractional rows),
 * computed in float64.
 *
 * A numeric x (`scale` `linear` or `log`) rides the same machinery: the table's x column (its
 * `time` column) holds *axis values* — the x itself on a linear axis, log10(x) on a log axis —
 * so every row still maps to px by one affine map (GPU block origins, binary searches, level of
 * detail, interaction all unchanged). `axisOf`/`dataOf` convert at the chart's edges (data in,
 * ranges, events and labels out).
 */
import { lowerBound, type PlotRect } from './scales.js';

/** What x is: a time in ms (default), or a number on a linear or log10 axis. */
export type XScaleKind = 'time' | 'linear' | 'log';

export const X_SCALES: readonly XScaleKind[] = ['time', 'linear', 'log'];

export class XMapping {
  category = false;
  /** `time`, or a numeric x (`linear`, `log`): see the file comment. */
  scale: XScaleKind = 'time';

  get numeric(): boolean {
    return this.scale !== 'time';
  }

  /** Axis value of a data x (log10 on a log axis; NaN for x ≤ 0 there). */
  axisOf(x: number): number {
    return this.scale === 'log' ? (x > 0 ? Math.log10(x) : NaN) : x;
  }

  /** Data x of an axis value. */
  dataOf(axis: number): number {
    return this.scale === 'log' ? 10 ** axis : axis;
  }

  /** View in x units: ms (time mode) or fractional rows (category mode, row i centred at i). */
  from = 0;
  to = 1;
  /** The time column the category mode indexes (set each frame). */
  times: Float64Array = new Float64Array(0);

  pxPerUnit(plot: PlotRect): number {
    return plot.width / (this.to - this.from || 1);
  }

  /** Pixel x of a time (time mode) or of a row's time (category mode, interpolated). */
  timeToPx(t: number, plot: PlotRect): number {
    return this.unitsToPx(this.category ? this.timeToIndex(t) : t, plot);
  }

  indexToPx(i: number, plot: PlotRect): number {
    return this.unitsToPx(this.category ? i : this.times[Math.max(0, Math.min(this.times.length - 1, i))], plot);
  }

  unitsToPx(u: number, plot: PlotRect): number {
    return plot.x + (u - this.from) * this.pxPerUnit(plot);
  }

  pxToUnits(px: number, plot: PlotRect): number {
    return this.from + (px - plot.x) / this.pxPerUnit(plot);
  }

  /** Time at a pixel x (category mode: the time of the nearest row, interpolated between rows). */
  pxToTime(px: number, plot: PlotRect): number {
    const u = this.pxToUnits(px, plot);
    return this.category ? this.indexToTime(u) : u;
  }

  /** Fractional row index of a time (category mode), by binary search. */
  timeToIndex(t: number): number {
    const times = this.times;
    const n = times.length;
    if (n === 0) return 0;
    if (n === 1) return 0;
    const i = lowerBound(times, t);
    if (i <= 0) return (t - times[0]) / (times[1] - times[0] || 1);
    if (i >= n) return n - 1 + (t - times[n - 1]) / (times[n - 1] - times[n - 2] || 1);
    const t0 = times[i - 1];
    const t1 = times[i];
    return i - 1 + (t - t0) / (t1 - t0 || 1);
  }

  indexToTime(u: number): number {
    const times = this.times;
    const n = times.length;
    if (n === 0) return u;
    if (n === 1) return times[0];
    const i = Math.max(0, Math.min(n - 2, Math.floor(u)));
    return times[i] + (u - i) * (times[i + 1] - times[i]);
  }

  /** The view as times in ms. */
  get timeRange(): { from: number; to: number } {
    return this.category ? { from: this.indexToTime(this.from), to: this.indexToTime(this.to) } : { from: this.from, to: this.to };
  }

  setTimeRange(from: number, to: number): void {
    if (this.category) {
      this.from = this.timeToIndex(from);
      this.to = this.timeToIndex(to);
    } else {
      this.from = from;
      this.to = to;
    }
  }

  /** First and last rows to draw (inclusive, one beyond each edge). */
  visibleRows(times: Float64Array): [number, number] {
    const n = times.length;
    if (n === 0) return [0, -1];
    if (this.category) {
      return [Math.max(0, Math.floor(this.from) - 1), Math.min(n - 1, Math.ceil(this.to) + 1)];
    }
    return [Math.max(0, lowerBound(times, this.from) - 1), Math.min(n - 1, lowerBound(times, this.to))];
  }
}
