/**
 * A heatmap's matrix, checked: a uniform grid (`x0, dx, y0, dy, columns, rows`) or cell edges
 * (`xEdges`, `yEdges`), and `values` row-major (row 0 at y0, the bottom). Pure TypeScript.
 *
 * Level of detail is a *max* pyramid (2×2 cells → 1; built on the GPU for a grid given whole,
 * gpu-levels.ts, and here, with a min pyramid beside it for the automatic colour range, for a live
 * window, live-grid.ts): where a pixel covers many cells it shows the largest of them, so a
 * lone hot cell (a spectral line, a spike in a correlation matrix) stays visible at any zoom, as
 * the chart's lines keep every spike. A mean would dilute it by the number of cells it shares a
 * pixel with.
 */

export interface HeatmapGrid {
  /** Uniform grid: x of the left edge of column 0, and the column width (data x: ms on a time axis). */
  x0?: number;
  dx?: number;
  /** Uniform grid: y of the bottom edge of row 0, and the row height. */
  y0?: number;
  dy?: number;
  columns?: number;
  rows?: number;
  /** columns × rows values, row-major (value of column c, row r at r × columns + c); NaN: no cell. */
  values: Float32Array | ArrayLike<number>;
  /** Non-uniform cells: columns + 1 increasing x edges (instead of x0/dx). */
  xEdges?: ArrayLike<number>;
  /** rows + 1 increasing y edges (instead of y0/dy). */
  yEdges?: ArrayLike<number>;
}

export interface CheckedGrid {
  columns: number;
  rows: number;
  values: Float32Array;
  /** columns + 1 and rows + 1 edges, data units, increasing. */
  xEdges: Float64Array;
  yEdges: Float64Array;
}

function edgesOf(field: string, axis: 'x' | 'y', grid: HeatmapGrid, count: number | undefined): Float64Array {
  const given = axis === 'x' ? grid.xEdges : grid.yEdges;
  const name = axis === 'x' ? 'xEdges' : 'yEdges';
  if (given !== undefined) {
    if (!given || typeof given.length !== 'number') throw new Error(`${field}.${name} must be an array of numbers`);
    if (count !== undefined && given.length !== count + 1) throw new Error(`${field}.${name} has ${given.length} edges but ${axis === 'x' ? 'columns' : 'rows'} + 1 is ${count + 1}`);
    const out = new Float64Array(given.length);
    for (let i = 0; i < given.length; i++) {
      const v = Number(given[i]);
      if (!Number.isFinite(v)) throw new Error(`${field}.${name}[${i}] is ${String(given[i])}: edges must be finite`);
      if (i > 0 && !(v > out[i - 1])) throw new Error(`${field}.${name}[${i}] (${v}) is not above ${name}[${i - 1}] (${out[i - 1]}): edges must increase`);
      out[i] = v;
    }
    if (out.length < 2) throw new Error(`${field}.${name} needs at least two edges`);
    return out;
  }
  const origin = Number(axis === 'x' ? (grid.x0 ?? 0) : (grid.y0 ?? 0));
  const step = Number(axis === 'x' ? (grid.dx ?? 1) : (grid.dy ?? 1));
  const o = axis === 'x' ? 'x0' : 'y0';
  const s = axis === 'x' ? 'dx' : 'dy';
  if (!Number.isFinite(origin)) throw new Error(`${field}.${o} is ${String(origin)}: it must be a finite number`);
  if (!(step > 0) || !Number.isFinite(step)) throw new Error(`${field}.${s} is ${String(step)}: it must be a finite number > 0`);
  if (count === undefined) throw new Error(`${field}.${axis === 'x' ? 'columns' : 'rows'} is needed without ${name}`);
  const out = new Float64Array(count + 1);
  for (let i = 0; i <= count; i++) out[i] = origin + i * step;
  return out;
}

