/**
 * 3D series checked and laid out for the GPU, pure TypeScript. `checkSeries3D` throws an Error
 * naming the field when a series cannot be drawn (columns of different lengths, a grid whose
 * values do not match its size); rows with a non-finite coordinate are skipped and counted.
 * `DataBox` maps data coordinates into the normalized box (each axis centred, the longest half
 * side 1) in float64, so the float32 values sent to the GPU are relative to the box centre.
 */
import { colormapStops } from '../colormaps.js';
import type { Line3DSpec, PointMarker3D, Points3DSpec, Series3DSpec, Surface3DSpec, SurfaceGrid } from './spec.js';

export type Axis = 0 | 1 | 2;
/** Half sides of the normalized box (x, y, z): a square floor, a slightly lower height. */
export const BOX_HALF: readonly [number, number, number] = [1, 1, 0.8];

const MAX_GRID_SIDE = 16384;

/** Point shapes, in the order the points shader numbers them. */
export const POINT_MARKERS: readonly PointMarker3D[] = ['circle', 'square', 'triangle'];

/** Finite min and max of some values (NaN, NaN when none). */
function extent(values: ArrayLike<number>, into: [number, number] = [Infinity, -Infinity]): [number, number] {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < into[0]) into[0] = v;
    if (v > into[1]) into[1] = v;
  }
  return into;
}

function isNumbers(v: unknown): v is ArrayLike<number> {
  return (Array.isArray(v) || ArrayBuffer.isView(v)) && !(v instanceof DataView);
}

export interface CheckedSeries {
  spec: Series3DSpec;
  /** Where it is in `series` (for messages and default titles). */
  at: number;
  title: string;
  /** Data extents per axis over its finite rows. */
  extents: [[number, number], [number, number], [number, number]];
  /** Rows (points, vertices) left out for a non-finite coordinate. */
  skipped: number;
  /** Surfaces: the x of each grid column and the y of each grid row (data units). */
  grid?: SurfaceAxes;
  /** Points and lines: the rows checked, and the last one's x, y, z as they were then (an append must leave them so). */
  rows?: number;
  last?: [number, number, number];
  /** Points and lines: the spec's fields as checked (arrays by identity, with their lengths), to tell the series set again unchanged. */
  fields?: Map<string, unknown>;
  /**
   * Surfaces: z as float32 offsets from `zOrigin` (non-finite values kept: holes), written in the
   * same pass that finds the z range, into the array of the surface checked before at this place
   * when it has the same size (a replacement allocates nothing; the GPU took a copy already).
   */
  z32?: Float32Array;
  zOrigin?: number;
}

function fieldsOf(spec: Series3DSpec): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [k, v] of Object.entries(spec)) {
    fields.set(k, v);
    if (ArrayBuffer.isView(v) || Array.isArray(v)) fields.set(`${k}.length`, (v as ArrayLike<unknown>).length);
  }
  return fields;
}

/**
 * True when `spec` is the points3d or line3d series `c` was checked from, set again: the same
 * fields, each value the same (columns the same array objects of the same length). A column
 * changed in place (same array, same length) is not seen: a new array is. Surfaces are never
 * "unchanged" (their z is often replaced in place; a same-size surface is refilled anyway).
 */
export function unchangedSeries(c: CheckedSeries | undefined, spec: Series3DSpec): boolean {
  if (!c?.fields || spec.type === 'surface' || c.spec.type !== spec.type) return false;
  const now = fieldsOf(spec);
  if (now.size !== c.fields.size) return false;
  for (const [k, v] of now) if (!c.fields.has(k) || c.fields.get(k) !== v) return false;
  return true;
}

/** A surface's grid in data units: `xs[column]`, `ys[row]`. */
export interface SurfaceAxes {
  xs: Float64Array;
  ys: Float64Array;
}

/**
 * Checks one 3D series; throws an Error naming the bad field (`series[i].…`). `before`: the series
 * checked at this place last time (a surface reuses its float32 array and origin).
 */
