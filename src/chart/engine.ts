/**
 * ChartEngine: everything a chart does except being an HTML element, as an orchestrator of
 * parts that each live in their own file (what its users ask of its geometry and visible range
 * is engine-view.ts, which it extends; what it tells its host, engine-host.ts):
 * - the scene (scene/time-scene.ts): panes, scales, layout, visible range — pure TypeScript;
 * - the layers (layers/): every series, the grid, axis labels, last-value tags, the crosshair
 *   and user primitives, behind one contract (layers/layer.ts);
 * - the GPU renderer (render/): device state, pipeline families on demand, the frame's pass,
 *   export;
 * - the frame scheduler (frame-scheduler.ts): one frame per display frame, on demand.
 * It reports to its host (the element) through EngineHost; it never fires DOM events itself.
 */
import type { GpuClient } from '../gpu/registry.js';
import { ColumnTable } from '../data/table.js';
import type { ValueScaleMode } from './scales.js';
import type { XScaleKind } from './x-mapping.js';
import type { SeriesSpec } from './series/spec.js';
import { FALLBACK_THEME, type Theme } from './theme.js';
import type { CrosshairState } from './interaction-target.js';
import { FrameScheduler } from './frame-scheduler.js';
import { TimeSeriesScene } from './scene/time-scene.js';
import type { PaneOptions } from './scene/pane.js';
import type { FamilyNeed, GpuState } from './render/gpu-renderer.js';
import type { SceneRenderer } from './render/scene-renderer.js';
import { ChartGpu } from './render/chart-gpu.js';
import { TableUses } from './render/table-uses.js';
import { recordFrame } from './render/frame-context.js';
import type { ChartMetrics } from './telemetry.js';
import { TelemetrySwitch } from './telemetry-switch.js';
import type { Layer, SeriesLayer } from './layers/layer.js';
import { createSeriesLayers, recolorSeriesLayers } from './layers/series/kinds.js';
import { prepareSpecs } from './layers/series/lazy-kinds.js';
import { carryRenderers, restyleSeriesLayers } from './layers/series/restyle.js';
import { AxisLabelsLayer, GridLayer } from './layers/axes.js';
import { LastValueLayer } from './layers/last-value.js';
import { CrosshairLayer, CrosshairTimeFormat } from './layers/crosshair.js';
import type { ChartPrimitive } from './layers/primitives.js';
import type { DrawingsLayer, DrawingsSource } from './layers/drawings.js';
import type { DrawingStore, DrawingChange } from './drawings/store.js';
import type { Drawing } from './drawings/model.js';
import { LazyParts } from './lazy-parts.js';
import { OptionalLayers } from './optional-layers.js';
import type { PriceLineOptions, SeriesMarker, TimeMarkerOptions, TimeRangeOptions } from './annotations/types.js';
import { legendKey } from './layers/legend.js';
import { LegendState } from './legend-state.js';
import type { HeatmapColumns } from './heatmap/live-grid.js';
import { ChartView } from './engine-view.js';
import type { EngineHost, ErrorPhase } from './engine-host.js';

export type { SeriesSpec } from './series/spec.js';
export type { PaneOptions, PaneState } from './scene/pane.js';
export type { LegendItem, LegendPane } from './layers/layer.js';
export type { LegendPaint } from './render/export.js';
export { SCATTER_LIMIT } from './layers/series/bars.js';
export type { ChartHit, VisibleRange } from './engine-view.js';
export type { EngineHost, ErrorPhase } from './engine-host.js';
/** WebGPU's default maxTextureDimension2D (the registry asks for no more). */
const MAX_CANVAS_PX = 8192;

export class ChartEngine extends ChartView implements GpuClient {
  /** Level of detail on (default); off draws every row, for comparisons and debugging. */
  levelOfDetail = true;

