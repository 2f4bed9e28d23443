/**
 * Dense lines as one vertical span per pixel column.
 *
 * Once several rows fall on each pixel column, a polyline through every row (or through each
 * bucket's two extremes) costs the GPU several thin segments per column that all land on the
 * same pixels. What a column shows is simply the vertical range the line covers there: the
 * extremes of the rows inside it (from the min/max pyramid, O(log N) per column) and the
 * heights at which the segments to the neighbouring rows cross its left and right edges. So a
 * column's span is exactly the line's coverage of that column, whatever N is, and a frame draws
 * one quad per column.
 */
import { GAP, type MinMaxPyramid } from '../../data/lod.js';
import type { AffineMap } from '../scales.js';

/** Rows per pixel column above which lines are drawn as column spans. */
export const DENSE_ROWS_PER_PX = 2;

export interface ColumnExtentsSource {
  /** Backing arrays (rows at the table's backing indices) of the time and value columns. */
  times: Float64Array;
  values: Float64Array;
  pyramid: MinMaxPyramid;
  /** Backing rows to consider, inclusive; one row beyond each edge of the view. */
  first: number;
  last: number;
  /**
   * Device x of a backing row, px0 + (u - origin) * slope, where u is the row's time, or with
   * `xByIndex` the row index (category scales). Computed inline: no call per column, which costs
   * most while the code is still cold, in a new chart's first frame.
   */
  x: AffineMap;
  xByIndex: boolean;
  /** valuePx as an affine map (linear and percent scales), computed inline likewise. */
  valueAffine?: AffineMap | null;
  /** Device y of a value. */
  valuePx: (value: number) => number;
  /** What valuePx maps through (the value scale): equal sources give equal spans within a frame. */
  valueScale: object;
  /** Step line: a row's value holds until the next row. */
  step: boolean;
}

/**
 * Writes, for each pixel column c in [colFrom, colFrom + cols), the device-y range the line
 * covers as out[2i] (top) and out[2i + 1] (bottom), or GAP twice where it covers nothing.
 * `bounds` and `crossing` are scratch of at least cols + 1 entries; with `boundsKnown`, bounds
 * already holds this view's column edges (computed for another series on the same time column).
 */
export function columnExtents(src: ColumnExtentsSource, colFrom: number, cols: number, out: Float32Array, bounds: Int32Array, crossing: Float64Array, boundsKnown = false): void {
  const { values, times, first, last, step } = src;
  // Positions through affine maps are computed inline (no call per column); values through
  // valuePx where the scale is not affine (log).
  const va = src.valueAffine ?? null;
  const byIndex = src.xByIndex;
  const { origin: ro, px0: r0, slope: rs } = src.x;
  const vo = va ? va.origin : 0;
  const v0 = va ? va.px0 : 0;
  const vs = va ? va.slope : 1;
  // bounds[k]: the first row at or right of column edge colFrom + k (monotonic, so each search
  // starts where the last one ended). Series sharing a time column share them (boundsKnown).
  let lowRow = first;
  for (let k = 0; k <= cols; k++) {
    const edge = colFrom + k;
    let lo = lowRow;
    if (boundsKnown) lo = bounds[k];
    else {
      // The first row at or right of the edge: by index, or searched on the time array.
      const u = ro + (edge - r0) / rs;
      lo = byIndex ? Math.min(last + 1, Math.max(lo, Math.ceil(u))) : firstAtOrAfter(times, u, lo, last + 1);
      bounds[k] = lowRow = lo;
    }
    // Where the segment from the row before the edge to the row after it crosses the edge.
    const next = lo;
    const prev = lo - 1;
    let y = NaN;
    if (prev >= first && next <= last) {
      const vp = values[prev];
      const vn = values[next];
      if (vp - vp === 0 && vn - vn === 0) {
        const yp = va ? v0 + (vp - vo) * vs : src.valuePx(vp);
        const yn = va ? v0 + (vn - vo) * vs : src.valuePx(vn);
        if (step) y = yp;
        else {
          const xp = r0 + ((byIndex ? prev : times[prev]) - ro) * rs;
          const xn = r0 + ((byIndex ? next : times[next]) - ro) * rs;
          y = xn > xp ? yp + ((yn - yp) * (edge - xp)) / (xn - xp) : yn;
        }
      }
    }
    crossing[k] = y;
  }
  const mm = scratch;
  const pyramid = src.pyramid;
  const built = pyramid.builtRows;
  for (let k = 0; k < cols; k++) {
    let top = Infinity;
    let bottom = -Infinity;
    const a = bounds[k];
    const b = bounds[k + 1] - 1;
    let found = false;
    if (b - a < INLINE_ROWS || a >= built) {
      // Few rows, or none in the pyramid yet: read them here. One long loop in this function
      // (rather than a call per column) is optimised by the engine early, which matters most
      // in the first frame of a new chart, when this code has hardly run yet.
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = a; i <= b; i++) {
        const v = values[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      mm[0] = lo;
      mm[1] = hi;
      found = lo <= hi;
    } else found = pyramid.minMaxInto(values, a, b, mm);
    if (found) {
      const y0 = va ? v0 + (mm[0] - vo) * vs : src.valuePx(mm[0]);
      const y1 = va ? v0 + (mm[1] - vo) * vs : src.valuePx(mm[1]);
      top = Math.min(y0, y1);
      bottom = Math.max(y0, y1);
    }
    const left = crossing[k];
    const right = crossing[k + 1];
    if (left === left) {
      if (left < top) top = left;
      if (left > bottom) bottom = left;
    }
    if (right === right) {
      if (right < top) top = right;
      if (right > bottom) bottom = right;
    }
    if (top <= bottom) {
      out[2 * k] = top;
      out[2 * k + 1] = bottom;
    } else {
      out[2 * k] = GAP;
      out[2 * k + 1] = GAP;
    }
  }
}

/**
 * The first index in [lo, end) whose time is at or after `t` (end if none), for times that
 * increase: gallops from `lo` (the next column edge is usually a few rows on), then bisects.
 */
export function firstAtOrAfter(times: Float64Array, t: number, lo: number, end: number): number {
  let hi = lo;
  let stride = 1;
  while (hi < end && times[hi] < t) {
    lo = hi + 1;
    hi = lo + stride;
    stride *= 2;
  }
  if (hi > end) hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const scratch = new Float64Array(2);
/** Columns of fewer rows are scanned directly; the pyramid answers bigger ones in O(log N). */
const INLINE_ROWS = 64;
