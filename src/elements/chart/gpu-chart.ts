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
 * @slot config - `<script type="application/json" slot="config">`: the chart's config (hot-reloaded)
 * @slot loading - replaces the loading panel while the bound source loads (loading-state.ts)
 * @csspart loading - the loading panel; progress - its progress bar; loading-status - its text
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ChartEngine, type ChartHit, type LegendPane, type PaneOptions, type SeriesSpec } from '../../chart/engine.js';
import { customSeriesDefinition, defineSeries, type CustomSeriesDefinition } from '../../chart/plugins/custom-series.js';
import type { ChartPrimitive } from '../../chart/layers/primitives.js';
import { defaultSeries } from '../../chart/series/spec.js';
import type { ColumnTable } from '../../data/table.js';
import type { GpuIndicator } from '../indicator/gpu-indicator.js';
import type { ValueScaleMode } from '../../chart/scales.js';
import { checkColumns, readTheme, type ChartColumns } from './inputs.js';
import { DrawingTools } from './drawing-tools.js';
import { PaneDividers } from './pane-dividers.js';
import { LoadingState, loadingStyles } from './loading-state.js';
import { ChartState } from './state/chart-state.js';
import type { ChartConfig } from './state/config.js';
import type { Drawing, DrawingStyle, DrawingType } from '../../chart/drawings/model.js';
import { gpuRegistry } from '../../gpu/registry.js';
import { fire } from '../events.js';
import { chartStyles } from './gpu-chart.styles.js';
import { InteractionController, type CrosshairMode, type InteractionOptions, type InteractionReports } from '../../chart/interaction/index.js';

export type { ChartColumns };

/** Anything that holds rows in a ColumnTable: a <gpu-datasource>, or your own element. */
export type ChartDataSource = HTMLElement & { readonly table: ColumnTable };

function isDataSource(el: Element | null): el is ChartDataSource {
  return !!el && typeof (el as Partial<ChartDataSource>).table?.subscribe === 'function';
}

export class GpuChart extends LitElement {
  static override styles = [chartStyles, loadingStyles];

  /**
   * Defines a custom series type drawn with your own WGSL, usable in every chart's `series`
   * (and as `type`) like a built-in one. See docs/plugins.md.
   */
  static defineSeries(type: string, definition: CustomSeriesDefinition): void {
    defineSeries(type, definition);
  }

  /** Hands the application's own GPUDevice to every chart (call before the first one connects). */
  static provideDevice(device: GPUDevice, adapterInfo?: GPUAdapterInfo): void {
    gpuRegistry().provideDevice(device, adapterInfo);
  }

  /** `light` or `dark`: picks the default colours (each one can be overridden in CSS). */
  @property({ reflect: true }) theme: 'light' | 'dark' = 'light';

  /** IANA time zone for time labels (default: the browser's). */
  @property({ attribute: 'time-zone' }) timeZone: string | undefined;

  /** Language for labels (default: the browser's). */
  @property() locale: string | undefined;

  /** `linear`, `log` or `percent`. */
  @property({ attribute: 'value-scale' }) valueScale: ValueScaleMode = 'linear';

  /** Where the value axis goes: `right`, `left` or `both`. */
  @property({ attribute: 'value-axis' }) valueAxis: 'right' | 'left' | 'both' = 'right';

  /** Overrides window.devicePixelRatio (exports at a fixed resolution, tests). */
  @property({ type: Number, attribute: 'pixel-ratio' }) pixelRatio: number | undefined;

  /** Columns to draw: `{ time, value }` (time in ms since 1970), arrays or typed arrays. */
  @property({ attribute: false }) data: ChartColumns | null = null;

  /**
   * The default series' type: `line`, `area`, `baseline`, `candlestick`, `ohlc`, `histogram`,
   * `scatter`, `band`, or `none`. By default `candlestick` when the data has open/high/low/close,
   * else a `line` of `value` (or `close`).
   */
  @property({ reflect: true }) type: string | undefined;

