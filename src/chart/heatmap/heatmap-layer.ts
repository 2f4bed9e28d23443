/**
 * The `heatmap` series layer (its own lazy chunk: chart/heatmap/index.ts registers the kind).
 *
 * GPU: the cells and, after them, the levels of the max pyramid (grid.ts) as one run of floats,
 * in one storage buffer or bands of them (cell-bands.ts) — 4 bytes a cell plus a third for the
 * pyramid. New values are one writeBuffer; the GPU builds the pyramid and, for windows too large
 * for the CPU, the automatic colour range (gpu-levels.ts, in `encodeCompute`). Each frame the CPU
 * finds, for every pixel column and row of the plot, the cells under it (binary search over the
 * edges, through the x mapping and the pane's value scale, so linear, log and time x and any value
 * scale work), picks the pyramid level where a pixel covers at most 8 blocks a side, and draws one
 * quad (shaders/heatmap.wgsl): O(pixels) on the CPU, whatever the matrix size.
 *
 * The layer's table holds one row per matrix column (its centre as the x axis value): a chart
 * that has only heatmaps fits its x view to them, and the crosshair snaps to column centres.
 */
import { ColumnTable } from '../../data/table.js';
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';
import { standaloneFamily, type Family } from '../../gpu/families.js';
import heatmapSource from '../../../shaders/heatmap.wgsl';
import colorScaleSource from '../../../shaders/color-scale.wgsl';
import { colorPosition, colorScaleCode, colormapLut, lutColor, type ColorScaleKind } from '../colormaps.js';
import type { CrosshairState } from '../interaction-target.js';
import type { FamilyNeed } from '../render/gpu-renderer.js';
import type { PlotRect, ValueScale } from '../scales.js';
import { ValueFormat } from '../series/value-format.js';
import type { SeriesSpec } from '../series/spec.js';
import type { SeriesEnv } from '../layers/series/base.js';
import type { XMapping } from '../x-mapping.js';
import type { FrameContext, HitContext, SeriesColors, SeriesContext, SeriesHit, SeriesInit, SeriesLayer, SeriesReadout } from '../layers/layer.js';
import { checkColorOptions, colorBarRect, colorBarRoom, drawColorBar, GpuColorBar, makeColorBarFamily } from './color-bar.js';

import { cellAt, cellSpan, checkGrid, sameEdges, windowRange, type CheckedGrid } from './grid.js';
import { CellBands } from './cell-bands.js';
import { GpuLevels, makeLevelPipelines, pyramidShape, type PyramidShape } from './gpu-levels.js';
import { liveGridOf, type HeatmapColumns, type LiveGrid } from './live-grid.js';
import { BoundCells, CellsBinding, checkCellColumns, growingCapacity } from './bound-grid.js';

export const HEATMAP_FAMILY: FamilyNeed = {
  key: 'heatmap',
  phase: 'gpu',
  make: async (device: GPUDevice, format: GPUTextureFormat): Promise<Family> => {
    const [family] = await Promise.all([standaloneFamily(device, format, 'heatmap', colorScaleSource + heatmapSource, ['uniform', 'storage', 'storage', 'storage', 'storage', 'storage', 'storage', 'storage', 'storage']), makeLevelPipelines(device), makeColorBarFamily(device, format)]);
    return family;
  },
};

/** Blocks a side a pixel may read (heatmap.wgsl reads at most 8). */
const MAX_BLOCKS = 8;
const UNIFORM_BYTES = 80;
/** Windows of up to this many cells get their automatic colour range on the CPU (exact, same frame); larger ones on the GPU. */
const CPU_RANGE_CELLS = 1 << 18;

