/**
 * <gpu-chart>: a thin lit element around the chart engine. It owns the DOM (canvases, messages,
 * slots), turns attributes and properties into engine calls and engine callbacks into events.
 *
 * @event gpu-ready - the first frame is on screen; detail.adapter names the GPU
 * @event gpu-error - something went wrong; the last good picture stays
 * @event gpu-unsupported - no WebGPU here; the fallback message or slot is shown
 * @slot fallback - shown instead of the default message when WebGPU is unavailable
 * @csspart canvas - the WebGPU canvas
 * @csspart legend - one legend row per pane (series name, colour, value)
 * @csspart message - the unsupported message box
 * @csspart error - the error message strip
 * @csspart toolbar - the drawing toolbar (`tools` attribute)
 * @csspart tool - each button of the drawing toolbar
 * @slot toolbar - replaces the built-in drawing toolbar
 * @event gpu-drawing - a drawing was created, changed, removed or selected
 * @event gpu-config - a config was applied; detail.changed names the parts
 * @event gpu-telemetry - frame costs over the last second (with `telemetry`)
 * @event gpu-camera - a 3D chart's camera moved (once per frame while it moves)
 * @slot config - `<script type="application/json" slot="config">`: the chart's config (hot-reloaded)
 * @slot loading - replaces the loading panel while the bound source loads (loading-state.ts)
 * @csspart loading - the loading panel; progress - its progress bar; loading-status - its text
 */
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ChartProperties } from './chart-properties.js';
import type { HeatmapColumns } from '../../chart/heatmap/live-grid.js';
import { noteChartConnected } from './warm-up.js';
import { ChartEngine, type ChartHit, type LegendPane, type PaneState, type SeriesSpec } from '../../chart/engine.js';
import type { AppendResult } from '../../data/table.js';
import type { AppendColumns } from '../../data/column-append.js';
import { ChartAppends } from './columnar-append.js';
import { DrawingTools } from './drawing-tools.js';
import { LoadingState } from './loading-state.js';
import { ConfigCore } from './state/config-core.js';
import type { ChartConfig } from './state/config.js';
import type { ChartMetrics } from '../../chart/telemetry.js';
import type { Drawing, DrawingStyle, DrawingType } from '../../chart/drawings/model.js';
import { fire, type GpuTelemetryDetail } from '../events.js';
import { pageTelemetry } from '../telemetry-switch.js';
import type { SourceMetrics } from '../datasource/source-telemetry.js';
import { chartStyles } from './gpu-chart.styles.js';
import { chartTypeProblem, checkColumns, checkVisibleRange, drawsInDataOrder, type ChartColumns } from './inputs.js';
import { LegendPlacement, legendLayoutKey, legendPaint, legendTemplate, type LegendActions } from './legend-view.js';
import { PaneDividers } from './pane-dividers.js';
import { readCssTheme } from './theme-css.js';
import { EngineProps } from './engine-props.js';
import { SizeWatch } from './size-watch.js';
import { SourceBinding, type ChartDataSource } from './source-binding.js';
import { InteractionController, type InteractionOptions, type InteractionReports } from '../../chart/interaction/controller.js';
import { ChartAnnotations } from './annotations.js';
import { ThreeView } from './three-view.js';
import { is3dSeries } from '../../chart/three/spec.js';
import type { CameraState } from '../../chart/three/camera.js';
import { appendToAxis, crosshairToData, numericColumns, rangeToAxis, rangeToData, xColumnOf } from './numeric-x.js';

export type { ChartColumns, ChartDataSource };

export class GpuChart extends ChartProperties {
  static override styles = [chartStyles];

  private readonly three = new ThreeView({
    element: this,
    engine: () => this.engine,
    error: (message, cause) => {
      if (message !== null) this.reportError('data', message, cause, 'series3d');
      else if (this.errorKind === 'series3d') this.clearError();
    },
    locale: () => this.locale || undefined,
    kinetic: () => this.kinetic !== false,
    textChanged: (source) => this.interaction?.setTextSource(source),
    announce: (text) => {
      if (this.interaction) this.interaction.liveRegionElement.textContent = text;
    },
    cameraChanged: () => this.chartState.noteChange(),
  });