export function checkSeries3D(spec: Series3DSpec, at: number, before?: CheckedSeries): CheckedSeries {
  const field = `series[${at}]`;
  const title = typeof spec.title === 'string' && spec.title ? spec.title : `${spec.type} ${at + 1}`;
  // A colormap that is not one throws here, naming the field (the shared module's check).
  if (spec.type !== 'line3d' && spec.colormap !== undefined) colormapStops(spec.colormap, `${field}.colormap`);
  if (spec.type === 'surface') return checkSurface(spec, at, field, title, before);
  return checkColumns(spec, at, field, title);
}

function checkColumns(spec: Points3DSpec | Line3DSpec, at: number, field: string, title: string): CheckedSeries {
  for (const k of ['x', 'y', 'z'] as const) {
    if (!isNumbers(spec[k])) throw new Error(`${field}.${k} must be an array of numbers (${spec.type} needs x, y and z columns)`);
  }
  const n = spec.x.length;
  if (spec.y.length !== n || spec.z.length !== n) {
    throw new Error(`${field}: x, y and z must have the same length (x ${n}, y ${spec.y.length}, z ${spec.z.length})`);
  }
  if (spec.type === 'points3d' && spec.marker !== undefined && !POINT_MARKERS.includes(spec.marker)) {
    throw new Error(`${field}.marker must be ${POINT_MARKERS.join(', ')} (got ${JSON.stringify(String(spec.marker)).slice(0, 40)})`);
  }
  if (spec.type === 'points3d' && spec.colorValues !== undefined) {
    if (!isNumbers(spec.colorValues)) throw new Error(`${field}.colorValues must be an array of numbers`);
    if (spec.colorValues.length !== n) throw new Error(`${field}.colorValues has ${spec.colorValues.length} values; x, y and z have ${n}`);
  }
  const ex: CheckedSeries['extents'] = [
    [Infinity, -Infinity],
    [Infinity, -Infinity],
    [Infinity, -Infinity],
  ];
  return { ...scanRows({ spec, at, title, extents: ex, skipped: 0 }, 0), fields: fieldsOf(spec) };
}

/** Adds rows [from, n) of a points or line series to its extents and skipped count. */
function scanRows(c: CheckedSeries, from: number): CheckedSeries {
  const { x, y, z } = c.spec as Points3DSpec | Line3DSpec;
  const n = x.length;
  const ex = c.extents;
  let skipped = c.skipped;
  for (let i = from; i < n; i++) {
    const a = x[i],
      b = y[i],
      e = z[i];
    if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(e)) {
      skipped++;
      continue;
    }
    if (a < ex[0][0]) ex[0][0] = a;
    if (a > ex[0][1]) ex[0][1] = a;
    if (b < ex[1][0]) ex[1][0] = b;
    if (b > ex[1][1]) ex[1][1] = b;
    if (e < ex[2][0]) ex[2][0] = e;
    if (e > ex[2][1]) ex[2][1] = e;
  }
  c.skipped = skipped;
  c.rows = n;
  c.last = n ? [x[n - 1], y[n - 1], z[n - 1]] : undefined;
  return c;
}

/** The same column: one array, or views of one buffer from the same offset (a preallocated column's `subarray(0, n)`). */
function sameColumn(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  return ArrayBuffer.isView(a) && ArrayBuffer.isView(b) && a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.constructor === b.constructor;
}

/**
 * When `spec` is `prev`'s line grown at the end (the same x, y, z columns, longer, the last row
 * checked before still as it was), the row it grew from; else -1. Rows before that one are
 * taken as unchanged (an append), not compared.
 */
