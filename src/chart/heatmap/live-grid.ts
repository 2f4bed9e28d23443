/**
 * A live heatmap's columns (a spectrogram, depth of book): a window of the newest `capacity`
 * columns into which `append` slides new ones. Pure TypeScript.
 *
 * Layout: column-major (a column's rows one after the other, so a new column is one contiguous
 * write) in a ring of 2 × capacity column slots: column m goes to slots m % capacity and
 * m % capacity + capacity, so the window is always one run of slots [head, head + capacity) and
 * the cells under a pixel never wrap. The max/min pyramid is the one of grid.ts over this layout
 * read as a transposed matrix (the 2×2 reduction is the same either way), kept up to date block
 * by block above each new column; `append` returns the ranges of floats that changed, which the
 * layer writes into its existing GPU buffer (no new buffer, no full upload).
 */
import { buildPyramid, checkGrid, windowRange, type CheckedGrid, type HeatmapGrid, type Pyramid } from './grid.js';

export interface HeatmapColumns {
  /** The new columns' cells, column after column, each from row 0 (bottom) up: k × rows values. */
  values: Float32Array | ArrayLike<number>;
  /** Left edges (data x: ms on a time axis) of the new columns, increasing, after the last column's; default: the grid's step on from the last column. */
  time?: Float64Array | ArrayLike<number>;
}

/** A changed run of the GPU buffer: `data` goes at float offset `at`. */
export interface DirtyRange {
  at: number;
  data: Float32Array;
}

export class LiveGrid {
  readonly rows: number;
  readonly capacity: number;
  readonly yEdges: Float64Array;
  /** 2 × capacity column slots × rows, column-major; NaN where nothing was written. */
  readonly cells: Float32Array;
  readonly pyramid: Pyramid;
  /** Columns appended so far (all of them, also those that slid out). */
  private appended = 0;
  /** Left edges of the window's columns, oldest first, and the width of the newest. */
  private lefts: Float64Array;
  private lastWidth: number;

  constructor(grid: CheckedGrid, capacity: number) {
    this.rows = grid.rows;
    this.capacity = capacity;
    this.yEdges = grid.yEdges;
    this.cells = new Float32Array(2 * capacity * grid.rows).fill(NaN);
    this.lefts = new Float64Array(capacity);
    this.lastWidth = grid.xEdges[grid.columns] - grid.xEdges[grid.columns - 1];
    const first = Math.max(0, grid.columns - capacity);
    const values = new Float32Array(grid.rows);
    for (let c = first; c < grid.columns; c++) {
      for (let r = 0; r < grid.rows; r++) values[r] = grid.values[r * grid.columns + c];
      this.put(values, grid.xEdges[c]);
    }
    this.pyramid = buildPyramid(this.cells, this.rows, 2 * capacity);
  }

  /** Columns in the window. */
  get columns(): number {
    return Math.min(this.appended, this.capacity);
  }

  /** Slot of the window's oldest column. */
  get head(): number {
    return this.appended >= this.capacity ? this.appended % this.capacity : 0;
  }

  /** Slots (pyramid level 0 "rows" of the transposed matrix). */
  get slots(): number {
    return 2 * this.capacity;
  }

  /** Floats the GPU buffer needs: the cells and the pyramid's levels. */
  get totalCells(): number {
    return this.cells.length + this.pyramid.max.length;
  }

  /** The window as a checked grid's edges: columns + 1 increasing x edges. */
  xEdges(): Float64Array {
    const n = this.columns;
    const out = new Float64Array(n + 1);
    const start = this.appended >= this.capacity ? this.appended % this.capacity : 0;
    for (let i = 0; i < n; i++) out[i] = this.lefts[(start + i) % this.capacity];
    out[n] = out[n - 1] + this.lastWidth;
    return out;
  }

  /** The value of the window's column c (0: oldest), row r. */
  value(c: number, r: number): number {
    return this.cells[(this.head + c) * this.rows + r];
  }

  /** [low, high] of the finite values in window columns c0..c1, rows r0..r1 (grid.ts windowRange). */
  range(c0: number, c1: number, r0: number, r1: number): [number, number] | null {
    const transposed = { columns: this.rows, rows: this.slots, values: this.cells, xEdges: new Float64Array(0), yEdges: new Float64Array(0) };
    return windowRange(transposed, this.pyramid, r0, r1, this.head + c0, this.head + c1);
  }