/** Checks the parts of a heatmap spec that could fail, naming the field (`series[i]`). */
export function checkHeatmapSpec(spec: SeriesSpec, field: string, x?: XMapping): void {
  if (spec.cells !== undefined) {
    checkCellColumns(spec.cells, `${field}.cells`);
    if (spec.grid !== undefined) throw new Error(`${field} has both grid and cells: give one (cells binds the chart's rows)`);
    checkGrid({ ...spec.cells, columns: 1, values: new Float32Array(spec.cells.values.length), rows: spec.cells.values.length }, `${field}.cells`);
  } else if (!spec.grid) throw new Error(`${field}.grid is missing: a heatmap needs { x0, dx, y0, dy, columns, rows, values } or xEdges/yEdges`);
  if (spec.grid) {
    const grid = checkGrid(spec.grid, `${field}.grid`);
    if (x?.scale === 'log' && !(grid.xEdges[0] > 0)) {
      throw new Error(`${field}.grid.${spec.grid.xEdges ? 'xEdges[0]' : 'x0'} is ${grid.xEdges[0]}: a log x axis needs x > 0`);
    }
  }
  if (spec.capacity !== undefined) liveGridOf(spec.grid ?? { ...spec.cells!, columns: 1, rows: spec.cells!.values.length, values: new Float32Array(spec.cells!.values.length) }, spec.capacity, field);
  colormapLut(spec.colormap ?? 'viridis', `${field}.colormap`);
  checkColorOptions(spec, field);
}


interface GpuPart {
  device: GPUDevice;
  /** The cells and pyramid levels, in one buffer or bands of them (cell-bands.ts). */
  cells: CellBands;
  /** Cells the buffer was made for (values and pyramid). */
  cellCapacity: number;
  uniform: GPUBuffer;
  lut: GPUBuffer;
  spans: GPUBuffer;
  spansBytes: number;
  bindGroup: GPUBindGroup | null;
  /** What is uploaded: the grid object's values (and the pyramid built above them on the GPU). */
  valuesOf: CheckedGrid | null;
  /** Pyramid and colour range on the GPU (not for a live window: live-grid.ts keeps its own). */
  levels: GpuLevels | null;
  /** The window and colour scale the GPU range was last measured for. */
  rangeKey: string;
  lutOf: Float32Array | null;
  /** The colour bar's strip (color-bar.ts). */
  bar: GpuColorBar | null;
}

export class HeatmapLayer implements SeriesLayer {
  readonly id: string;
  readonly title: string;
  spec: SeriesSpec;
  readonly table = new ColumnTable();
  readonly columns: readonly string[] = [];
  readonly colors: SeriesColors;
  readonly scale: ValueScale;
  readonly paneId: string;
  readonly valueFormat: ValueFormat;
  readonly family = HEATMAP_FAMILY;
  readonly needsEdgeRoom = true;
  readonly showsLastValue = false;
  readonly growsFromBase = false;
  hidden = false;

  private grid: CheckedGrid;
  /** With `capacity`: the live window of columns that `appendColumns` slides (live-grid.ts). */
  private live: LiveGrid | null = null;
  /** Shape of the pyramid above `grid` (its values are built on the GPU). */
  private shape: PyramidShape;
  /** The window of cells in view when its colour range is measured on the GPU (too large for the CPU); null otherwise. */
  private gpuWindow: [number, number, number, number] | null = null;
  private lut: Float32Array;
  /** x edges as axis values (log10 on a log x), for the binary searches. */
  private xAxisEdges: Float64Array;
  private gpu: GpuPart | null = null;
  /** The colour range of the last frame (fixed, or over the visible cells). */
  private range: [number, number] = [0, 1];
  /** Where the pointer is (device px) and the pane rect of the last frame, for readouts. */
  private pointer: { x: number; y: number } | null = null;
  private lastRect: PlotRect | null = null;

