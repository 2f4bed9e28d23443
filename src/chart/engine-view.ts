/**
 * The chart's view and geometry as its users ask for them, in CSS px relative to the element:
 * the visible range (set, followed, fitted to the data), where the panes are, which row is at
 * an x, the value at a y, the series under a point, the axis labels drawn, the pane dividers
 * (what the interaction controller asks through InteractionTarget, and what the element's API
 * and tests read). It draws nothing: the engine (engine.ts) extends it, holding the state it
 * reads (the abstract members) and the frame.
 */
import type { ColumnMap, ColumnTable } from '../data/table.js';
import type { PlotRect, ValueScaleMode } from './scales.js';
import type { TimeSeriesScene } from './scene/time-scene.js';
import { MAIN_PANE, paneAt, paneScale, zoomScale, type PaneState } from './scene/pane.js';
import type { CrosshairState, InteractionTarget, SeriesReadoutText } from './interaction-target.js';
import type { SeriesHit, SeriesLayer } from './layers/layer.js';
import { seriesReadouts } from './layers/series/base.js';
import { nearestRowByTime, timeExtent } from './data-order.js';

export interface VisibleRange {
  from: number;
  to: number;
}

/** A series under a point (ChartEngine.hitTest). */
export interface ChartHit extends SeriesHit {
  /** The series' id (its title, or its value column). */
  series: string;
  pane: string;
}

export abstract class ChartView implements InteractionTarget {
  /** The scene model: panes, scales, the x mapping, and the label options (time zone, locale, value axis). */
  abstract readonly scene: TimeSeriesScene<SeriesLayer>;
  /** Device pixels per CSS px of the last layout. */
  protected abstract dpr: number;
  protected abstract cssWidth: number;
  protected abstract cssHeight: number;
  protected abstract seriesLayers: SeriesLayer[];
  /** The chart's main table (its data, or the bound source's). */
  protected abstract table: ColumnTable | null;
  /** The table the x axis follows (engine.ts). */
  protected abstract get xTable(): ColumnTable | null;
  /** Errors from user code (a plugin series' hit test). */
  protected abstract readonly pluginError: (message: string, cause?: unknown) => void;
  abstract requestRender(): void;
  abstract setCrosshair(state: CrosshairState | null): void;

  get x() {
    return this.scene.x;
  }

  /** Device pixels per CSS px of the last layout. */
  get pixelRatio(): number {
    return this.dpr;
  }

  get valueScaleMode(): ValueScaleMode {
    return this.scene.valueScaleMode;
  }

  /** For the interaction layer: zoom and pan in rows when bars are equally spaced. */
  get timeScaleMode(): 'time' | 'category' {
    return this.x.category ? 'category' : 'time';
  }

  /** The view was set by the user or code: it stays put; else it shows all the data and follows it. */
  protected viewIsUser = false;

  // ---- the visible range ------------------------------------------------------------------

  get visibleRange(): VisibleRange {
    this.x.times = this.xTable?.time ?? this.x.times;
    return this.x.timeRange;
  }

  set visibleRange(range: VisibleRange) {
    if (!(range.to > range.from)) throw new RangeError('visibleRange needs from < to');
    this.x.times = this.xTable?.time ?? this.x.times;
    this.x.setTimeRange(range.from, range.to);
    this.viewIsUser = true;
    this.requestRender();
    // Before the frame (drawn at the end of this task): a tiled source may add the rows it holds for the new view.
    this.viewSetListener?.();
  }

  /**
   * Set by the element: told synchronously when the view is set (code, gestures, linked charts),
   * so a tiled source can put answers it holds into the table before this view's frame.
   */
  viewSetListener: (() => void) | null = null;

  /** True while the view shows all the data and follows it (no range set by the user or code). */
  get followsData(): boolean {
    return !this.viewIsUser;
  }

  /** Shows all the data again, and follows it as it grows. */
  fitContent(): void {
    this.viewIsUser = false;
    this.fitToData();
    this.requestRender();
  }

  protected fitToData(): void {
    // a chart of heatmaps only fits the first one's cell edges (its table holds column centres)
    const own = this.table ? undefined : this.seriesLayers[0]?.xExtent?.();
    if (own) this.scene.fitX(this.xTable?.time, false, own);
    else this.scene.fitX(this.xTable?.time, this.seriesLayers.some((l) => l.needsEdgeRoom), timeExtent(this.xTable));
  }