  /** Further series drawn after the default one (plain objects, see SeriesSpec). */
  @property({ attribute: false }) series: SeriesSpec[] | null = null;

  /**
   * Objects drawn in a pane above or below its series, in data coordinates: `priceLine(…)`,
   * `timeRange(…)`, `textMarker(…)` or your own `{ pane?, zOrder?, draw(ctx) }` (docs/plugins.md).
   */
  @property({ attribute: false }) primitives: ChartPrimitive[] | null = null;

  /** Pane heights, fixed ranges and guide lines: `[{ id: 'volume', height: 1 }]`. */
  @property({ attribute: false }) panes: PaneOptions[] | null = null;

  /** `time` (x follows time) or `category` (bars at equal spacing, no weekend gaps). */
  @property({ attribute: 'time-scale' }) timeScale: 'time' | 'category' = 'time';

  /** Id of a <gpu-datasource> in the same document or shadow root. */
  @property() source: string | undefined;

  /** A data source element set directly (wins over `source` and a nested datasource). */
  @property({ attribute: false }) dataSource: ChartDataSource | null = null;

  /** `on` (default) shows a legend row per pane; `off` hides it (also in toBlob). */
  @property() legend: 'on' | 'off' = 'on';

  @state() private legendRows: LegendPane[] = [];

  /** `normal`, `magnet` (snaps to the main value) or `hidden`. */
  @property() crosshair: CrosshairMode = 'normal';

  /** Show a tooltip with the values under the crosshair. */
  @property({ type: Boolean }) tooltip = false;

  /** Fling scrolling; `kinetic="false"` turns it off (it is off anyway under reduced motion). */
  @property({ converter: (v: string | null) => v !== 'false' && v !== 'off' }) kinetic = true;

  /** Charts with the same sync group share crosshair time and visible range. */
  @property() sync: string | undefined;

  /** Chart title for the accessible name. */
  @property() label: string | undefined;

  /** Keep a visually hidden table of the visible rows for screen readers. */
  @property({ type: Boolean, attribute: 'a11y-table' }) a11yTable = false;

  /**
   * Shows the drawing toolbar: empty or `all` for every tool, else the tools to offer
   * (`tools="trendline hline fib-retracement"`). See docs/drawings.md.
   */
  @property() tools: string | null = null;

  /** Snap drawing anchors to the nearest open, high, low or close. */
  @property({ type: Boolean, attribute: 'drawing-magnet' }) drawingMagnet = false;

  /** Saves the chart's state in localStorage under this key, restores it, and follows other tabs (docs/state.md). */
  @property() persist: string | null = null;

  /** Parts saved and synced: `type series panes scales theme locale interaction indicators drawings range` (default all). */
  @property({ attribute: 'persist-parts' }) persistParts: string | null = null;

  /** Origins allowed to configure this chart by postMessage (space-separated). */
  @property({ attribute: 'config-origins' }) configOrigins: string | null = null;

  /** URL of a JSON config to apply. */
  @property({ attribute: 'config-src' }) configSrc: string | null = null;

  @state() private unsupportedMessage: string | null = null;
  @state() private errorMessage: string | null = null;
  /** Phase of the error shown: render and GPU errors clear once a frame draws cleanly again. */
  private errorPhase: string | null = null;

  @query('canvas.gpu') private gpuCanvas!: HTMLCanvasElement;