  /** The 2D series of `series` (3D ones make a 3D scene: three-view.ts). */
  private get series2d(): SeriesSpec[] | null {
    return this.series ? (this.series.filter((spec) => !is3dSeries(spec)) as SeriesSpec[]) : null;
  }

  /**
   * 3D charts: the orbit camera `{ azimuth, elevation, distance, target }` (degrees, box units,
   * data coordinates). Setting it animates there (at once under prefers-reduced-motion); null
   * for a 2D chart.
   */
  get camera(): CameraState | null {
    return this.three.camera;
  }

  set camera(value: Partial<CameraState> | null) {
    if (value) this.three.setCamera(value);
  }

  private annotations: ChartAnnotations | null = null;

  /** The legend's latest rows; values are written into the DOM directly (legend-view.ts). */
  private legendRows: LegendPane[] = [];
  /** What the legend's DOM depends on (its rows but the values): a change renders it. */
  @property({ attribute: false }) private legendLayout = '';

  /** The swatch colours the legend shows, for painting it into toBlob(). */
  private readonly swatchColors = new WeakMap<Element, string[]>();
  private readonly legendPlacement = new LegendPlacement(() => this.renderRoot, this.swatchColors, (room) => this.engine?.setLegendRoom(room));

  private readonly legendActions: LegendActions = {
    toggle: (id) => {
      const hidden = new Set(this.hiddenSeries);
      if (!hidden.delete(id)) hidden.add(id);
      this.hiddenSeries = [...hidden];
    },
    setPaneState: (pane, state) => this.setPaneState(pane, state),
    paneState: (pane) => this.engine?.paneStates()[pane] ?? 'normal',
    paneControls: () => this.legendRows.length > 1,
  };

  // Internal reactive state (lit's @state is this declaration; its module is left out of the bundle).
  @property({ attribute: false }) private unsupportedMessage: string | null = null;
  @property({ attribute: false }) private errorMessage: string | null = null;
  /**
   * What the error shown is about (its phase, or `type`/`source`): render and GPU errors clear
   * once a frame draws cleanly again, a bad `type` or `source` once it is fixed.
   */
  private errorKind: string | null = null;
  /** The last `data` that passed the checks (a bad one leaves it drawn), and whether the latest did. */
  private goodData: Record<string, ArrayLike<number>> | null = null;
  private dataAccepted = true;
  /** The last `type` that names a series type (an unknown one leaves it drawn). */
  private goodType: string | undefined;

  private get gpuCanvas(): HTMLCanvasElement {
    return this.renderRoot.querySelector<HTMLCanvasElement>('canvas.gpu')!;
  }