  /**
   * The view over the main pane's whole device-pixel columns: the times at the column edges
   * left of the plot's first and right of its last, and how many columns lie between (what an
   * M4 tile of this view is asked for, docs/tiles.md). Null on a category or log x axis, or before layout.
   */
  deviceColumns(): { from: number; to: number; width: number } | null {
    const x = this.scene.x;
    const r = this.scene.main.rect;
    // Tiles are bucketed in the table's own x units: a category axis (row indices) and a log
    // axis (log10 of x) have pixel columns that are not equal spans of them.
    if (x.category || x.scale === 'log' || this.cssWidth <= 0 || !(r.width > 1) || !(x.to > x.from)) return null;
    const left = Math.floor(r.x);
    const right = Math.ceil(r.x + r.width);
    return { from: x.pxToUnits(left, r), to: x.pxToUnits(right, r), width: right - left };
  }

  dataRange(): { from: number; to: number } | null {
    const extent = timeExtent(this.xTable);
    return extent ? { from: extent[0], to: extent[1] } : null;
  }

  // ---- InteractionTarget ------------------------------------------------------------------

  get plotRect(): PlotRect {
    const d = this.dpr;
    const r = this.scene.main.rect;
    return { x: r.x / d, y: r.y / d, width: r.width / d, height: r.height / d };
  }

  /** Every pane's plot rectangle in CSS px, top to bottom. */
  paneRects(): Array<{ id: string } & PlotRect> {
    const d = this.dpr;
    return this.scene.panes.map((p) => ({ id: p.id, x: p.rect.x / d, y: p.rect.y / d, width: p.rect.width / d, height: p.rect.height / d }));
  }

  get size(): { width: number; height: number } {
    return { width: this.cssWidth, height: this.cssHeight };
  }

  times(): Float64Array {
    return this.xTable?.time ?? new Float64Array(0);
  }

