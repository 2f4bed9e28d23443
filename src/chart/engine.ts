/**
 * ChartEngine: everything a chart does except being an HTML element. It owns the panes, scales,
 * layout, series and frames; it draws with the page's shared GPU device into the canvas it was
 * given, labels included (labels.ts). It renders on demand: a change marks the chart dirty and
 * draws once, at the end of the task or at the next animation frame; nothing runs while nothing
 * changes.
 */
import { gpuRegistry, GpuUnavailableError, type AcquiredGpu, type GpuClient } from '../gpu/registry.js';
import type { AdapterSummary } from '../gpu/adapter-info.js';
import { canvasFormatFor } from '../gpu/adapter-info.js';
import { barsFamily, fillFamily, lineFamily, rectsFamily, scatterFamily, textFamily, type Family } from '../gpu/families.js';
import { createBuffer, destroyBuffer } from '../gpu/buffers.js';
import { ColumnTable } from '../data/table.js';
import { retainTableGpu, releaseTableGpu, type TableGpu, type GpuValueColumn } from './gpu-columns.js';
import { ValueScale, lowerBound, type PlotRect, type ValueScaleMode } from './scales.js';
import { XMapping } from './x-mapping.js';
import { RectBatch } from './rects.js';
import { SeriesRenderer, forgetFrameSpans, type DrawFrame, type DrawRange, type Families } from './series/renderer.js';
import { DENSE_ROWS_PER_PX, type ColumnExtentsSource } from './series/column-extents.js';
import { seriesColumns, type SeriesSpec } from './series/spec.js';
import { LabelLayer, type AxisLabel } from './labels.js';
import { FALLBACK_THEME, type Theme } from './theme.js';
import { parseColor, withAlpha, type Rgba } from './colors.js';
import { timeTicks } from './ticks/time-ticks.js';
import { categoryTicks } from './ticks/category-ticks.js';
import { niceValueTicks, logValueTicks, formatValue, formatCompact } from './ticks/value-ticks.js';
import type { CrosshairState, InteractionTarget } from './interaction-target.js';

export type { SeriesSpec } from './series/spec.js';
export type ErrorPhase = 'gpu' | 'render' | 'data';

export interface LegendItem {
  id: string;
  title: string;
  color: string;
  value: string;
}

export interface LegendPane {
  id: string;
  /** Top of the pane in CSS px. */
  top: number;
  left: number;
  items: LegendItem[];
}

export interface EngineHost {
  readonly gpuCanvas: HTMLCanvasElement;
  /** The first frame is on screen. */
  ready(adapter: AdapterSummary): void;
  error(phase: ErrorPhase, message: string, cause?: unknown): void;
  unsupported(reason: string): void;
  /** The engine moved the view by itself (fitting data it follows). */
  viewChanged?(): void;
  /** Rows were loaded, appended or updated. */
  dataChanged?(): void;
  /** The legend's content or place changed. */
  legend?(panes: LegendPane[]): void;
  /** Whether the legend is shown (exports paint it only then). */
  legendShown?(): boolean;
}

export interface PaneOptions {
  id: string;
  /** Relative height (the main pane defaults to 3, others to 1). */
  height?: number;
  /** Fixed value range instead of auto-scaling (e.g. 0–100 for RSI). */
  range?: [number, number];
  /** Horizontal guide lines (e.g. 30 and 70 for RSI). */
  guides?: number[];
}

interface Pane {
  id: string;
  share: number;
  right: ValueScale;
  left: ValueScale;
  rect: PlotRect;
  range?: [number, number];
  guides: number[];
  series: SeriesState[];
  rightLabels: ValueLabel[];
  leftLabels: ValueLabel[];
  decimals: number;
}

interface SeriesState {
  spec: SeriesSpec;
  id: string;
  title: string;
  columns: string[];
  table: ColumnTable;
  color: Rgba;
  color2: Rgba;
  colorCss: string;
  pane: Pane;
  scale: ValueScale;
  renderers: SeriesRenderer[];
}

interface TableUse {
  tg: TableGpu | null;
  columns: Set<string>;
  unsubscribe: () => void;
  first: number;
  last: number;
}

interface GpuState {
  gpu: AcquiredGpu;
  context: GPUCanvasContext;
  /** How the canvas was configured ('opaque' once the chart animates on an opaque background; see canvasAlphaMode). */
  alphaMode: GPUCanvasAlphaMode;
  families: Families;
  /** Families whose pipeline failed on this device (reported once; their series are skipped). */
  familiesFailed: Set<OptionalFamily>;
  rects: Family;
  text: Family;
  under: RectBatch;
  over: RectBatch;
  labels: LabelLayer;
}

type ValueLabel = AxisLabel & { value: number };

export interface VisibleRange {
  from: number;
  to: number;
}

const MAIN = 'main';

type OptionalFamily = 'fill' | 'bars' | 'scatter';
const FAMILY_MAKERS: Record<OptionalFamily, (device: GPUDevice, format: GPUTextureFormat) => Promise<Family>> = { fill: fillFamily, bars: barsFamily, scatter: scatterFamily };

/** The family a series type needs beyond lines, rects and text (which every chart has). */
function familyOf(type: SeriesSpec['type']): OptionalFamily | null {
  switch (type) {
    case 'area':
    case 'baseline':
    case 'band':
      return 'fill';
    case 'candlestick':
    case 'ohlc':
    case 'histogram':
      return 'bars';
    case 'scatter':
      return 'scatter';
    default:
      return null;
  }
}
/** Frames in a row after which a chart counts as animating (see canvasAlphaMode). */
const ANIMATING_FRAMES = 3;
/** Most time between two frames of an animation (20 frames/s): a stream or a drag, not zoom steps a click apart. */
const ANIMATING_GAP_MS = 50;

export class ChartEngine implements GpuClient, InteractionTarget {
  readonly x = new XMapping();
  timeZone: string | undefined;
  locale: string | undefined;
  valueAxis: 'right' | 'left' | 'both' = 'right';
  /** Scale mode of the main pane's scales. */
  valueScaleMode: ValueScaleMode = 'linear';
  /** Level of detail on (default); off draws every row, for comparisons and debugging. */
  levelOfDetail = true;

  private state: GpuState | null = null;
  private starting: Promise<void> | null = null;
  private running = false;
  private theme: Theme = FALLBACK_THEME;
  private panes: Pane[] = [];
  private paneOptions = new Map<string, PaneOptions>();
  private series: SeriesState[] = [];
  private specs: SeriesSpec[] = [];
  private table: ColumnTable | null = null;
  private ownTable: ColumnTable | null = null;
  private tables = new Map<ColumnTable, TableUse>();
  private cssWidth = 0;
  private cssHeight = 0;
  private dpr = 1;
  private frameScheduled = false;
  private frameHandle = 0;
  /** True from a drawn frame until the next animation frame: later changes wait for that frame. */
  private drewThisDisplayFrame = false;
  /** Families being made for series that need them (familiesReady). */
  private familiesLoading: Promise<void> | null = null;
  /** Frames drawn one soon after another (canvasAlphaMode), and when the last one was. */
  private framesInARow = 0;
  private lastFrameAt = -Infinity;
  private displayFrameWatch = 0;
  private fallbackTimer: ReturnType<typeof setTimeout> | undefined;
  private frameInFlight: Promise<void> | null = null;
  private idleWaiters: Array<() => void> = [];
  private readySent = false;
  private viewIsUser = false;
  private crosshair: CrosshairState | null = null;
  private legendKey = '';
  private lastAdapter: AdapterSummary | null = null;
  private endRecovery: (() => void) | null = null;
  private timeAxisTop = 0;

  constructor(private readonly host: EngineHost) {
    this.panes = [this.makePane(MAIN)];
  }