  /** The scene model: panes, scales, the x mapping, and the label options (time zone, locale, value axis). */
  override readonly scene = new TimeSeriesScene<SeriesLayer>();
  private readonly scheduler = new FrameScheduler({ drawFrame: () => (this.frame() ? this.frameDone : null), busy: () => this.gpu.busy || this.parts.busy });
  private readonly tables = new TableUses(() => this.onData());
  private readonly gpu: ChartGpu;
  private readonly timeFormat = new CrosshairTimeFormat(this.scene.x);
  /** Modules loaded the first time this chart uses them (lazy-parts.ts): no frame is drawn while one loads. */
  private readonly parts = new LazyParts({
    loaded: () => {
      const overlays = this.overlayList();
      // A new layer draws; a frame held back while the part loaded is drawn now (telemetry alone draws nothing new).
      const redraw = overlays.length !== this.overlays.length || this.frameHeld;
      this.overlays = overlays;
      this.updateFamilyNeeds();
      if (redraw) {
        this.frameHeld = false;
        this.requestRender();
      }
    },
    settled: () => this.scheduler.flushIfQuiet(),
    error: (message, cause) => this.host.error('render', message, cause),
  });
  /** Frame costs while the `telemetry` attribute is on (telemetry-switch.ts). */
  private readonly telemetrySwitch = new TelemetrySwitch(this.parts, {
    rows: () => this.table?.length ?? 0,
    report: (metrics) => this.host.telemetry?.(metrics),
    timeRequests: (on) => (this.scheduler.timeRequests = on),
  });
  /** A frame was asked for while a part loaded (and not drawn). */
  private frameHeld = false;
  /** Annotations, primitives, markers and drawings: each made when first used (optional-layers.ts). */
  private readonly optional: OptionalLayers;
  private readonly fixedOverlays: { under: Layer[]; over: Layer[] };
  /** Layers other than series, in stage order (layers/layer.ts). */
  private overlays: Layer[];
  protected seriesLayers: SeriesLayer[] = [];
  private theme: Theme = FALLBACK_THEME;
  private specs: SeriesSpec[] = [];
  private givenSpecs: SeriesSpec[] = [];
  /** Specs that passed their kind's check, by position (layers/series/lazy-kinds.ts). */
  private readonly goodSpecs = new Map<number, SeriesSpec>();
  /** Set while a series kind's chunk loads (heatmap): updateComplete waits for it. */
  private seriesLoading: Promise<void> | null = null;
  /**
   * The table the x axis follows: the chart's data, else (a chart of heatmaps only) the first
   * series' own table.
   */
  protected get xTable(): ColumnTable | null {
    return this.table ?? this.seriesLayers[0]?.table ?? null;
  }
  /** The main table the series layers were made for. */
  private seriesTable: ColumnTable | null = null;
  protected table: ColumnTable | null = null;
  private ownTable: ColumnTable | null = null;
  protected cssWidth = 0;
  protected cssHeight = 0;
  protected dpr = 1;
  private frameDone: Promise<void> = Promise.resolve();
  /** Render errors reported so far (a frame that adds none clears the error strip). */
  private renderErrors = 0;
  private readySent = false;
  private crosshair: CrosshairState | null = null;
  /** The legend's room in each pane and its rows (legend-state.ts); the element sets `defaultRoom`. */
  readonly legend = new LegendState();

  constructor(private readonly host: EngineHost) {
    super();
    const report = (phase: ErrorPhase, message: string, cause?: unknown) => {
      if (phase === 'render') this.renderErrors++;
      host.error(phase, message, cause);
    };
    this.gpu = new ChartGpu({
      canvas: host.gpuCanvas,
      transient: host.transient,
      theme: () => this.theme,
      familyNeeds: () => this.familyNeedList,
      report,
      unsupported: (reason) => host.unsupported(reason),
      attached: (device) => this.tables.attach(device),
      detached: (device, lost) => {
        for (const layer of this.seriesLayers) lost ? layer.gpuLost() : layer.destroy();
        for (const layer of this.overlays) lost ? layer.gpuLost?.() : layer.destroy?.();
        if (lost) this.sceneRenderer?.gpuLost();
        else this.sceneRenderer?.destroy();
        this.tables.detach(device, lost);
        if (lost) this.scheduler.deviceLost();
      },
      changed: () => this.requestRender(),
      settled: () => this.scheduler.flushIfQuiet(),
    });
    this.optional = new OptionalLayers(this.parts, (message) => this.reportOnce('data', message));
    this.fixedOverlays = { under: [new GridLayer(), new AxisLabelsLayer(), new LastValueLayer()], over: [new CrosshairLayer(this.timeFormat)] };
    this.overlays = this.overlayList();
  }