  constructor(
    init: SeriesInit,
    private readonly env: SeriesEnv,
  ) {
    this.id = init.id;
    this.title = init.title;
    this.spec = init.spec;
    this.colors = init.colors;
    this.scale = init.scale;
    this.paneId = init.paneId;
    this.valueFormat = new ValueFormat(init.spec.format);
    if (init.spec.cells) {
      // a source that keeps a window of rows (its `capacity`) is a live window of as many columns
      const window = init.table.capacity;
      const capacity = init.spec.capacity ?? (Number.isFinite(window) && window >= 1 ? window : undefined);
      // without a window every row stays: appended rows go into a live window that grows
      this.growing = capacity === undefined;
      this.binding = new CellsBinding(new BoundCells(init.table, init.spec.cells, `The heatmap "${init.title}": cells`, this.env.x), {
        live: () => this.live !== null || this.growing,
        append: (columns) => this.appendBound(columns),
        take: (grid, forAppend) => this.restyle({ ...this.spec, grid, capacity: this.growing ? (forAppend ? growingCapacity(grid.columns ?? 1) : undefined) : this.spec.capacity }, this.colors),
        report: (message, cause) => this.env.report?.(message, cause),
      });
      this.spec = { ...init.spec, grid: this.binding.firstGrid(), capacity };
    }
    this.grid = checkGrid(this.spec.grid!, 'grid');
    if (this.spec.capacity !== undefined) this.startLive();
    this.lut = colormapLut(init.spec.colormap ?? 'viridis');
    this.xAxisEdges = this.axisEdges(this.grid);
    this.shape = pyramidShape(this.grid.columns, this.grid.rows);
    this.fillTable();
  }

  /** The live window from the spec's grid; `grid` then describes the window (its values unused). */
  private startLive(): void {
    const live = liveGridOf(this.spec.grid!, this.spec.capacity, 'grid');
    this.live = live;
    this.grid = { columns: live.columns, rows: live.rows, values: new Float32Array(0), xEdges: live.xEdges(), yEdges: live.yEdges };
  }

  /** `cells`: the chart's rows as the matrix, followed as they change (bound-grid.ts). */
  private binding: CellsBinding | null = null;
  /** Bound cells without a capacity: appends slide into a live window with room left, grown when full (no column slides out). */
  private growing = false;

  /** Rows appended to bound cells: false when a growing window has no room (the binding takes the matrix again, in a larger one). */
  private appendBound(columns: HeatmapColumns): boolean {
    const live = this.live;
    if (!live || (this.growing && live.columns + columns.values.length / live.rows > live.capacity)) return false;
    this.appendColumns(columns, 'cells');
    return true;
  }

  /**
   * Slides new columns into a live heatmap's window (`capacity` set): checked first (an Error
   * naming `field`'s part at fault, the window unchanged), then only the new columns and the
   * pyramid blocks above them are written into the GPU buffer the layer has.
   */
  appendColumns(input: HeatmapColumns, field: string): void {
    const live = this.live;
    if (!live) throw new Error(`${field}: the heatmap "${this.title}" has no capacity: give its spec \`capacity\` (columns kept) to append columns`);
    const before = live.columns;
    const dirty = live.append(input, field);
    const xEdges = live.xEdges();
    const axisEdges = this.axisEdges({ ...this.grid, xEdges });
    this.grid = { ...this.grid, columns: live.columns, xEdges };
    this.xAxisEdges = axisEdges;
    const gpu = this.gpu;
    // before the first frame, or after a lost device, the whole window is written by upload()
    if (gpu && gpu.valuesOf === this.liveMarker && live.columns >= before) {
      for (const d of dirty) gpu.cells.write(d.at, d.data);
    }
    this.fillTable();
  }

  /** Stands for "the live window is uploaded" in GpuPart.valuesOf. */
  private readonly liveMarker: CheckedGrid = { columns: 0, rows: 0, values: new Float32Array(0), xEdges: new Float64Array(0), yEdges: new Float64Array(0) };

  /** Value of window column c, row r. */
  private cellValue(c: number, r: number): number {
    return this.live ? this.live.value(c, r) : this.grid.values[r * this.grid.columns + c];
  }

  private axisEdges(grid: CheckedGrid): Float64Array {
    const x = this.env.x;
    const out = new Float64Array(grid.xEdges.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = x.axisOf(grid.xEdges[i]);
      if (!Number.isFinite(out[i])) throw new Error(`grid.xEdges[${i}] is ${grid.xEdges[i]}: a log x axis needs x > 0`);
    }
    return out;
  }