  private engine: ChartEngine | null = null;
  private readonly loadingState = new LoadingState(this);
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
  private readonly chartState = new ChartState({
    chart: this,
    followsData: () => this.engine?.followsData ?? true,
    error: (message) => this.reportError('config', message),
    applied: (changed, source) => fire(this, 'gpu-config', { changed, source }),
  });
  private interaction: InteractionController | null = null;
  private boundSource: ChartDataSource | null = null;
  private firstPushDone = false;
  private sourceWatcher: MutationObserver | null = null;
  private columnsKey = '';
  private indicators: GpuIndicator[] = [];
  private childWatcher: MutationObserver | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private dprQuery: MediaQueryList | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.dividers.attach();
    this.chartState.setPersist(this.persist, this.persistParts);
    this.chartState.setOrigins(this.configOrigins);
    this.chartState.connect();
    if (this.engine) {
      this.observeSize();
      this.bindSource();
      this.watchChildren();
      this.drawingTools.attach();
      this.interaction?.attach();
      void this.engine.start();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dividers.detach();
    this.chartState.disconnect();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.stopWatchingDpr();
    this.unbindSource();
    this.sourceWatcher?.disconnect();
    this.sourceWatcher = null;
    this.childWatcher?.disconnect();
    this.childWatcher = null;
    for (const ind of this.indicators) ind.detach();
    this.indicators = [];
    this.engine?.stop();
    this.drawingTools.detach();
    this.interaction?.detach();
  }