  /** The overlays in stage order: grid, axis labels, last values, the optional ones loaded so far, the crosshair. */
  private overlayList(): Layer[] {
    return [...this.fixedOverlays.under, ...this.optional.layers, ...this.fixedOverlays.over];
  }

  /**
   * Loads a module the element uses lazily (the drawing editor) as one of this chart's parts
   * (lazy-parts.ts): no frame is drawn, and `whenIdle` waits, until it is installed.
   */
  loadPart<M>(key: string, importer: () => Promise<M>, install: (module: M) => void): Promise<void> {
    return this.parts.load(key, importer, install);
  }

  /** The drawings layer once made (with the first drawing, or the first one being placed). */
  get drawingsLayer(): DrawingsLayer | null {
    return this.optional.drawings;
  }

  /** The drawings (null until the drawings chunk has made them: attachDrawings). */
  get drawings(): DrawingStore | null {
    return this.optional.drawingStore;
  }

  /** The drawings chunk arrived (elements/chart/drawings-part.ts): this chart's store, and how to make the layer that draws it. */
  attachDrawings(store: DrawingStore, makeLayer: (source: DrawingsSource) => DrawingsLayer): void {
    this.optional.drawingStore = store;
    this.optional.makeDrawingsLayer = makeLayer;
    this.drawingsChanged();
  }

  /** The drawings changed (the store's redraw callback): the layer is made with the first one; draw again. */
  drawingsChanged(): void {
    if (this.optional.needDrawings()) this.overlays = this.overlayList();
    this.requestRender();
  }

  /** The user (or undo/redo) created, changed, removed or selected drawings (the store's report callback). */
  reportDrawings(changes: DrawingChange[]): void {
    this.host.drawingsChanged?.(changes);
  }

  // ---- life cycle -------------------------------------------------------------------------

  /** Acquires the shared device and builds GPU resources; resolves when ready to draw. */
  start(): Promise<void> {
    this.scheduler.running = true;
    return this.gpu.start();
  }

  /** Releases this chart's GPU resources and its share of the device. */
  stop(): void {
    this.scheduler.running = false;
    this.scheduler.cancel();
    this.gpu.stop();
    this.scheduler.flushIfQuiet();
  }

  gpuLost(reason: string): void {
    this.gpu.gpuLost(reason);
  }

  gpuRestored(device: GPUDevice): void {
    this.gpu.gpuRestored(device);
  }

  gpuUnrecoverable(reason: string): void {
    this.gpu.gpuUnrecoverable(reason);
  }

  /** The GPU side while a device is there (tests read `state.families`). */
  private get state(): GpuState | null {
    return this.gpu.state;
  }

  get device(): GPUDevice | null {
    return this.state?.gpu.device ?? null;
  }

  // ---- inputs -----------------------------------------------------------------------------

  setSize(cssWidth: number, cssHeight: number, dpr: number): void {
    // The canvas may not exceed WebGPU's default texture size limit (8192 px a side): a higher
    // pixel ratio is lowered to fit rather than fail every frame.
    dpr = Math.max(0.01, Math.min(dpr, MAX_CANVAS_PX / Math.max(1, cssWidth, cssHeight)));
    if (cssWidth === this.cssWidth && cssHeight === this.cssHeight && dpr === this.dpr) return;
    this.cssWidth = cssWidth;
    this.cssHeight = cssHeight;
    this.dpr = dpr;
    this.requestRender();
  }

  /** A new theme recolours the series in place (no layer or GPU buffer is made again). */
  setTheme(theme: Theme): void {
    this.theme = theme;
    recolorSeriesLayers(this.seriesLayers, theme);
    this.requestRender();
  }