  /** One row per matrix column: its centre on the x axis. */
  private fillTable(): void {
    const e = this.xAxisEdges;
    const time = new Float64Array(e.length - 1);
    for (let i = 0; i < time.length; i++) time[i] = (e[i] + e[i + 1]) / 2;
    this.table.replace({ time }, 'load', true);
  }

  get view(): ValueScale {
    return this.scale;
  }

  get autoscales(): boolean {
    return !this.hidden && this.spec.autoscale !== false;
  }

  get onLeftScale(): boolean {
    return this.spec.scale === 'left';
  }

  private get colorScale(): ColorScaleKind {
    return this.spec.colorScale ?? 'linear';
  }

  extent(): [number, number] | null {
    const y = this.grid.yEdges;
    return [y[0], y[y.length - 1]];
  }

  xExtent(): [number, number] {
    const e = this.xAxisEdges;
    return [e[0], e[e.length - 1]];
  }

  firstVisibleValue(): number {
    return NaN;
  }

  // ---- values under the pointer -------------------------------------------------------------

  crosshairMoved(state: CrosshairState | null, dpr: number): void {
    this.pointer = state && state.horizontal ? { x: state.x * dpr, y: state.y * dpr } : null;
  }

  /** The cell under the pointer: column, row, and its centre and value; null outside the grid. */
  cellAtPointer(): { column: number; row: number; x: number; y: number; value: number } | null {
    const p = this.pointer;
    const rect = this.lastRect;
    if (!p || !rect || p.y < rect.y || p.y > rect.y + rect.height) return null;
    const g = this.grid;
    const column = cellAt(this.xAxisEdges, this.env.x.pxToUnits(p.x, rect));
    const row = cellAt(g.yEdges, this.scale.fromPx(p.y, rect));
    if (column < 0 || column >= g.columns || row < 0 || row >= g.rows) return null;
    return {
      column,
      row,
      x: (g.xEdges[column] + g.xEdges[column + 1]) / 2,
      y: (g.yEdges[row] + g.yEdges[row + 1]) / 2,
      value: this.cellValue(column, row),
    };
  }

  /** Row centres: the keyboard's ↑/↓ move the crosshair from cell to cell. */
  verticalStops(): Float64Array {
    const y = this.grid.yEdges;
    const out = new Float64Array(y.length - 1);
    for (let i = 0; i < out.length; i++) out[i] = (y[i] + y[i + 1]) / 2;
    return out;
  }

  valueAt(_index: number): number {
    return this.cellAtPointer()?.value ?? NaN;
  }

  /** The cell's y (centre) and value; x is the crosshair's own (`time`, the column's centre). */
  readout(_first: number, _last: number): SeriesReadout {
    const cell = this.cellAtPointer();
    return { fields: [{ name: 'y', value: cell?.y ?? NaN }, { name: 'value', value: cell?.value ?? NaN }], change: NaN };
  }

  legendValue(_index: number, locale: string | undefined): string {
    const cell = this.cellAtPointer();
    if (!cell) return '';
    return `y ${this.valueFormat.format(cell.y, locale)} value ${this.valueFormat.format(cell.value, locale)}`;
  }

  lastValue(): null {
    return null;
  }

  hitTest(xCss: number, yCss: number, ctx: HitContext): SeriesHit | null {
    const rect = ctx.plot;
    const g = this.grid;
    const column = cellAt(this.xAxisEdges, this.env.x.pxToUnits(xCss * ctx.dpr, rect));
    const row = cellAt(g.yEdges, this.scale.fromPx(yCss * ctx.dpr, rect));
    if (column < 0 || column >= g.columns || row < 0 || row >= g.rows) return null;
    if (Number.isNaN(this.cellValue(column, row))) return null;
    return { distance: 0, index: column };
  }

  // ---- updates --------------------------------------------------------------------------------

