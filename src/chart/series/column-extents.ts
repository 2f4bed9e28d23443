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
export function columnExtents(
  src: ColumnExtentsSource,
  colFrom: number,
  cols: number,
  out: Float32Array,
  bounds: Int32Array,
  crossing: Float64Array,
  boundsKnown = false,
  kept: ColumnExtremaCache | null = null,
): void {
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
  const cache = kept?.begin(src.pyramid, values, colFrom, cols) ?? null;
  let lowRow = first;
  for (let k = 0; k <= cols; k++) {
    const edge = colFrom + k;
    let lo = lowRow;
    if (boundsKnown) lo = bounds[k];
    else {
      // The first row at or right of the edge: by index, or searched on the time array.
      const u = ro + (edge - r0) / rs;
      if (byIndex) lo = Math.min(last + 1, Math.max(lo, Math.ceil(u)));
      else {
        // Where this edge was last frame is usually where it is now (a stream moves it a row at most).
        const h = cache ? cache.edgeHint(k) : -1;
        lo = h >= lo && h <= last + 1 && (h === lo || times[h - 1] < u) && (h === last + 1 || times[h] >= u) ? h : firstAtOrAfter(times, u, lo, last + 1);
      }
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
    if (cache && b - a >= INLINE_ROWS && a < built) {
      found = cache.extrema(k, a, b, mm);
    } else if (b - a < INLINE_ROWS || a >= built) {
      // Not kept: a later frame must not trust what this column held before.
      cache?.forget(k);
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
/** Rows a kept column may gain and lose before it is asked of the pyramid again instead. */
const MAX_DELTA_ROWS = 64;

/**
 * Each pixel column's extrema (raw values) from the last frame, kept so that the next frame reads
 * only the rows that entered or left a column. A stream shows this best: each append stretches
 * the view a little, every column edge moves by a row or none, and a column's extrema follow from
 * the rows that entered it and from whether a row that left it held its minimum or maximum (then,
 * and only then, the pyramid is asked again). Rows the column changed since the last frame (its
 * pyramid's change log) invalidate the columns that read them.
 */
export class ColumnExtremaCache {
  private pyramid: MinMaxPyramid | null = null;
  private values: Float64Array | null = null;
  private memory: ArrayBufferLike | null = null;
  private memoryOffset = 0;
  private revision = 0;
  private colFrom = 0;
  private cols = 0;
  /** Rows [a, b] each column read (a = -1: nothing kept), and their min and max. */
  private a = new Int32Array(0);
  private b = new Int32Array(0);
  private lo = new Float64Array(0);
  private hi = new Float64Array(0);
  /** Rows at or after this changed since the kept frame: columns reaching it are read again. */
  private changedFrom = 0;
  /** How the pyramid stores a value: its float32 offset from the origin, plus the origin. */
  private origin = 0;

  /** Starts a frame over these columns; returns itself, ready for `extrema`. */
  begin(pyramid: MinMaxPyramid, values: Float64Array, colFrom: number, cols: number): this {
    // Frames see the column through new views of the same memory: the memory is what must stay.
    this.values = values;
    if (pyramid !== this.pyramid || values.buffer !== this.memory || values.byteOffset !== this.memoryOffset || colFrom !== this.colFrom || cols !== this.cols) {
      this.pyramid = pyramid;
      this.memory = values.buffer;
      this.memoryOffset = values.byteOffset;
      this.colFrom = colFrom;
      this.cols = cols;
      if (this.a.length < cols) {
        this.a = new Int32Array(cols);
        this.b = new Int32Array(cols);
        this.lo = new Float64Array(cols);
        this.hi = new Float64Array(cols);
      }
      this.a.fill(-1);
      this.changedFrom = 0;
    } else this.changedFrom = pyramid.changedSince(this.revision);
    this.revision = pyramid.revision;
    this.origin = pyramid.originValue;
    return this;
  }

  /** The first row of edge k (0..cols) in the last frame, or -1 when not known. */
  edgeHint(k: number): number {
    if (k < this.cols) return this.a[k];
    return this.a[k - 1] >= 0 ? this.b[k - 1] + 1 : -1;
  }

  /** Column k was read another way this frame: nothing of it is kept. */
  forget(k: number): void {
    this.a[k] = -1;
  }

  /** Min and max of rows [a, b] of column k into out[0], out[1] (as `minMaxInto`), kept for the next frame. */
  extrema(k: number, a: number, b: number, out: Float64Array): boolean {
    const values = this.values!;
    const oa = this.a[k];
    const ob = this.b[k];
    let lo = this.lo[k];
    let hi = this.hi[k];
    let fresh = oa < 0 || ob >= this.changedFrom || a > ob || b < oa || Math.abs(a - oa) + Math.abs(b - ob) > MAX_DELTA_ROWS;
    if (!fresh) {
      // Rows that left the column: only a row holding the min or max (as read then) forces a new read.
      const o = this.origin;
      for (let i = oa; i < a && !fresh; i++) fresh = holds(values[i], lo, hi, o);
      for (let i = b + 1; i <= ob && !fresh; i++) fresh = holds(values[i], lo, hi, o);
    }
    if (fresh) {
      const found = this.pyramid!.minMaxInto(values, a, b, out);
      lo = found ? out[0] : Infinity;
      hi = found ? out[1] : -Infinity;
    } else {
      // Rows that entered it (±Infinity and NaN are gaps, as in the pyramid).
      for (let i = a; i < oa; i++) {
        const v = values[i];
        if (v - v === 0) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      for (let i = ob + 1; i <= b; i++) {
        const v = values[i];
        if (v - v === 0) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
    }
    this.a[k] = a;
    this.b[k] = b;
    this.lo[k] = lo;
    this.hi[k] = hi;
    out[0] = lo;
    out[1] = hi;
    return lo <= hi;
  }
}

/** Whether a finite `v` is (or, rounded as the pyramid stores it, reads as) the min or the max. */
function holds(v: number, lo: number, hi: number, origin: number): boolean {
  if (v - v !== 0) return false;
  if (v === lo || v === hi) return true;
  const stored = Math.fround(v - origin) + origin;
  return stored === lo || stored === hi;
}