export function lineAppendFrom(prev: CheckedSeries | undefined, spec: Series3DSpec): number {
  if (!prev || prev.spec.type !== 'line3d' || spec.type !== 'line3d' || prev.rows === undefined || !prev.last) return -1;
  const p = prev.spec;
  if (!sameColumn(p.x, spec.x) || !sameColumn(p.y, spec.y) || !sameColumn(p.z, spec.z)) return -1;
  const from = prev.rows;
  if (!(spec.x.length > from) || spec.y.length !== spec.x.length || spec.z.length !== spec.x.length) return -1;
  if ((p.visible === false) !== (spec.visible === false)) return -1;
  const [a, b, c] = prev.last;
  return Object.is(spec.x[from - 1], a) && Object.is(spec.y[from - 1], b) && Object.is(spec.z[from - 1], c) ? from : -1;
}

/** `prev` (a line checked before) with the rows appended from `from`: only those are scanned. */
export function extendLine(prev: CheckedSeries, spec: Line3DSpec, at: number): CheckedSeries {
  const title = typeof spec.title === 'string' && spec.title ? spec.title : `${spec.type} ${at + 1}`;
  const extents = prev.extents.map((e) => [e[0], e[1]]) as CheckedSeries['extents'];
  return { ...scanRows({ spec, at, title, extents, skipped: prev.skipped }, prev.rows!), fields: fieldsOf(spec) };
}

/** A surface's grid columns' x and rows' y in data units (uniform or given), checked. */
function gridAxis(field: string, g: Partial<SurfaceGrid>, axis: 'x' | 'y'): Float64Array {
  const [edgesKey, originKey, stepKey, countKey] = axis === 'x' ? (['xEdges', 'x0', 'dx', 'columns'] as const) : (['yEdges', 'y0', 'dy', 'rows'] as const);
  const count = g[countKey];
  if (count !== undefined && (!Number.isInteger(count) || count < 2 || count > MAX_GRID_SIDE)) {
    throw new Error(`${field}.grid.${countKey} must be a whole number from 2 to ${MAX_GRID_SIDE} (got ${String(count)})`);
  }
  const given = g[edgesKey];
  if (given !== undefined) {
    if (!isNumbers(given)) throw new Error(`${field}.grid.${edgesKey} must be an array of numbers (the ${axis} of each grid ${axis === 'x' ? 'column' : 'row'})`);
    if (count !== undefined && given.length !== count) throw new Error(`${field}.grid.${edgesKey} has ${given.length} values but ${countKey} is ${count}`);
    if (given.length < 2 || given.length > MAX_GRID_SIDE) throw new Error(`${field}.grid.${edgesKey} must have from 2 to ${MAX_GRID_SIDE} values (got ${given.length})`);
    const out = new Float64Array(given.length);
    for (let i = 0; i < given.length; i++) {
      const v = given[i];
      if (!Number.isFinite(v)) throw new Error(`${field}.grid.${edgesKey}[${i}] is ${String(v)}: edges must be finite`);
      if (i > 0 && !(v > out[i - 1])) throw new Error(`${field}.grid.${edgesKey}[${i}] (${v}) is not above ${edgesKey}[${i - 1}] (${out[i - 1]}): edges must increase`);
      out[i] = v;
    }
    return out;
  }
  if (count === undefined) throw new Error(`${field}.grid.${countKey} is required (or ${edgesKey})`);
  const origin = g[originKey];
  const step = g[stepKey];
  if (!Number.isFinite(origin)) throw new Error(`${field}.grid.${originKey} must be a finite number (or give ${edgesKey})`);
  if (!Number.isFinite(step) || step === 0) throw new Error(`${field}.grid.${stepKey} must be a finite number other than 0 (or give ${edgesKey})`);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = origin! + i * step!;
  return out;
}

