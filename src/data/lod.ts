/**
 * Level of detail for a value column: a min/max pyramid over power-of-two buckets.
 *
 * Level k (k ≥ 2) holds, for each bucket of 2^k rows, the bucket's min and max; a bucket of
 * gaps only holds (GAP, −GAP), so merging buckets is a plain min and max with no branches.
 * Level 1 is left out (dense lines take per-column extremes from any level, and bars merge at
 * buckets of 4), which halves the work and the memory (4 bytes per row in all).
 * Values are float32 offsets from `origin`, the layout the GPU reads directly. Built in O(N),
 * kept current in O(log N) per appended or updated row, and answers range min/max queries in
 * O(log N) for auto-scaling.
 *
 * A big column can be built in slices (`prepare`, then `buildSome` from idle tasks): rows not
 * built yet are read directly by the queries, so answers are exact at every moment and the
 * first frame of a big load does not wait for the whole pyramid.
 */

/** float32 marker for "no value" (a gap); far outside any real offset. */
export const GAP = 3.0e38;

/** The finest pyramid level (buckets of 4 rows). */
export const FIRST_LEVEL = 2;
const FIRST_SIZE = 1 << FIRST_LEVEL;
/** Revisions whose changed rows a pyramid remembers (readers further behind read everything again). */
const CHANGE_LOG = 16;

/** A pyramid's state as plain data, to send between threads. */
export interface PyramidParts {
  origin: number;
  data: Float32Array;
  levelStart: number[];
  levels: number;
  capacityRows: number;
  rows: number;
  built: number;
}

/** The first finite value of a column (0 if none): the origin its pyramid and GPU copy use. */
export function firstFinite(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) return v;
  }
  return 0;
}

/**
 * Pyramids built before their column reached the chart (in the decode worker), by the column's
 * memory: the chart's GPU copy adopts one instead of building it on the main thread. Keyed by
 * buffer and byte offset because the chart sees the column through fresh subarray views.
 */
const prebuilt = new WeakMap<ArrayBufferLike, Map<number, MinMaxPyramid>>();

/** Offers a finished pyramid of `column` (all its rows) to whoever syncs that column next. */
export function offerPyramid(column: Float64Array, pyramid: MinMaxPyramid): void {
  let byOffset = prebuilt.get(column.buffer);
  if (!byOffset) prebuilt.set(column.buffer, (byOffset = new Map()));
  byOffset.set(column.byteOffset, pyramid);
}

/**
 * The pyramid offered for `values` (a view from the start of that column) when it covers exactly
 * these rows, else null. Taken once: later changes update the adopted pyramid as usual.
 */
export function takePyramid(values: Float64Array): MinMaxPyramid | null {
  const byOffset = prebuilt.get(values.buffer);
  const pyramid = byOffset?.get(values.byteOffset);
  if (!pyramid) return null;
  byOffset!.delete(values.byteOffset);
  return pyramid.complete && pyramid.toParts().rows === values.length ? pyramid : null;
}

export class MinMaxPyramid {
  /** Interleaved [min, max] per bucket, all levels back to back (level 2 first). */
  data: Float32Array = new Float32Array(0);
  /** Start (in buckets) of each level within `data`; levels below FIRST_LEVEL are not stored. */
  levelStart: number[] = [0];
  levels = 0;
  private capacityRows = 0;

  /** Rows [0, builtRows) are in the pyramid; queries read later rows directly. */
  private built = 0;
  /** Rows the column has (built or not). */
  private known = 0;
  /** Counts changes of the rows (see `changedSince`). */
  revision = 0;
  /** The lowest row each of the last CHANGE_LOG revisions changed, at index revision % CHANGE_LOG. */
  private changeLog = new Float64Array(CHANGE_LOG);

  constructor(private origin: number) {}

  /**
   * The lowest row changed after `revision` (Infinity when none; 0 when it is too long ago to
   * know), so that what was read from rows below it then still holds.
   */
  changedSince(revision: number): number {
    if (revision > this.revision || this.revision - revision > CHANGE_LOG) return 0;
    let low = Infinity;
    for (let r = revision + 1; r <= this.revision; r++) low = Math.min(low, this.changeLog[r % CHANGE_LOG]);
    return low;
  }

  private noteChange(from: number): void {
    this.revision++;
    this.changeLog[this.revision % CHANGE_LOG] = from;
  }

  /** The value offsets are taken from (the column's first finite value). */
  get originValue(): number {
    return this.origin;
  }

  /** What a worker sends so the page can adopt this pyramid without building it (`data` is transferable). */
  toParts(): PyramidParts {
    return { origin: this.origin, data: this.data, levelStart: this.levelStart, levels: this.levels, capacityRows: this.capacityRows, rows: this.known, built: this.built };
  }