  /** A spec with a new grid (same size: an upload into the same buffer), colormap or colour options. */
  restyle(spec: SeriesSpec, colors: SeriesColors): void {
    const before = this.spec;
    // bound cells: the grid is the rows' (the user's spec has none)
    if (spec.cells && !spec.grid) {
      if (spec.capacity !== undefined) this.growing = false;
      spec = { ...spec, grid: before.grid, capacity: spec.capacity ?? before.capacity };
    }
    this.spec = spec;
    Object.assign(this.colors, colors);
    if (spec.colormap !== before.colormap) this.lut = colormapLut(spec.colormap ?? 'viridis');
    if (spec.grid !== before.grid) {
      // checked by the kind before (lazy-kinds.ts): this throws only for a grid that cannot be
      // mapped now; the last good one then stays
      let grid: CheckedGrid;
      let axisEdges: Float64Array;
      try {
        grid = checkGrid(spec.grid!, 'grid');
        axisEdges = this.axisEdges(grid);
      } catch {
        this.spec = before;
        return;
      }
      const edgesMoved = !sameEdges(grid.xEdges, this.grid.xEdges);
      const yMoved = !sameEdges(grid.yEdges, this.grid.yEdges);
      this.grid = grid;
      this.shape = pyramidShape(grid.columns, grid.rows);
      if (this.live && this.growing && spec.capacity === undefined) {
        // bound rows loaded anew: the matrix as it is, until rows are appended again
        this.live = null;
        if (this.gpu) {
          this.gpu.valuesOf = null;
          this.gpu.bindGroup = null;
        }
      } else if (this.live || spec.capacity !== undefined) {
        try {
          this.startLive();
          this.xAxisEdges = this.axisEdges(this.grid);
        } catch {
          this.spec = before;
          return;
        }
        if (this.gpu) this.gpu.valuesOf = null;
        this.fillTable();
        return;
      }
      if (edgesMoved) {
        this.xAxisEdges = axisEdges;
        this.fillTable();
      } else if (yMoved) {
        // the y extent moved: the pane refits through extent(); tell the chart as a change of rows
        this.table.replace({ time: this.table.time }, 'update', true);
      }
    }
  }

  // ---- frame ----------------------------------------------------------------------------------