  /**
   * Checks and appends columns; returns the changed ranges for the GPU buffer. Throws naming the
   * field (`field`.values / .time) before changing anything, so the last good window stays.
   */
  append(input: HeatmapColumns, field: string): DirtyRange[] {
    if (!input || typeof input !== 'object') throw new Error(`${field} must be an object { values, time? }`);
    const v = input.values;
    if (!v || typeof v.length !== 'number') throw new Error(`${field}.values must be a Float32Array (or an array of numbers)`);
    if (v.length === 0 || v.length % this.rows !== 0) throw new Error(`${field}.values has ${v.length} values: it must be a whole number of columns of ${this.rows} rows`);
    const k = v.length / this.rows;
    const lastLeft = this.lefts[(this.appended - 1) % this.capacity];
    let lefts: Float64Array;
    if (input.time !== undefined) {
      const t = input.time;
      if (!t || typeof t.length !== 'number') throw new Error(`${field}.time must be a Float64Array (or an array of numbers)`);
      if (t.length !== k) throw new Error(`${field}.time has ${t.length} values but values holds ${k} columns of ${this.rows} rows`);
      lefts = new Float64Array(k);
      for (let i = 0; i < k; i++) {
        const x = Number(t[i]);
        const before = i === 0 ? lastLeft : lefts[i - 1];
        if (!Number.isFinite(x)) throw new Error(`${field}.time[${i}] is ${String(t[i])}: it must be a finite number`);
        if (!(x > before)) throw new Error(`${field}.time[${i}] (${x}) is not after the column before it (${before}): columns must move forward`);
        lefts[i] = x;
      }
    } else {
      lefts = Float64Array.from({ length: k }, (_, i) => lastLeft + (i + 1) * this.lastWidth);
    }
    const values = v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
    // the newest column keeps the width of the one before it (or the grid's step)
    if (k > 1) this.lastWidth = lefts[k - 1] - lefts[k - 2];
    else this.lastWidth = lefts[0] - lastLeft;
    const dirty: DirtyRange[] = [];
    // columns that would slide straight out again are skipped
    for (let i = Math.max(0, k - this.capacity); i < k; i++) {
      const slot = this.put(values.subarray(i * this.rows, (i + 1) * this.rows), lefts[i]);
      for (const s of [slot, slot + this.capacity]) this.updateAbove(s, dirty);
    }
    return dirty;
  }

  /** Writes one column into its two slots; returns the lower slot. */
  private put(column: Float32Array, left: number): number {
    const slot = this.appended % this.capacity;
    this.cells.set(column, slot * this.rows);
    this.cells.set(column, (slot + this.capacity) * this.rows);
    this.lefts[slot] = left;
    this.appended++;
    return slot;
  }

  /** Recomputes the pyramid blocks above slot `s` and records the changed floats. */
  private updateAbove(s: number, dirty: DirtyRange[]): void {
    const p = this.pyramid;
    const base = this.cells.length;
    dirty.push({ at: s * this.rows, data: this.cells.subarray(s * this.rows, (s + 1) * this.rows) });
    for (let k = 1; k < p.columns.length; k++) {
      // transposed: a slot is a "row" of the pyramid, the rows are its "columns"
      const width = p.columns[k];
      const below = p.columns[k - 1];
      const belowSlots = p.rows[k - 1];
      const out = p.offsets[k] - base;
      const from = k === 1 ? -1 : p.offsets[k - 1] - base;
      const y = s >> k;
      for (let x = 0; x < width; x++) {
        let hi = -Infinity;
        let lo = Infinity;
        for (let dy = 0; dy < 2; dy++) {
          const sy = 2 * y + dy;
          if (sy >= belowSlots) break;
          for (let dx = 0; dx < 2; dx++) {
            const sx = 2 * x + dx;
            if (sx >= below) break;
            const i = sy * below + sx;
            const a = from < 0 ? this.cells[i] : p.max[from + i];
            const b = from < 0 ? this.cells[i] : p.min[from + i];
            if (a > hi) hi = a;
            if (b < lo) lo = b;
          }
        }
        p.max[out + y * width + x] = hi === -Infinity ? NaN : hi;
        p.min[out + y * width + x] = lo === Infinity ? NaN : lo;
      }
      dirty.push({ at: p.offsets[k] + y * width, data: p.max.subarray(out + y * width, out + (y + 1) * width) });
    }
  }
}

/** A live grid from a heatmap spec's grid and capacity (checked: throws naming the field). */
export function liveGridOf(grid: HeatmapGrid, capacity: unknown, field: string): LiveGrid {
  const checked = checkGrid(grid, `${field}.grid`);
  const n = Number(capacity);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${field}.capacity is ${String(capacity)}: it must be a whole number ≥ 1`);
  return new LiveGrid(checked, n);
}
