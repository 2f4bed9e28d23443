/**
 * ChartEngine: everything a chart does except being an HTML element. It owns the scales, the
 * layout, the series and the frame; it draws with the page's shared GPU device into the canvas
 * it was given, and writes text into a Canvas2D overlay. It renders on demand: a change marks
 * the chart dirty and asks for one animation frame; nothing runs while nothing changes.
 */
import { gpuRegistry, GpuUnavailableError, type AcquiredGpu, type GpuClient } from '../gpu/registry.js';
import type { AdapterSummary } from '../gpu/adapter-info.js';
import { lineFamily, rectsFamily, type Family } from '../gpu/families.js';
import { createBuffer } from '../gpu/buffers.js';
import { ColumnTable, type ColumnMap } from '../data/table.js';
import { retainTableGpu, releaseTableGpu, type TableGpu } from './gpu-columns.js';
import { TimeScale, ValueScale, lowerBound, type PlotRect, type ValueScaleMode } from './scales.js';
import { RectBatch } from './rects.js';
import { LineRenderer } from './series/line.js';
import { Overlay, type AxisLabel } from './overlay.js';
import { FALLBACK_THEME, type Theme } from './theme.js';
import { parseColor, type Rgba } from './colors.js';
import { timeTicks } from './ticks/time-ticks.js';
import { niceValueTicks, logValueTicks, formatValue } from './ticks/value-ticks.js';
import type { FrameContext } from './frame.js';

export type ErrorPhase = 'gpu' | 'render' | 'data';

export interface EngineHost {
  readonly gpuCanvas: HTMLCanvasElement;
  readonly overlayCanvas: HTMLCanvasElement;
  /** The first frame is on screen. */
  ready(adapter: AdapterSummary): void;
  error(phase: ErrorPhase, message: string, cause?: unknown): void;
  unsupported(reason: string): void;
}

export interface SeriesSpec {
  type: 'line';
  /** Column drawn as the value. */
  value: string;
  color?: string;
  /** Line width in CSS px. */
  width?: number;
  step?: boolean;
  title?: string;
}

interface SeriesState {
  spec: SeriesSpec;
  color: Rgba;
  renderer: LineRenderer | null;
}

interface GpuState {
  gpu: AcquiredGpu;
  context: GPUCanvasContext;
  line: Family;
  rects: Family;
  under: RectBatch;
}

export interface VisibleRange {
  from: number;
  to: number;
}

export class ChartEngine implements GpuClient {
  readonly time = new TimeScale();
  readonly value = new ValueScale();
  timeZone: string | undefined;
  locale: string | undefined;
  valueAxis: 'right' | 'left' | 'both' = 'right';

  private state: GpuState | null = null;
  private starting: Promise<void> | null = null;
  private running = false;
  private unsupportedReason: string | null = null;
  private overlay: Overlay;
  private theme: Theme = FALLBACK_THEME;
  private series: SeriesState[] = [];
  private table: ColumnTable | null = null;
  private ownTable: ColumnTable | null = null;
  private tableGpu: TableGpu | null = null;
  private unsubscribe: (() => void) | null = null;
  private cssWidth = 0;
  private cssHeight = 0;
  private dpr = 1;
  private frameHandle = 0;
  private frameInFlight: Promise<void> | null = null;
  private idleWaiters: Array<() => void> = [];
  private readySent = false;
  private viewIsUser = false;
  private plot: PlotRect = { x: 0, y: 0, width: 1, height: 1 };

  constructor(private readonly host: EngineHost) {
    this.overlay = new Overlay(host.overlayCanvas);
  }

  // ---- life cycle -------------------------------------------------------------------------

  /** Acquires the shared device and builds GPU resources; resolves when ready to draw. */
  start(): Promise<void> {
    this.running = true;
    if (this.state) return Promise.resolve();
    this.starting ??= this.connect().finally(() => {
      this.starting = null;
      this.requestRender();
      this.flushIdleIfQuiet();
    });
    return this.starting;
  }

  /** Releases this chart's GPU resources and its share of the device. */
  stop(): void {
    this.running = false;
    this.cancelFrame();
    this.dropGpuResources();
    gpuRegistry().release(this);
    this.flushIdleIfQuiet();
  }