  /** Draws rows from a table held elsewhere (a datasource); charts sharing it share its GPU copy. */
  setTable(table: ColumnTable | null): void {
    if (table === this.table) return;
    this.table = table;
    this.rebuildSeries();
    this.onData();
  }

  /** Draws the given columns (held in a table this chart owns); `time` must already be ascending. */
  setColumns(columns: Record<string, ArrayLike<number>> | null, dataOrder = false): void {
    if (!columns) {
      this.setTable(null);
      return;
    }
    const own = this.ownData();
    const normalized: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(columns)) normalized[k] = v instanceof Float64Array ? v : Float64Array.from(v as ArrayLike<number>);
    // Rows in data order are kept as given (scatter, `order: 'data'`); others were checked sorted.
    own.dataOrder = dataOrder;
    own.replace(normalized, 'load', true);
    if (this.table !== own) this.setTable(own);
  }

  /** The table `data` and `appendColumns` fill (made on first use; drawn once it has rows or `data` is set). */
  ownData(): ColumnTable {
    if (!this.ownTable) {
      this.ownTable = new ColumnTable();
      this.ownTable.capacity = this.ownCapacity;
    }
    return this.ownTable;
  }

  /** Draws the chart's own table (after `appendColumns` into a chart that had none). */
  showOwnData(): void {
    if (this.table !== this.ownData()) this.setTable(this.ownData());
  }

  /** At most this many newest rows in the chart's own table (FIFO; Infinity: all). */
  setOwnCapacity(rows: number): void {
    this.ownCapacity = rows;
    if (this.ownTable) this.ownTable.capacity = rows;
  }

  private ownCapacity = Infinity;

  get dataTable(): ColumnTable | null {
    return this.table;
  }

  /** Legend entries (series ids or legend group ids) the user hid: their series are not drawn. */
  setHiddenSeries(ids: ReadonlySet<string>): void {
    this.hiddenIds = new Set(ids);
    this.applyHidden();
    this.requestRender();
  }

  private hiddenIds = new Set<string>();

  private applyHidden(): void {
    for (const layer of this.seriesLayers) layer.hidden = this.hiddenIds.has(legendKey(layer));
  }

  setSeries(given: SeriesSpec[]): void {
    // kinds in chunks of their own load first; a spec failing its kind's check keeps its last good one
    this.givenSpecs = given;
    const { specs, loaded } = prepareSpecs(given, this.goodSpecs, this.x, (message, cause) => this.host.error('data', message, cause));
    this.seriesLoading = loaded?.then(() => {
      this.seriesLoading = null;
      if (this.givenSpecs === given) this.setSeries(given);
    }) ?? null;
    const before = this.specs;
    this.specs = specs;
    // Only colours, widths or styles changed (or nothing): the layers keep everything they have.
    if (this.table === this.seriesTable && restyleSeriesLayers(this.seriesLayers, before, specs, this.theme, (_spec, message) => this.reportOnce('data', message))) {
      this.requestRender();
      return;
    }
    this.rebuildSeries();
    // Bars change how much room the edges need.
    if (!this.viewIsUser) this.fitToData();
  }

  /** Room after the last bar when the view fits the data, in bars. */
  setRightOffset(bars: number): void {
    if (bars === this.scene.rightOffset) return;
    this.scene.rightOffset = bars;
    if (!this.viewIsUser) {
      this.fitToData();
      this.host.viewChanged?.();
    }
    this.requestRender();
  }

  /** Objects drawn above or below the series of a pane, in data coordinates (layers/primitives.ts). */
  setPrimitives(primitives: readonly ChartPrimitive[]): void {
    this.optional.setPrimitives(primitives);
    this.requestRender();
  }

  /** A drawing being placed by the user (drawn with its handles, not yet in the list), or null. */
  setDrawingPreview(drawing: Drawing | null): void {
    this.optional.preview = drawing;
    this.drawingsChanged();
  }

  /** Annotations from code (layers/markers.ts, layers/annotations.ts); the element checks them first. */
  setMarkers(markers: readonly SeriesMarker[]): void {
    this.optional.setMarkers(markers);
    this.updateFamilyNeeds();
    this.requestRender();
  }

  setPriceLines(lines: readonly PriceLineOptions[]): void {
    this.optional.setPriceLines(lines);
    this.requestRender();
  }

  setTimeMarkers(markers: readonly TimeMarkerOptions[]): void {
    this.optional.setTimeMarkers(markers);
    this.requestRender();
  }

  setTimeRanges(ranges: readonly TimeRangeOptions[]): void {
    this.optional.setTimeRanges(ranges);
    this.requestRender();
  }

  /** Pane heights, fixed ranges and guide lines, by pane id. */
  setPanes(options: PaneOptions[]): void {
    this.scene.setPaneOptions(options);
    this.requestRender();
  }

  /**
   * CSS px that each pane's legend (by pane id) takes at the pane's top: auto-scaled values
   * stay below it, so the legend never covers the series.
   */
  setLegendRoom(room: Record<string, number>): void {
    if (this.legend.setRoom(room, this.scene.panes.map((p) => p.id))) this.requestRender();
  }

  setValueScaleMode(mode: ValueScaleMode): void {
    this.scene.setValueScaleMode(mode);
    this.requestRender();
  }

  /** `time`: x follows time; `category`: bars at equal spacing, no gaps. */
  setTimeScaleMode(mode: 'time' | 'category'): void {
    const category = mode === 'category' && !this.x.numeric;
    if (category === this.x.category) return;
    // Its tick labels are a lazy chunk: no frame is drawn until they are here.
    if (category && !this.scene.categoryTicks) this.parts.load('category ticks', () => import('./ticks/category-ticks.js'), (m) => (this.scene.categoryTicks = m.categoryTicks));
    const range = this.x.timeRange;
    this.x.times = this.xTable?.time ?? new Float64Array(0);
    this.x.category = category;
    if (this.viewIsUser) this.x.setTimeRange(range.from, range.to);
    else this.fitToData();
    this.requestRender();
  }

  /**
   * What x is: `time` (ms), or a number on a `linear` or `log` axis (x-mapping.ts). The table's
   * time column then holds axis values (log10 x on a log axis; the element converts `data`).
   * A numeric x has no category mode.
   */
  setXScale(scale: XScaleKind): void {
    if (scale === this.x.scale) return;
    this.x.scale = scale;
    if (scale !== 'time') this.x.category = false;
    this.viewIsUser = false;
    // layers that map x themselves (heatmaps) are made again for the new scale
    this.rebuildSeries();
    this.fitToData();
    this.requestRender();
  }

  /** Re-derives the series layers (panes, colours, columns, tables) from the specs. */
  private rebuildSeries(): void {
    const oldLayers = this.seriesLayers;
    this.seriesTable = this.table;
    this.scene.rebuildPanes((paneOf) => {
      this.seriesLayers = createSeriesLayers({
        specs: this.specs,
        table: this.table,
        theme: this.theme,
        env: { x: this.x, tables: this.tables, report: (message, cause) => this.host.error('data', message, cause) },
        scaleOf: (paneId, side) => paneOf(paneId)[side],
        reject: (_spec, message, cause) => this.pluginError(message, cause),
        repaired: (_spec, message) => this.reportOnce('data', message),
        // A plugin series' layer is a lazy chunk: no frame until it is there, then the series are built again.
        wait: (load) =>
          void this.parts.load('plugin series', () => load, () => {
            this.rebuildSeries();
            // As setSeries: the new series change how much room the edges need.
            if (!this.viewIsUser) this.fitToData();
          }),
      });
      for (const layer of this.seriesLayers) paneOf(layer.paneId).members.push(layer);
    });
    // Series that stay keep their GPU renderers (layers/series/restyle.ts).
    carryRenderers(oldLayers, this.seriesLayers);
    for (const layer of oldLayers) layer.destroy();
    this.applyHidden();
    this.updateFamilyNeeds();
    // One subscription and one GPU copy per table in use; the main table drives the view even
    // when no series draws from it yet.
    const wanted = new Map<ColumnTable, Set<string>>();
    for (const layer of this.seriesLayers) {
      let columns = wanted.get(layer.table);
      if (!columns) wanted.set(layer.table, (columns = new Set()));
      for (const c of layer.columns) columns.add(c);
    }
    if (this.table && !wanted.has(this.table)) wanted.set(this.table, new Set());
    this.tables.update(wanted, this.state?.gpu.device ?? null);
    this.requestRender();
  }

  private onData(): void {
    this.x.times = this.xTable?.time ?? new Float64Array(0);
    if (!this.viewIsUser) {
      this.fitToData();
      this.host.viewChanged?.();
    }
    this.host.dataChanged?.();
    this.requestRender();
  }

  /** Whether a series kind's chunk is loading (its series are not drawn yet). */
  get seriesPending(): boolean {
    return this.seriesLoading !== null;
  }

  /**
   * New columns into a live heatmap (`capacity`), found by series id or index among the drawn
   * series; throws an Error naming the field at fault, the heatmap unchanged.
   */
  appendHeatmapColumns(series: string | number, columns: HeatmapColumns): void {
    const field = `appendHeatmapColumns(${JSON.stringify(series)})`;
    const layer = typeof series === 'number' ? this.seriesLayers[series] : this.seriesLayers.find((l) => l.id === series);
    const target = layer as (SeriesLayer & { appendColumns?: (c: HeatmapColumns, f: string) => void }) | undefined;
    if (!target?.appendColumns) throw new Error(`${field}: no heatmap series with that id or index is drawn`);
    target.appendColumns(columns, field);
    this.requestRender();
  }

  // ---- frames -----------------------------------------------------------------------------

  /** Marks the chart dirty: one frame draws every change made until then (frame-scheduler.ts). */
  requestRender(): void {
    this.scheduler.request();
  }

  /** Resolves when every change made so far is drawn and the GPU has finished that work. */
  whenIdle(): Promise<void> {
    const loading = this.seriesLoading;
    return loading ? loading.then(() => this.whenIdle()) : this.scheduler.whenIdle();
  }

  /** The pipeline families the series layers and markers need (made when they are; read every frame). */
  private familyNeedList: FamilyNeed[] = [];
  private updateFamilyNeeds(): void {
    this.familyNeedList = [...this.seriesLayers, this.optional.markers].flatMap((layer) => (layer?.family ? [layer.family] : []));
    if (this.sceneRenderer) this.familyNeedList.push(...this.sceneRenderer.families);
  }

  /** A scene kind that draws the whole frame (`3d`, chart/three/), or null for the time scene. */
  private sceneRenderer: SceneRenderer | null = null;
  setSceneRenderer(renderer: SceneRenderer | null): void {
    if (renderer === this.sceneRenderer) return;
    this.sceneRenderer?.destroy();
    this.sceneRenderer = renderer;
    this.updateFamilyNeeds();
    this.requestRender();
  }

  /** Draws the current state into the canvas; false when there is nothing to draw on yet. */
  private frame(): boolean {
    const s = this.state;
    // No device yet, or no size yet (not laid out, or display: none): nothing to draw on.
    if (!s || this.cssWidth <= 0 || this.cssHeight <= 0 || !this.gpu.familiesReady(s, this.familyNeedList)) {
      this.scheduler.flushIfQuiet();
      return false;
    }
    // A part still loading (lazy-parts.ts): the first picture has it, not a frame without it.
    if (this.parts.busy) {
      this.frameHeld = true;
      return false;
    }
    const errorsBefore = this.renderErrors;
    const timed = this.telemetrySwitch.frame;
    timed?.begin();
    try {
      this.encodeFrame(s, null);
      timed?.end(this.scheduler.requestedAt);
    } catch (err) {
      this.renderErrors++;
      this.host.error('render', `Drawing failed: ${String((err as Error)?.message ?? err)}`, err);
    }
    this.frameDone = s.gpu.device.queue
      .onSubmittedWorkDone()
      .catch(() => undefined)
      .then(() => {
        if (!this.readySent && this.state) {
          this.readySent = true;
          this.host.ready(s.gpu.adapter);
        }
        if (this.renderErrors === errorsBefore && this.state === s) this.host.frameDrawn?.();
      });
    return true;
  }

  /** Lays out, scales and draws one frame into `target` (an export's texture), or the canvas. */
  private encodeFrame(s: GpuState, target: GPUTexture | null): void {
    const dpr = this.dpr;
    const width = Math.max(1, Math.round(this.cssWidth * dpr));
    const height = Math.max(1, Math.round(this.cssHeight * dpr));
    const canvas = this.host.gpuCanvas;
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    this.x.times = this.xTable?.time ?? new Float64Array(0);
    // a density layer has no rows of its own to snap to, only the extent of its points
    this.scene.hasRows = this.x.times.length > 0 || (!this.table && !!this.seriesLayers[0]?.xExtent?.());
    // After sizing: resizing the canvas replaces its current texture.
    if (!target) this.gpu.alpha.frameDrawn(s, this.theme);
    const texture = target ?? s.context.getCurrentTexture();
    if (this.sceneRenderer) return this.sceneRenderer.encode(s, texture, { width, height, dpr, theme: this.theme });
    this.optional.markers?.reserveRoom(this.scene, dpr, this.theme);
    this.legend.insetPanes(this.scene, dpr);
    recordFrame(s, {
      scene: this.scene,
      layers: this.overlays,
      tables: this.tables,
      theme: this.theme,
      dpr,
      width,
      height,
      crosshair: this.crosshair,
      levelOfDetail: this.levelOfDetail,
      pluginError: this.pluginError,
      requestFrame: (followUp) => (followUp ? this.scheduler.requestFollowUp() : this.requestRender()),
      timer: target ? null : this.telemetrySwitch.timerFor(s),
    }, texture);
    const legend = this.host.legend && this.legend.rows(this.scene, dpr, this.crosshair, (this.xTable?.length ?? 0) - 1);
    if (legend) this.host.legend!(legend);
  }

  // ---- telemetry ----------------------------------------------------------------------------

  /** Frame costs while on (`telemetry` attribute): once a second to the host, and `metrics()`. */
  get telemetry(): boolean {
    return this.telemetrySwitch.enabled;
  }

  set telemetry(on: boolean) {
    this.telemetrySwitch.enabled = on;
  }

  /** Since telemetry was turned on; null while off. */
  metrics(): ChartMetrics | null {
    return this.telemetrySwitch.metrics();
  }

  /** Errors that would repeat every frame or rebuild are reported once per message. */
  private errorsSeen = new Set<string>();
  private reportOnce(phase: ErrorPhase, message: string, cause?: unknown): void {
    if (this.errorsSeen.has(message)) return;
    this.errorsSeen.add(message);
    this.host.error(phase, message, cause);
  }

  /** Errors from user code (primitives, plugin series). */
  protected readonly pluginError = (message: string, cause?: unknown): void => this.reportOnce('plugin', message, cause);

  /** Formats a time the way the crosshair label does (for tooltips and announcements). */
  formatTime(t: number): string {
    return this.timeFormat.text(t, this.scene.locale, this.scene.timeZone);
  }

  setCrosshair(state: CrosshairState | null): void {
    this.crosshair = state;
    for (const layer of this.seriesLayers) layer.crosshairMoved?.(state, this.dpr);
    this.requestRender();
  }

  // ---- export -----------------------------------------------------------------------------

  /** A PNG of what the user sees: the frame drawn again and read back, the DOM legend on top. */
  async toBlob(): Promise<Blob> {
    await this.whenIdle();
    const s = this.state;
    const width = this.host.gpuCanvas.width;
    const height = this.host.gpuCanvas.height;
    const out = new OffscreenCanvas(width, height);
    const ctx2d = out.getContext('2d')!;
    // The readback is its own chunk: loaded by the first export only.
    const { paintLegend, readFrame } = await import('./render/export.js');
    if (s) ctx2d.putImageData(await readFrame(s, width, height, (texture) => this.encodeFrame(s, texture)), 0, 0);
    paintLegend(ctx2d, this.host.legendPicture?.() ?? [], this.dpr);
    return out.convertToBlob({ type: 'image/png' });
  }
}
