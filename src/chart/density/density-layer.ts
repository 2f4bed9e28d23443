/**
 * The `density` series layer (a lazy chunk: chart/density/index.ts registers the kind): a
 * scatter's points binned into screen cells by a WebGPU compute shader whenever the view, the
 * scales or the plot change (shaders/density-bin.wgsl), then each cell coloured through a
 * colormap (shaders/density.wgsl). Exact: each point is read once and counted in the one cell
 * under it; count, sum or mean of an optional weight.
 *
 * Points go up once as float32 offsets from an origin (x as axis values, y as the value scale's
 * units: log10 on a log scale), and each frame's mapping to px is an affine map computed in
 * float64. The cell counts, sums and range are read back after each binning (asynchronously) for
 * the colour bar and the crosshair's readout; the colours themselves use the range the GPU found
 * in the same frame.
 */
import { ColumnTable } from '../../data/table.js';
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';
import { standaloneFamily, type Family } from '../../gpu/families.js';
import densitySource from '../../../shaders/density.wgsl';
import colorScaleSource from '../../../shaders/color-scale.wgsl';
import binSource from '../../../shaders/density-bin.wgsl';
import { colorScaleCode, colormapLut, type ColorScaleKind } from '../colormaps.js';
import type { CrosshairState } from '../interaction-target.js';
import type { FamilyNeed } from '../render/gpu-renderer.js';
import type { PlotRect, ValueScale } from '../scales.js';
import { ValueFormat } from '../series/value-format.js';
import type { SeriesSpec } from '../series/spec.js';
import type { SeriesEnv } from '../layers/series/base.js';
import type { FrameContext, HitContext, SeriesColors, SeriesContext, SeriesHit, SeriesInit, SeriesLayer, SeriesReadout } from '../layers/layer.js';
import { checkColorOptions, colorBarRect, colorBarRoom, drawColorBar, GpuColorBar, makeColorBarFamily } from '../heatmap/color-bar.js';


export interface DensityPoints {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Optional weight per point (sum and mean read it). */
  weight?: ArrayLike<number>;
}

interface BinLayout {
  cell: number;
  columns: number;
  rows: number;
}

interface BinPipelines {
  layout: GPUBindGroupLayout;
  bin: GPUComputePipeline;
  reduce: GPUComputePipeline;
}

/** Compute pipelines per device, made with the render family (so a frame never waits for them). */
const computeByDevice = new WeakMap<GPUDevice, BinPipelines>();