  /** A pyramid from `toParts()` (e.g. built in the decode worker). */
  static fromParts(parts: PyramidParts): MinMaxPyramid {
    const p = new MinMaxPyramid(parts.origin);
    p.data = parts.data;
    p.levelStart = parts.levelStart;
    p.levels = parts.levels;
    p.capacityRows = parts.capacityRows;
    p.known = parts.rows;
    p.built = parts.built;
    return p;
  }

  /** Rebuilds everything for `values[0..n)` (offsets are taken from `origin`). */
  build(values: Float64Array, n = values.length, capacity = n): void {
    this.prepare(n, capacity);
    this.refresh(values, 0, n, n);
    this.built = n;
  }

  /** Makes room for `n` rows without building them yet (see buildSome). */
  prepare(n: number, capacity = n): void {
    this.allocate(Math.max(n, capacity, 1), n);
    this.built = 0;
    this.known = n;
    this.noteChange(0);
  }

  /** Rows the column has (built or not). */
  get rowCount(): number {
    return this.known;
  }

  /**
   * Every row changed and the count did not: the buckets are kept (no allocation) and taken as
   * unbuilt, so queries read the rows directly until `buildSome` has gone over them again. The
   * origin may move with the values (nothing built depends on it any more).
   */
  restart(origin: number): void {
    this.origin = origin;
    this.built = 0;
    this.noteChange(0);
  }

  get builtRows(): number {
    return this.built;
  }

  get complete(): boolean {
    return this.built >= this.known;
  }

  /** Builds up to about `rows` more rows (whole blocks of 1024); true once everything is built. */
  buildSome(values: Float64Array, rows: number): boolean {
    const n = this.known;
    if (this.built >= n) return true;
    const to = Math.min(n, Math.ceil((this.built + Math.max(1, rows)) / 1024) * 1024);
    this.refresh(values, this.built, to, n);
    this.built = to;
    return to >= n;
  }

  /** Brings rows [from, n) up to date after an append or an in-place update. */
  update(values: Float64Array, from: number, n = values.length): void {
    // Grow by doubling, keeping what is built, so a stream of appends copies O(log N) times in all.
    if (n > this.capacityRows) this.grow(Math.max(n, this.capacityRows * 2));
    this.noteChange(from);
    if (this.complete) {
      this.refresh(values, from, n, n);
      this.built = n;
    } else {
      // Still being built: rows from `from` on are simply rebuilt later.
      this.built = Math.min(this.built, from);
    }
    this.known = n;
  }

  /** Which level to draw when `rowsPerPixel` rows fall on each pixel column. */
  static levelFor(rowsPerPixel: number, maxLevel: number): number {
    // For thinned scatter markers: below 8 rows per pixel every row; above, buckets of at most
    // half a pixel keep every extreme within the pixel column it belongs to.
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
    if (b >= this.built) {
      // Rows not in the pyramid yet.
      for (let i = Math.max(a, this.built); i <= b; i++) {
        const v = values[i];
        if (v < lo && v !== -Infinity) lo = v; // ±Infinity are gaps, as in the built levels
        if (v > hi && v !== Infinity) hi = v;
      }
      b = this.built - 1;
    }
    if (b < a) {
      // nothing left for the pyramid
    } else if (b - a < 64 || this.levels < FIRST_LEVEL) {
      for (let i = a; i <= b; i++) {
        const v = values[i];
        if (v < lo && v !== -Infinity) lo = v; // ±Infinity are gaps, as in the built levels
        if (v > hi && v !== Infinity) hi = v;
      }
    } else {
      // Walk up the levels: rows at the ragged ends are scanned, whole buckets are read.
      for (; a <= b && a & (FIRST_SIZE - 1); a++) {
        const v = values[a];
        if (v < lo && v !== -Infinity) lo = v; // ±Infinity are gaps, as in the built levels
        if (v > hi && v !== Infinity) hi = v;
      }
      for (; b >= a && (b + 1) & (FIRST_SIZE - 1); b--) {
        const v = values[b];
        if (v < lo && v !== -Infinity) lo = v; // ±Infinity are gaps, as in the built levels
        if (v > hi && v !== Infinity) hi = v;
      }
      // Whole buckets, walking up the levels (locals and inlined reads: this runs for every
      // pixel column of every line, every frame).
      const d = this.data;
      const starts = this.levelStart;
      const levels = this.levels;
      let bucketLo = Infinity;
      let bucketHi = -Infinity;
      let k = FIRST_LEVEL;
      let ba = a >> FIRST_LEVEL;
      let bb = a <= b ? b >> FIRST_LEVEL : ba - 1; // inclusive bucket range at level k
      while (ba <= bb) {
        const base = starts[k] * 2;
        if (k >= levels || bb - ba < 4) {
          for (let p = base + 2 * ba, end = base + 2 * bb; p <= end; p += 2) {
            if (d[p] < bucketLo) bucketLo = d[p];
            if (d[p + 1] > bucketHi) bucketHi = d[p + 1];
          }
          break;
        }
        if (ba & 1) {
          const p = base + 2 * ba++;
          if (d[p] < bucketLo) bucketLo = d[p];
          if (d[p + 1] > bucketHi) bucketHi = d[p + 1];
        }
        if (!(bb & 1)) {
          const p = base + 2 * bb--;
          if (d[p] < bucketLo) bucketLo = d[p];
          if (d[p + 1] > bucketHi) bucketHi = d[p + 1];
        }
        ba >>= 1;
        bb = (bb - 1) >> 1;
        k++;
      }
      if (bucketLo <= bucketHi) {
        lo = Math.min(lo, bucketLo + this.origin);
        hi = Math.max(hi, bucketHi + this.origin);
      }
    }
    out[0] = lo;
    out[1] = hi;
    return lo <= hi;
  }

