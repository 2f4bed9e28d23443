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
import { FIRST_LEVEL, GAP, MinMaxPyramid, firstFinite, takePyramid } from '../data/lod.js';
import { GrowableBuffer } from '../gpu/buffers.js';

export const BLOCK_SHIFT = 10;
export const BLOCK_ROWS = 1 << BLOCK_SHIFT;

/**
 * Rows converted to float32 and written per `writeBuffer`: big loads go up in slices through one
 * small scratch array instead of a full-size staging copy per column (which would be allocated,
 * zeroed and kept for the column's life).
 */
const SLICE_ROWS = 1 << 16;

/**
 * Pyramids of up to this many rows are built during the load; bigger ones after the first frame
 * (building costs more than the two scans of the rows that frame makes without it).
 */
const BUILD_AT_ONCE_ROWS = 1 << 12;
/**
 * A background build task builds steps of this many rows until BUILD_SLICE_MS have passed: ~1 ms
 * once the code is optimised, while the first tasks after a page load run it cold, many times
 * slower per row, and must not hold up the frames that show the new chart either.
 */
const BUILD_STEP_ROWS = 1 << 13;
const BUILD_SLICE_MS = 3;

type PostTask = (task: () => void, options: { priority: 'background'; signal?: AbortSignal }) => Promise<unknown>;

/**
 * Runs `task` once two more animation frames have started: by then the page has composited the
 * frame just drawn (on a machine with few cores, work on the main thread meanwhile slows that
 * composite down). Pages without animation frames (hidden tabs) run it after a short timer.
 */
function afterNextFrames(task: () => void): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    task();
  };
  const timer = setTimeout(run, 100);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => requestAnimationFrame(run));
}

/**
 * Runs `task` when the page has nothing more urgent to do (the Prioritized Task Scheduling API's
 * background priority where there is one, else a plain task). Cancelled through `signal`.
 */
function backgroundTask(task: () => void, signal: AbortSignal): void {
  const postTask = (globalThis as { scheduler?: { postTask?: PostTask } }).scheduler?.postTask;
  if (postTask) {
    postTask.call((globalThis as { scheduler?: unknown }).scheduler, task, { priority: 'background', signal }).catch(() => undefined);
    return;
  }
  const timer = setTimeout(task, 0);
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
}

let sliceScratch: Float32Array | null = null;
function slice(): Float32Array {
  return (sliceScratch ??= new Float32Array(SLICE_ROWS));
}

/**
 * Which blocks of a column's GPU copy hold the current rows. Rows are converted and uploaded a
 * block at a time when a draw first reads them (ensureRows), so a view that never reads rows
 * (a dense line is drawn from per-column spans) uploads nothing, and a zoomed-in view uploads
 * only the blocks it shows; each block is uploaded once until its rows change.
 */
class BlockUploads {
  private fresh = new Uint8Array(64);

  /** Rows from `from` on changed (or moved): their blocks must be uploaded again. */
  invalidateFrom(from: number, rows: number): void {
    this.fresh = grownTo(this.fresh, Math.ceil(rows / BLOCK_ROWS));
    this.fresh.fill(0, from >> BLOCK_SHIFT);
  }

  /**
   * Calls upload(firstRow, endRow) for each run of stale blocks among rows [a, b] (clamped to
   * [0, rows)), in runs of at most SLICE_ROWS rows, and marks them fresh.
   */
  ensure(a: number, b: number, rows: number, upload: (from: number, to: number) => void): void {
    if (rows <= 0) return;
    const last = Math.min(Math.max(a, b), rows - 1) >> BLOCK_SHIFT;
    const fresh = this.fresh;
    for (let k = Math.max(0, Math.min(a, b)) >> BLOCK_SHIFT; k <= last; k++) {
      if (fresh[k]) continue;
      let end = k;
      while (end + 1 <= last && !fresh[end + 1] && (end + 2 - k) * BLOCK_ROWS <= SLICE_ROWS) end++;
      upload(k << BLOCK_SHIFT, Math.min(rows, (end + 1) << BLOCK_SHIFT));
      fresh.fill(1, k, end + 1);
      k = end;
    }
  }
}

export class GpuTimeColumn {
  readonly xs: GrowableBuffer;
  /** Float64 origin of each block: the time of its first row. */
  blockOrigins = new Float64Array(64);
  rows = 0;
  private source: Float64Array = new Float64Array(0);
  private blocks = new BlockUploads();

  constructor(device: GPUDevice) {
    this.xs = new GrowableBuffer(device, 'time offsets', GPUBufferUsage.STORAGE);
  }

  /** Takes rows [from, n) of `time` as changed: block origins now, GPU rows when first drawn. */
  sync(time: Float64Array, from: number): void {
    const n = time.length;
    from = Math.min(from, this.rows, n);
    // Rows from the start of the first touched block: its origin may change.
    const start = (from >> BLOCK_SHIFT) << BLOCK_SHIFT;
    const blocks = Math.ceil(n / BLOCK_ROWS);
    this.blockOrigins = grownTo(this.blockOrigins, blocks);
    const origins = this.blockOrigins;
    for (let b = start >> BLOCK_SHIFT; b < blocks; b++) origins[b] = time[b << BLOCK_SHIFT];
    this.blocks.invalidateFrom(start, n);
    this.source = time;
    this.rows = n;
  }