  private async connect(): Promise<void> {
    let gpu: AcquiredGpu;
    try {
      gpu = await gpuRegistry().acquire(this);
    } catch (err) {
      gpuRegistry().release(this);
      const reason = err instanceof GpuUnavailableError ? err.message : `WebGPU could not start: ${String((err as Error)?.message ?? err)}`;
      this.unsupportedReason = reason;
      this.host.unsupported(reason);
      return;
    }
    if (!this.running) {
      gpuRegistry().release(this);
      return;
    }
    await this.buildGpuResources(gpu);
  }

  private async buildGpuResources(gpu: AcquiredGpu): Promise<void> {
    const { device, format } = gpu;
    const context = this.host.gpuCanvas.getContext('webgpu');
    if (!context) {
      this.host.unsupported('The canvas could not provide a WebGPU context.');
      return;
    }
    context.configure({ device, format, alphaMode: 'premultiplied', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
    device.pushErrorScope('validation');
    const [line, rects] = await Promise.all([lineFamily(device, format), rectsFamily(device, format)]);
    const err = await device.popErrorScope();
    if (err) this.host.error('gpu', `Pipeline creation failed: ${err.message}`, err);
    if (!this.running || gpu.device.lost === undefined) return;
    this.state = { gpu, context, line, rects, under: new RectBatch(device) };
    device.addEventListener('uncapturederror', this.onUncapturedError);
    if (this.table) this.tableGpu = retainTableGpu(device, this.table);
  }

  private onUncapturedError = (e: Event): void => {
    const error = (e as GPUUncapturedErrorEvent).error;
    this.host.error('render', `GPU error: ${error.message}`, error);
  };

  private dropGpuResources(): void {
    const s = this.state;
    if (!s) return;
    s.gpu.device.removeEventListener('uncapturederror', this.onUncapturedError);
    for (const series of this.series) {
      series.renderer?.destroy();
      series.renderer = null;
    }
    s.under.destroy();
    if (this.tableGpu) releaseTableGpu(s.gpu.device, this.tableGpu);
    this.tableGpu = null;
    try {
      s.context.unconfigure();
    } catch {
      /* the device may already be gone */
    }
    this.state = null;
  }

  private endRecovery: (() => void) | null = null;

  gpuLost(reason: string): void {
    // Everything made on the old device is gone; keep the data and wait for the new device.
    if (!this.state) {
      if (this.endRecovery) {
        // The replacement device could not be had either.
        this.host.error('gpu', reason);
        this.endRecovery();
        this.endRecovery = null;
      }
      return;
    }
    for (const series of this.series) series.renderer = null;
    this.tableGpu = null;
    this.lastAdapter = this.state.gpu.adapter;
    this.state = null;
    this.cancelFrame();
    // Until the new device is ready, updateComplete waits for the recovery.
    this.starting = new Promise<void>((resolve) => (this.endRecovery = resolve)).finally(() => {
      this.starting = null;
      this.requestRender();
      this.flushIdleIfQuiet();
    });
  }

  private lastAdapter: AdapterSummary | null = null;

  gpuRestored(device: GPUDevice): void {
    const finish = () => {
      this.endRecovery?.();
      this.endRecovery = null;
    };
    if (!this.running) return finish();
    const adapter = this.lastAdapter ?? { vendor: '', architecture: '', device: '', description: '' };
    const gpu = { device, adapter, format: navigator.gpu.getPreferredCanvasFormat() };
    this.buildGpuResources(gpu).then(finish, (err) => {
      this.host.error('gpu', `Could not rebuild after losing the GPU device: ${String(err)}`, err);
      finish();
    });
  }

  get device(): GPUDevice | null {
    return this.state?.gpu.device ?? null;
  }

  get isUnsupported(): boolean {
    return this.unsupportedReason !== null;
  }

  // ---- inputs -----------------------------------------------------------------------------

  setSize(cssWidth: number, cssHeight: number, dpr: number): void {
    if (cssWidth === this.cssWidth && cssHeight === this.cssHeight && dpr === this.dpr) return;
    this.cssWidth = cssWidth;
    this.cssHeight = cssHeight;
    this.dpr = dpr;
    this.requestRender();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.series.forEach((s, i) => (s.color = this.seriesColor(s.spec, i)));
    this.requestRender();
  }

  /** Draws rows from a table held elsewhere (a datasource); charts sharing it share its GPU copy. */
  setTable(table: ColumnTable | null): void {
    if (table === this.table) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.tableGpu && this.state) releaseTableGpu(this.state.gpu.device, this.tableGpu);
    this.tableGpu = null;
    this.table = table;
    if (table) {
      this.unsubscribe = table.subscribe(() => this.onData());
      if (this.state) this.tableGpu = retainTableGpu(this.state.gpu.device, table);
    }
    this.onData();
  }

  /** Draws the given columns (copied into a table this chart owns). */
  setColumns(columns: Record<string, ArrayLike<number>> | null): void {
    if (!columns) {
      this.setTable(null);
      return;
    }
    this.ownTable ??= new ColumnTable();
    const normalized: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(columns)) normalized[k] = v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number>);
    this.ownTable.replace(normalized);
    this.setTable(this.ownTable);
  }

  get columns(): ColumnMap | null {
    return this.table?.columns() ?? null;
  }

  setSeries(specs: SeriesSpec[]): void {
    for (const s of this.series) s.renderer?.destroy();
    this.series = specs.map((spec, i) => ({ spec, color: this.seriesColor(spec, i), renderer: null }));
    this.requestRender();
  }

  private seriesColor(spec: SeriesSpec, index: number): Rgba {
    const palette = this.theme.series;
    return spec.color ? parseColor(spec.color, palette[0]) : palette[index % palette.length];
  }

  setValueScaleMode(mode: ValueScaleMode): void {
    this.value.mode = mode;
    this.requestRender();
  }

  private onData(): void {
    if (!this.viewIsUser) this.fitTimeToData();
    this.requestRender();
  }

  // ---- view -------------------------------------------------------------------------------

  get visibleRange(): VisibleRange {
    return { from: this.time.from, to: this.time.to };
  }

  set visibleRange(range: VisibleRange) {
    if (!(range.to > range.from)) throw new RangeError('visibleRange needs from < to');
    this.time.from = range.from;
    this.time.to = range.to;
    this.viewIsUser = true;
    this.requestRender();
  }

  /** Shows all the data again, and follows it as it grows. */
  fitContent(): void {
    this.viewIsUser = false;
    this.fitTimeToData();
    this.requestRender();
  }

  private fitTimeToData(): void {
    const t = this.table?.time;
    if (!t || t.length === 0) return;
    let from = t[0];
    let to = t[t.length - 1];
    if (to === from) {
      from -= 1000;
      to += 1000;
    }
    this.time.from = from;
    this.time.to = to;
  }

  // ---- frames -----------------------------------------------------------------------------

  /**
   * Marks the chart dirty: one frame will be drawn at the next animation frame. Pages that get
   * no animation frames (hidden or background tabs) still draw through a slow timer, so that
   * `updateComplete` and `toBlob()` always settle.
   */
  requestRender(): void {
    if (this.frameHandle || !this.running) return;
    const run = () => {
      if (!this.frameHandle) return;
      cancelAnimationFrame(this.frameHandle);
      clearTimeout(this.fallbackTimer);
      this.frameHandle = 0;
      this.frame();
    };
    this.frameHandle = requestAnimationFrame(run);
    this.fallbackTimer = setTimeout(run, 200);
  }

  private fallbackTimer: ReturnType<typeof setTimeout> | undefined;

  private cancelFrame(): void {
    if (this.frameHandle) cancelAnimationFrame(this.frameHandle);
    clearTimeout(this.fallbackTimer);
    this.frameHandle = 0;
  }

  /** Resolves when every change made so far is drawn and the GPU has finished that work. */
  whenIdle(): Promise<void> {
    if (this.isQuiet()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isQuiet(): boolean {
    return !this.frameHandle && !this.frameInFlight && !this.starting;
  }

  private flushIdleIfQuiet(): void {
    if (!this.isQuiet()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private frame(): void {
    const s = this.state;
    if (!s) {
      this.flushIdleIfQuiet();
      return;
    }
    try {
      this.encodeFrame(s, null);
    } catch (err) {
      this.host.error('render', `Drawing failed: ${String((err as Error)?.message ?? err)}`, err);
    }
    const done = s.gpu.device.queue.onSubmittedWorkDone();
    const inFlight = done
      .catch(() => undefined)
      .then(() => {
        if (this.frameInFlight === inFlight) this.frameInFlight = null;
        if (!this.readySent && this.state) {
          this.readySent = true;
          this.host.ready(s.gpu.adapter);
        }
        this.flushIdleIfQuiet();
      });
    this.frameInFlight = inFlight;
  }

  /** Lays out, scales and draws one frame into `target` (or the canvas). */
  private encodeFrame(s: GpuState, target: GPUTexture | null): void {
    const dpr = this.dpr;
    const width = Math.max(1, Math.round(this.cssWidth * dpr));
    const height = Math.max(1, Math.round(this.cssHeight * dpr));
    const canvas = this.host.gpuCanvas;
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    this.overlay.resize(width, height);
    const theme = this.theme;
    const device = s.gpu.device;

    // Data first: scales depend on what is visible.
    const table = this.table;
    const tg = this.tableGpu;
    const valueColumns = this.series.map((x) => x.spec.value).filter((c) => table?.has(c));
    if (tg && table) tg.sync(valueColumns);
    const n = table?.length ?? 0;
    let first = 0;
    let last = -1;
    if (table && n > 0) {
      const t = table.time;
      first = Math.max(0, lowerBound(t, this.time.from) - 1);
      last = Math.min(n - 1, lowerBound(t, this.time.to));
    }

    // Value scale: fit the visible rows of every series.
    const layoutFont = theme.fontSizePx * dpr;
    const top = Math.round(8 * dpr);
    const timeAxisHeight = Math.round(layoutFont + 12 * dpr);
    const plotHeight = Math.max(1, height - top - timeAxisHeight);
    if (this.value.autoScale && tg && last >= first) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const name of valueColumns) {
        const col = tg.value(name);
        const values = table!.column(name)!;
        const mm = col?.pyramid.rangeMinMax(values, first, last);
        if (mm) {
          lo = Math.min(lo, mm[0]);
          hi = Math.max(hi, mm[1]);
        }
      }
      if (this.value.mode === 'percent' && valueColumns.length) {
        const values = table!.column(valueColumns[0])!;
        const i0 = lowerBound(table!.time, this.time.from);
        for (let i = Math.min(i0, n - 1); i < n; i++) {
          if (Number.isFinite(values[i]) && values[i] !== 0) {
            this.value.base = values[i];
            break;
          }
        }
      }
      if (lo <= hi) this.value.fit(lo, hi);
    }

    // Value ticks decide the axis width, which decides the plot width.
    const maxValueTicks = Math.max(2, Math.floor(plotHeight / (layoutFont * 3)));
    const valueLabels = this.valueTickLabels(maxValueTicks);
    let labelWidth = 0;
    for (const l of valueLabels) labelWidth = Math.max(labelWidth, this.overlay.measure(l.text, theme, dpr));
    const axisWidth = Math.round(labelWidth + 12 * dpr);
    const left = this.valueAxis === 'left' || this.valueAxis === 'both' ? axisWidth : Math.round(4 * dpr);
    const right = this.valueAxis === 'right' || this.valueAxis === 'both' ? axisWidth : Math.round(4 * dpr);
    const plot: PlotRect = { x: left, y: top, width: Math.max(1, width - left - right), height: plotHeight };
    this.plot = plot;
    for (const l of valueLabels) l.at = this.value.displayToPx(Number(l.value), plot);

    // Grid and axis lines under the series.
    const under = s.under;
    under.reset();
    const ticks = timeTicks(this.time.from, this.time.to, plot.width / dpr, { timeZone: this.timeZone, locale: this.locale });
    const timeLabels: AxisLabel[] = [];
    const lineW = Math.max(1, Math.round(dpr));
    for (const tick of ticks) {
      const x = this.time.toPx(tick.time, plot);
      if (x < plot.x - 0.5 || x > plot.x + plot.width + 0.5) continue;
      under.vline(x, plot.y, plot.y + plot.height, lineW, theme.grid);
      timeLabels.push({ at: x, text: tick.label, bold: tick.major });
    }
    for (const l of valueLabels) under.hline(plot.x, plot.x + plot.width, l.at, lineW, theme.grid);
    under.hline(plot.x, plot.x + plot.width, plot.y + plot.height + lineW / 2, lineW, theme.axis);
    if (right > Math.round(4 * dpr)) under.vline(plot.x + plot.width + lineW / 2, plot.y, plot.y + plot.height + lineW, lineW, theme.axis);
    if (left > Math.round(4 * dpr)) under.vline(plot.x - lineW / 2, plot.y, plot.y + plot.height + lineW, lineW, theme.axis);

    // GPU pass.
    const texture = target ?? s.context.getCurrentTexture();
    const encoder = device.createCommandEncoder({ label: 'chart frame' });
    const bg = theme.background;
    const pass = encoder.beginRenderPass({
      colorAttachments: [
        {
          view: texture.createView(),
          loadOp: 'clear',
          storeOp: 'store',
          clearValue: { r: bg[0] * bg[3], g: bg[1] * bg[3], b: bg[2] * bg[3], a: bg[3] },
        },
      ],
    });
    under.draw(pass, s.rects, [width, height]);
    if (tg && table && last >= first) {
      pass.setScissorRect(plot.x, plot.y, plot.width, plot.height);
      const ctx: FrameContext = {
        device,
        format: s.gpu.format,
        pass,
        canvasPx: [width, height],
        plot,
        time: this.time,
        value: this.value,
        dpr,
        table,
        tableGpu: tg,
        first,
        last,
      };
      for (const series of this.series) {
        if (!table.has(series.spec.value)) continue;
        series.renderer ??= new LineRenderer(device);
        series.renderer.draw(ctx, s.line, series.spec.value, {
          color: series.color,
          width: series.spec.width ?? 2,
          step: series.spec.step ?? false,
        });
      }
    }
    pass.end();
    device.queue.submit([encoder.finish()]);

    // Text on top.
    this.overlay.clear();
    this.overlay.drawTimeLabels(timeLabels, plot, theme, dpr);
    if (right > Math.round(4 * dpr)) this.overlay.drawValueLabels(valueLabels, plot, 'right', theme, dpr);
    if (left > Math.round(4 * dpr)) this.overlay.drawValueLabels(valueLabels, plot, 'left', theme, dpr);
  }

  private valueTickLabels(maxCount: number): Array<AxisLabel & { value: number }> {
    const v = this.value;
    if (v.mode === 'log') {
      return logValueTicks(v.min, v.max, maxCount).map((t) => ({ at: 0, value: t, text: formatValue(t, t < 1 ? 4 : 0, this.locale) }));
    }
    const { ticks, decimals } = niceValueTicks(v.min, v.max, maxCount);
    const suffix = v.mode === 'percent' ? '%' : '';
    return ticks.map((t) => ({ at: 0, value: t, text: formatValue(t, decimals, this.locale) + suffix }));
  }

  /** The plot area in CSS pixels relative to the element (for pointer mapping). */
  get plotRect(): PlotRect {
    const d = this.dpr;
    return { x: this.plot.x / d, y: this.plot.y / d, width: this.plot.width / d, height: this.plot.height / d };
  }

  // ---- export -----------------------------------------------------------------------------

  /**
   * A PNG of what the user sees: the frame is drawn again into a texture this chart owns and
   * read back (reading the canvas itself after an await gives transparent pixels), then the
   * text overlay is composited on top.
   */
  async toBlob(): Promise<Blob> {
    await this.whenIdle();
    const s = this.state;
    const width = this.host.gpuCanvas.width;
    const height = this.host.gpuCanvas.height;
    const out = new OffscreenCanvas(width, height);
    const ctx2d = out.getContext('2d')!;
    if (s) {
      const device = s.gpu.device;
      const texture = device.createTexture({
        label: 'export frame',
        size: [width, height],
        format: s.gpu.format,
        usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
      });
      this.encodeFrame(s, texture);
      const bytesPerRow = Math.ceil((width * 4) / 256) * 256;
      const buffer = createBuffer(device, { label: 'export readback', size: bytesPerRow * height, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
      const enc = device.createCommandEncoder();
      enc.copyTextureToBuffer({ texture }, { buffer, bytesPerRow }, [width, height]);
      device.queue.submit([enc.finish()]);
      await buffer.mapAsync(GPUMapMode.READ);
      const src = new Uint8Array(buffer.getMappedRange());
      const image = new ImageData(width, height);
      const dst = image.data;
      const bgra = s.gpu.format === 'bgra8unorm';
      for (let y = 0; y < height; y++) {
        let si = y * bytesPerRow;
        let di = y * width * 4;
        for (let x = 0; x < width; x++, si += 4, di += 4) {
          const a = src[si + 3];
          // Premultiplied on the GPU; ImageData is straight alpha.
          const k = a === 0 ? 0 : 255 / a;
          const r = bgra ? src[si + 2] : src[si];
          const b = bgra ? src[si] : src[si + 2];
          dst[di] = Math.min(255, Math.round(r * k));
          dst[di + 1] = Math.min(255, Math.round(src[si + 1] * k));
          dst[di + 2] = Math.min(255, Math.round(b * k));
          dst[di + 3] = a;
        }
      }
      buffer.unmap();
      buffer.destroy();
      texture.destroy();
      ctx2d.putImageData(image, 0, 0);
    }
    ctx2d.drawImage(this.host.overlayCanvas, 0, 0);
    return out.convertToBlob({ type: 'image/png' });
  }
}
