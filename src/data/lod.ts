/**
 * Level of detail for a value column: a min/max pyramid over power-of-two buckets.
 *
 * Level k (k ≥ 2) holds, for each bucket of 2^k rows, the bucket's two extremes in the order
 * they occur (so a line drawn through them keeps every spike and the direction of travel).
 * Level 1 is left out: up to 8 rows per pixel the raw rows are drawn, which halves the work and
 * the memory (4 bytes per row in all).
 * Values are float32 offsets from `origin`, the layout the GPU reads directly. Built in O(N),
 * kept current in O(log N) per appended or updated row, and answers range min/max queries in
 * O(log N) for auto-scaling.
 */

/** float32 marker for "no value" (a gap); far outside any real offset. */
export const GAP = 3.0e38;

/** The finest pyramid level (buckets of 4 rows). */
export const FIRST_LEVEL = 2;
const FIRST_SIZE = 1 << FIRST_LEVEL;

export class MinMaxPyramid {
  /** Interleaved [first, second] per bucket, all levels back to back (level 2 first). */
  data = new Float32Array(0);
  /** Start (in buckets) of each level within `data`; levels below FIRST_LEVEL are not stored. */
  levelStart: number[] = [0];
  levels = 0;
  private capacityRows = 0;

  constructor(private readonly origin: number) {}

  /** Rebuilds everything for `values[0..n)` (offsets are taken from `origin`). */
  build(values: Float64Array, n = values.length, capacity = n): void {
    this.allocate(Math.max(n, capacity, 1));
    this.refresh(values, 0, n, n);
  }

  /** Brings rows [from, n) up to date after an append or an in-place update. */
  update(values: Float64Array, from: number, n = values.length): void {
    if (n > this.capacityRows) {
      // Grow by doubling so a stream of appends rebuilds O(log N) times in all.
      this.build(values, n, Math.max(n, this.capacityRows * 2));
      return;
    }
    this.refresh(values, from, n, n);
  }

  /** Which level to draw when `rowsPerPixel` rows fall on each pixel column. */
  static levelFor(rowsPerPixel: number, maxLevel: number): number {
    // Below 8 rows per pixel the raw line is cheap and exact; above, buckets of at most half a
    // pixel keep every extreme within the pixel columns it belongs to.
    if (rowsPerPixel < 8 || maxLevel < FIRST_LEVEL) return 0;
    return Math.max(FIRST_LEVEL, Math.min(maxLevel, Math.floor(Math.log2(rowsPerPixel / 2))));
  }

  /** Min and max (absolute values) of rows [i0, i1] inclusive, ignoring gaps; null if none. */
  rangeMinMax(values: Float64Array, i0: number, i1: number): [number, number] | null {
    const out = this.scratch;
    return this.minMaxInto(values, i0, i1, out) ? [out[0], out[1]] : null;
  }