function checkSurface(spec: Surface3DSpec, at: number, field: string, title: string, before?: CheckedSeries): CheckedSeries {
  const g = spec.grid as Partial<SurfaceGrid> | undefined;
  if (!g || typeof g !== 'object') throw new Error(`${field}.grid is required: { x0, dx, y0, dy, columns, rows, values } or { xEdges, yEdges, values }`);
  const xs = gridAxis(field, g, 'x');
  const ys = gridAxis(field, g, 'y');
  if (!isNumbers(g.values)) throw new Error(`${field}.grid.values must be an array of numbers`);
  const expected = xs.length * ys.length;
  if (g.values.length !== expected) {
    throw new Error(`${field}.grid.values has ${g.values.length} values; columns × rows = ${xs.length} × ${ys.length} = ${expected}`);
  }
  const xr: [number, number] = [Math.min(xs[0], xs[xs.length - 1]), Math.max(xs[0], xs[xs.length - 1])];
  const yr: [number, number] = [Math.min(ys[0], ys[ys.length - 1]), Math.max(ys[0], ys[ys.length - 1])];
  const { z32, origin, range, skipped } = surfaceZ(g.values, before?.z32?.length === expected ? before.z32 : undefined, before?.zOrigin);
  return { spec, at, title, extents: [xr, yr, range], skipped, grid: { xs, ys }, z32, zOrigin: origin };
}

/**
 * z as float32 offsets from an origin, and the finite z range, in one pass over the values (the
 * main thread's whole cost of a surface replacement: it is O(cells)). The origin must lie in the
 * range so that float32 keeps the digits of the range: the one used last time is tried first
 * (replacements of similar data keep it), else the first finite value; a second pass is made only
 * when the range no longer holds it (the data moved away).
 */
export function surfaceZ(values: ArrayLike<number>, into?: Float32Array, guess?: number): { z32: Float32Array; origin: number; range: [number, number]; skipped: number } {
  const n = values.length;
  const z32 = into && into.length === n ? into : new Float32Array(n);
  let origin = guess !== undefined && Number.isFinite(guess) ? guess : NaN;
  if (Number.isNaN(origin)) {
    origin = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v - v === 0) {
        origin = v;
        break;
      }
    }
  }
  for (let pass = 0; ; pass++) {
    let lo = Infinity;
    let hi = -Infinity;
    let skipped = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      // Non-finite values stay NaN/±Infinity: the shader reads the bits and leaves a hole.
      z32[i] = v - origin;
      // v − v is 0 only for a finite v (NaN for NaN and ±Infinity): one test, no call.
      if (v - v === 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      } else skipped++;
    }
    if (pass > 0 || !(lo <= hi) || (origin >= lo && origin <= hi)) return { z32, origin, range: [lo, hi], skipped };
    origin = lo + (hi - lo) / 2;
  }
}

/** The data box over every series, and the map from data to the normalized box (float64). */
export class DataBox {
  /** Per axis: [min, max] in data units (widened when empty or flat). */
  readonly ranges: [[number, number], [number, number], [number, number]];
  readonly centre: [number, number, number];
  /** Normalized units per data unit, per axis. */
  readonly scale: [number, number, number];

  constructor(series: readonly CheckedSeries[]) {
    const r: Array<[number, number]> = [0, 1, 2].map((a) => {
      const e: [number, number] = [Infinity, -Infinity];
      for (const s of series) {
        e[0] = Math.min(e[0], s.extents[a][0]);
        e[1] = Math.max(e[1], s.extents[a][1]);
      }
      if (!(e[0] <= e[1])) return [-1, 1];
      if (e[0] === e[1]) {
        const pad = Math.abs(e[0]) * 0.1 || 1;
        return [e[0] - pad, e[1] + pad];
      }
      return e;
    });
    this.ranges = r as DataBox['ranges'];
    this.centre = r.map(([a, b]) => a + (b - a) / 2) as [number, number, number];
    this.scale = r.map(([a, b], i) => (2 * BOX_HALF[i]) / (b - a)) as [number, number, number];
  }

  /** A data coordinate on an axis in the normalized box. */
  toBox(axis: Axis, v: number): number {
    return (v - this.centre[axis]) * this.scale[axis];
  }

