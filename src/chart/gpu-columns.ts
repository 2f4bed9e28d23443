/**
 * The GPU copy of a ColumnTable, shared by every chart that draws it on the same device.
 *
 * Time is uploaded as float32 offsets from a per-block origin (blocks of 1024 rows), with the
 * origins kept in float64 on the CPU; each frame turns the visible blocks' origins into pixel
 * positions in float64, so time keeps full precision at any zoom. Values are float32 offsets
 * from one origin per column, with a min/max pyramid beside them for level of detail.
 * Changes are accumulated from the table's notifications and uploaded once, lazily, at the next
 * frame: appends write only the tail, and indices follow the table's backing arrays.
 */
import type { ColumnTable, TableChange } from '../data/table.js';
import { FIRST_LEVEL, GAP, MinMaxPyramid } from '../data/lod.js';
import { GrowableBuffer } from '../gpu/buffers.js';

export const BLOCK_SHIFT = 10;
export const BLOCK_ROWS = 1 << BLOCK_SHIFT;

export class GpuTimeColumn {
  readonly xs: GrowableBuffer;
  /** Float64 origin of each block: the time of its first row. */
  blockOrigins = new Float64Array(64);
  private staging = new Float32Array(0);
  rows = 0;

  constructor(device: GPUDevice) {
    this.xs = new GrowableBuffer(device, 'time offsets', GPUBufferUsage.STORAGE);
  }

  sync(time: Float64Array, from: number): void {
    const n = time.length;
    from = Math.min(from, this.rows, n);
    // Rows from the start of the first touched block: its origin may change.
    const start = (from >> BLOCK_SHIFT) << BLOCK_SHIFT;
    const blocks = Math.ceil(n / BLOCK_ROWS);
    if (blocks > this.blockOrigins.length) {
      let size = this.blockOrigins.length;
      while (size < blocks) size *= 2;
      const next = new Float64Array(size);
      next.set(this.blockOrigins);
      this.blockOrigins = next;
    }
    if (this.staging.length < n) this.staging = new Float32Array(Math.max(n, this.staging.length * 2));
    const st = this.staging;
    const origins = this.blockOrigins;
    for (let b = start >> BLOCK_SHIFT; b < blocks; b++) {
      const first = b << BLOCK_SHIFT;
      const origin = (origins[b] = time[first]);
      const end = Math.min(n, first + BLOCK_ROWS);
      for (let i = first; i < end; i++) st[i] = time[i] - origin;
    }
    this.xs.ensure(n * 4, this.rows * 4);
    this.xs.writeRange(st, start, n);
    this.rows = n;
  }

  destroy(): void {
    this.xs.destroy();
  }
}

export class GpuValueColumn {
  readonly ys: GrowableBuffer;
  readonly pyramidBuffer: GrowableBuffer;
  pyramid: MinMaxPyramid;
  origin = 0;
  private staging = new Float32Array(0);
  rows = 0;

  constructor(device: GPUDevice, name: string) {
    this.ys = new GrowableBuffer(device, `${name} values`, GPUBufferUsage.STORAGE);
    this.pyramidBuffer = new GrowableBuffer(device, `${name} lod`, GPUBufferUsage.STORAGE);
    this.pyramid = new MinMaxPyramid(0);
  }

  sync(values: Float64Array, from: number): void {
    const n = values.length;
    from = Math.min(from, this.rows, n);
    if (from === 0) {
      this.origin = firstFinite(values);
      this.pyramid = new MinMaxPyramid(this.origin);
      this.pyramid.build(values, n);
    } else {
      const before = this.pyramid.data;
      this.pyramid.update(values, from, n);
      if (this.pyramid.data !== before) from = 0; // rebuilt with more room: upload it all
    }
    if (this.staging.length < n) this.staging = new Float32Array(Math.max(n, this.staging.length * 2));
    const st = this.staging;
    const o = this.origin;
    for (let i = from; i < n; i++) {
      const v = values[i];
      st[i] = v - v === 0 ? v - o : GAP; // finite values only; NaN and ±Infinity are gaps
    }
    this.ys.ensure(n * 4, this.rows * 4);
    this.ys.writeRange(st, from, n);
    // Pyramid: upload the buckets that cover the changed rows, level by level.
    const p = this.pyramid;
    if (this.pyramidBuffer.ensure(p.data.byteLength, 0) || from === 0) {
      this.pyramidBuffer.writeRange(p.data, 0, p.data.length);
    } else {
      for (let k = FIRST_LEVEL; k <= p.levels; k++) {
        const j0 = from >> k;
        const j1 = (n - 1) >> k;
        const base = p.levelStart[k];
        this.pyramidBuffer.writeRange(p.data, (base + j0) * 2, (base + j1 + 1) * 2);
      }
    }
    this.rows = n;
  }