  /**
   * `rangeMinMax` without allocating (it runs per pixel column per frame): writes the min and
   * max into out[0] and out[1] and returns whether the rows hold any value.
   */
  minMaxInto(values: Float64Array, i0: number, i1: number, out: Float64Array): boolean {
    let lo = Infinity;
    let hi = -Infinity;
    let a = i0;
    let b = i1;
    if (b - a < 64 || this.levels < FIRST_LEVEL) {
      for (let i = a; i <= b; i++) {
        const v = values[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    } else {
      // Walk up the levels: rows at the ragged ends are scanned, whole buckets are read.
      for (; a <= b && a & (FIRST_SIZE - 1); a++) {
        const v = values[a];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      for (; b >= a && (b + 1) & (FIRST_SIZE - 1); b--) {
        const v = values[b];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      this.bucketLo = Infinity;
      this.bucketHi = -Infinity;
      let k = FIRST_LEVEL;
      let ba = a >> FIRST_LEVEL;
      let bb = a <= b ? b >> FIRST_LEVEL : ba - 1; // inclusive bucket range at level k
      while (ba <= bb) {
        if (k >= this.levels || bb - ba < 4) {
          for (let j = ba; j <= bb; j++) this.takeBucket(k, j);
          break;
        }
        if (ba & 1) this.takeBucket(k, ba++);
        if (!(bb & 1)) this.takeBucket(k, bb--);
        ba >>= 1;
        bb = (bb - 1) >> 1;
        k++;
      }
      if (this.bucketLo <= this.bucketHi) {
        lo = Math.min(lo, this.bucketLo + this.origin);
        hi = Math.max(hi, this.bucketHi + this.origin);
      }
    }
    out[0] = lo;
    out[1] = hi;
    return lo <= hi;
  }

  private scratch = new Float64Array(2);
  private bucketLo = Infinity;
  private bucketHi = -Infinity;

  /** Widens bucketLo/bucketHi (float32 offsets) by bucket j of level k, unless it is a gap. */
  private takeBucket(k: number, j: number): void {
    const p = (this.levelStart[k] + j) * 2;
    const f = this.data[p];
    const g = this.data[p + 1];
    if (f >= GAP) return;
    if (f < this.bucketLo) this.bucketLo = f;
    if (g < this.bucketLo) this.bucketLo = g;
    if (f > this.bucketHi) this.bucketHi = f;
    if (g > this.bucketHi) this.bucketHi = g;
  }

  private allocate(rows: number): void {
    // Room for exactly these rows (rounded up to whole blocks); appends beyond it double it.
    this.capacityRows = Math.ceil(rows / 1024) * 1024;
    const starts: number[] = [];
    let total = 0;
    let buckets = this.capacityRows;
    let level = 0;
    while (buckets > 1 || level < FIRST_LEVEL) {
      buckets = Math.ceil(buckets / 2);
      level++;
      if (level < FIRST_LEVEL) continue;
      starts[level] = total;
      total += buckets;
    }
    this.levels = level;
    this.levelStart = starts;
    this.data = new Float32Array(total * 2).fill(GAP);
  }

  /** Recomputes the buckets covering rows [from, n) at every level. */
  private refresh(values: Float64Array, from: number, to: number, n: number): void {
    const d = this.data;
    const o = this.origin;
    // The finest level from raw rows: each bucket's extremes, in the order they occur.
    let j0 = from >> FIRST_LEVEL;
    let j1 = (Math.max(to, from + 1) - 1) >> FIRST_LEVEL;
    const baseFirst = this.levelStart[FIRST_LEVEL];
    for (let j = j0; j <= j1; j++) {
      const start = j << FIRST_LEVEL;
      const p = (baseFirst + j) * 2;
      if (start + FIRST_SIZE <= n) {
        // The common case, unrolled: four rows, all values (x - x is 0 only for finite x).
        const a = values[start];
        const b = values[start + 1];
        const c = values[start + 2];
        const e = values[start + 3];
        if (a - a === 0 && b - b === 0 && c - c === 0 && e - e === 0) {
          let mn = a;
          let iMin = 0;
          let mx = a;
          let iMax = 0;
          if (b < mn) { mn = b; iMin = 1; }
          if (b > mx) { mx = b; iMax = 1; }
          if (c < mn) { mn = c; iMin = 2; }
          if (c > mx) { mx = c; iMax = 2; }
          if (e < mn) { mn = e; iMin = 3; }
          if (e > mx) { mx = e; iMax = 3; }
          if (iMin <= iMax) {
            d[p] = mn - o;
            d[p + 1] = mx - o;
          } else {
            d[p] = mx - o;
            d[p + 1] = mn - o;
          }
          continue;
        }
      }
      const end = Math.min(start + FIRST_SIZE, n);
      let mn = Infinity;
      let mx = -Infinity;
      let iMin = -1;
      let iMax = -1;
      for (let i = start; i < end; i++) {
        const v = values[i];
        // v - v is 0 for finite v, NaN for NaN and ±Infinity: one test for "is a value".
        if (v - v !== 0) continue;
        if (v < mn) {
          mn = v;
          iMin = i;
        }
        if (v > mx) {
          mx = v;
          iMax = i;
        }
      }
      if (iMin < 0) {
        d[p] = GAP;
        d[p + 1] = GAP;
      } else if (iMin <= iMax) {
        d[p] = mn - o;
        d[p + 1] = mx - o;
      } else {
        d[p] = mx - o;
        d[p + 1] = mn - o;
      }
    }
    // Higher levels from the level below: combine two children keeping occurrence order.
    for (let k = FIRST_LEVEL + 1; k <= this.levels; k++) {
      j0 >>= 1;
      j1 >>= 1;
      const below = this.levelStart[k - 1];
      const here = this.levelStart[k];
      for (let j = j0; j <= j1; j++) {
        const l = (below + 2 * j) * 2;
        const r = l + 2;
        const la = d[l], lb = d[l + 1];
        const rIn = 2 * j + 1 < here - below; // the right child exists at the level below
        const ra = rIn ? d[r] : GAP, rb = rIn ? d[r + 1] : GAP;
        const p = (here + j) * 2;
        if (la >= GAP && ra >= GAP) {
          d[p] = GAP;
          d[p + 1] = GAP;
          continue;
        }
        if (ra >= GAP) {
          d[p] = la;
          d[p + 1] = lb;
          continue;
        }
        if (la >= GAP) {
          d[p] = ra;
          d[p + 1] = rb;
          continue;
        }
        const lMin = la < lb ? la : lb;
        const lMax = la < lb ? lb : la;
        const rMin = ra < rb ? ra : rb;
        const rMax = ra < rb ? rb : ra;
        const minLeft = lMin <= rMin;
        const maxLeft = lMax >= rMax;
        const mn = minLeft ? lMin : rMin;
        const mx = maxLeft ? lMax : rMax;
        let minFirst: boolean;
        if (minLeft && !maxLeft) minFirst = true;
        else if (!minLeft && maxLeft) minFirst = false;
        else if (minLeft) minFirst = la <= lb; // both extremes in the left child: its order
        else minFirst = ra <= rb; // both in the right child
        d[p] = minFirst ? mn : mx;
        d[p + 1] = minFirst ? mx : mn;
      }
    }
  }
}
