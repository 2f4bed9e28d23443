/**
 * The horizontal units gestures work in. In `time` mode x follows time, so the units are ms. In
 * `category` mode bars sit at equal spacing (no gaps for nights and weekends), so the units are
 * fractional rows: row i at i, times in between interpolated, beyond the ends extrapolated with
 * the end rows' spacing. Zoom and pan are linear in these units, which keeps the anchor under the
 * pointer and the drag distance exact in both modes. (Same convention as the engine's mapping.)
 */
import type { PlotRect } from '../scales.js';
import { lowerBound, nearestIndex } from './search.js';
import type { TimeRange, ViewLimits } from './view-math.js';
import { viewLimits } from './view-math.js';

export class XAxis {
  constructor(
    private readonly times: ArrayLike<number>,
    readonly category: boolean,
  ) {}

  /** Units of a time. */
  toUnits(t: number): number {
    if (!this.category) return t;
    const times = this.times;
    const n = times.length;
    if (n < 2) return 0;
    const i = lowerBound(times, t);
    if (i <= 0) return (t - times[0]) / (times[1] - times[0] || 1);
    if (i >= n) return n - 1 + (t - times[n - 1]) / (times[n - 1] - times[n - 2] || 1);
    return i - 1 + (t - times[i - 1]) / (times[i] - times[i - 1] || 1);
  }

  /** Time of a unit position. */
  toTime(u: number): number {
    if (!this.category) return u;
    const times = this.times;
    const n = times.length;
    if (n === 0) return u;
    if (n === 1) return times[0];
    const i = Math.max(0, Math.min(n - 2, Math.floor(u)));
    return times[i] + (u - i) * (times[i + 1] - times[i]);
  }

  /** Row nearest to a unit position (-1 without rows). */
  nearestRow(u: number): number {
    const n = this.times.length;
    if (n === 0 || Number.isNaN(u)) return -1;
    return this.category ? Math.max(0, Math.min(n - 1, Math.round(u))) : nearestIndex(this.times, u);
  }

  /** Units of row `index`. */
  unitsOfRow(index: number): number {
    return this.category ? index : this.times[index];
  }

  rangeToUnits(r: TimeRange): TimeRange {
    return { from: this.toUnits(r.from), to: this.toUnits(r.to) };
  }

  rangeToTime(r: TimeRange): TimeRange {
    return { from: this.toTime(r.from), to: this.toTime(r.to) };
  }

  /** Units at a CSS-px x of the plot, for a view in units. */
  static unitsAtX(view: TimeRange, plot: PlotRect, x: number): number {
    return view.from + ((x - plot.x) / (plot.width || 1)) * (view.to - view.from);
  }

  /** CSS-px x of a unit position, for a view in units. */
  static xOfUnits(view: TimeRange, plot: PlotRect, u: number): number {
    return plot.x + ((u - view.from) / (view.to - view.from || 1)) * plot.width;
  }

  /** Zoom and pan limits in these units (see viewLimits). */
  limits(minPoints: number, margin: number): ViewLimits | null {
    if (!this.category) return viewLimits(this.times, minPoints, margin);
    const n = this.times.length;
    if (n === 0) return null;
    const last = n - 1;
    const pad = last > 0 ? last * margin : 1;
    const minSpan = Math.max(Math.min(Math.floor(minPoints) - 1, last), 1);
    return { minSpanAt: () => minSpan, maxSpan: Math.max(last + 2 * pad, 1), extentFrom: -pad, extentTo: last + pad };
  }
}