async function makeBinPipelines(device: GPUDevice): Promise<BinPipelines> {
  const entry = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } });
  const layout = device.createBindGroupLayout({
    label: 'density bin',
    entries: [entry(0, 'uniform'), entry(1, 'read-only-storage'), entry(2, 'read-only-storage'), entry(3, 'read-only-storage'), entry(4, 'storage'), entry(5, 'storage'), entry(6, 'storage')],
  });
  const module = device.createShaderModule({ label: 'density bin', code: binSource });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`WGSL errors in density-bin: ${errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const [bin, reduce] = await Promise.all([
    device.createComputePipelineAsync({ label: 'density bin', layout: pipelineLayout, compute: { module, entryPoint: 'bin' } }),
    device.createComputePipelineAsync({ label: 'density range', layout: pipelineLayout, compute: { module, entryPoint: 'reduceRange' } }),
  ]);
  return { layout, bin, reduce };
}

export const DENSITY_FAMILY: FamilyNeed = {
  key: 'density',
  phase: 'gpu',
  make: async (device: GPUDevice, format: GPUTextureFormat): Promise<Family> => {
    const [family, compute] = await Promise.all([
      standaloneFamily(device, format, 'density', colorScaleSource + densitySource, ['uniform', 'storage', 'storage', 'storage', 'storage']),
      computeByDevice.get(device) ?? makeBinPipelines(device),
      makeColorBarFamily(device, format),
    ]);
    computeByDevice.set(device, compute);
    return family;
  },
};

const REDUCE_CODES = { count: 0, sum: 1, mean: 2 } as const;

/** Crosshair stops across the x range (see `table`). */
const X_STOPS = 4096;

/** Checks a density spec, naming the field (`series[i]`). */
export function checkDensitySpec(spec: SeriesSpec, field: string): void {
  const pts = spec.points as DensityPoints | undefined;
  if (!pts || typeof pts !== 'object') throw new Error(`${field}.points is missing: a density needs { x, y, weight? } arrays`);
  for (const name of ['x', 'y'] as const) if (!pts[name] || typeof pts[name].length !== 'number') throw new Error(`${field}.points.${name} must be an array of numbers`);
  if (pts.y.length !== pts.x.length) throw new Error(`${field}.points.y has ${pts.y.length} values but points.x has ${pts.x.length}`);
  if (pts.weight !== undefined && (!pts.weight || pts.weight.length !== pts.x.length)) throw new Error(`${field}.points.weight must have one value per point (${pts.x.length})`);
  if (spec.reduce !== undefined && !(spec.reduce in REDUCE_CODES)) throw new Error(`${field}.reduce "${String(spec.reduce).slice(0, 20)}" is not count, sum or mean`);
  if ((spec.reduce === 'sum' || spec.reduce === 'mean') && !pts.weight) throw new Error(`${field}.reduce "${spec.reduce}" needs points.weight`);
  if (spec.binSize !== undefined && !(spec.binSize >= 1 && spec.binSize <= 64)) throw new Error(`${field}.binSize must be 1 … 64 CSS px`);
  colormapLut(spec.colormap ?? 'viridis', `${field}.colormap`);
  checkColorOptions(spec, field);
}

interface Uploaded {
  device: GPUDevice;
  xs: GPUBuffer;
  ys: GPUBuffer;
  ws: GPUBuffer;
  count: number;
  /** The value scale mode ys were written for (log: log10 y). */
  yMode: string;
}

interface Bins {
  device: GPUDevice;
  cells: number;
  counts: GPUBuffer;
  sums: GPUBuffer;
  range: GPUBuffer;
  binUniform: GPUBuffer;
  paintUniform: GPUBuffer;
  lut: GPUBuffer;
  readback: GPUBuffer | null;
  reading: boolean;
  computeGroup: GPUBindGroup | null;
  paintGroup: GPUBindGroup | null;
}

export class DensityLayer implements SeriesLayer {
  readonly id: string;
  readonly title: string;
  spec: SeriesSpec;
  /**
   * Rows the crosshair snaps to: X_STOPS x positions evenly over the points' x range (the points
   * themselves are not sorted: 10M would take seconds). The readout is the cell under the pointer.
   */
  readonly table = new ColumnTable();
  readonly columns: readonly string[] = [];
  readonly colors: SeriesColors;
  readonly scale: ValueScale;
  readonly paneId: string;
  readonly valueFormat: ValueFormat;
  readonly family = DENSITY_FAMILY;
  readonly needsEdgeRoom = false;
  readonly showsLastValue = false;
  readonly growsFromBase = false;
  hidden = false;

  private points: DensityPoints;
  private lut: Float32Array;
  /** x and y origins (axis values) the float32 offsets are taken from, and the extents. */
  private xOrigin = 0;
  private xRange: [number, number] = [0, 1];
  private yRange: [number, number] = [0, 1];
  private uploaded: Uploaded | null = null;
  private bins: Bins | null = null;
  /** What the bins were computed for: the mapping, plot and cell size (a change bins again). */
  private binKey = '';
  /** The last binning as read back: cells across, counts, sums, and the value range. */
  private cpu: { key: string; columns: number; cell: number; plot: PlotRect; counts: Uint32Array; sums: Float32Array | null; range: [number, number] } | null = null;
  private pointer: { x: number; y: number } | null = null;
  private requestFrame: ((followUp?: boolean) => void) | null = null;
  /** Frames binned (tests: a view change bins again, an unchanged one does not). */
  binnings = 0;

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
    this.points = init.spec.points as DensityPoints;
    this.lut = colormapLut(init.spec.colormap ?? 'viridis');
    this.measure();
  }

  /** Extents of the finite points (x in axis values), and the x origin. */
  private measure(): void {
    const { x, y } = this.points;
    const xm = this.env.x;
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < x.length; i++) {
      const a = xm.axisOf(x[i]);
      const b = y[i];
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      if (a < x0) x0 = a;
      if (a > x1) x1 = a;
      if (b < y0) y0 = b;
      if (b > y1) y1 = b;
    }
    this.xRange = x0 <= x1 ? [x0, x1] : [0, 1];
    this.yRange = y0 <= y1 ? [y0, y1] : [0, 1];
    this.xOrigin = (this.xRange[0] + this.xRange[1]) / 2;
    const [a, b] = this.xExtent();
    const time = Float64Array.from({ length: X_STOPS }, (_, i) => a + ((b - a) * i) / (X_STOPS - 1));
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
    return this.spec.colorScale ?? 'log';
  }

  private get reduce(): 'count' | 'sum' | 'mean' {
    return this.spec.reduce ?? 'count';
  }

  private get weighted(): boolean {
    return !!this.points.weight && this.reduce !== 'count';
  }

  extent(): [number, number] {
    return this.yRange;
  }

  /** The points' x range with 2 % room each side (points at the very edge stay inside the plot). */
  xExtent(): [number, number] {
    const [a, b] = this.xRange;
    const pad = (b - a || 1) * 0.02;
    return [a - pad, b + pad];
  }

  firstVisibleValue(): number {
    return NaN;
  }

  // ---- readout ------------------------------------------------------------------------------

  crosshairMoved(state: CrosshairState | null, dpr: number): void {
    this.pointer = state && state.horizontal ? { x: state.x * dpr, y: state.y * dpr } : null;
  }

  /** The cell under the pointer in the last binning read back: its points and value. */
  cellAtPointer(): { count: number; value: number } | null {
    const p = this.pointer;
    const c = this.cpu;
    if (!p || !c) return null;
    const col = Math.floor((p.x - c.plot.x) / c.cell);
    const row = Math.floor((p.y - c.plot.y) / c.cell);
    if (col < 0 || row < 0 || col >= c.columns || row * c.columns + col >= c.counts.length) return null;
    const b = row * c.columns + col;
    const count = c.counts[b];
    const sum = c.sums ? c.sums[b] : count;
    const value = this.reduce === 'count' || !c.sums ? count : this.reduce === 'sum' ? sum : count ? sum / count : NaN;
    return { count, value };
  }

  valueAt(_index: number): number {
    return this.cellAtPointer()?.value ?? NaN;
  }

  readout(_first: number, _last: number): SeriesReadout {
    const cell = this.cellAtPointer();
    const fields = [{ name: 'count', value: cell?.count ?? NaN }];
    if (this.reduce !== 'count') fields.push({ name: this.reduce, value: cell?.value ?? NaN });
    return { fields, change: NaN };
  }

  legendValue(_index: number, locale: string | undefined): string {
    const cell = this.cellAtPointer();
    return cell ? `count ${this.valueFormat.format(cell.count, locale)}` : '';
  }

  lastValue(): null {
    return null;
  }

  hitTest(_x: number, _y: number, _ctx: HitContext): SeriesHit | null {
    const cell = this.cellAtPointer();
    return cell && cell.count > 0 ? { distance: 0, index: -1 } : null;
  }

  restyle(spec: SeriesSpec, colors: SeriesColors): void {
    const before = this.spec;
    this.spec = spec;
    Object.assign(this.colors, colors);
    if (spec.colormap !== before.colormap) this.lut = colormapLut(spec.colormap ?? 'viridis');
    if (spec.points !== before.points) {
      this.points = spec.points as DensityPoints;
      this.measure();
      this.destroyUploaded();
      this.binKey = '';
    }
    if (spec.reduce !== before.reduce || spec.binSize !== before.binSize) this.binKey = '';
  }

  // ---- frame --------------------------------------------------------------------------------

  private paneRect(ctx: FrameContext): PlotRect | null {
    return ctx.scene.panes.find((p) => p.id === this.paneId)?.rect ?? null;
  }

  private get barRange(): [number, number] {
    return this.spec.colorRange ?? this.cpu?.range ?? [1, 10];
  }

  private colorBarInput(device: GPUDevice) {
    // the strip is drawn on the GPU (drawOutside) from the range the cells read this frame; the
    // labels show the range of the last binning read back (none before the first)
    return { lut: this.lut, lo: this.barRange[0], hi: this.barRange[1], scale: this.colorScale, paneId: this.paneId, gpuStrip: GpuColorBar.ready(device), noLabels: !this.spec.colorRange && !this.cpu, reserveLabels: !this.spec.colorRange };
  }

  private get showsColorBar(): boolean {
    return !this.hidden && this.spec.colorBar !== false;
  }

  axisRoom(ctx: FrameContext): number {
    if (!this.showsColorBar || ctx.scene.valueAxis === 'left' || !this.paneRect(ctx)) return 0;
    return colorBarRoom(ctx, this.colorBarInput(ctx.device));
  }

  drawUnder(ctx: FrameContext): void {
    if (!this.showsColorBar || ctx.scene.valueAxis === 'left') return;
    const input = this.colorBarInput(ctx.device);
    // without the GPU strip, a bar without labels would say nothing: none until the read-back
    if (input.gpuStrip || !input.noLabels) drawColorBar(ctx, input);
  }

  /** The colour bar's strip from the range the cells read in this frame (color-bar.ts). */
  drawOutside(ctx: FrameContext, pass: GPURenderPassEncoder): void {
    const bins = this.bins;
    const rect = this.showsColorBar && ctx.scene.valueAxis !== 'left' && bins && this.binKey ? colorBarRect(ctx, this.paneId) : null;
    if (!rect || !bins || !GpuColorBar.ready(ctx.device)) return;
    if (this.bar?.device !== ctx.device) this.bar = new GpuColorBar(ctx.device);
    const fixed = this.spec.colorRange;
    this.bar.draw({
      pass,
      canvasPx: ctx.canvasPx,
      rect,
      lut: bins.lut,
      range: fixed ? { kind: 'fixed', lo: fixed[0], hi: fixed[1] } : { kind: 'measured', buffer: bins.range, at: 0 },
      labels: fixed ?? this.cpu?.range ?? null,
      scale: this.colorScale,
    });
  }

  private bar: GpuColorBar | null = null;

  private cellPx(dpr: number): number {
    return Math.max(1, Math.round((this.spec.binSize ?? 2) * dpr));
  }

  /** y in the units the GPU copy holds (log10 on a log scale). */
  private yAxis(v: number): number {
    return this.scale.mode === 'log' ? (v > 0 ? Math.log10(v) : NaN) : v;
  }

  private upload(device: GPUDevice): Uploaded {
    const yMode = this.scale.mode === 'log' ? 'log' : 'linear';
    const up = this.uploaded;
    if (up && up.device === device && up.yMode === yMode) return up;
    const { x, y, weight } = this.points;
    const n = x.length;
    const xs = new Float32Array(Math.max(1, n));
    const ys = new Float32Array(Math.max(1, n));
    const yOrigin = this.yAxis((this.yRange[0] + this.yRange[1]) / 2) || 0;
    const xm = this.env.x;
    for (let i = 0; i < n; i++) {
      const a = xm.axisOf(x[i]) - this.xOrigin;
      const b = this.yAxis(y[i]) - yOrigin;
      // points that cannot be placed (NaN, y ≤ 0 on a log scale) go far outside every plot
      const placed = Number.isFinite(a) && Number.isFinite(b);
      xs[i] = placed ? a : -3e38;
      ys[i] = placed ? b : 0;
    }
    this.yOrigin = yOrigin;
    if (up) this.destroyUploaded();
    const make = (data: Float32Array, label: string) => {
      const buffer = createBuffer(device, { label, size: Math.max(16, data.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
      return buffer;
    };
    const ws = weight ? Float32Array.from(weight, (w) => (Number.isFinite(w) ? w : 0)) : new Float32Array(4);
    this.uploaded = { device, xs: make(xs, 'density x'), ys: make(ys, 'density y'), ws: make(ws, 'density weight'), count: n, yMode };
    this.binKey = '';
    return this.uploaded;
  }

  private yOrigin = 0;

  private binsFor(device: GPUDevice, cells: number): Bins {
    let b = this.bins;
    if (b && (b.device !== device || b.cells < cells)) {
      this.destroyBins();
      b = null;
    }
    if (!b) {
      const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
      const size = Math.max(16, cells * 4);
      b = this.bins = {
        device,
        cells,
        counts: createBuffer(device, { label: 'density counts', size, usage: storage }),
        sums: createBuffer(device, { label: 'density sums', size, usage: storage }),
        range: createBuffer(device, { label: 'density range', size: 16, usage: storage }),
        binUniform: createBuffer(device, { label: 'density bin view', size: 64, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
        paintUniform: createBuffer(device, { label: 'density paint view', size: 64, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
        lut: createBuffer(device, { label: 'density colormap', size: 256 * 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST }),
        readback: null,
        reading: false,
        computeGroup: null,
        paintGroup: null,
      };
    }
    return b;
  }

  /** The affine maps from the stored offsets to device px, the plot and the cells. */
  private layoutFor(rect: PlotRect, dpr: number) {
    const xm = this.env.x;
    const ax = xm.unitsToPx(this.xOrigin, rect);
    const bx = xm.unitsToPx(this.xOrigin + 1, rect) - ax;
    const pyOf = (u: number) => this.scale.toPx(this.scale.mode === 'log' ? 10 ** u : u, rect);
    const ay = pyOf(this.yOrigin);
    const by = pyOf(this.yOrigin + 1) - ay;
    const cell = this.cellPx(dpr);
    const columns = Math.max(1, Math.ceil(rect.width / cell));
    const rows = Math.max(1, Math.ceil(rect.height / cell));
    return { ax, bx, ay, by, cell, columns, rows };
  }

  /** Bins the points for this frame's view (only when the view, scales or plot changed). */
  encodeCompute(ctx: FrameContext, encoder: GPUCommandEncoder): void {
    if (this.hidden) return;
    const compute = computeByDevice.get(ctx.device);
    const rect = this.paneRect(ctx);
    if (!compute || !rect) return;
    this.requestFrame = ctx.requestFrame;
    const device = ctx.device;
    const up = this.upload(device);
    const l = this.layoutFor(rect, ctx.dpr);
    const key = [l.ax, l.bx, l.ay, l.by, rect.x, rect.y, rect.width, rect.height, l.cell, this.reduce, this.weighted, this.colorScale, up.count].join(',');
    const bins = this.binsFor(device, l.columns * l.rows);
    if (key === this.binKey) return;
    this.binKey = key;
    this.binnings++;
    const u = new ArrayBuffer(64);
    const f = new Float32Array(u);
    const n = new Uint32Array(u);
    const groups = Math.ceil(up.count / 256);
    const dispatchX = Math.min(groups, 65535);
    const dispatchY = Math.ceil(groups / 65535);
    f.set([l.ax, l.bx, l.ay, l.by, rect.x, rect.y, rect.width, rect.height, l.cell]);
    n.set([l.columns, l.rows, up.count, dispatchX * 256, this.weighted ? 1 : 0, REDUCE_CODES[this.reduce], this.colorScale === 'log' ? 1 : 0], 9);
    device.queue.writeBuffer(bins.binUniform, 0, u);
    // the range starts empty: min at +∞'s bits, max at 0
    device.queue.writeBuffer(bins.range, 0, new Uint32Array([0x7f800000, 0, 0, 0]));
    encoder.clearBuffer(bins.counts, 0, Math.max(16, l.columns * l.rows * 4));
    if (this.weighted) encoder.clearBuffer(bins.sums, 0, Math.max(16, l.columns * l.rows * 4));
    bins.computeGroup ??= device.createBindGroup({
      layout: compute.layout,
      entries: [bins.binUniform, up.xs, up.ys, up.ws, bins.counts, bins.sums, bins.range].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const pass = encoder.beginComputePass({ label: 'density bin' });
    pass.setBindGroup(0, bins.computeGroup);
    if (up.count > 0) {
      pass.setPipeline(compute.bin);
      pass.dispatchWorkgroups(dispatchX, dispatchY);
    }
    pass.setPipeline(compute.reduce);
    pass.dispatchWorkgroups(Math.ceil((l.columns * l.rows) / 256));
    pass.end();
    this.readBack(encoder, bins, key, l, { ...rect });
  }

  /** A binning waiting to be read back (one read-back at a time): read when the one in flight ends. */
  private pendingRead: { key: string; l: BinLayout; plot: PlotRect } | null = null;

  /**
   * Copies the bins and range for the CPU (colour bar labels, readout), read once the frame is
   * submitted. The cells already have their colours from the range on the GPU: the frame that
   * shows the read-back range in the labels is a follow-up `updateComplete` does not wait for.
   */
  private readBack(encoder: GPUCommandEncoder | null, bins: Bins, key: string, l: BinLayout, plot: PlotRect): void {
    if (bins.reading) {
      // one read-back at a time: this binning is read when that one ends (not binned again)
      this.pendingRead = { key, l, plot };
      return;
    }
    this.pendingRead = null;
    const cells = l.columns * l.rows;
    const weighted = this.weighted;
    const bytes = 16 + cells * 4 * (weighted ? 2 : 1);
    if (!bins.readback || bins.readback.size < bytes) {
      if (bins.readback) destroyBuffer(bins.readback);
      bins.readback = createBuffer(bins.device, { label: 'density readback', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    }
    const rb = bins.readback;
    // without the frame's encoder (a pending read): a submit of its own
    const own = encoder ? null : bins.device.createCommandEncoder({ label: 'density readback' });
    const e = encoder ?? own!;
    e.copyBufferToBuffer(bins.range, 0, rb, 0, 16);
    e.copyBufferToBuffer(bins.counts, 0, rb, 16, cells * 4);
    if (weighted) e.copyBufferToBuffer(bins.sums, 0, rb, 16 + cells * 4, cells * 4);
    if (own) bins.device.queue.submit([own.finish()]);
    bins.reading = true;
    const map = () =>
      rb
        .mapAsync(GPUMapMode.READ, 0, bytes)
        .then(() => {
          const data = rb.getMappedRange(0, bytes).slice(0);
          rb.unmap();
          const bits = new Float32Array(data, 0, 2);
          const range: [number, number] = bits[0] <= bits[1] ? [bits[0], bits[1]] : this.cpu?.range ?? [1, 10];
          const before = this.cpu?.range;
          this.cpu = { key, columns: l.columns, cell: l.cell, plot, counts: new Uint32Array(data, 16, cells), sums: weighted ? new Float32Array(data, 16 + cells * 4, cells) : null, range };
          if (!before || before[0] !== range[0] || before[1] !== range[1]) this.requestFrame?.(true);
        })
        .catch(() => undefined)
        .finally(() => {
          bins.reading = false;
          const next = this.pendingRead;
          this.pendingRead = null;
          if (next && this.bins === bins && next.key === this.binKey) this.readBack(null, bins, next.key, next.l, next.plot);
        });
    // the frame's copy: after the frame's submit (recordFrame submits before this task ends)
    if (encoder) queueMicrotask(map);
    else map();
  }

  drawSeries(ctx: SeriesContext): void {
    const family = ctx.frame.families[DENSITY_FAMILY.key];
    const bins = this.bins;
    if (!family || !bins || !this.binKey) return;
    const rect = ctx.pane.rect;
    const l = this.layoutFor(rect, ctx.dpr);
    const u = new ArrayBuffer(64);
    const f = new Float32Array(u);
    const n = new Uint32Array(u);
    const fixed = this.spec.colorRange;
    f.set([rect.x, rect.y, rect.width, rect.height, ctx.canvasPx[0], ctx.canvasPx[1], l.cell]);
    n.set([l.columns, l.rows, this.weighted ? 1 : 0, REDUCE_CODES[this.reduce], colorScaleCode(this.colorScale)], 7);
    f[12] = fixed ? fixed[0] : 0;
    f[13] = fixed ? fixed[1] : 1;
    n[14] = fixed ? 1 : 0;
    f[15] = Math.max(0, Math.min(1, this.spec.opacity ?? 1));
    ctx.device.queue.writeBuffer(bins.paintUniform, 0, u);
    ctx.device.queue.writeBuffer(bins.lut, 0, this.lut.buffer, this.lut.byteOffset, this.lut.byteLength);
    bins.paintGroup ??= ctx.device.createBindGroup({
      layout: family.layout,
      entries: [bins.paintUniform, bins.counts, bins.sums, bins.range, bins.lut].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    ctx.pass.setPipeline(family.pipeline);
    ctx.pass.setBindGroup(0, bins.paintGroup);
    ctx.pass.draw(6);
  }

  private destroyUploaded(): void {
    const up = this.uploaded;
    if (!up) return;
    destroyBuffer(up.xs);
    destroyBuffer(up.ys);
    destroyBuffer(up.ws);
    this.uploaded = null;
    if (this.bins) this.bins.computeGroup = null;
  }

  private destroyBins(): void {
    const b = this.bins;
    if (!b) return;
    for (const buffer of [b.counts, b.sums, b.range, b.binUniform, b.paintUniform, b.lut]) destroyBuffer(buffer);
    // a buffer being mapped is dropped by the device, not reused from the pool
    if (b.readback) b.reading ? b.readback.destroy() : destroyBuffer(b.readback);
    this.bins = null;
  }

  destroy(): void {
    this.destroyUploaded();
    this.destroyBins();
    this.bar?.destroy();
    this.bar = null;
    this.binKey = '';
  }

  gpuLost(): void {
    this.bar = null;
    this.uploaded = null;
    this.bins = null;
    this.binKey = '';
  }
}