  private scratch = new Float64Array(2);

  /**
   * Room for `capacity` rows in a new layout, with every bucket kept: each level's buckets are
   * copied (a memcpy per level, not a rebuild from the rows), and the levels the bigger layout
   * adds on top are merged from the level below.
   */
  private grow(capacity: number): void {
    const old = this.data;
    const oldStart = this.levelStart;
    const oldLevels = this.levels;
    const rows = this.known;
    this.allocate(capacity, rows);
    const d = this.data;
    for (let k = FIRST_LEVEL; k <= oldLevels; k++) {
      const count = Math.ceil(rows / (1 << k));
      d.set(old.subarray(oldStart[k] * 2, (oldStart[k] + count) * 2), this.levelStart[k] * 2);
    }
    for (let k = Math.max(FIRST_LEVEL + 1, oldLevels + 1); k <= this.levels; k++) {
      const below = this.levelStart[k - 1] * 2;
      const here = this.levelStart[k] * 2;
      const belowCount = this.levelStart[k] - this.levelStart[k - 1];
      for (let j = 0; j < Math.ceil(rows / (1 << k)); j++) {
        const l = below + 4 * j;
        const right = 2 * j + 1 < belowCount;
        d[here + 2 * j] = right ? Math.min(d[l], d[l + 2]) : d[l];
        d[here + 2 * j + 1] = right ? Math.max(d[l + 1], d[l + 3]) : d[l + 1];
      }
    }
  }

  private allocate(rows: number, n: number): void {
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
    const data = new Float32Array(total * 2);
    // Buckets past the last row are gaps (parents merge them as they fill up); the others are
    // all written when their rows are built.
    for (let k = FIRST_LEVEL; k <= level; k++) {
      const end = (k < level ? starts[k + 1] : total) * 2;
      for (let i = (starts[k] + Math.ceil(n / (1 << k))) * 2; i < end; i += 2) {
        data[i] = GAP;
        data[i + 1] = -GAP;
      }
    }
    this.data = data;
  }

  /** Recomputes the buckets covering rows [from, n) at every level. */
  private refresh(values: Float64Array, from: number, to: number, n: number): void {
    const d = this.data;
    const o = this.origin;
    // The finest level from raw rows.
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
          const ab = a < b;
          const ce = c < e;
          const lo1 = ab ? a : b;
          const hi1 = ab ? b : a;
          const lo2 = ce ? c : e;
          const hi2 = ce ? e : c;
          d[p] = (lo1 < lo2 ? lo1 : lo2) - o;
          d[p + 1] = (hi1 > hi2 ? hi1 : hi2) - o;
          continue;
        }
      }
      const end = Math.min(start + FIRST_SIZE, n);
      let mn = Infinity;
      let mx = -Infinity;
      for (let i = start; i < end; i++) {
        const v = values[i];
        // v - v is 0 for finite v, NaN for NaN and ±Infinity: one test for "is a value".
        if (v - v !== 0) continue;
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      d[p] = mn <= mx ? mn - o : GAP;
      d[p + 1] = mn <= mx ? mx - o : -GAP;
    }
    // Higher levels from the level below: the min of the mins and the max of the maxes (gap
    // buckets hold GAP / −GAP, so they never win).
    for (let k = FIRST_LEVEL + 1; k <= this.levels; k++) {
      j0 >>= 1;
      j1 >>= 1;
      const below = this.levelStart[k - 1];
      const here = this.levelStart[k];
      const belowCount = here - below;
      for (let j = j0; j <= j1; j++) {
        const l = (below + 2 * j) * 2;
        const p = (here + j) * 2;
        if (2 * j + 1 < belowCount) {
          const la = d[l];
          const ra = d[l + 2];
          const lb = d[l + 1];
          const rb = d[l + 3];
          d[p] = la < ra ? la : ra;
          d[p + 1] = lb > rb ? lb : rb;
        } else {
          d[p] = d[l];
          d[p + 1] = d[l + 1];
        }
      }
    }
  }
}