  /** A normalized box coordinate back in data units. */
  toData(axis: Axis, v: number): number {
    return v / this.scale[axis] + this.centre[axis];
  }
}

/** Points: (x, y, z, colour position 0…1) per drawn point, and the source rows (when some were skipped). */
export function pointVertices(spec: Points3DSpec, box: DataBox): { data: Float32Array; rows: Uint32Array | null; count: number } {
  const n = spec.x.length;
  const data = new Float32Array(n * 4);
  const rows = new Uint32Array(n);
  const c = spec.colorValues;
  const cr = c ? extent(c) : null;
  const cspan = cr && cr[1] > cr[0] ? cr[1] - cr[0] : 1;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const x = spec.x[i],
      y = spec.y[i],
      z = spec.z[i];
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) continue;
    const o = k * 4;
    data[o] = box.toBox(0, x);
    data[o + 1] = box.toBox(1, y);
    data[o + 2] = box.toBox(2, z);
    const cv = c ? c[i] : NaN;
    data[o + 3] = c && Number.isFinite(cv) ? (cv - cr![0]) / cspan : 0;
    rows[k++] = i;
  }
  return { data: k === n ? data : data.slice(0, k * 4), rows: k === n ? null : rows.slice(0, k), count: k };
}

/** Where a line's vertices are measured from (data units): the centre of its extents when it was built. */
export function lineOrigin(c: CheckedSeries): [number, number, number] {
  return c.extents.map(([a, b]) => (a <= b ? a + (b - a) / 2 : 0)) as [number, number, number];
}

/**
 * Line points relative to `origin` (data units, so they need no box: the draw's matrix maps them),
 * rows [from, to) written at the same rows of `into`: (x, y, z, 1), or (0, 0, 0, 0) where a
 * non-finite row breaks the line.
 */
export function writeLineVertices(spec: Line3DSpec, origin: readonly [number, number, number], into: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const x = spec.x[i],
      y = spec.y[i],
      z = spec.z[i];
    const o = i * 4;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) {
      into[o] = into[o + 1] = into[o + 2] = into[o + 3] = 0;
      continue;
    }
    into[o] = x - origin[0];
    into[o + 1] = y - origin[1];
    into[o + 2] = z - origin[2];
    into[o + 3] = 1;
  }
}

/**
 * A surface as the GPU draws it: no per-vertex arrays. z relative to `origin` (data units, float32,
 * NaN where there is no value) in one run, the grid columns' x and rows' y in the box (float32:
 * columns values, then rows values), and the affine maps the vertex shader applies: box z =
 * z · zScale + zOffset, colour position t = z · tScale + tOffset (three-surface.wgsl derives each
 * vertex's position, normal and t from `vertex_index`).
 */
export interface SurfaceValues {
  columns: number;
  rows: number;
  z: Float32Array;
  axes: Float32Array;
  /** Data z the float32 values are measured from (a value inside the surface's z range). */
  origin: number;
  /** The middle of the z range, relative to `origin`: the level of detail keeps the value farthest from it. */
  middle: number;
  zScale: number;
  zOffset: number;
  tScale: number;
  tOffset: number;
  /** The surface's extent in the box: [xMin, xMax, yMin, yMax, zMin, zMax] (the level of detail projects it). */
  bounds: [number, number, number, number, number, number];
  /** The level-of-detail steps of the last frame (every kx-th column, ky-th row drawn; set by the renderer, read by picking). */
  steps: [number, number];
}

/**
 * The surface's values for the GPU from its check (`c.z32`, `c.zOrigin`: no pass over the values
 * here, only the grid's columns and rows into the box and the maps).
 */