  /** Uploads whichever blocks of rows [a, b] are not on the GPU yet. */
  ensureRows(a: number, b: number): void {
    // The buffer is sized for every row the first time any row is read (GPU index = row).
    this.xs.ensure(this.rows * 4, this.xs.size);
    this.blocks.ensure(a, b, this.rows, (s0, s1) => {
      const st = slice();
      const time = this.source;
      const origins = this.blockOrigins;
      // Runs start at block boundaries: one origin per block of rows.
      for (let b0 = s0; b0 < s1; b0 += BLOCK_ROWS) {
        const origin = origins[b0 >> BLOCK_SHIFT];
        const b1 = Math.min(s1, b0 + BLOCK_ROWS);
        for (let i = b0; i < b1; i++) st[i - s0] = time[i] - origin;
      }
      this.xs.writeAt(st, s1 - s0, s0);
    });
  }

  destroy(): void {
    this.xs.destroy();
  }
}

export class GpuValueColumn {
  readonly ys: GrowableBuffer;
  pyramid: MinMaxPyramid;
  origin = 0;
  rows = 0;
  private source: Float64Array = new Float64Array(0);
  private blocks = new BlockUploads();
  private pyramidGpu: GrowableBuffer | null = null;
  /** First row whose pyramid buckets the GPU copy lacks (Infinity: up to date). */
  private pyramidStaleFrom = Infinity;
  /** Set while a pyramid build is scheduled; aborting it stops the build (destroy). */
  private building: AbortController | null = null;
  /** Frames drawn from this column while its pyramid was incomplete. */
  private framesWhileBuilding = 0;
  /** Counts syncs: a background build started before the latest change waits for the column to settle. */
  private changes = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly name: string,
  ) {
    this.ys = new GrowableBuffer(device, `${name} values`, GPUBufferUsage.STORAGE);
    this.pyramid = new MinMaxPyramid(0);
  }

  /** Takes rows [from, n) of `values` as changed: the pyramid now, GPU rows when first drawn. */
  sync(values: Float64Array, from: number): void {
    const n = values.length;
    from = Math.min(from, this.rows, n);
    this.changes++;
    if (from === 0) {
      // A pyramid the decode worker built for exactly these rows is adopted as it is.
      const adopted = takePyramid(values);
      this.origin = adopted ? adopted.originValue : firstFinite(values);
      if (adopted) {
        this.pyramid = adopted; // already complete
      } else if (n > BUILD_AT_ONCE_ROWS && this.pyramid.rowCount === n) {
        // Every value replaced, same rows (a column replaced each frame): the pyramid keeps its
        // memory and is taken as unbuilt. Frames read the rows directly meanwhile (two scans,
        // as cheap as building it), and it is built again only once the column stops changing.
        this.pyramid.restart(this.origin);
      } else {
        this.pyramid = new MinMaxPyramid(this.origin);
        // Small columns are built at once; big ones in slices after the first frame (queries
        // read the rows not built yet, so every frame meanwhile is exact).
        if (n <= BUILD_AT_ONCE_ROWS) this.pyramid.build(values, n);
        else this.pyramid.prepare(n);
      }
      this.pyramidStaleFrom = 0;
      this.framesWhileBuilding = 0;
    } else {
      const before = this.pyramid.data;
      this.pyramid.update(values, from, n);
      // Rebuilt with more room: the GPU copy needs all of it.
      this.pyramidStaleFrom = Math.min(this.pyramidStaleFrom, this.pyramid.data !== before ? 0 : from);
    }
    this.blocks.invalidateFrom((from >> BLOCK_SHIFT) << BLOCK_SHIFT, n);
    this.source = values;
    this.rows = n;
    if (!this.pyramid.complete) this.scheduleBuild();
  }

  /**
   * Builds the pyramid a slice per background task until it is complete. It starts once the GPU
   * has finished the work submitted by then (the first frame of the new rows) and the page has
   * shown it: the main thread would otherwise learn late that that frame is done, and the page's
   * composite would compete with the build for the CPU.
   */
  private scheduleBuild(): void {
    if (this.building) return;
    const building = (this.building = new AbortController());
    const { signal } = building;
    let seen = this.changes;
    const waitForFrame = (): void => {
      // A task first: the frame that reads the new rows is submitted at the end of this one.
      backgroundTask(() => {
        if (signal.aborted) return;
        seen = this.changes;
        void this.device.queue
          .onSubmittedWorkDone()
          .catch(() => undefined)
          .then(() => afterNextFrames(() => backgroundTask(buildSlice, signal)));
      }, signal);
    };
    const buildSlice = (): void => {
      if (signal.aborted) return;
      // Changed since the wait began (values replaced every frame): building now would be
      // thrown away by the next change; wait for a frame without one.
      if (this.changes !== seen) {
        waitForFrame();
        return;
      }
      const p = this.pyramid;
      const before = p.builtRows;
      const start = performance.now();
      let done = p.buildSome(this.source, BUILD_STEP_ROWS);
      while (!done && performance.now() - start < BUILD_SLICE_MS) done = p.buildSome(this.source, BUILD_STEP_ROWS);
      this.pyramidStaleFrom = Math.min(this.pyramidStaleFrom, before);
      if (done) this.building = null;
      else backgroundTask(buildSlice, signal);
    };
    waitForFrame();
  }

  /**
   * Called by each frame that reads this column. The first frame after a load reads the rows the
   * pyramid lacks (that is quicker than building it first); a second one, before the background
   * build is done, finishes the build at once: frames keep coming (a stream, a pan), and each
   * would read those rows again.
   */
  noteFrame(): void {
    if (this.pyramid.complete) return;
    if (++this.framesWhileBuilding >= 2) this.finishBuild();
  }

  private finishBuild(): void {
    const p = this.pyramid;
    this.pyramidStaleFrom = Math.min(this.pyramidStaleFrom, p.builtRows);
    p.buildSome(this.source, Infinity);
    this.building?.abort();
    this.building = null;
  }

  /** Uploads whichever blocks of rows [a, b] are not on the GPU yet. */
  ensureRows(a: number, b: number): void {
    this.ys.ensure(this.rows * 4, this.ys.size);
    this.blocks.ensure(a, b, this.rows, (s0, s1) => {
      const st = slice();
      const values = this.source;
      const o = this.origin;
      for (let i = s0; i < s1; i++) {
        const v = values[i];
        st[i - s0] = v - v === 0 ? v - o : GAP; // finite values only; NaN and ±Infinity are gaps
      }
      this.ys.writeAt(st, s1 - s0, s0);
    });
  }

  /**
   * The pyramid's GPU copy, brought up to date first. Only bars, areas, bands and thinned
   * scatter read it on the GPU (lines use column spans computed on the CPU), so a chart of lines
   * never uploads it.
   */
  get pyramidBuffer(): GrowableBuffer {
    const p = this.pyramid;
    // The GPU reads whole levels: finish the build now.
    if (!p.complete) this.finishBuild();
    let buf = this.pyramidGpu;
    if (!buf) {
      buf = this.pyramidGpu = new GrowableBuffer(this.device, `${this.name} lod`, GPUBufferUsage.STORAGE, p.data.byteLength);
      this.pyramidStaleFrom = 0;
    }
    const from = this.pyramidStaleFrom;
    if (from === Infinity) return buf;
    if (buf.ensure(p.data.byteLength, 0) || from === 0) {
      buf.writeRange(p.data, 0, p.data.length);
    } else {
      for (let k = FIRST_LEVEL; k <= p.levels; k++) {
        const j0 = from >> k;
        const j1 = (this.rows - 1) >> k;
        const base = p.levelStart[k];
        buf.writeRange(p.data, (base + j0) * 2, (base + j1 + 1) * 2);
      }
    }
    this.pyramidStaleFrom = Infinity;
    return buf;
  }

  destroy(): void {
    this.building?.abort();
    this.building = null;
    this.ys.destroy();
    this.pyramidGpu?.destroy();
  }
}

