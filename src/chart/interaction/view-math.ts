/**
 * Pure arithmetic on the visible time range: zoom around an anchor, pan, and the limits that
 * keep the view useful (no closer than a few rows, no farther than the data plus a margin).
 */
import type { PlotRect } from '../scales.js';
import { lowerBound } from './search.js';

export interface TimeRange {
  from: number;
  to: number;
}

export interface ViewLimits {
  /** Smallest span allowed around a given time (covers `minPoints` rows near it). */
  minSpanAt(time: number): number;
  /** Largest span allowed. */
  maxSpan: number;
  /** The view may not start before this time nor end after `extentTo` (beyond a half view). */
  extentFrom: number;
  extentTo: number;
}

/** Time at a horizontal CSS-px position in the plot. */
export function timeAtX(range: TimeRange, plot: PlotRect, x: number): number {
  return range.from + ((x - plot.x) / (plot.width || 1)) * (range.to - range.from);
}

/** Horizontal CSS-px position of a time in the plot. */
export function xOfTime(range: TimeRange, plot: PlotRect, t: number): number {
  return plot.x + ((t - range.from) / (range.to - range.from || 1)) * plot.width;
}

/**
 * Limits derived from the data: at least `minPoints` rows per view (measured on the rows near
 * the zoom anchor, so irregular data behaves), at most the data span plus `margin` on each side.
 * Returns null when there is no data to measure against.
 */
export function viewLimits(times: ArrayLike<number>, minPoints: number, margin: number): ViewLimits | null {
  const n = times.length;
  if (n === 0) return null;
  const first = times[0];
  const last = times[n - 1];
  const dataSpan = last - first;
  const pad = dataSpan > 0 ? dataSpan * margin : 1000;
  const points = Math.max(2, Math.floor(minPoints));
  return {
    minSpanAt(time: number): number {
      if (n < points) return Math.max(dataSpan, 1);
      // the window of `points` rows starting near the anchor, kept inside the column
      const i = Math.min(Math.max(lowerBound(times, time) - (points >> 1), 0), n - points);
      return Math.max(times[i + points - 1] - times[i], 1);
    },
    maxSpan: Math.max(dataSpan + 2 * pad, 1),
    extentFrom: first - pad,
    extentTo: last + pad,
  };
}

/**
 * Keeps a range inside the limits: span clamped between min and max (around `anchor`, which
 * keeps its relative position), then shifted so that at least half of the view overlaps the
 * extent. `anchor` defaults to the centre.
 */
export function clampRange(range: TimeRange, limits: ViewLimits | null, anchor?: number): TimeRange {
  let { from, to } = range;
  if (!(to > from)) to = from + 1;
  if (!limits) return { from, to };
  const a = anchor ?? (from + to) / 2;
  const span = to - from;
  const minSpan = Math.min(limits.minSpanAt(a), limits.maxSpan);
  const clampedSpan = Math.min(Math.max(span, minSpan), limits.maxSpan);
  if (clampedSpan !== span) {
    const k = (a - from) / span;
    from = a - k * clampedSpan;
    to = from + clampedSpan;
  }
  const half = clampedSpan / 2;
  const lo = limits.extentFrom - half;
  const hi = limits.extentTo + half;
  if (from < lo) {
    to += lo - from;
    from = lo;
  } else if (to > hi) {
    from -= to - hi;
    to = hi;
  }
  return { from, to };
}

/** Zooms by `factor` (< 1 zooms in) keeping `anchor` at the same screen position. */
export function zoomAround(range: TimeRange, anchor: number, factor: number): TimeRange {
  return {
    from: anchor - (anchor - range.from) * factor,
    to: anchor + (range.to - anchor) * factor,
  };
}

/** Shifts the range by `dt` ms. */
export function shift(range: TimeRange, dt: number): TimeRange {
  return { from: range.from + dt, to: range.to + dt };
}

export function sameRange(a: TimeRange, b: TimeRange): boolean {
  return a.from === b.from && a.to === b.to;
}