  destroy(): void {
    this.ys.destroy();
    this.pyramidBuffer.destroy();
  }
}

function firstFinite(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) return v;
  }
  return 0;
}

/**
 * GPU copies of one table's columns on one device, laid out like the table's backing arrays:
 * GPU index = backing index, so rows dropped from the start by a `capacity` window cost nothing
 * and new rows land after the others (the space is reused when the table compacts, which
 * uploads once). Changes not yet uploaded are accumulated here until the next frame.
 */
export class TableGpu {
  readonly time: GpuTimeColumn;
  private values = new Map<string, GpuValueColumn>();
  /** First backing index not yet uploaded. */
  private dirtyFrom = 0;
  private layout = -1;
  private users = 0;
  private unsubscribe: () => void;

  constructor(
    private readonly device: GPUDevice,
    readonly table: ColumnTable,
  ) {
    this.time = new GpuTimeColumn(device);
    this.unsubscribe = table.subscribe((c) => this.onChange(c));
  }

  /** Backing index of the table's first row. */
  get offset(): number {
    return this.table.offset;
  }

  private onChange(c: TableChange): void {
    // Dropped rows need nothing; moved rows are caught by the layout version at sync time.
    const from = c.reason === 'load' || c.reason === 'clear' ? 0 : this.table.offset + c.changedFrom;
    this.dirtyFrom = Math.min(this.dirtyFrom, from);
    for (const col of this.values.values()) col.rows = Math.min(col.rows, from);
    this.time.rows = Math.min(this.time.rows, from);
  }

  /** Uploads whatever changed since the last frame (once, whichever chart asks first). */
  sync(columns: string[]): void {
    const t = this.table;
    const end = t.offset + t.length;
    if (t.layoutVersion !== this.layout) {
      // Rows moved (load, compaction, growth): upload everything once.
      this.layout = t.layoutVersion;
      this.dirtyFrom = 0;
      this.time.rows = 0;
      for (const col of this.values.values()) col.rows = 0;
    }
    const time = t.backingColumn('time');
    if (time && (this.time.rows !== end || this.dirtyFrom < end)) this.time.sync(time.subarray(0, end), this.dirtyFrom);
    for (const name of columns) {
      let col = this.values.get(name);
      if (!col) {
        col = new GpuValueColumn(this.device, name);
        this.values.set(name, col);
      }
      const values = t.backingColumn(name);
      if (!values) continue;
      if (col.rows !== end || this.dirtyFrom < end) col.sync(values.subarray(0, end), Math.min(col.rows, this.dirtyFrom));
    }
    this.dirtyFrom = end;
  }

  value(name: string): GpuValueColumn | undefined {
    return this.values.get(name);
  }

  retain(): void {
    this.users++;
  }

  release(): boolean {
    if (--this.users > 0) return false;
    this.unsubscribe();
    this.time.destroy();
    for (const v of this.values.values()) v.destroy();
    this.values.clear();
    return true;
  }
}

const perDevice = new WeakMap<GPUDevice, WeakMap<ColumnTable, TableGpu>>();

/** The shared GPU copy of `table` on `device`; call `releaseTableGpu` when done with it. */
export function retainTableGpu(device: GPUDevice, table: ColumnTable): TableGpu {
  let byTable = perDevice.get(device);
  if (!byTable) perDevice.set(device, (byTable = new WeakMap()));
  let tg = byTable.get(table);
  if (!tg) byTable.set(table, (tg = new TableGpu(device, table)));
  tg.retain();
  return tg;
}

export function releaseTableGpu(device: GPUDevice, tg: TableGpu): void {
  if (tg.release()) perDevice.get(device)?.delete(tg.table);
}