/** `a`, or a copy of it doubled until it holds `length` entries. */
function grownTo<T extends Float64Array | Uint8Array>(a: T, length: number): T {
  if (length <= a.length) return a;
  let size = Math.max(1, a.length);
  while (size < length) size *= 2;
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
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
  /** The same for the time column (values replaced under the same times leave it alone). */
  private timeDirtyFrom = 0;
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
    if (c.timeChanged === false) return;
    this.timeDirtyFrom = Math.min(this.timeDirtyFrom, from);
    this.time.rows = Math.min(this.time.rows, from);
  }

  /** Called by every frame that draws from this table: uploads what changed since the last one (once, whichever chart asks first). */
  sync(columns: string[]): void {
    const t = this.table;
    const end = t.offset + t.length;
    if (t.layoutVersion !== this.layout) {
      // Rows moved (load, compaction, growth): upload everything once.
      this.layout = t.layoutVersion;
      this.dirtyFrom = 0;
      this.timeDirtyFrom = 0;
      this.time.rows = 0;
      for (const col of this.values.values()) col.rows = 0;
    }
    const time = t.backingColumn('time');
    if (time && (this.time.rows !== end || this.timeDirtyFrom < end)) this.time.sync(time.subarray(0, end), Math.min(this.timeDirtyFrom, this.time.rows));
    this.timeDirtyFrom = end;
    for (const name of columns) {
      let col = this.values.get(name);
      if (!col) {
        col = new GpuValueColumn(this.device, name);
        this.values.set(name, col);
      }
      const values = t.backingColumn(name);
      if (!values) continue;
      if (col.rows !== end || this.dirtyFrom < end) col.sync(values.subarray(0, end), Math.min(col.rows, this.dirtyFrom));
      col.noteFrame();
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