export function surfaceValues(c: CheckedSeries, box: DataBox): SurfaceValues {
  const { xs, ys } = c.grid!;
  const zRange = c.extents[2];
  const hasZ = zRange[0] <= zRange[1];
  const origin = c.zOrigin ?? 0;
  const z = c.z32!;
  const a = new Float32Array(xs.length + ys.length);
  for (let i = 0; i < xs.length; i++) a[i] = box.toBox(0, xs[i]);
  for (let i = 0; i < ys.length; i++) a[xs.length + i] = box.toBox(1, ys[i]);
  const span = zRange[1] > zRange[0] ? zRange[1] - zRange[0] : 1;
  const zScale = box.scale[2];
  const zOffset = box.toBox(2, origin);
  const bz = hasZ ? [box.toBox(2, zRange[0]), box.toBox(2, zRange[1])] : [0, 0];
  return {
    columns: xs.length,
    rows: ys.length,
    z,
    axes: a,
    origin,
    middle: hasZ ? zRange[0] + (zRange[1] - zRange[0]) / 2 - origin : 0,
    zScale,
    zOffset,
    tScale: 1 / span,
    tOffset: hasZ ? (origin - zRange[0]) / span : 0,
    steps: [1, 1],
    bounds: [Math.min(a[0], a[xs.length - 1]), Math.max(a[0], a[xs.length - 1]), Math.min(a[xs.length], a[a.length - 1]), Math.max(a[xs.length], a[a.length - 1]), bz[0], bz[1]],
  };
}

/** Largest level-of-detail step: a 16 384-wide grid drawn every 128th column still has 128 cells. */
export const MAX_SURFACE_STEP = 128;

/**
 * The level of detail of a surface: the power-of-two steps (kx, ky) such that the grid drawn
 * every kx-th column and ky-th row has no more cells along each side than that side covers in
 * device px (`pxAcross`, `pxAlong`: the longest projection of the surface's x and y edges).
 * A side that cannot be measured (behind the eye) is drawn in full.
 */
export function surfaceSteps(columns: number, rows: number, pxAcross: number, pxAlong: number): [number, number] {
  const step = (cells: number, px: number) => {
    if (!(px > 0) || !Number.isFinite(px)) return 1;
    let k = 1;
    while (k < MAX_SURFACE_STEP && cells / k > px) k *= 2;
    return k;
  };
  return [step(columns - 1, pxAcross), step(rows - 1, pxAlong)];
}

/** Cells drawn along a side of `points` grid points at step k (every k-th one, and always the last). */
export function stepCells(points: number, k: number): number {
  return Math.ceil((points - 1) / k);
}

/**
 * Device px covered by a surface's x sides and y sides: the longest projection of the edges of
 * its bounds (box units) parallel to x, and to y, through `viewProjection` (column-major, float64)
 * on a canvas of width × height device px. NaN when a corner is behind the eye.
 */
export function projectedSides(bounds: readonly number[], m: ArrayLike<number>, width: number, height: number): [number, number] {
  const [x0, x1, y0, y1, z0, z1] = bounds;
  const screen = (x: number, y: number, z: number): [number, number] => {
    const w = m[3] * x + m[7] * y + m[11] * z + m[15];
    if (!(w > 1e-9)) return [NaN, NaN];
    return [((m[0] * x + m[4] * y + m[8] * z + m[12]) / w) * 0.5 * width, ((m[1] * x + m[5] * y + m[9] * z + m[13]) / w) * 0.5 * height];
  };
  let across = 0;
  let along = 0;
  for (const y of [y0, y1]) {
    for (const z of [z0, z1]) {
      const a = screen(x0, y, z);
      const b = screen(x1, y, z);
      across = Math.max(across, Math.hypot(b[0] - a[0], b[1] - a[1]));
      if (Number.isNaN(a[0]) || Number.isNaN(b[0])) across = NaN;
    }
  }
  for (const x of [x0, x1]) {
    for (const z of [z0, z1]) {
      const a = screen(x, y0, z);
      const b = screen(x, y1, z);
      along = Math.max(along, Math.hypot(b[0] - a[0], b[1] - a[1]));
      if (Number.isNaN(a[0]) || Number.isNaN(b[0])) along = NaN;
    }
  }
  return [across, along];
}