  private engine: ChartEngine | null = null;
  private readonly loadingState = new LoadingState(this, (key, importer, install) => this.engine?.loadPart(key, importer, install) ?? null);
  private readonly drawingTools = new DrawingTools(
    {
      element: this,
      announce: (text) => {
        if (this.interaction) this.interaction.liveRegionElement.textContent = text;
      },
      crosshairIndex: () => this.interaction?.crosshairIndex ?? -1,
      error: (message) => this.reportError('data', message),
      requestUpdate: () => this.requestUpdate(),
    },
    () => this.engine,
  );
  private readonly dividers = new PaneDividers(this, () => this.engine, () => this.chartState.noteChange());
  private readonly chartState = new ConfigCore({
    chart: this,
    engine: () => this.engine,
    followsData: () => this.engine?.followsData ?? true,
    error: (message) => this.reportError('config', message),
    applied: (changed, source) => fire(this, 'gpu-config', { changed, source }),
  });
  private interaction: InteractionController | null = null;
  /** Whether the last good `data` is kept in the order given (inputs.ts drawsInDataOrder). */
  private dataOrder = false;
  private readonly appends = new ChartAppends({
    engine: () => this.engine,
    sourceTable: () => this.boundSource?.table ?? null,
    dataOrder: () => drawsInDataOrder(chartTypeProblem(this.type) ? this.goodType : this.type, this.series2d),
    error: (message, cause) => this.reportError('data', message, cause),
    columnsChanged: () => this.props.pushSeries(),
    updateComplete: () => this.updateComplete,
  });
  private readonly sourceBinding = new SourceBinding({
    element: this,
    engine: () => this.engine,
    sourceId: () => this.source,
    sourceElement: () => this.dataSource,
    logX: () => this.xScale === 'log',
    ownData: () => this.goodData,
    showError: (message, kind) => {
      this.errorMessage = message;
      this.errorKind = kind;
    },
    reportError: (message, kind) => this.reportError('data', message, undefined, kind),
    errorKind: () => this.errorKind,
    binding: (source) => this.loadingState.watch(source),
    bound: () => this.props.syncIndicators(),
    dataChanged: () => this.props.dataChanged(),
  });
  /** The bound data source, or null. */
  private get boundSource(): ChartDataSource | null {
    return this.sourceBinding.source;
  }
  private readonly size = new SizeWatch(this, () => this.engine, () => this.pixelRatio, () => this.interaction?.layoutChanged());
  private readonly props: EngineProps = new EngineProps({
    chart: this,
    sourceBinding: this.sourceBinding,
    size: this.size,
    drawingTools: this.drawingTools,
    three: this.three,
    engine: () => this.engine,
    annotations: () => this.annotations,
    interaction: () => this.interaction,
    interactionOptions: () => this.interactionOptions(),
    goodData: () => this.goodData,
    dataAccepted: () => this.dataAccepted,
    dataOrder: () => this.dataOrder,
    goodType: () => this.goodType,
    numericX: () => this.numericX,
    applyTelemetry: () => this.applyTelemetry(),
    reportError: (message) => this.reportError('data', message),
    noteChange: () => this.chartState.noteChange(),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    ChartProperties.live.add(this);
    noteChartConnected();
    this.dividers.attach();
    this.chartState.setPersist(this.persist, this.persistParts);
    this.chartState.setOrigins(this.configOrigins);
    this.chartState.connect();
    globalThis.document?.fonts?.addEventListener('loadingdone', this.onFontsLoaded);
    if (this.engine) {
      this.size.observe();
      this.sourceBinding.bind();
      this.props.watchChildren();
      this.drawingTools.attach();
      this.interaction?.attach();
      this.three.attach();
      this.annotations?.setSync(this.sync || null, true);
      void this.engine.start();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    ChartProperties.live.delete(this);
    this.dividers.detach();
    this.legendPlacement.disconnect();
    this.chartState.disconnect();
    this.size.stop();
    this.sourceBinding.stop();
    globalThis.document?.fonts?.removeEventListener('loadingdone', this.onFontsLoaded);
    this.props.stop();
    this.engine?.stop();
    this.drawingTools.detach();
    this.interaction?.detach();
    this.three.detach();
    this.annotations?.setSync(null, false);
  }

  protected override render() {
    return html`<div class="box">
      <canvas class="gpu" part="canvas"></canvas>
      ${this.unsupportedMessage !== null
        ? html`<div class="message" part="message" role="status"><slot name="fallback">${this.unsupportedMessage}</slot></div>`
        : nothing}
      ${legendTemplate(this.legend === 'off' ? [] : this.legendRows, this.legendActions)}
      ${this.errorMessage !== null ? html`<div class="error" part="error" role="alert">${this.errorMessage}</div>` : nothing}
      ${this.loadingState.render()} ${this.drawingTools.renderToolbar(this.tools)}
      <slot></slot>
      <div class="focus-ring" part="focus-ring"></div>
    </div>`;
  }

  protected override firstUpdated(): void {
    this.engine = new ChartEngine({
      gpuCanvas: this.gpuCanvas,
      ready: (adapter) => fire(this, 'gpu-ready', { adapter }),
      error: (phase, message, cause) => this.reportError(phase, message, cause),
      unsupported: (reason) => {
        this.unsupportedMessage = `This chart needs WebGPU. ${reason}`;
        fire(this, 'gpu-unsupported', { reason });
      },
      viewChanged: () => this.interaction?.rangeChanged(),
      dataChanged: () => this.interaction?.dataChanged(),
      legend: (panes) => {
        this.legendRows = panes;
        const layout = legendLayoutKey(panes);
        if (layout !== this.legendLayout) this.legendLayout = layout;
        // Values alone changed (every streamed row): written into the DOM, nothing rendered.
        else if (!this.isUpdatePending && this.legend !== 'off') this.legendPlacement.writeValues(panes);
      },
      frameDrawn: () => {
        // A frame without errors: what went wrong drawing (a bad time zone, locale, a lost
        // device) is over. Data and plugin errors stay until their cause is fixed.
        if (this.errorKind === 'render' || this.errorKind === 'gpu') this.clearError();
      },
      telemetry: (metrics) => fire(this, 'gpu-telemetry', this.withSource(metrics)),
      drawingsChanged: (changes) => {
        for (const c of changes) fire(this, 'gpu-drawing', { action: c.action, drawing: c.drawing });
        if (changes.some((c) => c.action !== 'selected')) this.chartState.noteChange();
        if (this.tools !== null) this.requestUpdate();
      },
      legendPicture: () => (this.legend === 'off' ? [] : legendPaint(this, this.renderRoot, this.swatchColors)),
    });
    this.annotations = new ChartAnnotations(this.engine, (message) => this.reportError('data', message));
    this.props.push();
    this.appends.flush();
    this.chartState.engineReady();
    this.size.measure();
    this.size.observe();
    this.sourceBinding.bind();
    this.props.watchChildren();
    this.interaction = new InteractionController(this, this.engine, this.interactionOptions());
    const i = this.interaction;
    if (this.three.textSource) i.setTextSource(this.three.textSource);
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    this.drawingTools.magnet = this.drawingMagnet;
    this.drawingTools.attach();
    this.interaction.attach();
    // the controller's own nodes, after lit's parts (lit leaves them alone; no second render)
    this.renderRoot.querySelector('.box')!.append(i.tooltipElement, i.liveRegionElement, i.dataTableElement, this.three.tooltip);
    void this.engine.start();
    void globalThis.document?.fonts?.ready.then(this.onFontsLoaded);
  }

  /** A web font finished loading: the label atlas started over (labels.ts); draw the labels again in it. */
  private onFontsLoaded = (): void => this.engine?.requestRender();

  /** The view's changes as the controller reports them, fired as this element's events. */
  private readonly reports: InteractionReports = {
    range: (range) => {
      fire(this, 'gpu-range', this.engine ? rangeToData(this.engine.x, range) : range);
      this.chartState.noteChange();
    },
    crosshair: (crosshair) => fire(this, 'gpu-crosshair', this.engine ? crosshairToData(this.engine.x, crosshair) : crosshair),
  };

  private interactionOptions(): Partial<InteractionOptions> {
    return {
      report: this.reports,
      crosshair: this.crosshair,
      tooltip: this.tooltip,
      kinetic: this.kinetic,
      sync: this.sync || null,
      label: this.label,
      a11yTable: this.a11yTable,
      locale: this.locale || undefined,
      timeZone: this.timeZone || undefined,
      // a numeric x reads as a number everywhere the time would (tooltip, live region, table)
      formatTime: this.numericX && this.engine ? (t: number) => this.engine!.formatTime(t) : undefined,
    };
  }

  /** The numeric x scale when x is a number (`x-scale` linear or log), else null. */
  private get numericX(): 'linear' | 'log' | null {
    return this.xScale === 'linear' || this.xScale === 'log' ? this.xScale : null;
  }

  /**
   * Inputs are checked and pushed before rendering, so an error shows in this update's DOM
   * (setting state in `updated` would schedule a second update: lit's change-in-update warning).
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    // a numeric x reads its x column from the series and converts it: they re-check the data
    if (changed.has('data') || changed.has('xScale') || (this.numericX && changed.has('series'))) this.checkData();
    if (changed.has('type')) this.checkType();
    // The first update's properties are pushed by firstUpdated, once the engine exists; later
    // ones here, so that errors they raise show in this update.
    if (this.engine && this.hasUpdated && changed.size) this.props.push(changed);
  }

  private checkData(): void {
    try {
      this.dataOrder = drawsInDataOrder(chartTypeProblem(this.type) ? this.goodType : this.type, this.series2d);
      const scale = this.numericX;
      this.goodData = !this.data ? null : scale ? numericColumns(this.data, xColumnOf(this.series2d, this.data), scale, this.dataOrder) : checkColumns(this.data, this.dataOrder);
      this.dataAccepted = true;
      if (this.errorKind !== 'type' && this.errorKind !== 'source') this.clearError();
    } catch (err) {
      this.dataAccepted = false;
      this.reportError('data', (err as Error).message, err);
    }
  }

  private checkType(): void {
    const problem = chartTypeProblem(this.type);
    if (problem) {
      this.reportError('data', `${problem} ${this.goodType === undefined ? 'The default type is drawn.' : `"${this.goodType}" stays drawn.`}`, undefined, 'type');
      return;
    }
    this.goodType = this.type;
    if (this.errorKind === 'type') this.clearError();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // `theme` changed after the first update: lit has reflected it by now, so the CSS reads the new one.
    if (changed.has('theme') && changed.get('theme') !== undefined) this.engine?.setTheme(readCssTheme(this));
    // each pane keeps its legend's height free at its top: the legend never covers the series
    // (values written on every render; placement only when the layout changed)
    this.legendPlacement.update(this.legend === 'off' ? [] : this.legendRows);
    if (changed.has('persist') || changed.has('persistParts')) this.chartState.setPersist(this.persist, this.persistParts);
    if (changed.has('configOrigins')) this.chartState.setOrigins(this.configOrigins);
    if (changed.has('configSrc')) this.chartState.loadSrc(this.configSrc);
    this.chartState.noteChange();
  }

  // ---- panes ------------------------------------------------------------------------------

  /**
   * Collapses a pane to a strip (its legend row), maximises it (the others collapse) or
   * restores it (`normal`); the buttons in each pane's legend row do the same.
   */
  setPaneState(pane: string, state: PaneState): void {
    if (!this.engine || !['normal', 'collapsed', 'maximized'].includes(state)) return;
    if (this.engine.setPaneState(pane, state)) this.requestUpdate();
  }

  /** Each pane's state by id: `normal`, `collapsed` or `maximized`. */
  get paneStates(): Record<string, PaneState> {
    return this.engine?.paneStates() ?? {};
  }

  /** Current pane height shares by pane id (after any divider drag). */
  get paneHeights(): Record<string, number> {
    return this.engine?.paneShares() ?? {};
  }

  /** Plot rectangles of the panes in CSS px relative to the element. */
  get paneRects(): Array<{ id: string; x: number; y: number; width: number; height: number }> {
    return this.engine?.paneRects() ?? [];
  }

  private reportError(phase: Parameters<typeof fire<'gpu-error'>>[2]['phase'], message: string, cause?: unknown, kind: string = phase): void {
    this.errorMessage = message;
    this.errorKind = kind;
    fire(this, 'gpu-error', { phase, message, cause });
  }

  private clearError(): void {
    this.errorMessage = null;
    this.errorKind = null;
  }

  /** Re-reads the CSS custom properties (call after changing them from script). */
  refreshTheme(): void {
    this.engine?.setTheme(readCssTheme(this));
  }

  // ---- public API -------------------------------------------------------------------------

  /** Resolves when every change made before it is drawn and the GPU has finished that frame. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    await this.three.loading;
    // Engine work may schedule another lit update (messages) and vice versa: settle both.
    for (let i = 0; i < 3; i++) {
      await this.engine?.whenIdle();
      if (!this.isUpdatePending) break;
      result = await super.getUpdateComplete();
    }
    return result;
  }

  /** A PNG of what the user sees: plot, axes and labels. */
  async toBlob(): Promise<Blob> {
    await this.updateComplete;
    if (!this.engine) throw new Error('The chart is not connected to a document');
    return this.engine.toBlob();
  }

  /**
   * The series drawn nearest a point (CSS px relative to the element), within a few px of what
   * it draws: its id, pane, row and distance; null when none is near.
   */
  hitTest(x: number, y: number): ChartHit | null {
    return this.engine?.hitTest(x, y) ?? null;
  }

  /** The visible time range in ms since 1970. */
  get visibleRange(): { from: number; to: number } {
    return this.engine ? rangeToData(this.engine.x, this.engine.visibleRange) : { from: NaN, to: NaN };
  }

  set visibleRange(range: { from: number; to: number }) {
    const checked = checkVisibleRange(range, this.numericX);
    if (typeof checked === 'string') {
      this.reportError('data', checked);
      return;
    }
    range = this.engine ? rangeToAxis(this.engine.x, checked) : checked;
    // through the controller: fires gpu-range and moves linked charts
    if (this.interaction) this.interaction.setVisibleRange(range);
    else if (this.engine) this.engine.visibleRange = range;
  }

  /**
   * Appends many rows at once as columns (`{ time: Float64Array, value: Float64Array, … }`, time
   * in ms) to what the chart draws: the bound datasource's rows, else its own (`data`), keeping
   * at most `capacity` newest rows. One check, one bulk write, one frame (columnar-append.ts).
   */
  appendColumns(columns: AppendColumns): AppendResult | null {
    // a numeric x: `time` = the x column's axis values (x itself, log10 x on a log axis)
    if (this.numericX && this.engine) columns = appendToAxis(columns, this.engine.x, xColumnOf(this.series2d, columns)) as AppendColumns;
    return this.appends.append(columns);
  }

  /**
   * Slides new columns into a live heatmap (a spectrogram: its spec has `capacity`):
   * `{ values, time? }`, k columns of the grid's rows each (column after column, row 0 first).
   * Only the new columns are uploaded; bad input fires `gpu-error` and the heatmap stays.
   */
  appendHeatmapColumns(series: string | number, columns: HeatmapColumns): void {
    this.appends.appendHeatmap(series, columns);
  }

  /** Shows all the data (and follows it as it grows). */
  fitContent(): void {
    if (this.interaction) this.interaction.fitContent();
    else this.engine?.fitContent();
  }

  /** CSS-px x (relative to the element) where a time is drawn. */
  timeToX(time: number): number {
    return this.engine?.timeToX(this.engine.x.axisOf(time)) ?? NaN;
  }

  /** Time (ms) under a CSS-px x relative to the element. */
  xToTime(x: number): number {
    return this.engine ? this.engine.x.dataOf(this.engine.timeAtX(x)) : NaN;
  }

  /** CSS-px y (relative to the element) where a value is drawn in a pane (default `main`). */
  valueToY(value: number, pane = 'main'): number {
    return this.engine?.valueToY(value, pane) ?? NaN;
  }

  /** The axis labels drawn in the last frame, with their CSS-px positions. */
  axisLabels(): { time: Array<{ text: string; x: number }>; value: Record<string, Array<{ text: string; y: number }>> } {
    return this.engine?.axisLabels() ?? { time: [], value: {} };
  }

  /**
   * Level of detail (default on): when rows share a pixel column, draw what they cover in each
   * column instead of every row. Off draws every row (slower; for comparisons).
   */
  get levelOfDetail(): boolean {
    return this.engine?.levelOfDetail ?? true;
  }

  set levelOfDetail(on: boolean) {
    if (!this.engine) return;
    this.engine.levelOfDetail = on;
    this.engine.requestRender();
  }

  protected applyTelemetry(): void {
    if (this.engine) this.engine.telemetry = this.telemetry || pageTelemetry.on;
  }

  /**
   * Frame costs since telemetry was turned on (null while off): frames, CPU/GPU ms, uploads, GPU
   * bytes, dropped frames; `source`: the bound <gpu-datasource>'s load and stream costs.
   */
  metrics(): GpuTelemetryDetail | null {
    const metrics = this.engine?.metrics();
    return metrics ? this.withSource(metrics) : null;
  }

  private withSource(metrics: ChartMetrics): GpuTelemetryDetail {
    const source = this.boundSource as (ChartDataSource & { metrics?: () => SourceMetrics }) | null;
    return typeof source?.metrics === 'function' ? { ...metrics, source: source.metrics() } : metrics;
  }

  // ---- state (docs/state.md) ----------------------------------------------------------------

  /** Everything a user can set, as one JSON object; setting it applies only what differs. */
  get config(): ChartConfig {
    return this.chartState.get();
  }

  set config(config: ChartConfig) {
    this.chartState.set(config);
  }

  /** Forgets the saved state (`persist`) and returns to the page's own configuration. */
  resetConfig(): void {
    this.chartState.reset();
  }

  /** postMessage configs refused so far (origin not allowed, too big, not JSON). */
  get rejectedMessages(): number {
    return this.chartState.rejectedMessages;
  }

  // ---- drawings (docs/drawings.md) --------------------------------------------------------

  /** The drawings as plain JSON (copies); setting replaces them all (no events, no undo step). */
  get drawings(): Drawing[] {
    return this.drawingTools.all;
  }

  set drawings(list: Drawing[] | null) {
    this.drawingTools.setAll(list);
  }

  /** The tool the user is drawing with (`trendline`, `fib-retracement`, …), or null. */
  get drawingTool(): DrawingType | null {
    return this.drawingTools.tool;
  }

  set drawingTool(tool: DrawingType | null) {
    this.drawingTools.tool = tool;
  }

  /** Style of the drawings the user draws next (`{ color, width, lineStyle, fill }`). */
  set drawingStyle(style: DrawingStyle) {
    this.drawingTools.style = style;
  }

  /** Adds a drawing as a user edit (undoable, `gpu-drawing` created); its id, or null if refused. */
  addDrawing(drawing: Omit<Drawing, 'id' | 'style'> & { id?: string; style?: DrawingStyle }): string | null {
    return this.drawingTools.add(drawing);
  }

  /** Changes a drawing (anchors, style, levels, locked, hidden) as a user edit. */
  updateDrawing(id: string, patch: Partial<Drawing>): boolean {
    return this.drawingTools.update(id, patch);
  }

  /** Removes a drawing (default: the selected one). */
  removeDrawing(id = this.selectedDrawing ?? ''): boolean {
    return this.drawingTools.remove(id);
  }

  /** Copies a drawing (default: the selected one) a little later and lower; the copy's id. */
  duplicateDrawing(id = this.selectedDrawing ?? ''): string | null {
    return this.drawingTools.duplicate(id);
  }

  /** Id of the selected drawing, or null; setting selects (null clears). */
  get selectedDrawing(): string | null {
    return this.drawingTools.selectedId;
  }

  set selectedDrawing(id: string | null) {
    this.drawingTools.select(id);
  }

  undo(): boolean {
    return this.drawingTools.undo();
  }

  redo(): boolean {
    return this.drawingTools.redo();
  }

  /** The GPUDevice this chart draws with (shared by every chart on the page). */
  get device(): GPUDevice | null {
    return this.engine?.device ?? null;
  }
}