  valuesAt(index: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.seriesLayers) out[s.title] = s.valueAt(index);
    return out;
  }

  mergedRowsAt(index: number): { first: number; last: number } | null {
    return this.scene.main.members[0]?.mergedRows?.(index) ?? null;
  }

  readoutAt(first: number, last: number): SeriesReadoutText[] {
    return seriesReadouts(this.seriesLayers, first, last, this.scene.locale);
  }

  tileRowsAt(index: number): number | undefined {
    const n = this.table?.column('tile_rows')?.[index];
    return n !== undefined && n > 1 ? n : undefined;
  }

  tileBucketAt(index: number): { rows: number; from: number; to: number } | undefined {
    const rows = this.tileRowsAt(index);
    const from = this.table?.column('tile_from')?.[index] ?? NaN;
    const to = this.table?.column('tile_to')?.[index] ?? NaN;
    return rows !== undefined && to > from ? { rows, from, to } : undefined;
  }

  /** Set by the element: the bound source's `bucketRows` (a tiled <gpu-datasource>), for the tooltip. */
  bucketRowsSource: ((from: number, to: number) => Promise<ColumnMap>) | null = null;

  fetchBucketRows(from: number, to: number): Promise<ColumnMap> | null {
    return this.bucketRowsSource?.(from, to) ?? null;
  }

  magnetValueAt(index: number): number {
    return this.scene.main.members[0]?.valueAt(index) ?? NaN;
  }

  verticalStops(): Float64Array | null {
    for (const layer of this.scene.main.members) if (!layer.hidden && layer.verticalStops) return layer.verticalStops();
    return null;
  }

  private paneAtCss(y: number) {
    return paneAt(this.scene.panes, y * this.dpr) ?? this.scene.main;
  }

  valueAtY(y: number): number {
    const pane = this.paneAtCss(y);
    return paneScale(pane).fromPx(y * this.dpr, pane.rect);
  }

  yOfValue(value: number, paneOfY: number): number {
    const pane = this.paneAtCss(paneOfY);
    return paneScale(pane).toPx(value, pane.rect) / this.dpr;
  }

  /** Pixel x (CSS) of a row, and the row nearest a pixel x (binary search). */
  xOfIndex(index: number): number {
    return this.x.indexToPx(index, this.scene.main.rect) / this.dpr;
  }

  indexAtX(xCss: number): number {
    if (this.xTable?.dataOrder && !this.x.category) return nearestRowByTime(this.times(), this.timeAtX(xCss));
    return this.scene.indexAtPx(this.times(), xCss * this.dpr);
  }

  /** Time at a CSS pixel x. */
  timeAtX(xCss: number): number {
    this.x.times = this.times();
    return this.x.pxToTime(xCss * this.dpr, this.scene.main.rect);
  }

  scaleValueAxis(factor: number, paneY: number): void {
    const pane = this.paneAtCss(paneY);
    zoomScale(pane.right, factor);
    zoomScale(pane.left, factor);
    this.requestRender();
  }

  resetValueAxis(paneY: number): void {
    const pane = this.paneAtCss(paneY);
    pane.right.autoScale = true;
    pane.left.autoScale = true;
    this.requestRender();
  }

  paneCentres(): number[] {
    return this.paneRects().map((r) => r.y + r.height / 2);
  }

  seriesNames(): string[] {
    return this.seriesLayers.map((s) => s.title);
  }

  /** The series nearest a point (CSS px in the chart), within a few px of what it draws, or null. */
  hitTest(xCss: number, yCss: number): ChartHit | null {
    const pane = paneAt(this.scene.panes, yCss * this.dpr);
    if (!pane) return null;
    const ctx = { dpr: this.dpr, plot: pane.rect, indexAtX: (x: number) => this.indexAtX(x), xOfIndex: (i: number) => this.xOfIndex(i) };
    let best: ChartHit | null = null;
    // Later series are drawn on top: they win ties.
    for (const layer of pane.members) {
      if (layer.hidden) continue;
      let hit: SeriesHit | null = null;
      try {
        hit = layer.hitTest(xCss, yCss, ctx);
      } catch (err) {
        this.pluginError(`hitTest of the series "${layer.id}" threw: ${String((err as Error)?.message ?? err)}`, err);
      }
      if (hit && (!best || hit.distance <= best.distance)) best = { ...hit, series: layer.id, pane: pane.id };
    }
    return best;
  }

  /** CSS-px x of a time (category mode: of the row at or before it, interpolated). */
  timeToX(t: number): number {
    this.x.times = this.times();
    return this.x.timeToPx(t, this.scene.main.rect) / this.dpr;
  }

  /** CSS-px y of a value on a pane's (right, else left) scale. */
  valueToY(value: number, paneId = MAIN_PANE): number {
    const pane = this.scene.panes.find((p) => p.id === paneId) ?? this.scene.main;
    return paneScale(pane).toPx(value, pane.rect) / this.dpr;
  }

  /** The axis labels of the last frame (text and CSS-px position), for tests and a11y. */
  axisLabels(): { time: Array<{ text: string; x: number }>; value: Record<string, Array<{ text: string; y: number }>> } {
    const d = this.dpr;
    return {
      time: this.scene.timeLabels.map((l) => ({ text: l.text, x: l.at / d })),
      value: Object.fromEntries(this.scene.panes.map((p) => [p.id, (p.rightLabels.length ? p.rightLabels : p.leftLabels).map((l) => ({ text: l.text, y: l.at / d }))])),
    };
  }

  // ---- pane dividers ------------------------------------------------------------------------

  /** Index of the divider within `tolerance` CSS px of y (between pane i and i+1), or -1. */
  dividerAt(yCss: number, tolerance = 4): number {
    return this.scene.dividerAt(yCss * this.dpr, tolerance * this.dpr);
  }

  /** Moves the divider below pane `index` to CSS y, keeping both panes at least 24 px tall. */
  moveDivider(index: number, yCss: number): void {
    if (this.scene.moveDivider(index, yCss * this.dpr, 24 * this.dpr)) this.requestRender();
  }

  /** Collapses, maximises or restores a pane by id; false when there is no such pane. */
  setPaneState(id: string, state: PaneState): boolean {
    const done = this.scene.setPaneState(id, state);
    if (done) this.requestRender();
    return done;
  }

  /** Each pane's state by id. */
  paneStates(): Record<string, PaneState> {
    return Object.fromEntries(this.scene.panes.map((p) => [p.id, p.state]));
  }

  /** Current height shares of the panes, by id. */
  paneShares(): Record<string, number> {
    return Object.fromEntries(this.scene.panes.map((p) => [p.id, p.share]));
  }}