function countOf(field: string, name: 'columns' | 'rows', v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${field}.${name} is ${String(v)}: it must be a whole number ≥ 1`);
  return n;
}

/** The grid checked and normalised; throws an Error naming the field at fault (`field`: e.g. `series[0].grid`). */
export function checkGrid(grid: HeatmapGrid, field = 'grid'): CheckedGrid {
  if (!grid || typeof grid !== 'object') throw new Error(`${field} must be an object { x0, dx, y0, dy, columns, rows, values }`);
  const xEdges = edgesOf(field, 'x', grid, countOf(field, 'columns', grid.columns));
  const yEdges = edgesOf(field, 'y', grid, countOf(field, 'rows', grid.rows));
  const columns = xEdges.length - 1;
  const rows = yEdges.length - 1;
  const v = grid.values;
  if (!v || typeof v.length !== 'number') throw new Error(`${field}.values must be a Float32Array (or an array of numbers)`);
  if (v.length !== columns * rows) throw new Error(`${field}.values has ${v.length} values but columns × rows is ${columns} × ${rows} = ${columns * rows}`);
  const values = v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>);
  return { columns, rows, values, xEdges, yEdges };
}

/** Levels 1… of a 2×2 reduction: level k has ceil(columns / 2^k) × ceil(rows / 2^k) cells. */
export interface Pyramid {
  /** Max of each block, every level after level 0 one after the other. */
  max: Float32Array;
  min: Float32Array;
  /** Offset of level k in the arrays above, counted as if level 0 were in front (offsets[0] = 0). */
  offsets: number[];
  columns: number[];
  rows: number[];
}

export function levelSize(n: number, level: number): number {
  return Math.ceil(n / 2 ** level);
}

/**
 * The max and min pyramids above `values` (NaN cells are left out; a block of only NaN is NaN).
 * Level 0 is `values` itself and is not copied: `max` and `min` hold levels 1 and up, at
 * `offsets[k] - columns × rows`.
 */
export function buildPyramid(values: Float32Array, columns: number, rows: number): Pyramid {
  const cols = [columns];
  const rws = [rows];
  const offsets = [0];
  let total = 0;
  while (cols[cols.length - 1] > 1 || rws[rws.length - 1] > 1) {
    const k = cols.length;
    offsets.push(columns * rows + total);
    cols.push(levelSize(columns, k));
    rws.push(levelSize(rows, k));
    total += cols[k] * rws[k];
  }
  const max = new Float32Array(total);
  const min = new Float32Array(total);
  const base = columns * rows;
  for (let k = 1; k < cols.length; k++) {
    const pc = cols[k - 1];
    const pr = rws[k - 1];
    const c = cols[k];
    const r = rws[k];
    const out = offsets[k] - base;
    const from = k === 1 ? -1 : offsets[k - 1] - base;
    for (let y = 0; y < r; y++) {
      for (let x = 0; x < c; x++) {
        let hi = -Infinity;
        let lo = Infinity;
        for (let dy = 0; dy < 2; dy++) {
          const sy = 2 * y + dy;
          if (sy >= pr) break;
          for (let dx = 0; dx < 2; dx++) {
            const sx = 2 * x + dx;
            if (sx >= pc) break;
            const i = sy * pc + sx;
            const a = from < 0 ? values[i] : max[from + i];
            const b = from < 0 ? values[i] : min[from + i];
            // NaN compares false: it is left out
            if (a > hi) hi = a;
            if (b < lo) lo = b;
          }
        }
        const o = out + y * c + x;
        max[o] = hi === -Infinity ? NaN : hi;
        min[o] = lo === Infinity ? NaN : lo;
      }
    }
  }
  return { max, min, offsets, columns: cols, rows: rws };
}

/** Index of the cell holding coordinate v (edges ascending): -1 before the first, n after the last. */
export function cellAt(edges: Float64Array, v: number): number {
  const n = edges.length - 1;
  if (!(v >= edges[0])) return -1;
  if (v > edges[n]) return n;
  let lo = 0;
  let hi = n;
  // the last edge ≤ v
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * [low, high] of the finite values in columns c0..c1 and rows r0..r1 (inclusive), read at the
 * coarsest pyramid level that keeps the scan under `budget` cells (blocks at the window's edges
 * may reach a cell beyond it); null when there is none.
 */
export function windowRange(grid: CheckedGrid, pyramid: Pyramid | null, c0: number, c1: number, r0: number, r1: number, budget = 1 << 20): [number, number] | null {
  let k = 0;
  const cells = (level: number) => ((c1 >> level) - (c0 >> level) + 1) * ((r1 >> level) - (r0 >> level) + 1);
  if (pyramid) while (k < pyramid.columns.length - 1 && cells(k) > budget) k++;
  let lo = Infinity;
  let hi = -Infinity;
  const base = grid.columns * grid.rows;
  const cols = k === 0 ? grid.columns : pyramid!.columns[k];
  for (let r = r0 >> k; r <= r1 >> k; r++) {
    for (let c = c0 >> k; c <= c1 >> k; c++) {
      const i = r * cols + c;
      const a = k === 0 ? grid.values[i] : pyramid!.max[pyramid!.offsets[k] - base + i];
      const b = k === 0 ? a : pyramid!.min[pyramid!.offsets[k] - base + i];
      if (a > hi && a !== Infinity) hi = a;
      if (b < lo && b !== -Infinity) lo = b;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Whether two edge arrays are equal. */
export function sameEdges(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Cells under [a, b] (edges ascending): the one holding the middle when it covers at most two
 * (crisp cell borders when zoomed in), else every cell it touches (their largest value is shown);
 * [1, 0] when it is outside the grid.
 */
export function cellSpan(edges: Float64Array, a: number, b: number): [number, number] {
  const n = edges.length - 1;
  if (!(b > edges[0]) || !(a < edges[n])) return [1, 0];
  const c0 = Math.max(0, cellAt(edges, a));
  let c1 = Math.min(n - 1, cellAt(edges, b));
  if (c1 > c0 && edges[c1] >= b) c1--;
  if (c1 - c0 <= 1) {
    const mid = cellAt(edges, (a + b) / 2);
    if (mid < 0 || mid >= n) return [1, 0];
    return [mid, mid];
  }
  return [c0, c1];
}