  protected override render() {
    return html`<div class="box">
      <canvas class="gpu" part="canvas"></canvas>
      ${this.unsupportedMessage !== null
        ? html`<div class="message" part="message" role="status"><slot name="fallback">${this.unsupportedMessage}</slot></div>`
        : nothing}
      ${(this.legend === 'off' ? [] : this.legendRows).map(
        (pane) => html`<div class="legend" part="legend">
          ${pane.items.map(
            (item) => html`<span class="item"
              ><span class="swatch"></span><span class="name">${item.title}</span>
              <span class="value">${item.value}</span></span
            >`,
          )}
        </div>`,
      )}
      ${this.errorMessage !== null ? html`<div class="error" part="error" role="alert">${this.errorMessage}</div>` : nothing}
      ${this.loadingState.render()} ${this.drawingTools.renderToolbar(this.tools)}
      <slot></slot>
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
      legend: (panes) => (this.legendRows = panes),
      frameDrawn: () => {
        // A frame without errors: what went wrong drawing (a bad time zone, locale, a lost
        // device) is over. Data and plugin errors stay until their cause is fixed.
        if (this.errorMessage !== null && (this.errorPhase === 'render' || this.errorPhase === 'gpu')) {
          this.errorMessage = null;
          this.errorPhase = null;
        }
      },
      legendShown: () => this.legend !== 'off',
      drawingsChanged: (changes) => {
        DrawingTools.report(this, changes);
        if (changes.some((c) => c.action !== 'selected')) this.chartState.noteChange();
        if (this.tools !== null) this.requestUpdate();
      },
    });
    this.pushAll();
    this.chartState.engineReady();
    this.firstPushDone = true;
    this.measure();
    this.observeSize();
    this.bindSource();
    this.watchChildren();
    this.interaction = new InteractionController(this, this.engine, this.interactionOptions());
    const i = this.interaction;
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    this.drawingTools.magnet = this.drawingMagnet;
    this.drawingTools.attach();
    this.interaction.attach();
    // the controller's own nodes, after lit's parts (lit leaves them alone; no second render)
    this.renderRoot.querySelector('.box')!.append(i.tooltipElement, i.liveRegionElement, i.dataTableElement);
    void this.engine.start();
  }

  /** The view's changes as the controller reports them, fired as this element's events. */
  private readonly reports: InteractionReports = {
    range: (range) => {
      fire(this, 'gpu-range', range);
      this.chartState.noteChange();
    },
    crosshair: (crosshair) => fire(this, 'gpu-crosshair', crosshair),
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
    };
  }

  /**
   * Legend positions and swatch colours go through the CSSOM, never a style attribute: pages
   * with a `style-src` Content-Security-Policy block inline styles. Colours are the engine's
   * parsed `rgba()` strings, never a user's string (no `url()` reaches CSS).
   */
  private placeLegend(): void {
    const rows = this.legend === 'off' ? [] : this.legendRows;
    const boxes = this.renderRoot.querySelectorAll<HTMLElement>('.legend');
    rows.forEach((pane, i) => {
      const box = boxes[i];
      if (!box) return;
      box.style.top = `${pane.top + 2}px`;
      box.style.left = `${pane.left + 6}px`;
      const swatches = box.querySelectorAll<HTMLElement>('.swatch');
      pane.items.forEach((item, j) => swatches[j]?.style.setProperty('background', item.color));
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('legendRows' as keyof GpuChart) || changed.has('legend')) this.placeLegend();
    if (changed.has('persist') || changed.has('persistParts')) this.chartState.setPersist(this.persist, this.persistParts);
    if (changed.has('configOrigins')) this.chartState.setOrigins(this.configOrigins);
    if (changed.has('configSrc')) this.chartState.loadSrc(this.configSrc);
    this.chartState.noteChange();
    // The first update's properties were all pushed by firstUpdated (which lit calls just
    // before this): pushing them again would check and load the data a second time.
    if (this.firstPushDone) {
      this.firstPushDone = false;
      return;
    }
    if (!this.engine || !this.hasUpdated) return;
    if (changed.size) this.pushAll(changed);
  }

  /** Sends changed properties to the engine. */
  private pushAll(changed?: PropertyValues<this>): void {
    const e = this.engine!;
    const has = (k: keyof GpuChart) => !changed || changed.has(k);
    if (has('theme')) e.setTheme(readTheme(this));
    if (has('timeZone') || has('locale')) {
      e.scene.timeZone = this.timeZone || undefined;
      e.scene.locale = this.locale || undefined;
      e.requestRender();
    }
    if (has('valueScale')) e.setValueScaleMode(this.valueScale);
    if (has('valueAxis')) {
      e.scene.valueAxis = this.valueAxis;
      e.requestRender();
    }
    if (has('timeScale')) e.setTimeScaleMode(this.timeScale === 'category' ? 'category' : 'time');
    if (has('pixelRatio')) this.measure();
    if (has('source') || has('dataSource')) this.bindSource();
    if (has('data') && !this.boundSource) {
      try {
        e.setColumns(this.data ? checkColumns(this.data) : null);
        this.errorMessage = null;
      } catch (err) {
        this.reportError('data', (err as Error).message, err);
      }
    }
    if (has('data') && this.engine) for (const ind of this.indicators) ind.attach(this.engine.dataTable, () => this.pushSeries());
    if (has('primitives')) e.setPrimitives(Array.isArray(this.primitives) ? this.primitives : []);
    if (has('series') || has('data') || has('type') || has('source') || has('dataSource') || has('panes')) this.pushSeries();
    const interactive = ['crosshair', 'tooltip', 'kinetic', 'sync', 'label', 'a11yTable', 'locale', 'timeZone'] as const;
    if (interactive.some((k) => has(k))) this.interaction?.setOptions(this.interactionOptions());
    if (has('drawingMagnet')) this.drawingTools.magnet = this.drawingMagnet;
  }

  /** The default series (from `type` and the data's columns) plus the `series` property. */
  private pushSeries(): void {
    const e = this.engine;
    if (!e) return;
    const table = e.dataTable;
    const names = table ? table.columnNames : [];
    this.columnsKey = names.join(',');
    const has = (c: string) => names.includes(c);
    const custom = this.type !== undefined && customSeriesDefinition(this.type) !== undefined;
    const base = this.type === 'none' || (!table && !this.data) ? [] : custom ? [{ type: this.type! }] : defaultSeries(this.type, has);
    const fromIndicators = this.indicators.flatMap((ind) => ind.seriesSpecs());
    e.setSeries([...base, ...(this.series ?? []), ...fromIndicators]);
    this.interaction?.dataChanged(); // series names feed the accessible name
    const panes = [...(this.panes ?? []), ...this.indicators.map((ind) => ind.paneOptions()).filter((p): p is PaneOptions => p !== null)];
    e.setPanes(panes);
  }

  // ---- indicators ---------------------------------------------------------------------------

  /** Keeps the list of <gpu-indicator> children current, in any upgrade order. */
  private watchChildren(): void {
    if (!this.childWatcher) {
      this.childWatcher = new MutationObserver(() => this.syncIndicators());
      this.childWatcher.observe(this, { childList: true });
      void customElements.whenDefined('gpu-indicator').then(() => this.syncIndicators());
    }
    this.syncIndicators();
  }

  private syncIndicators(): void {
    const found = Array.from(this.querySelectorAll(':scope > gpu-indicator')).filter(
      (el): el is GpuIndicator => typeof (el as Partial<GpuIndicator>).attach === 'function',
    );
    for (const old of this.indicators) if (!found.includes(old)) old.detach();
    this.indicators = found;
    const table = this.engine?.dataTable ?? null;
    for (const ind of found) ind.attach(table, () => this.pushSeries());
    this.pushSeries();
    this.chartState.noteChange();
  }

  // ---- data sources -------------------------------------------------------------------------

  /** Finds the data source: the property, else `source` by id in this root, else a child. */
  private resolveSource(): ChartDataSource | null {
    if (this.dataSource) return this.dataSource;
    if (this.source) {
      const root = this.getRootNode() as Document | ShadowRoot;
      const el = typeof root.getElementById === 'function' ? root.getElementById(this.source) : null;
      return isDataSource(el) ? el : null;
    }
    const child = this.querySelector(':scope > gpu-datasource');
    return isDataSource(child) ? child : null;
  }

  private bindSource(): void {
    if (!this.engine || !this.isConnected) return;
    const next = this.resolveSource();
    this.watchForSource(next === null && (!!this.source || !this.dataSource));
    if (next === this.boundSource) return;
    this.unbindSource();
    this.boundSource = next;
    this.loadingState.watch(next);
    if (next) {
      next.addEventListener('gpu-error', this.onSourceError);
      next.addEventListener('gpu-data', this.onSourceData);
      this.errorMessage = null;
      this.engine.setTable(next.table);
    } else if (this.data) {
      this.engine.setColumns(checkColumns(this.data));
    } else {
      this.engine.setTable(null);
    }
    this.syncIndicators();
  }

  private unbindSource(): void {
    const s = this.boundSource;
    if (!s) return;
    s.removeEventListener('gpu-error', this.onSourceError);
    s.removeEventListener('gpu-data', this.onSourceData);
    this.boundSource = null;
  }

  /** Waits for a datasource added, renamed or defined later, in this root or as a child. */
  private watchForSource(waiting: boolean): void {
    if (!waiting) {
      this.sourceWatcher?.disconnect();
      this.sourceWatcher = null;
      return;
    }
    if (this.sourceWatcher) return;
    const root = this.getRootNode() as Node;
    this.sourceWatcher = new MutationObserver(() => this.bindSource());
    this.sourceWatcher.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
    this.sourceWatcher.observe(this, { childList: true });
    void customElements.whenDefined('gpu-datasource').then(() => this.bindSource());
  }

  private onSourceError = (e: Event): void => {
    // The datasource keeps its last good rows; say what went wrong over the chart.
    const detail = (e as CustomEvent<{ message: string }>).detail;
    this.errorMessage = detail?.message ?? 'The data source reported an error';
  };

  private onSourceData = (e: Event): void => {
    const reason = (e as CustomEvent<{ reason: string }>).detail?.reason;
    if (reason === 'load' || reason === 'clear') this.errorMessage = null;
    const names = this.engine?.dataTable?.columnNames.join(',') ?? '';
    if (names !== this.columnsKey) this.pushSeries();
  };

  /** Current pane height shares by pane id (after any divider drag). */
  get paneHeights(): Record<string, number> {
    return this.engine?.paneShares() ?? {};
  }

  /** Plot rectangles of the panes in CSS px relative to the element. */
  get paneRects(): Array<{ id: string; x: number; y: number; width: number; height: number }> {
    return this.engine?.paneRects() ?? [];
  }

  private reportError(phase: Parameters<typeof fire<'gpu-error'>>[2]['phase'], message: string, cause?: unknown): void {
    this.errorMessage = message;
    this.errorPhase = phase;
    fire(this, 'gpu-error', { phase, message, cause });
  }

  /** Re-reads the CSS custom properties (call after changing them from script). */
  refreshTheme(): void {
    this.engine?.setTheme(readTheme(this));
  }

  // ---- size and pixel ratio ---------------------------------------------------------------

  private measure(): void {
    if (!this.engine) return;
    const rect = this.getBoundingClientRect();
    this.engine.setSize(rect.width, rect.height, this.currentDpr());
    this.interaction?.layoutChanged();
    this.watchDpr();
  }

  private currentDpr(): number {
    return this.pixelRatio && this.pixelRatio > 0 ? this.pixelRatio : (globalThis.devicePixelRatio || 1);
  }

  private observeSize(): void {
    if (this.resizeObserver) return;
    this.resizeObserver = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      this.engine?.setSize(box.width, box.height, this.currentDpr());
    });
    this.resizeObserver.observe(this);
    this.watchDpr();
  }

  /** Redraw when the window moves to a screen with another pixel ratio (or the page zooms). */
  private watchDpr(): void {
    this.stopWatchingDpr();
    if (typeof matchMedia !== 'function') return;
    this.dprQuery = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    this.dprQuery.addEventListener('change', this.onDprChange);
  }

  private stopWatchingDpr(): void {
    this.dprQuery?.removeEventListener('change', this.onDprChange);
    this.dprQuery = null;
  }

  private onDprChange = (): void => this.measure();

  // ---- public API -------------------------------------------------------------------------

  /** Resolves when every change made before it is drawn and the GPU has finished that frame. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
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
    return this.engine?.visibleRange ?? { from: NaN, to: NaN };
  }

  set visibleRange(range: { from: number; to: number }) {
    const from = Number(range?.from);
    const to = Number(range?.to);
    if (!Number.isFinite(from) || !Number.isFinite(to) || !(to > from) || Math.abs(from) > 8.64e15 || Math.abs(to) > 8.64e15) {
      this.reportError('data', `visibleRange needs finite times in ms with from < to (got ${String(range?.from)} … ${String(range?.to)}); the view is unchanged`);
      return;
    }
    range = { from, to };
    // through the controller: fires gpu-range and moves linked charts
    if (this.interaction) this.interaction.setVisibleRange(range);
    else if (this.engine) this.engine.visibleRange = range;
  }

  /** Shows all the data (and follows it as it grows). */
  fitContent(): void {
    if (this.interaction) this.interaction.fitContent();
    else this.engine?.fitContent();
  }

  /** CSS-px x (relative to the element) where a time is drawn. */
  timeToX(time: number): number {
    return this.engine?.timeToX(time) ?? NaN;
  }

  /** Time (ms) under a CSS-px x relative to the element. */
  xToTime(x: number): number {
    return this.engine?.timeAtX(x) ?? NaN;
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
    return this.engine?.drawings.remove(id) ?? false;
  }

  /** Copies a drawing (default: the selected one) a little later and lower; the copy's id. */
  duplicateDrawing(id = this.selectedDrawing ?? ''): string | null {
    return this.drawingTools.duplicate(id);
  }

  /** Id of the selected drawing, or null; setting selects (null clears). */
  get selectedDrawing(): string | null {
    return this.engine?.drawings.selectedId ?? null;
  }

  set selectedDrawing(id: string | null) {
    this.engine?.drawings.select(id);
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