  /** Colour range for this frame: fixed, or over the cells in view. */
  private frameRange(rect: PlotRect): [number, number] {
    if (this.spec.colorRange) return this.spec.colorRange;
    const g = this.grid;
    const x = this.env.x;
    const clampCell = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));
    const c0 = clampCell(cellAt(this.xAxisEdges, x.from), g.columns);
    const c1 = clampCell(cellAt(this.xAxisEdges, x.to), g.columns);
    const v0 = this.scale.fromPx(rect.y + rect.height, rect);
    const v1 = this.scale.fromPx(rect.y, rect);
    const r0 = clampCell(cellAt(g.yEdges, Math.min(v0, v1)), g.rows);
    const r1 = clampCell(cellAt(g.yEdges, Math.max(v0, v1)), g.rows);
    this.gpuWindow = null;
    if (!this.live && (c1 - c0 + 1) * (r1 - r0 + 1) > CPU_RANGE_CELLS) {
      // measured on the GPU in this frame (heatmap.wgsl reads it there); the colour bar's labels
      // show the last range read back
      this.gpuWindow = [c0, c1, r0, r1];
      return this.gpu?.levels?.lastRange ?? this.range;
    }
    const mm = this.live ? this.live.range(c0, c1, r0, r1) : windowRange(g, null, c0, c1, r0, r1);
    if (!mm) return this.range;
    if (this.colorScale === 'log') {
      // the log scale starts at the smallest positive value in view
      if (!(mm[1] > 0)) return [1, 10];
      if (!(mm[0] > 0)) mm[0] = mm[1] / 1000;
    }
    return mm;
  }

  /**
   * Before the render pass: new values go up in one `writeBuffer`, and the GPU builds the pyramid
   * above them and, for a window too large for the CPU, measures the colour range.
   */
  encodeCompute(ctx: FrameContext, encoder: GPUCommandEncoder): void {
    if (this.hidden || this.live || !GpuLevels.ready(ctx.device)) return;
    this.requestFrame = ctx.requestFrame;
    const gpu = this.gpuFor(ctx.device);
    const g = this.grid;
    if (gpu.levels && !gpu.levels.fits(this.shape)) {
      // a grid of other columns and rows in a buffer of the same size
      gpu.levels.destroy();
      gpu.levels = null;
      gpu.valuesOf = null;
      gpu.bindGroup = null;
    }
    if (!gpu.levels) {
      gpu.levels = new GpuLevels(ctx.device, gpu.cells, this.shape);
      gpu.bindGroup = null; // binds the range buffer (a live window's part bound none)
    }
    const levels = gpu.levels;
    if (gpu.valuesOf !== g) {
      gpu.cells.write(0, g.values);
      gpu.valuesOf = g;
      gpu.rangeKey = '';
      levels.encodePyramid(encoder);
    }
    const w = this.gpuWindow;
    if (!w || this.spec.colorRange) return;
    const key = `${w.join(',')},${this.colorScale}`;
    if (key === gpu.rangeKey) return;
    gpu.rangeKey = key;
    levels.encodeRange(encoder, g.columns, w, this.colorScale === 'log', () => {
      if (this.gpu === gpu) gpu.rangeKey = '';
      // the cells drew with the GPU's range already: only the labels follow
      this.requestFrame?.(true);
    });
  }

  private requestFrame: ((followUp?: boolean) => void) | null = null;

  private paneRect(ctx: FrameContext): PlotRect | null {
    return ctx.scene.panes.find((p) => p.id === this.paneId)?.rect ?? null;
  }

  axisRoom(ctx: FrameContext): number {
    if (this.hidden) return 0;
    const rect = this.paneRect(ctx);
    if (!rect) return 0;
    // the scales are fitted now: the colour range the frame draws with
    this.range = this.frameRange(rect);
    if (this.spec.colorBar === false || !ctx.scene.usesRight && ctx.scene.valueAxis === 'left') return 0;
    return colorBarRoom(ctx, this.colorBarInput(ctx.device));
  }

  private colorBarInput(device?: GPUDevice) {
    // the strip is drawn on the GPU (drawOutside) from the range the cells read this frame
    return { lut: this.lut, lo: this.range[0], hi: this.range[1], scale: this.colorScale, paneId: this.paneId, gpuStrip: !!device && GpuColorBar.ready(device), reserveLabels: !this.spec.colorRange };
  }

  private get showsColorBar(): boolean {
    return !this.hidden && this.spec.colorBar !== false;
  }

  drawUnder(ctx: FrameContext): void {
    if (!this.showsColorBar || ctx.scene.valueAxis === 'left') return;
    drawColorBar(ctx, this.colorBarInput(ctx.device));
  }

  /** The colour bar's strip, from the colour range the cells read in this frame (color-bar.ts). */
  drawOutside(ctx: FrameContext, pass: GPURenderPassEncoder): void {
    const rect = this.showsColorBar && ctx.scene.valueAxis !== 'left' ? colorBarRect(ctx, this.paneId) : null;
    if (!rect || !GpuColorBar.ready(ctx.device)) return;
    const gpu = this.gpuFor(ctx.device);
    this.uploadLut(gpu);
    if (gpu.bar?.device !== ctx.device) gpu.bar = new GpuColorBar(ctx.device);
    const measured = this.gpuWindow && !this.spec.colorRange ? gpu.levels?.range : undefined;
    const range = measured ? { kind: 'measured' as const, buffer: measured, at: 2 as const } : { kind: 'fixed' as const, lo: this.range[0], hi: this.range[1] };
    gpu.bar.draw({ pass, canvasPx: ctx.canvasPx, rect, lut: gpu.lut, range, labels: this.range, scale: this.colorScale });
  }

  drawSeries(ctx: SeriesContext): void {
    const family = ctx.frame.families[HEATMAP_FAMILY.key];
    if (!family) return;
    const rect = ctx.pane.rect;
    this.lastRect = { ...rect };
    const g = this.grid;
    const width = Math.max(1, Math.ceil(rect.width));
    const height = Math.max(1, Math.ceil(rect.height));
    // the cells under each pixel column and row (inclusive ranges; empty: first > last)
    const spans = new Uint32Array((width + height) * 2);
    const x = this.env.x;
    let widestX = 1;
    for (let i = 0; i < width; i++) {
      const a = x.pxToUnits(rect.x + i, rect);
      const b = x.pxToUnits(rect.x + i + 1, rect);
      const [c0, c1] = cellSpan(this.xAxisEdges, Math.min(a, b), Math.max(a, b));
      spans[2 * i] = c0;
      spans[2 * i + 1] = c1;
      if (c1 >= c0) widestX = Math.max(widestX, c1 - c0 + 1);
    }
    let widestY = 1;
    for (let j = 0; j < height; j++) {
      const a = this.scale.fromPx(rect.y + j, rect);
      const b = this.scale.fromPx(rect.y + j + 1, rect);
      const [r0, r1] = cellSpan(g.yEdges, Math.min(a, b), Math.max(a, b));
      spans[2 * (width + j)] = r0;
      spans[2 * (width + j) + 1] = r1;
      if (r1 >= r0) widestY = Math.max(widestY, r1 - r0 + 1);
    }
    // the finest level where a pixel reads at most MAX_BLOCKS blocks a side
    const live = this.live;
    if (live) {
      // window columns → the ring's slots (the window is one run of them: live-grid.ts)
      for (let i = 0; i < width; i++) {
        if (spans[2 * i] <= spans[2 * i + 1]) {
          spans[2 * i] += live.head;
          spans[2 * i + 1] += live.head;
        }
      }
    }
    let level = 0;
    const blocks = (n: number, k: number) => Math.ceil(n / 2 ** k) + 1;
    // live: the CPU's pyramid over the ring (uploaded block by block); else the GPU's (encodeCompute)
    const shape = live ? live.pyramid : this.shape;
    const levels = shape.columns.length - 1;
    while ((blocks(widestX, level) > MAX_BLOCKS || blocks(widestY, level) > MAX_BLOCKS) && 2 ** level < Math.max(g.columns, g.rows) && level < levels) level++;
    const gpu = this.gpuFor(ctx.device);
    // the values go up in encodeCompute (before this pass); one that was not called here (a
    // device without the compute pipelines yet) draws nothing
    if (!live && gpu.valuesOf !== g) return;
    this.upload(gpu, spans, width);
    const u = new ArrayBuffer(UNIFORM_BYTES);
    const f = new Float32Array(u);
    const n = new Uint32Array(u);
    f.set([rect.x, rect.y, width, height, ctx.canvasPx[0], ctx.canvasPx[1], this.range[0], this.range[1]]);
    n[8] = colorScaleCode(this.colorScale);
    n[9] = level;
    n[10] = shape.offsets[level];
    // the stride of a level's rows (live: of its columns, stored column-major)
    n[11] = live ? (level === 0 ? live.rows : shape.columns[level]) : shape.columns[level];
    f[12] = Math.max(0, Math.min(1, this.spec.opacity ?? 1));
    n[13] = width;
    n[14] = height;
    n[15] = live ? 1 : 0;
    // the colour range measured on the GPU this frame (a window too large for the CPU)
    n[16] = this.gpuWindow && !this.spec.colorRange ? 1 : 0;
    n[17] = gpu.cells.bandCells;
    ctx.device.queue.writeBuffer(gpu.uniform, 0, u);
    gpu.bindGroup ??= ctx.device.createBindGroup({
      layout: family.layout,
      entries: [
        { binding: 0, resource: { buffer: gpu.uniform } },
        { binding: 1, resource: { buffer: gpu.cells.band(0) } },
        { binding: 2, resource: { buffer: gpu.spans, offset: 0, size: gpu.spansBytes / 2 } },
        { binding: 3, resource: { buffer: gpu.spans, offset: gpu.spansBytes / 2, size: gpu.spansBytes / 2 } },
        { binding: 4, resource: { buffer: gpu.lut } },
        { binding: 5, resource: { buffer: gpu.levels?.range ?? gpu.lut, offset: 0, size: 16 } },
        { binding: 6, resource: { buffer: gpu.cells.band(1) } },
        { binding: 7, resource: { buffer: gpu.cells.band(2) } },
        { binding: 8, resource: { buffer: gpu.cells.band(3) } },
      ],
    });
    ctx.pass.setPipeline(family.pipeline);
    ctx.pass.setBindGroup(0, gpu.bindGroup);
    ctx.pass.draw(6);
  }

  private gpuFor(device: GPUDevice): GpuPart {
    const cellsNeeded = this.live ? this.live.totalCells : this.grid.columns * this.grid.rows + this.shape.cells;
    let gpu = this.gpu;
    if (gpu && (gpu.device !== device || gpu.cellCapacity !== cellsNeeded)) {
      this.freeGpu();
      gpu = null;
    }
    if (!gpu) {
      gpu = this.gpu = {
        device,
        cells: new CellBands(device, cellsNeeded, `The heatmap "${this.title}" has ${this.grid.columns} × ${this.grid.rows} cells`),
        cellCapacity: cellsNeeded,
        uniform: createBuffer(device, { label: 'heatmap view', size: UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
        lut: createBuffer(device, { label: 'heatmap colormap', size: 256 * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST }),
        spans: createBuffer(device, { label: 'heatmap spans', size: 8 * 1024, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST }),
        spansBytes: 8 * 1024,
        bindGroup: null,
        valuesOf: null,
        levels: null,
        rangeKey: '',
        lutOf: null,
        bar: null,
      };
    }
    return gpu;
  }

  private upload(gpu: GpuPart, spans: Uint32Array, width: number): void {
    const q = gpu.device.queue;
    const live = this.live;
    if (live && gpu.valuesOf !== this.liveMarker) {
      gpu.cells.write(0, live.cells);
      if (live.pyramid.max.length) gpu.cells.write(live.cells.length, live.pyramid.max);
      gpu.valuesOf = this.liveMarker;
    }
    this.uploadLut(gpu);
    // two halves of one buffer: columns' spans, then rows' (each half a multiple of 256 bytes for the offset)
    const half = Math.ceil(Math.max(spans.byteLength, 8) / 256) * 256;
    if (2 * half > gpu.spansBytes) {
      destroyBuffer(gpu.spans);
      gpu.spansBytes = 2 ** Math.ceil(Math.log2(2 * half));
      gpu.spans = createBuffer(gpu.device, { label: 'heatmap spans', size: gpu.spansBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      gpu.bindGroup = null;
    }
    const colBytes = width * 8;
    q.writeBuffer(gpu.spans, 0, spans.buffer, 0, colBytes);
    q.writeBuffer(gpu.spans, gpu.spansBytes / 2, spans.buffer, colBytes, spans.byteLength - colBytes);
  }

  private uploadLut(gpu: GpuPart): void {
    if (gpu.lutOf === this.lut) return;
    gpu.device.queue.writeBuffer(gpu.lut, 0, this.lut.buffer, this.lut.byteOffset, this.lut.byteLength);
    gpu.lutOf = this.lut;
  }

  destroy(): void {
    this.binding?.destroy();
    this.binding = null;
    this.freeGpu();
  }

  private freeGpu(): void {
    const gpu = this.gpu;
    if (!gpu) return;
    gpu.cells.destroy();
    destroyBuffer(gpu.uniform);
    destroyBuffer(gpu.lut);
    destroyBuffer(gpu.spans);
    gpu.levels?.destroy();
    gpu.bar?.destroy();
    this.gpu = null;
  }

  gpuLost(): void {
    this.gpu = null;
  }

  /** The colour a value gets this frame (tests, legends). */
  colorOf(value: number): [number, number, number, number] | null {
    const t = colorPosition(value, this.range[0], this.range[1], this.colorScale);
    return Number.isNaN(t) ? null : lutColor(this.lut, t);
  }
}