  // ---- life cycle -------------------------------------------------------------------------

  /** Acquires the shared device and builds GPU resources; resolves when ready to draw. */
  start(): Promise<void> {
    this.running = true;
    if (this.state) {
      this.requestRender();
      return Promise.resolve();
    }
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
      this.host.unsupported(reason);
      return;
    }
    if (!this.running) {
      gpuRegistry().release(this);
      return;
    }
    try {
      await this.buildGpuResources(gpu);
    } catch (err) {
      this.host.error('gpu', `The chart could not prepare its GPU pipelines: ${String((err as Error)?.message ?? err)}`, err);
    }
  }

  private async buildGpuResources(gpu: AcquiredGpu): Promise<void> {
    const { device, format } = gpu;
    const context = this.host.gpuCanvas.getContext('webgpu');
    if (!context) {
      this.host.unsupported('The canvas could not provide a WebGPU context.');
      return;
    }
    const alphaMode = this.canvasAlphaMode(null);
    context.configure({ device, format, alphaMode });
    device.pushErrorScope('validation');
    // Every chart draws lines, rects and text; the other families are made when a series needs
    // them (frame), so a page's first chart does not wait for pipelines it does not use (on a
    // software GPU each costs tens of ms, and they compete for the same cores).
    const [line, rects, text] = await Promise.all([
      lineFamily(device, format),
      rectsFamily(device, format),
      textFamily(device, format),
      // The series known now start theirs alongside (cached per device; familiesReady takes them).
      ...[...new Set(this.series.map((x) => familyOf(x.spec.type)))].map((name) => (name ? FAMILY_MAKERS[name](device, format).catch(() => null) : null)),
    ]);
    // Not awaited: the answer is a round trip to the GPU process, which may be busy compositing
    // the page for a whole frame, and the first frame need not wait for it.
    void device.popErrorScope().then((err) => {
      if (err) this.host.error('gpu', `Pipeline creation failed: ${err.message}`, err);
    });
    if (!this.running) return;
    this.state = { gpu, context, alphaMode, families: { line }, familiesFailed: new Set(), rects, text, under: new RectBatch(device), over: new RectBatch(device), labels: new LabelLayer(device) };
    device.addEventListener('uncapturederror', this.onUncapturedError);
    for (const [table, use] of this.tables) use.tg = retainTableGpu(device, table);
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
      for (const r of series.renderers) r.destroy();
      series.renderers = [];
    }
    s.under.destroy();
    s.over.destroy();
    s.labels.destroy();
    for (const use of this.tables.values()) {
      if (use.tg) releaseTableGpu(s.gpu.device, use.tg);
      use.tg = null;
    }
    try {
      s.context.unconfigure();
    } catch {
      /* the device may already be gone */
    }
    this.state = null;
  }

  gpuLost(reason: string): void {
    // Everything made on the old device is gone; keep the data and wait for the new device.
    if (!this.state) {
      if (this.endRecovery) {
        this.host.error('gpu', reason);
        this.endRecovery();
        this.endRecovery = null;
      }
      return;
    }
    for (const series of this.series) series.renderers = [];
    for (const use of this.tables.values()) use.tg = null;
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

  gpuRestored(device: GPUDevice): void {
    const finish = () => {
      this.endRecovery?.();
      this.endRecovery = null;
    };
    if (!this.running) return finish();
    const adapter = this.lastAdapter ?? { vendor: '', architecture: '', device: '', description: '' };
    const gpu = { device, adapter, format: canvasFormatFor(adapter, navigator.gpu.getPreferredCanvasFormat()) };
    this.buildGpuResources(gpu).then(finish, (err) => {
      this.host.error('gpu', `Could not rebuild after losing the GPU device: ${String(err)}`, err);
      finish();
    });
  }

  get device(): GPUDevice | null {
    return this.state?.gpu.device ?? null;
  }

  // ---- inputs -----------------------------------------------------------------------------

  setSize(cssWidth: number, cssHeight: number, dpr: number): void {
    if (cssWidth === this.cssWidth && cssHeight === this.cssHeight && dpr === this.dpr) return;
    this.cssWidth = cssWidth;
    this.cssHeight = cssHeight;
    this.dpr = dpr;
    this.requestRender();
  }

  /**
   * An opaque background lets the canvas be configured 'opaque': the page compositor then copies
   * it instead of blending it (on a software GPU ~15 % more frames per second while streaming).
   * But the browser builds a conversion pipeline for each canvas configured so (measured: ~10 ms
   * more GPU time before the first frame shows), which a chart drawn once never earns back. So a
   * chart starts 'premultiplied' and turns 'opaque' once it animates (ANIMATING_FRAMES frames in
   * a row, each within ANIMATING_GAP_MS of the last), and stays so. A translucent background
   * always needs 'premultiplied', so the page shows through.
   */
  private canvasAlphaMode(current: GPUCanvasAlphaMode | null): GPUCanvasAlphaMode {
    if (this.theme.background[3] < 1) return 'premultiplied';
    return current === 'opaque' || this.framesInARow >= ANIMATING_FRAMES ? 'opaque' : 'premultiplied';
  }

  private matchCanvasAlphaMode(s: GpuState): void {
    const now = performance.now();
    this.framesInARow = now - this.lastFrameAt <= ANIMATING_GAP_MS ? this.framesInARow + 1 : 1;
    this.lastFrameAt = now;
    const alphaMode = this.canvasAlphaMode(s.alphaMode);
    if (alphaMode === s.alphaMode) return;
    s.context.configure({ device: s.gpu.device, format: s.gpu.format, alphaMode });
    s.alphaMode = alphaMode;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.rebuildSeries();
  }

  /** Draws rows from a table held elsewhere (a datasource); charts sharing it share its GPU copy. */
  setTable(table: ColumnTable | null): void {
    if (table === this.table) return;
    this.table = table;
    this.rebuildSeries();
    this.onData();
  }

  /** Draws the given columns (held in a table this chart owns); `time` must already be ascending. */
  setColumns(columns: Record<string, ArrayLike<number>> | null): void {
    if (!columns) {
      this.setTable(null);
      return;
    }
    this.ownTable ??= new ColumnTable();
    const normalized: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(columns)) normalized[k] = v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number>);
    this.ownTable.replace(normalized, 'load', true);
    if (this.table !== this.ownTable) this.setTable(this.ownTable);
  }

  get dataTable(): ColumnTable | null {
    return this.table;
  }

  setSeries(specs: SeriesSpec[]): void {
    this.specs = specs;
    this.rebuildSeries();
    // Bars change how much room the edges need.
    if (!this.viewIsUser) this.fitToData();
  }

  /** Pane heights, fixed ranges and guide lines, by pane id. */
  setPanes(options: PaneOptions[]): void {
    this.paneOptions = new Map(options.map((o) => [o.id, o]));
    for (const pane of this.panes) this.applyPaneOptions(pane);
    this.requestRender();
  }

  setValueScaleMode(mode: ValueScaleMode): void {
    this.valueScaleMode = mode;
    const main = this.panes[0];
    main.right.mode = mode;
    main.left.mode = mode;
    this.requestRender();
  }

  /** For the interaction layer: zoom and pan in rows when bars are equally spaced. */
  get timeScaleMode(): 'time' | 'category' {
    return this.x.category ? 'category' : 'time';
  }

  /** `time`: x follows time; `category`: bars at equal spacing, no gaps. */
  setTimeScaleMode(mode: 'time' | 'category'): void {
    const category = mode === 'category';
    if (category === this.x.category) return;
    const range = this.x.timeRange;
    this.x.times = this.table?.time ?? new Float64Array(0);
    this.x.category = category;
    if (this.viewIsUser) this.x.setTimeRange(range.from, range.to);
    else this.fitToData();
    this.requestRender();
  }

  private makePane(id: string): Pane {
    const pane: Pane = {
      id,
      share: id === MAIN ? 3 : 1,
      right: new ValueScale(),
      left: new ValueScale(),
      rect: { x: 0, y: 0, width: 1, height: 1 },
      guides: [],
      series: [],
      rightLabels: [],
      leftLabels: [],
      decimals: 2,
    };
    if (id === MAIN) {
      pane.right.mode = this.valueScaleMode ?? 'linear';
      pane.left.mode = this.valueScaleMode ?? 'linear';
    }
    this.applyPaneOptions(pane);
    return pane;
  }

  private applyPaneOptions(pane: Pane): void {
    const o = this.paneOptions?.get(pane.id);
    if (!o) return;
    if (o.height !== undefined && o.height > 0) pane.share = o.height;
    pane.range = o.range;
    pane.guides = o.guides ?? [];
  }

  /** Re-derives series state (panes, colours, columns, tables) from the specs. */
  private rebuildSeries(): void {
    for (const s of this.series) for (const r of s.renderers) r.destroy();
    const oldPanes = new Map(this.panes.map((p) => [p.id, p]));
    const panes: Pane[] = [oldPanes.get(MAIN) ?? this.makePane(MAIN)];
    panes[0].series = [];
    const paneOf = (id: string) => {
      let p = panes.find((x) => x.id === id);
      if (!p) {
        p = oldPanes.get(id) ?? this.makePane(id);
        p.series = [];
        panes.push(p);
      }
      return p;
    };
    const usedTables = new Map<ColumnTable, Set<string>>();
    const palette = this.theme.series;
    const paletteCss = this.theme.seriesCss;
    let paletteIndex = 0;
    this.series = [];
    for (const spec of this.specs) {
      if (spec.visible === false) continue;
      const table = spec.table ?? this.table;
      if (!table) continue;
      const columns = seriesColumns(spec, (c) => table.has(c) || (table.length === 0 && (c === 'value' || c === 'close')));
      const pane = paneOf(spec.pane ?? MAIN);
      const bars = spec.type === 'candlestick' || spec.type === 'ohlc';
      let colorCss: string;
      let color: Rgba;
      let color2: Rgba;
      if (bars) {
        color = spec.upColor ? parseColor(spec.upColor) : this.theme.up;
        color2 = spec.downColor ? parseColor(spec.downColor) : this.theme.down;
        colorCss = spec.upColor ?? rgbaCss(this.theme.up);
      } else {
        const i = paletteIndex++;
        colorCss = spec.color ?? paletteCss[i % paletteCss.length] ?? '#2172d9';
        color = spec.color ? parseColor(spec.color) : palette[i % palette.length];
        color2 = color;
        if (spec.type === 'baseline') {
          color = spec.topColor ? parseColor(spec.topColor) : this.theme.up;
          color2 = spec.bottomColor ? parseColor(spec.bottomColor) : this.theme.down;
          colorCss = spec.topColor ?? rgbaCss(color);
        }
        if (spec.type === 'histogram' && (spec.colorBy === 'direction' || spec.colorBy === 'sign')) {
          color = spec.upColor ? parseColor(spec.upColor) : withAlpha(this.theme.up, 0.6);
          color2 = spec.downColor ? parseColor(spec.downColor) : withAlpha(this.theme.down, 0.6);
        }
      }
      const state: SeriesState = {
        spec,
        id: spec.title ?? columns[bars ? 3 : 0] ?? spec.type,
        title: spec.title ?? (bars ? 'price' : columns[0]),
        columns,
        table,
        color,
        color2,
        colorCss,
        pane,
        scale: spec.scale === 'left' ? pane.left : pane.right,
        renderers: [],
      };
      pane.series.push(state);
      this.series.push(state);
      let cols = usedTables.get(table);
      if (!cols) usedTables.set(table, (cols = new Set()));
      for (const c of columns) cols.add(c);
    }
    this.panes = panes;
    // Keep one subscription and one GPU copy per table in use.
    for (const [table, use] of this.tables) {
      if (usedTables.has(table)) continue;
      use.unsubscribe();
      if (use.tg && this.state) releaseTableGpu(this.state.gpu.device, use.tg);
      this.tables.delete(table);
    }
    for (const [table, cols] of usedTables) {
      let use = this.tables.get(table);
      if (!use) {
        use = {
          tg: this.state ? retainTableGpu(this.state.gpu.device, table) : null,
          columns: cols,
          unsubscribe: table.subscribe(() => this.onData()),
          first: 0,
          last: -1,
        };
        this.tables.set(table, use);
      }
      use.columns = cols;
    }
    // The main table drives the view even when no series draws from it yet.
    if (this.table && !this.tables.has(this.table)) {
      this.tables.set(this.table, { tg: this.state ? retainTableGpu(this.state.gpu.device, this.table) : null, columns: new Set(), unsubscribe: this.table.subscribe(() => this.onData()), first: 0, last: -1 });
    }
    this.requestRender();
  }

  private onData(): void {
    this.x.times = this.table?.time ?? new Float64Array(0);
    if (!this.viewIsUser) {
      this.fitToData();
      this.host.viewChanged?.();
    }
    this.host.dataChanged?.();
    this.requestRender();
  }

  // ---- view -------------------------------------------------------------------------------

  get visibleRange(): VisibleRange {
    this.x.times = this.table?.time ?? this.x.times;
    return this.x.timeRange;
  }

  set visibleRange(range: VisibleRange) {
    if (!(range.to > range.from)) throw new RangeError('visibleRange needs from < to');
    this.x.times = this.table?.time ?? this.x.times;
    this.x.setTimeRange(range.from, range.to);
    this.viewIsUser = true;
    this.requestRender();
  }

  /** Shows all the data again, and follows it as it grows. */
  fitContent(): void {
    this.viewIsUser = false;
    this.fitToData();
    this.requestRender();
  }

  private fitToData(): void {
    const t = this.table?.time;
    if (!t || t.length === 0) return;
    if (this.x.category) {
      // Half a bar of room at each end so the first and last bars are whole.
      this.x.from = -0.5;
      this.x.to = t.length - 0.5;
      return;
    }
    let from = t[0];
    let to = t[t.length - 1];
    if (this.hasBars()) {
      // Bars need half a bar's room at the edges.
      const pad = t.length > 1 ? (to - from) / (t.length - 1) / 2 : 500;
      from -= pad;
      to += pad;
    }
    if (to === from) {
      from -= 1000;
      to += 1000;
    }
    this.x.from = from;
    this.x.to = to;
  }

  /** Bars and markers need half a row of room at each end; lines end exactly at the edges. */
  private hasBars(): boolean {
    return this.series.some((s) => s.spec.type === 'candlestick' || s.spec.type === 'ohlc' || s.spec.type === 'histogram' || s.spec.type === 'scatter');
  }

  dataRange(): { from: number; to: number } | null {
    const t = this.table?.time;
    return t && t.length ? { from: t[0], to: t[t.length - 1] } : null;
  }

  // ---- frames -----------------------------------------------------------------------------

  /**
   * Marks the chart dirty; one frame draws every change made until then. When nothing was drawn
   * since the last animation frame, it draws at the end of the current task (after the other
   * changes of that task), so the change is on screen in the coming display frame instead of
   * the one after; otherwise it waits for the next animation frame. So a chart draws at most
   * once per display frame, and never without a change. Pages that get no animation frames
   * (hidden or background tabs) still draw through a slow timer, so that `updateComplete` and
   * `toBlob()` always settle.
   */
  requestRender(): void {
    if (this.frameScheduled || !this.running) return;
    this.frameScheduled = true;
    if (!this.drewThisDisplayFrame) {
      queueMicrotask(this.runScheduledFrame);
      return;
    }
    this.frameHandle = requestAnimationFrame(this.runScheduledFrame);
    this.fallbackTimer = setTimeout(this.runScheduledFrame, 200);
  }

  private readonly runScheduledFrame = (): void => {
    if (!this.frameScheduled) return;
    this.cancelFrame();
    if (!this.frame()) return;
    this.drewThisDisplayFrame = true;
    this.displayFrameWatch ||= requestAnimationFrame(() => {
      this.displayFrameWatch = 0;
      this.drewThisDisplayFrame = false;
    });
  };

  private cancelFrame(): void {
    if (this.frameHandle) cancelAnimationFrame(this.frameHandle);
    clearTimeout(this.fallbackTimer);
    this.frameHandle = 0;
    this.frameScheduled = false;
  }

  /** Resolves when every change made so far is drawn and the GPU has finished that work. */
  whenIdle(): Promise<void> {
    if (this.isQuiet()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isQuiet(): boolean {
    return !this.frameScheduled && !this.frameInFlight && !this.starting && !this.familiesLoading;
  }

  /**
   * True when every family the series need is ready. Otherwise starts making the missing ones
   * and draws once they are there: a frame never shows some series without the others.
   */
  private familiesReady(s: GpuState): boolean {
    let missing: Set<OptionalFamily> | null = null; // allocated only when one is missing (runs every frame)
    for (const series of this.series) {
      const need = familyOf(series.spec.type);
      if (need && !s.families[need] && !s.familiesFailed.has(need)) (missing ??= new Set()).add(need);
    }
    if (!missing) return true;
    this.familiesLoading ??= Promise.all(
      [...missing].map(async (name) => {
        try {
          s.families[name] = await FAMILY_MAKERS[name](s.gpu.device, s.gpu.format);
        } catch (err) {
          s.familiesFailed.add(name);
          // A device lost meanwhile fails it too; its successor makes its own.
          if (this.state === s) this.host.error('gpu', `The chart could not prepare its ${name} pipeline: ${String((err as Error)?.message ?? err)}`, err);
        }
      }),
    ).then(() => {
      this.familiesLoading = null;
      this.requestRender();
      this.flushIdleIfQuiet();
    });
    return false;
  }

  private flushIdleIfQuiet(): void {
    if (!this.isQuiet()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Draws the current state into the canvas; false when there is nothing to draw on yet. */
  private frame(): boolean {
    const s = this.state;
    // No device yet, or no size yet (not laid out, or display: none): nothing to draw on.
    if (!s || this.cssWidth <= 0 || this.cssHeight <= 0 || !this.familiesReady(s)) {
      this.flushIdleIfQuiet();
      return false;
    }
    try {
      this.encodeFrame(s, null);
    } catch (err) {
      this.host.error('render', `Drawing failed: ${String((err as Error)?.message ?? err)}`, err);
    }
    const inFlight: Promise<void> = s.gpu.device.queue
      .onSubmittedWorkDone()
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
    return true;
  }

  /** Lays out, scales and draws one frame into `target` (or the canvas). */
  private encodeFrame(s: GpuState, target: GPUTexture | null): void {
    const dpr = this.dpr;
    const width = Math.max(1, Math.round(this.cssWidth * dpr));
    const height = Math.max(1, Math.round(this.cssHeight * dpr));
    const canvas = this.host.gpuCanvas;
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const labels = s.labels;
    labels.begin(width);
    const theme = this.theme;
    const device = s.gpu.device;
    const x = this.x;
    x.times = this.table?.time ?? new Float64Array(0);

    // Data first: the scales depend on what is visible.
    for (const [table, use] of this.tables) {
      if (use.tg) use.tg.sync([...use.columns].filter((c) => table.has(c)));
      // Visible rows as indices into the backing arrays (the GPU copy's layout).
      [use.first, use.last] = x.visibleRows(table.time);
      use.first += table.offset;
      use.last += table.offset;
    }

    // Vertical layout: panes share the height above the time axis.
    const fontPx = theme.fontSizePx * dpr;
    const top = Math.round(8 * dpr);
    const timeAxisHeight = Math.round(fontPx + 12 * dpr);
    const available = Math.max(this.panes.length, height - top - timeAxisHeight);
    const totalShare = this.panes.reduce((a, p) => a + p.share, 0) || 1;
    let y = top;
    this.panes.forEach((pane, i) => {
      const h = i === this.panes.length - 1 ? top + available - y : Math.max(1, Math.round((available * pane.share) / totalShare));
      pane.rect = { x: 0, y, width: 1, height: Math.max(1, h) };
      y += h;
    });
    this.timeAxisTop = y;

    // Value scales and their labels; the widest label sets the axis width.
    let labelWidth = 0;
    for (const pane of this.panes) {
      this.fitPane(pane);
      const maxTicks = Math.max(2, Math.floor(pane.rect.height / (fontPx * 2.6)));
      pane.rightLabels = this.valueLabels(pane, pane.right, maxTicks);
      pane.leftLabels = this.valueLabels(pane, pane.left, maxTicks);
      for (const l of [...pane.rightLabels, ...pane.leftLabels]) labelWidth = Math.max(labelWidth, labels.measure(l.text, theme, dpr));
    }
    // Last-value tags need room too.
    for (const series of this.series) {
      if (!this.showsLastValue(series)) continue;
      const v = this.lastValueOf(series);
      if (Number.isFinite(v)) labelWidth = Math.max(labelWidth, labels.measure(this.formatForPane(series.pane, series.scale.display(v)), theme, dpr) + 8 * dpr);
    }
    const usesLeft = this.valueAxis !== 'right' || this.series.some((x) => x.spec.scale === 'left');
    const usesRight = this.valueAxis !== 'left' || this.series.some((x) => x.spec.scale !== 'left');
    const axisWidth = Math.round(labelWidth + 14 * dpr);
    const edge = Math.round(4 * dpr);
    const left = usesLeft ? axisWidth : edge;
    const right = usesRight ? axisWidth : edge;
    const plotWidth = Math.max(1, width - left - right);
    for (const pane of this.panes) {
      pane.rect.x = left;
      pane.rect.width = plotWidth;
      for (const l of pane.rightLabels) l.at = pane.right.displayToPx(l.value, pane.rect);
      for (const l of pane.leftLabels) l.at = pane.left.displayToPx(l.value, pane.rect);
    }
    const main = this.panes[0];
    const lineW = Math.max(1, Math.round(dpr));

    // Grid, guides, dividers and axis lines, drawn under the series.
    const under = s.under;
    under.reset();
    const timeLabels: AxisLabel[] = [];
    const timeOptions = { timeZone: this.timeZone, locale: this.locale };
    const plotWidthCss = plotWidth / dpr;
    const verticals: number[] = [];
    if (x.category) {
      for (const tick of categoryTicks(x.times, x.from, x.to, plotWidthCss, timeOptions)) {
        const px = x.unitsToPx(tick.index, main.rect);
        verticals.push(px);
        timeLabels.push({ at: px, text: tick.label, bold: tick.major });
      }
    } else if (x.to > x.from) {
      for (const tick of timeTicks(x.from, x.to, plotWidthCss, timeOptions)) {
        const px = x.unitsToPx(tick.time, main.rect);
        if (px < left - 0.5 || px > left + plotWidth + 0.5) continue;
        verticals.push(px);
        timeLabels.push({ at: px, text: tick.label, bold: tick.major });
      }
    }
    for (const pane of this.panes) {
      const r = pane.rect;
      for (const px of verticals) under.vline(px, r.y, r.y + r.height, lineW, theme.grid);
      const labels = pane.rightLabels.length ? pane.rightLabels : pane.leftLabels;
      for (const l of labels) under.hline(r.x, r.x + r.width, l.at, lineW, theme.grid);
      const scale = pane.series[0]?.scale ?? pane.right;
      for (const g of pane.guides) under.hline(r.x, r.x + r.width, scale.toPx(g, r), lineW, withAlpha(theme.axis, 0.9));
      if (pane !== main) under.hline(0, width, r.y, lineW, theme.axis);
      if (usesRight) under.vline(r.x + r.width + lineW / 2, r.y, r.y + r.height, lineW, theme.axis);
      if (usesLeft) under.vline(r.x - lineW / 2, r.y, r.y + r.height, lineW, theme.axis);
    }
    under.hline(left, left + plotWidth, this.timeAxisTop + lineW / 2, lineW, theme.axis);

    // Last-value lines and tags.
    const tags: Array<{ y: number; text: string; fill: Rgba; side: 'left' | 'right' }> = [];
    for (const series of this.series) {
      if (!this.showsLastValue(series)) continue;
      const v = this.lastValueOf(series);
      if (!Number.isFinite(v)) continue;
      const py = series.scale.toPx(v, series.pane.rect);
      if (py < series.pane.rect.y || py > series.pane.rect.y + series.pane.rect.height) continue;
      const lastRowUp = this.lastDirectionUp(series);
      const color = series.spec.type === 'candlestick' || series.spec.type === 'ohlc' ? (lastRowUp ? series.color : series.color2) : series.color;
      under.hline(series.pane.rect.x, series.pane.rect.x + series.pane.rect.width, py, lineW, withAlpha(color, 0.55));
      tags.push({ y: py, text: this.formatForPane(series.pane, series.scale.display(v)), fill: color, side: series.spec.scale === 'left' ? 'left' : 'right' });
    }

    // Crosshair over the series.
    const over = s.over;
    over.reset();
    const ch = this.crosshair;
    let crossTimeLabel = '';
    let crossX = 0;
    let crossValue: { y: number; text: string; side: 'left' | 'right' } | null = null;
    if (ch) {
      crossX = ch.index >= 0 && this.table ? x.indexToPx(ch.index, main.rect) : ch.x * dpr;
      if (!x.category && ch.index < 0) crossX = x.unitsToPx(ch.time, main.rect);
      if (crossX >= left && crossX <= left + plotWidth) {
        const c = withAlpha(theme.text, 0.55);
        over.vline(crossX, top, this.timeAxisTop, lineW, c);
        crossTimeLabel = this.formatCrosshairTime(ch.time);
        if (ch.horizontal) {
          const py = ch.y * dpr;
          const pane = this.paneAt(py);
          if (pane) {
            over.hline(pane.rect.x, pane.rect.x + pane.rect.width, py, lineW, c);
            const scale = pane.series[0]?.scale ?? pane.right;
            crossValue = { y: py, text: this.formatForPane(pane, scale.fromPx(py, pane.rect)), side: usesRight ? 'right' : 'left' };
          }
        }
      }
    }

    // The GPU pass.
    if (!target) this.matchCanvasAlphaMode(s);
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
    const frame: DrawFrame = { pass, canvasPx: [width, height], plot: main.rect, x, dpr, families: s.families, levelOfDetail: this.levelOfDetail };
    for (const pane of this.panes) {
      const r = pane.rect;
      const sx = Math.min(width, Math.max(0, Math.round(r.x)));
      const sy = Math.min(height, Math.max(0, Math.round(r.y)));
      const sw = Math.max(0, Math.min(Math.round(r.width), width - sx));
      const sh = Math.max(0, Math.min(Math.round(r.height), height - sy));
      if (sw === 0 || sh === 0) continue; // a pane squeezed to nothing
      pass.setScissorRect(sx, sy, sw, sh);
      frame.plot = r;
      for (const series of pane.series) {
        const use = this.tables.get(series.table);
        if (!use?.tg || use.last < use.first) continue;
        this.drawSeries(device, frame, series, { tableGpu: use.tg, first: use.first, last: use.last, offset: series.table.offset });
      }
    }
    pass.setScissorRect(0, 0, width, height);
    over.draw(pass, s.rects, [width, height]);

    // Text on top, in the same pass.
    this.lastTimeLabels = timeLabels;
    labels.timeLabels(timeLabels, { x: left, y: top, width: plotWidth, height: this.timeAxisTop - top }, theme, dpr);
    for (const pane of this.panes) {
      if (usesRight) labels.valueLabels(this.valueAxis === 'both' && !pane.series.some((x) => x.spec.scale !== 'left') ? pane.leftLabels : pane.rightLabels, pane.rect, 'right', theme, dpr);
      if (usesLeft) labels.valueLabels(pane.leftLabels.length && pane.series.some((x) => x.spec.scale === 'left') ? pane.leftLabels : pane.rightLabels, pane.rect, 'left', theme, dpr);
    }
    for (const t of tags) {
      labels.tag(t.text, t.side === 'right' ? left + plotWidth + lineW : left - lineW, t.y, t.side === 'right' ? 'left' : 'right', t.fill, WHITE, theme, dpr);
    }
    if (crossTimeLabel) {
      labels.tag(crossTimeLabel, crossX, this.timeAxisTop + Math.round((fontPx + 10 * dpr) / 2), 'center', theme.text, theme.background, theme, dpr);
    }
    if (crossValue) {
      const side = crossValue.side;
      labels.tag(crossValue.text, side === 'right' ? left + plotWidth + lineW : left - lineW, crossValue.y, side === 'right' ? 'left' : 'right', theme.text, theme.background, theme, dpr);
    }
    labels.draw(pass, s.rects, s.text, [width, height]);
    pass.end();
    device.queue.submit([encoder.finish()]);
    forgetFrameSpans();
    this.updateLegend();
  }

  /** One series: the families and draws its type needs. */
  private drawSeries(device: GPUDevice, frame: DrawFrame, s: SeriesState, range: DrawRange): void {
    const cols: GpuValueColumn[] = [];
    for (const name of s.columns) {
      const c = range.tableGpu.value(name);
      if (!c) return;
      cols.push(c);
    }
    const plot = frame.plot;
    const dpr = frame.dpr;
    const fam = frame.families;
    const spec = s.spec;
    const scale = s.scale;
    const tg = range.tableGpu;
    const sub = (i: number) => {
      const r = (s.renderers[i] ??= new SeriesRenderer(device));
      r.lodEnabled = frame.levelOfDetail;
      return r;
    };
    // The pyramid's GPU copy is bound (and uploaded) only when a draw reads a level of it;
    // level 0 reads rows, and any buffer fills the binding.
    const lod = (c: GpuValueColumn, level: number) => (level > 0 ? c.pyramidBuffer.buffer : c.ys.buffer);
    const lineWidth = (spec.width ?? 2) * dpr;
    const line = (r: SeriesRenderer, col: GpuValueColumn, color: Rgba, color2: Rgba, flags: number, baseY: number, width = lineWidth, name = s.columns[0]) => {
      const params = { color, color2, halfWidth: width / 2, barHalfWidth: 0, baseY, flags };
      const dense = this.denseLine(s, range, frame, col, name, (flags & 1) === 1);
      if (dense) return r.drawColumns(frame, fam.line, range, scale, col, dense, params);
      const span = r.polylineSpan(range, col, plot.width);
      r.writeView(frame, range, scale, [col], span, params);
      r.draw(frame, fam.line, 'line', tg, [col.ys.buffer, lod(col, span.level)], flags & 1 ? 8 : 4, span.instances);
    };
    const fill = (r: SeriesRenderer, a: GpuValueColumn, b: GpuValueColumn, color: Rgba, color2: Rgba, flags: number, baseY: number) => {
      const fillFam = fam.fill;
      if (!fillFam) return; // its pipeline failed (reported)
      const band = a !== b;
      const denseA = this.denseLine(s, range, frame, a, s.columns[0], (flags & 1) === 1);
      const denseB = band ? this.denseLine(s, range, frame, b, s.columns[1], false) : null;
      if (denseA && (!band || denseB)) {
        return r.drawFillColumns(frame, fillFam, range, scale, a, denseA, denseB, { color, color2, halfWidth: 0, barHalfWidth: 0, baseY, flags });
      }
      const span = r.polylineSpan(range, a, plot.width);
      r.writeView(frame, range, scale, [a, b], span, { color, color2, halfWidth: 0, barHalfWidth: 0, baseY, flags });
      r.draw(frame, fillFam, 'fill', tg, [a.ys.buffer, lod(a, span.level), b.ys.buffer, lod(b, span.level)], 4, span.instances);
    };
    const step = spec.step ? 1 : 0;
    switch (spec.type) {
      case 'line':
        line(sub(0), cols[0], s.color, s.color, step, 0);
        break;
      case 'area': {
        const baseY = spec.baseValue !== undefined ? scale.toPx(spec.baseValue, plot) : plot.y + plot.height;
        fill(sub(0), cols[0], cols[0], withAlpha(s.color, 0.45), withAlpha(s.color, 0.04), step, baseY);
        line(sub(1), cols[0], s.color, s.color, step, 0);
        break;
      }
      case 'baseline': {
        const base = spec.baseValue ?? this.firstVisibleValue(s, range);
        const baseY = Math.round(scale.toPx(base, plot));
        fill(sub(0), cols[0], cols[0], withAlpha(s.color, 0.28), withAlpha(s.color2, 0.28), 1 << 4, baseY);
        line(sub(1), cols[0], s.color, s.color2, 2, baseY);
        break;
      }
      case 'band':
        fill(sub(0), cols[0], cols[1], withAlpha(s.color, 0.16), withAlpha(s.color, 0.16), 2 << 4, 0);
        line(sub(1), cols[0], s.color, s.color, 0, 0, (spec.width ?? 1) * dpr, s.columns[0]);
        line(sub(2), cols[1], s.color, s.color, 0, 0, (spec.width ?? 1) * dpr, s.columns[1]);
        break;
      case 'candlestick':
      case 'ohlc':
      case 'histogram': {
        if (!fam.bars) break; // its pipeline failed (reported)
        const kind = spec.type === 'candlestick' ? 0 : spec.type === 'ohlc' ? 1 : 2;
        // Merge bars into buckets before they get thinner than 3 device pixels apart.
        const value = cols[0];
        const [o, h, l, c] = kind === 2 ? [cols[1] ?? value, value, value, cols[2] ?? value] : [cols[0], cols[1], cols[2], cols[3]];
        const r = sub(0);
        const span = r.barSpan(range, h, this.pxPerRow(s.table, range.first - range.offset, range.last - range.offset, plot), 3 * dpr);
        const fraction = kind === 0 ? 0.7 : kind === 1 ? 0.8 : 0.8;
        const barHalfWidth = Math.max(0.5, Math.floor((span.barPx * fraction) / 2));
        const thickness = kind === 1 ? Math.max(1, Math.round(dpr * (span.barPx > 8 * dpr ? 1.5 : 1))) : Math.max(1, Math.round(dpr));
        let flags = kind;
        if (kind === 0 && spec.hollow) flags |= 16;
        if (kind === 2 && spec.colorBy === 'direction') flags |= 32;
        if (kind === 2 && spec.colorBy === 'sign') flags |= 64;
        const baseY = kind === 2 ? Math.round(scale.toPx(spec.baseValue ?? (scale.mode === 'log' ? scale.min : 0), plot)) : 0;
        r.writeView(frame, range, scale, [o, h, l, c], span, { color: s.color, color2: s.color2, halfWidth: thickness / 2, barHalfWidth, baseY, flags });
        r.draw(frame, fam.bars, 'bars', tg, [o.ys.buffer, h.ys.buffer, l.ys.buffer, c.ys.buffer, lod(h, span.level), lod(l, span.level)], 12, span.instances);
        break;
      }
      case 'scatter': {
        if (!fam.scatter) break; // its pipeline failed (reported)
        const r = sub(0);
        const col = cols[0];
        const rows = range.last - range.first + 1;
        // Every point up to the limit; beyond it each bucket's extremes (see README).
        const span = rows <= SCATTER_LIMIT
          ? { level: 0, firstVertex: range.first, instances: rows, rowFrom: range.first, rowTo: Math.min(range.last, tg.time.rows - 1) }
          : (() => {
              const p = r.polylineSpan(range, col, plot.width);
              return { ...p, instances: p.instances + 1 };
            })();
        const shape = spec.marker === 'square' ? 1 : spec.marker === 'triangle' ? 2 : 0;
        r.writeView(frame, range, scale, [col], span, { color: s.color, color2: s.color, halfWidth: ((spec.size ?? 6) * dpr) / 2, barHalfWidth: 0, baseY: 0, flags: shape });
        r.draw(frame, fam.scatter, 'scatter', tg, [col.ys.buffer, lod(col, span.level)], 4, span.instances);
        break;
      }
    }
  }

  /**
   * Where a line has at least DENSE_ROWS_PER_PX rows per pixel column in view, what its column
   * spans are computed from (see series/column-extents.ts); null draws it segment by segment.
   */
  private denseLine(s: SeriesState, range: DrawRange, frame: DrawFrame, col: GpuValueColumn, name: string, step: boolean): ColumnExtentsSource | null {
    if (!frame.levelOfDetail) return null;
    const table = s.table;
    const plot = frame.plot;
    const last = Math.min(range.last, table.offset + table.length - 1);
    if (last - range.first + 1 < DENSE_ROWS_PER_PX * plot.width) return null;
    const times = table.backingColumn('time');
    const values = table.backingColumn(name);
    if (!times || !values) return null;
    const x = this.x;
    const scale = s.scale;
    const offset = table.offset;
    return {
      times,
      values,
      pyramid: col.pyramid,
      first: range.first,
      last,
      valuePx: (v) => scale.toPx(v, plot),
      valueScale: scale,
      // unitsToPx: plot.x + (u - from) * pxPerUnit, u = time, or row - offset in category mode.
      x: { origin: x.category ? offset + x.from : x.from, px0: plot.x, slope: x.pxPerUnit(plot) },
      xByIndex: x.category,
      valueAffine: scale.affinePx(plot),
      step,
    };
  }

  /** Average spacing of the visible rows in device px (bars are sized from it). */
  private pxPerRow(table: ColumnTable, first: number, last: number, plot: PlotRect): number {
    const x = this.x;
    if (x.category) return x.pxPerUnit(plot);
    const t = table.time;
    last = Math.min(last, t.length - 1);
    if (last <= first) return plot.width / 2;
    return ((t[last] - t[first]) * x.pxPerUnit(plot)) / (last - first);
  }

  /** Auto-scales a pane's value scales to the visible rows of its series (or its fixed range). */
  private fitPane(pane: Pane): void {
    for (const scale of [pane.right, pane.left]) {
      const members = pane.series.filter((s) => s.scale === scale);
      if (!members.length) continue;
      if (pane.range && scale.mode !== 'percent') {
        scale.min = pane.range[0];
        scale.max = pane.range[1];
        continue;
      }
      if (!scale.autoScale) continue;
      if (scale.mode === 'percent') {
        const base = this.firstVisibleRaw(members[0]);
        if (Number.isFinite(base) && base !== 0) scale.base = base;
      }
      let lo = Infinity;
      let hi = -Infinity;
      for (const s of members) {
        if (s.spec.autoscale === false) continue;
        const use = this.tables.get(s.table);
        if (!use?.tg || use.last < use.first) continue;
        const names = s.spec.type === 'candlestick' || s.spec.type === 'ohlc' ? [s.columns[1], s.columns[2]] : s.spec.type === 'band' ? s.columns : [s.columns[0]];
        for (const name of names) {
          const col = use.tg.value(name);
          const values = s.table.backingColumn(name);
          if (!col || !values) continue;
          const mm = col.pyramid.rangeMinMax(values, use.first, Math.min(use.last, s.table.offset + s.table.length - 1));
          if (!mm) continue;
          lo = Math.min(lo, mm[0]);
          hi = Math.max(hi, mm[1]);
        }
        if (s.spec.type === 'histogram' && scale.mode === 'linear') {
          const base = s.spec.baseValue ?? 0;
          lo = Math.min(lo, base);
          hi = Math.max(hi, base);
        }
      }
      if (lo <= hi) {
        scale.fit(lo, hi);
        // Columns grow from their base: no margin below a zero base.
        if (pane.series.every((s) => s.spec.type === 'histogram') && lo >= 0 && scale.mode === 'linear') scale.min = 0;
      }
    }
  }

  private valueLabels(pane: Pane, scale: ValueScale, maxCount: number): ValueLabel[] {
    if (!pane.series.some((s) => s.scale === scale) && !(scale === pane.right && pane.series.length === 0)) return [];
    if (!(scale.max > scale.min)) return [];
    if (pane.guides.length && scale.mode === 'linear') {
      // Oscillator panes label their customary levels (RSI 30 and 70, …).
      return pane.guides.map((g) => ({ at: 0, value: g, text: formatValue(g, Number.isInteger(g) ? 0 : 2, this.locale) }));
    }
    if (scale.mode === 'log') {
      return logValueTicks(scale.min, scale.max, maxCount).map((t) => ({ at: 0, value: t, text: formatValue(t, t < 1 ? Math.min(6, Math.ceil(-Math.log10(t))) : 0, this.locale) }));
    }
    const { ticks, decimals } = niceValueTicks(scale.min, scale.max, maxCount);
    pane.decimals = decimals;
    const big = Math.max(Math.abs(scale.min), Math.abs(scale.max)) >= 1e6;
    const suffix = scale.mode === 'percent' ? '%' : '';
    return ticks.map((t) => ({ at: 0, value: t, text: (big ? formatCompact(t, this.locale) : formatValue(t, decimals, this.locale)) + suffix }));
  }

  private formatForPane(pane: Pane, v: number): string {
    const scale = pane.series[0]?.scale ?? pane.right;
    if (scale.mode === 'percent') return `${formatValue(v, 2, this.locale)}%`;
    return formatNumber(v, this.locale);
  }

  private showsLastValue(s: SeriesState): boolean {
    if (s.spec.lastValue !== undefined) return s.spec.lastValue;
    return s.pane.id === MAIN && s.spec.type !== 'band' && s.spec.type !== 'scatter' && s.spec.type !== 'histogram' && s.spec.table === undefined;
  }

  /** The column that stands for a series' value at a row (close for bars). */
  private mainColumn(s: SeriesState): string {
    return s.spec.type === 'candlestick' || s.spec.type === 'ohlc' ? s.columns[3] : s.columns[0];
  }

  private lastValueOf(s: SeriesState): number {
    const values = s.table.column(this.mainColumn(s));
    if (!values) return NaN;
    for (let i = values.length - 1; i >= 0 && i >= values.length - 50; i--) if (Number.isFinite(values[i])) return values[i];
    return NaN;
  }

  private lastDirectionUp(s: SeriesState): boolean {
    const o = s.table.column(s.columns[0]);
    const c = s.table.column(s.columns[3] ?? s.columns[0]);
    if (!o || !c || !o.length) return true;
    return c[c.length - 1] >= o[o.length - 1];
  }

  private firstVisibleRaw(s: SeriesState): number {
    const values = s.table.column(this.mainColumn(s));
    const use = this.tables.get(s.table);
    if (!values || !use) return NaN;
    const start = this.x.category ? Math.max(0, Math.ceil(this.x.from)) : lowerBound(s.table.time, this.x.from);
    for (let i = start; i < values.length && i < start + 1000; i++) if (Number.isFinite(values[i]) && values[i] !== 0) return values[i];
    return NaN;
  }

  private firstVisibleValue(s: SeriesState, range: DrawRange): number {
    const v = this.firstVisibleRaw(s);
    return Number.isFinite(v) ? v : (range.tableGpu.value(s.columns[0])?.origin ?? 0);
  }

  private paneAt(yDevice: number): Pane | null {
    return this.panes.find((p) => yDevice >= p.rect.y && yDevice < p.rect.y + p.rect.height) ?? null;
  }

  private crosshairFormat: Intl.DateTimeFormat | null = null;
  private crosshairFormatKey = '';

  private formatCrosshairTime(t: number): string {
    const key = `${this.locale}|${this.timeZone}`;
    if (!this.crosshairFormat || key !== this.crosshairFormatKey) {
      this.crosshairFormat = new Intl.DateTimeFormat(this.locale, { timeZone: this.timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
      this.crosshairFormatKey = key;
    }
    return Number.isFinite(t) ? this.crosshairFormat.format(t) : '';
  }

  /** Formats a time the way the crosshair label does (for tooltips and announcements). */
  formatTime(t: number): string {
    return this.formatCrosshairTime(t);
  }

  // ---- legend -----------------------------------------------------------------------------

  private updateLegend(): void {
    if (!this.host.legend) return;
    const dpr = this.dpr;
    const index = this.crosshair && this.crosshair.index >= 0 ? this.crosshair.index : -1;
    const panes: LegendPane[] = this.panes.map((pane) => ({
      id: pane.id,
      top: pane.rect.y / dpr,
      left: pane.rect.x / dpr,
      items: pane.series.map((s) => ({ id: s.id, title: s.title, color: s.colorCss, value: this.legendValue(s, index) })),
    }));
    const key = JSON.stringify(panes);
    if (key === this.legendKey) return;
    this.legendKey = key;
    this.lastLegend = panes;
    this.host.legend(panes);
  }

  private lastLegend: LegendPane[] = [];

  /** Paints the legend rows (DOM on screen) into an exported picture, where the DOM shows them. */
  private paintLegend(ctx: OffscreenCanvasRenderingContext2D): void {
    const d = this.dpr;
    const theme = this.theme;
    ctx.font = `${Math.round(12 * d)}px ${theme.font}`;
    ctx.textBaseline = 'top';
    for (const pane of this.lastLegend) {
      let x = (pane.left + 6) * d;
      const y = (pane.top + 4) * d;
      for (const item of pane.items) {
        ctx.fillStyle = item.color;
        ctx.fillRect(Math.round(x), Math.round(y + 2 * d), Math.round(9 * d), Math.round(9 * d));
        x += 13 * d;
        ctx.fillStyle = theme.textCss;
        const text = `${item.title} ${item.value}`;
        ctx.fillText(text, Math.round(x), Math.round(y));
        x += ctx.measureText(text).width + 12 * d;
      }
    }
  }

  private legendValue(s: SeriesState, index: number): string {
    const n = s.table.length;
    const i = index >= 0 && index < n ? index : n - 1;
    if (i < 0) return '';
    const f = (name: string) => formatNumber(s.table.column(name)?.[i] ?? NaN, this.locale);
    switch (s.spec.type) {
      case 'candlestick':
      case 'ohlc':
        return `O ${f(s.columns[0])} H ${f(s.columns[1])} L ${f(s.columns[2])} C ${f(s.columns[3])}`;
      case 'band':
        return `${f(s.columns[0])} / ${f(s.columns[1])}`;
      default:
        return f(s.columns[0]);
    }
  }

  // ---- InteractionTarget ------------------------------------------------------------------

  get plotRect(): PlotRect {
    const d = this.dpr;
    const r = this.panes[0].rect;
    return { x: r.x / d, y: r.y / d, width: r.width / d, height: r.height / d };
  }

  /** Every pane's plot rectangle in CSS px, top to bottom. */
  paneRects(): Array<{ id: string } & PlotRect> {
    const d = this.dpr;
    return this.panes.map((p) => ({ id: p.id, x: p.rect.x / d, y: p.rect.y / d, width: p.rect.width / d, height: p.rect.height / d }));
  }

  get size(): { width: number; height: number } {
    return { width: this.cssWidth, height: this.cssHeight };
  }

  times(): Float64Array {
    return this.table?.time ?? new Float64Array(0);
  }

  valuesAt(index: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.series) {
      const values = s.table.column(this.mainColumn(s));
      out[s.id] = values && index >= 0 && index < values.length ? values[index] : NaN;
    }
    return out;
  }

  magnetValueAt(index: number): number {
    const s = this.panes[0].series[0];
    if (!s) return NaN;
    const values = s.table.column(this.mainColumn(s));
    return values && index >= 0 && index < values.length ? values[index] : NaN;
  }

  valueAtY(y: number): number {
    const pane = this.paneAt(y * this.dpr) ?? this.panes[0];
    const scale = pane.series[0]?.scale ?? pane.right;
    return scale.fromPx(y * this.dpr, pane.rect);
  }

  yOfValue(value: number, paneOfY: number): number {
    const pane = this.paneAt(paneOfY * this.dpr) ?? this.panes[0];
    const scale = pane.series[0]?.scale ?? pane.right;
    return scale.toPx(value, pane.rect) / this.dpr;
  }

  /** Pixel x (CSS) of a row, and the row nearest a pixel x (binary search). */
  xOfIndex(index: number): number {
    return this.x.indexToPx(index, this.panes[0].rect) / this.dpr;
  }

  indexAtX(xCss: number): number {
    const t = this.times();
    if (!t.length) return -1;
    const u = this.x.pxToUnits(xCss * this.dpr, this.panes[0].rect);
    if (this.x.category) return Math.max(0, Math.min(t.length - 1, Math.round(u)));
    const i = lowerBound(t, u);
    if (i <= 0) return 0;
    if (i >= t.length) return t.length - 1;
    return u - t[i - 1] <= t[i] - u ? i - 1 : i;
  }

  /** Time at a CSS pixel x. */
  timeAtX(xCss: number): number {
    this.x.times = this.times();
    return this.x.pxToTime(xCss * this.dpr, this.panes[0].rect);
  }

  setCrosshair(state: CrosshairState | null): void {
    this.crosshair = state;
    this.requestRender();
  }

  scaleValueAxis(factor: number, paneY: number): void {
    const pane = this.paneAt(paneY * this.dpr) ?? this.panes[0];
    for (const scale of [pane.right, pane.left]) {
      scale.autoScale = false;
      if (scale.mode === 'log') {
        const l0 = Math.log10(scale.min);
        const l1 = Math.log10(scale.max);
        const mid = (l0 + l1) / 2;
        const half = ((l1 - l0) / 2) * factor;
        scale.min = 10 ** (mid - half);
        scale.max = 10 ** (mid + half);
      } else {
        const mid = (scale.min + scale.max) / 2;
        const half = ((scale.max - scale.min) / 2) * factor;
        scale.min = mid - half;
        scale.max = mid + half;
      }
    }
    this.requestRender();
  }

  resetValueAxis(paneY: number): void {
    const pane = this.paneAt(paneY * this.dpr) ?? this.panes[0];
    pane.right.autoScale = true;
    pane.left.autoScale = true;
    this.requestRender();
  }

  seriesNames(): string[] {
    return this.series.map((s) => s.title);
  }

  /** CSS-px x of a time (category mode: of the row at or before it, interpolated). */
  timeToX(t: number): number {
    this.x.times = this.times();
    return this.x.timeToPx(t, this.panes[0].rect) / this.dpr;
  }

  /** CSS-px y of a value on a pane's (right, else left) scale. */
  valueToY(value: number, paneId = MAIN): number {
    const pane = this.panes.find((p) => p.id === paneId) ?? this.panes[0];
    const scale = pane.series[0]?.scale ?? pane.right;
    return scale.toPx(value, pane.rect) / this.dpr;
  }

  /** The axis labels of the last frame (text and CSS-px position), for tests and a11y. */
  axisLabels(): { time: Array<{ text: string; x: number }>; value: Record<string, Array<{ text: string; y: number }>> } {
    const d = this.dpr;
    return {
      time: this.lastTimeLabels.map((l) => ({ text: l.text, x: l.at / d })),
      value: Object.fromEntries(this.panes.map((p) => [p.id, (p.rightLabels.length ? p.rightLabels : p.leftLabels).map((l) => ({ text: l.text, y: l.at / d }))])),
    };
  }

  private lastTimeLabels: AxisLabel[] = [];

  // ---- pane dividers ------------------------------------------------------------------------

  /** Index of the divider within `tolerance` CSS px of y (between pane i and i+1), or -1. */
  dividerAt(yCss: number, tolerance = 4): number {
    for (let i = 1; i < this.panes.length; i++) {
      if (Math.abs(this.panes[i].rect.y / this.dpr - yCss) <= tolerance) return i - 1;
    }
    return -1;
  }

  /** Moves the divider below pane `index` to CSS y, keeping both panes at least 24 px tall. */
  moveDivider(index: number, yCss: number): void {
    const a = this.panes[index];
    const b = this.panes[index + 1];
    if (!a || !b) return;
    const d = this.dpr;
    const top = a.rect.y / d;
    const bottom = (b.rect.y + b.rect.height) / d;
    const min = 24;
    const y = Math.max(top + min, Math.min(bottom - min, yCss));
    const sum = a.share + b.share;
    a.share = (sum * (y - top)) / (bottom - top);
    b.share = sum - a.share;
    this.requestRender();
  }

  /** Current height shares of the panes, by id. */
  paneShares(): Record<string, number> {
    return Object.fromEntries(this.panes.map((p) => [p.id, p.share]));
  }

  // ---- export -----------------------------------------------------------------------------

  /**
   * A PNG of what the user sees: the frame is drawn again into a texture this chart owns and
   * read back (reading the canvas itself after an await gives transparent pixels); the DOM
   * legend is painted on top.
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
      destroyBuffer(buffer);
      texture.destroy();
      ctx2d.putImageData(image, 0, 0);
    }
    if (this.host.legend && (this.host.legendShown?.() ?? true)) this.paintLegend(ctx2d);
    return out.convertToBlob({ type: 'image/png' });
  }
}

const WHITE: Rgba = [1, 1, 1, 1];

/** Scatter draws every visible point up to this many; beyond it, each bucket's extremes. */
export const SCATTER_LIMIT = 1_000_000;

function rgbaCss(c: Rgba): string {
  return `rgba(${Math.round(c[0] * 255)}, ${Math.round(c[1] * 255)}, ${Math.round(c[2] * 255)}, ${c[3]})`;
}

/** Values for legends and tags: enough digits for prices, compact for big volumes. */
function formatNumber(v: number, locale?: string): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e6) return formatCompact(v, locale);
  const decimals = a >= 1000 ? 2 : a >= 1 ? 2 : a >= 0.01 ? 4 : a === 0 ? 2 : 6;
  return formatValue(v, decimals, locale);
}
