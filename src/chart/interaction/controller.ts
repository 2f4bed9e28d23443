/**
 * InteractionController: turns pointer, wheel, touch and keyboard input on a chart element into
 * calls on an InteractionTarget (the engine), reports range and crosshair changes (at most once
 * per animation frame each), keeps linked charts in step through the sync hub, and maintains the
 * tooltip, live region, accessible name and optional data table.
 *
 * It owns no drawing: the target draws. It owns three DOM nodes the element renders inside its
 * shadow root: `tooltipElement`, `liveRegionElement`, `dataTableElement`.
 */
import type { PlotRect } from '../scales.js';
import { CHART_ROLE, CHART_ROLE_DESCRIPTION, type A11yTextSource } from './a11y.js';
import type { FormatOptions } from './format.js';
import { FrameThrottle } from './frame-throttle.js';
import { TextView } from './text-view.js';
import { Fling, FLING_WINDOW_MS, flingVelocity } from './kinetic.js';
import { handleKey, type KeyboardHost } from './keyboard.js';
import { keyboardStop, resolveCrosshair, type CrosshairSource } from './crosshair-source.js';
import { nearestIndex } from './search.js';
import { crosshairReport, type CrosshairEmit } from './crosshair-report.js';
import { DEFAULT_INTERACTION_OPTIONS, eventReports, type ChartInteractionTarget, type InteractionOptions } from './options.js';

export { DEFAULT_INTERACTION_OPTIONS, type ChartInteractionTarget, type CrosshairMode, type CrosshairReport, type InteractionOptions, type InteractionReports, type InteractionTargetExtras } from './options.js';
import { pageSyncHub, type SyncHub, type SyncMember } from './sync-hub.js';
import { clampRange, sameRange, shift, zoomAround, type TimeRange } from './view-math.js';
import { XAxis } from './x-axis.js';

/** Wheel zoom per CSS px of deltaY: one 100 px notch zooms by about 16 %. */
const WHEEL_ZOOM_PER_PX = 0.0015;
/** Trackpad pinch arrives as ctrl+wheel with small deltas: zoom harder per px. */
const PINCH_WHEEL_ZOOM_PER_PX = 0.01;
/** deltaMode 1 (lines, Firefox with a mouse wheel): px per line. */
const LINE_PX = 16;
/** Value-axis drag: scale per CSS px (down zooms out, as in most trading charts). */
const AXIS_SCALE_PER_PX = 0.005;

interface Point {
  x: number;
  y: number;
}

type Gesture =
  // ranges and anchors in x units (see XAxis)
  | { kind: 'pan'; pointerId: number; touch: boolean; startX: number; start: TimeRange; moved: boolean; samples: Array<{ x: number; t: number }> }
  | { kind: 'pinch'; ids: [number, number]; start: TimeRange; anchor: number; startDist: number }
  | { kind: 'axis'; pointerId: number; lastY: number; paneY: number };



export class InteractionController implements SyncMember {
  /** The tooltip box (`part="tooltip"`); render it inside the chart's positioned box. */
  readonly tooltipElement: HTMLDivElement;
  /** Polite live region announcing the keyboard crosshair's bar; render it in the shadow root. */
  readonly liveRegionElement: HTMLDivElement;
  /** Visually hidden table of the visible rows (filled only with the `a11yTable` option). */
  readonly dataTableElement: HTMLTableElement;

  private options: InteractionOptions;
  private attached = false;
  private leaveSync: (() => void) | null = null;
  private readonly hub: SyncHub;

  private readonly rangeEvents: FrameThrottle<TimeRange>;
  private readonly crosshairEvents: FrameThrottle<CrosshairEmit | null>;
  /** The tooltip, live region, accessible name and data table (text-view.ts). */
  private readonly text: TextView;
  /** Streaming data may change many times a frame: refresh the name and crosshair once. */
  private readonly dataUpdates: FrameThrottle<true>;
  private lastCrosshairWasNull = true;

  private readonly pointers = new Map<number, Point>();
  private gesture: Gesture | null = null;
  private source: CrosshairSource | null = null;
  private currentIndex = -1;
  private readonly fling = new Fling();

  constructor(
    private readonly element: HTMLElement,
    private readonly target: ChartInteractionTarget,
    options: Partial<InteractionOptions> = {},
    hub?: SyncHub,
  ) {
    this.options = { ...DEFAULT_INTERACTION_OPTIONS, ...options };
    this.hub = hub ?? pageSyncHub();
    this.text = new TextView({ element, target, options: () => this.options, fmt: () => this.fmt(), attached: () => this.attached });
    this.tooltipElement = this.text.tooltip;
    this.liveRegionElement = this.text.liveRegion;
    this.dataTableElement = this.text.dataTable;
    const report = this.options.report ?? eventReports(element);
    this.rangeEvents = new FrameThrottle((r) => report.range({ from: r.from, to: r.to }));
    this.crosshairEvents = new FrameThrottle((c) => report.crosshair(c && crosshairReport(this.target, c, this.fmt())));
    this.dataUpdates = new FrameThrottle(() => this.refreshForData());
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Starts listening to input and joins the sync group. Idempotent. */
  attach(): void {
    if (this.attached) return;
    this.attached = true;
    const el = this.element;
    el.addEventListener('pointerdown', this.onPointerDown);
    el.addEventListener('pointermove', this.onPointerMove);
    el.addEventListener('pointerup', this.onPointerUp);
    el.addEventListener('pointercancel', this.onPointerCancel);
    el.addEventListener('pointerleave', this.onPointerLeave);
    // not passive: the chart zooms instead of the page scrolling
    el.addEventListener('wheel', this.onWheel, { passive: false });
    el.addEventListener('dblclick', this.onDoubleClick);
    el.addEventListener('keydown', this.onKeyDown);
    if (!el.hasAttribute('role')) el.setAttribute('role', CHART_ROLE);
    if (!el.hasAttribute('aria-roledescription')) el.setAttribute('aria-roledescription', CHART_ROLE_DESCRIPTION);
    this.joinSync();
    this.refreshForData(true);
    this.text.scheduleTable(0);
  }

  /** Stops listening, leaves the sync group and clears the crosshair. Idempotent. */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    const el = this.element;
    el.removeEventListener('pointerdown', this.onPointerDown);
    el.removeEventListener('pointermove', this.onPointerMove);
    el.removeEventListener('pointerup', this.onPointerUp);
    el.removeEventListener('pointercancel', this.onPointerCancel);
    el.removeEventListener('pointerleave', this.onPointerLeave);
    el.removeEventListener('wheel', this.onWheel);
    el.removeEventListener('dblclick', this.onDoubleClick);
    el.removeEventListener('keydown', this.onKeyDown);
    this.leaveSync?.();
    this.leaveSync = null;
    this.stopKinetic();
    this.pointers.clear();
    this.gesture = null;
    this.source = null;
    this.currentIndex = -1;
    this.lastCrosshairWasNull = true;
    this.target.setCrosshair(null);
    this.rangeEvents.cancel();
    this.crosshairEvents.cancel();
    this.dataUpdates.cancel();
    this.text.cancel();
  }

  /** Changes options (attributes); only what changed is re-applied. */
  setOptions(options: Partial<InteractionOptions>): void {
    const before = this.options;
    const after = (this.options = { ...before, ...options });
    if (before.sync !== after.sync && this.attached) this.joinSync();
    if (!after.kinetic) this.stopKinetic();
    const textChanged = (['locale', 'timeZone', 'formatTime', 'formatValue'] as const).some((k) => before[k] !== after[k]);
    this.text.needReadouts();
    if (textChanged || before.label !== after.label) this.text.updateSummary();
    if (textChanged || before.label !== after.label || before.a11yTable !== after.a11yTable) this.text.scheduleTable(0);
    if (before.crosshair !== after.crosshair || before.tooltip !== after.tooltip || textChanged) this.renderCrosshair(false);
  }

  getOptions(): Readonly<InteractionOptions> {
    return this.options;
  }

  // ---- calls from the element / code ---------------------------------------------------------

  /** Sets the view from code (not limited like gestures); fires gpu-range and informs the group. */
  setVisibleRange(range: TimeRange): void {
    if (!(range.to > range.from)) throw new RangeError('visibleRange needs from < to');
    this.commitRange({ from: range.from, to: range.to }, true);
  }

  /** Shows all the data (as a double-click does); fires gpu-range and informs the group. */
  fitContent(): void {
    this.target.fitContent();
    this.rangeChanged();
  }

  /** The engine changed the view by itself (e.g. following new data): report it. */
  rangeChanged(): void {
    const r = this.target.visibleRange;
    this.rangeEvents.push(r);
    this.publishRange(r);
    this.renderCrosshair(false);
    this.text.scheduleTable();
  }

  /**
   * Data or series changed (load, append, update): refreshes the accessible name and crosshair
   * at the next frame and the table once the data settles. Cheap to call on every tick.
   */
  dataChanged(): void {
    if (!this.attached) return;
    this.dataUpdates.push(true);
    this.text.scheduleTable();
  }

  /**
   * Takes the accessible name and data table from `source` (a 3D scene) instead of the target,
   * or from the target again (null); refreshes both now. Call again when its data changed.
   */
  setTextSource(source: A11yTextSource | null): void {
    // The same source with new data (a stream): refreshed as 2D data is, once it settles.
    if (!this.text.setSource(source)) this.dataChanged();
  }

  /** Re-resolves the crosshair after the layout changed (resize, panes, axis side). */
  layoutChanged(): void {
    if (this.attached) this.renderCrosshair(false);
  }

  /** `nameNow`: the accessible name at once (attach), not under the streaming rate limit. */
  private refreshForData(nameNow = false): void {
    this.text.summary(nameNow);
    if (this.source?.kind === 'row') {
      const n = this.target.times().length;
      if (this.source.index >= n) this.source = n ? { kind: 'row', index: n - 1, value: this.source.value } : null;
    }
    this.renderCrosshair(false);
  }

  /** Row under the crosshair, or -1 when it is hidden. */
  get crosshairIndex(): number {
    return this.currentIndex;
  }

  /** True while a fling keeps the view moving. */
  get kineticActive(): boolean {
    return this.fling.active;
  }

  // ---- sync ---------------------------------------------------------------------------------

  private joinSync(): void {
    this.leaveSync?.();
    this.leaveSync = null;
    const group = this.options.sync;
    if (group) this.leaveSync = this.hub.join(group, this);
  }

  private publishRange(range: TimeRange): void {
    if (this.options.sync && this.leaveSync) this.hub.publishRange(this.options.sync, this, range);
  }

  private publishCrosshair(time: number | null): void {
    if (this.options.sync && this.leaveSync) this.hub.publishCrosshairTime(this.options.sync, this, time);
  }

  /** SyncMember: a linked chart moved its view. Applied as is and not published back. */
  receiveRange(range: TimeRange): void {
    if (!(range.to > range.from) || sameRange(range, this.target.visibleRange)) return;
    this.stopKinetic();
    this.target.visibleRange = range;
    this.rangeEvents.push(range);
    this.renderCrosshair(false);
    this.text.scheduleTable();
  }

  /** SyncMember: a linked chart's crosshair is at `time`; find our own nearest row. */
  receiveCrosshairTime(time: number | null): void {
    this.source = time === null ? null : { kind: 'time', time };
    this.renderCrosshair(false);
  }

  // ---- view changes -------------------------------------------------------------------------

  private axis(): XAxis {
    return new XAxis(this.target.times(), this.target.timeScaleMode === 'category');
  }

  /** The visible range in x units. */
  private viewUnits(axis: XAxis): TimeRange {
    return axis.rangeToUnits(this.target.visibleRange);
  }

  /** Applies a gesture's range (x units) within the zoom limits; false when nothing changed. */
  private applyUserRange(units: TimeRange, anchor?: number, axis = this.axis()): boolean {
    const o = this.options;
    const limited = clampRange(units, axis.limits(o.minPoints, o.zoomMargin), anchor);
    return this.commitRange(axis.rangeToTime(limited), true);
  }

  private commitRange(range: TimeRange, publish: boolean): boolean {
    if (sameRange(range, this.target.visibleRange)) return false;
    this.target.visibleRange = range;
    this.rangeEvents.push(range);
    if (publish) this.publishRange(range);
    this.renderCrosshair(true);
    this.text.scheduleTable();
    return true;
  }

  // ---- crosshair ----------------------------------------------------------------------------

  /**
   * Resolves the crosshair source to a row and position, hands it to the target, queues the
   * event and tooltip, and (for a local source, when `publish`) tells the group the time.
   */
  private renderCrosshair(publish: boolean): void {
    const src = this.source;
    const t = this.target;
    const { index, time, x, y, first, last } = resolveCrosshair(src, t, this.axis(), this.options.crosshair === 'magnet');
    if (index < 0) {
      this.currentIndex = -1;
      // only on the change: streaming ticks and pans without a crosshair cost nothing here
      if (!this.lastCrosshairWasNull) {
        this.lastCrosshairWasNull = true;
        t.setCrosshair(null);
        this.text.showTooltip(null);
        this.crosshairEvents.push(null);
        if (publish && src?.kind !== 'time') this.publishCrosshair(null);
      }
      return;
    }
    this.currentIndex = index;
    if (this.options.crosshair === 'hidden') t.setCrosshair(null);
    else t.setCrosshair({ x, y, index, time, horizontal: src?.kind !== 'time', first, last });
    const emit = { index, time, x, y, first, last };
    this.lastCrosshairWasNull = false;
    this.crosshairEvents.push(emit);
    this.text.showTooltip(src?.kind !== 'time' && this.options.tooltip && this.options.crosshair !== 'hidden' ? emit : null);
    if (publish && src?.kind !== 'time') this.publishCrosshair(time);
  }

  private setSource(source: CrosshairSource | null): void {
    this.source = source;
    this.renderCrosshair(true);
  }

  private fmt(): FormatOptions {
    const o = this.options;
    return { locale: o.locale, timeZone: o.timeZone, formatTime: o.formatTime, formatValue: o.formatValue };
  }

  // ---- geometry -----------------------------------------------------------------------------

  private local(e: MouseEvent): Point {
    const r = this.element.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private panes(): PlotRect[] {
    const rects = this.target.paneRects?.();
    return rects && rects.length ? rects : [this.target.plotRect];
  }

  /** True over any pane's plot area. */
  private inPlot(p: Point): boolean {
    return this.panes().some((r) => p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height);
  }

  /** The value-axis strips: beside a pane's plot (right, or left with a left axis), at its height. */
  private onValueAxis(p: Point): boolean {
    const size = this.target.size;
    if (p.x < 0 || p.x > size.width) return false;
    return this.panes().some((r) => p.y >= r.y && p.y <= r.y + r.height && (p.x > r.x + r.width || p.x < r.x));
  }

  // ---- pointer ------------------------------------------------------------------------------

  private readonly onPointerDown = (e: PointerEvent): void => {
    // another handler (a pane divider drag) took this press
    if (e.defaultPrevented || (e.pointerType === 'mouse' && e.button !== 0)) return;
    // Controls inside the chart (legend entries, pane buttons) take their own presses: capturing
    // the pointer here would send their click to the chart instead.
    if (this.onControl(e)) return;
    this.stopKinetic();
    const p = this.local(e);
    this.pointers.set(e.pointerId, p);
    try {
      // keep receiving moves outside the element while dragging
      this.element.setPointerCapture(e.pointerId);
    } catch {
      // the pointer is already gone (or was never active): nothing to capture
    }
    if (e.pointerType === 'touch' && this.pointers.size === 2) {
      this.startPinch();
      return;
    }
    if (this.pointers.size > 1) return;
    if (this.onValueAxis(p)) {
      this.gesture = { kind: 'axis', pointerId: e.pointerId, lastY: p.y, paneY: p.y };
    } else if (this.inPlot(p)) {
      this.startPan(e.pointerId, e.pointerType === 'touch', p.x, e.timeStamp);
    }
  };

  private onControl(e: Event): boolean {
    for (const node of e.composedPath()) {
      if (node === this.element) return false;
      if (node instanceof HTMLButtonElement || node instanceof HTMLAnchorElement || node instanceof HTMLInputElement) return true;
    }
    return false;
  }

  private startPan(pointerId: number, touch: boolean, x: number, t: number): void {
    this.gesture = {
      kind: 'pan',
      pointerId,
      touch,
      startX: x,
      start: this.viewUnits(this.axis()),
      moved: false,
      samples: [{ x, t }],
    };
  }

  private startPinch(): void {
    const [a, b] = [...this.pointers.entries()];
    const plot = this.target.plotRect;
    const start = this.viewUnits(this.axis());
    const mid = (a[1].x + b[1].x) / 2;
    this.gesture = {
      kind: 'pinch',
      ids: [a[0], b[0]],
      start,
      anchor: XAxis.unitsAtX(start, plot, mid),
      startDist: Math.max(1, Math.hypot(a[1].x - b[1].x, a[1].y - b[1].y)),
    };
    // two fingers mean zoom, not a crosshair
    if (this.source?.kind === 'pointer') this.setSource(null);
  }

  private readonly onPointerMove = (e: PointerEvent): void => {
    const p = this.local(e);
    if (this.pointers.has(e.pointerId)) this.pointers.set(e.pointerId, p);
    const g = this.gesture;
    const plot = this.target.plotRect;
    if (g?.kind === 'pinch') {
      const a = this.pointers.get(g.ids[0]);
      const b = this.pointers.get(g.ids[1]);
      if (!a || !b) return;
      // the time under the fingers' starting midpoint stays under their current midpoint
      const mid = (a.x + b.x) / 2;
      const span = ((g.start.to - g.start.from) * g.startDist) / Math.max(1, Math.hypot(a.x - b.x, a.y - b.y));
      const from = g.anchor - ((mid - plot.x) / (plot.width || 1)) * span;
      this.applyUserRange({ from, to: from + span }, g.anchor);
      return;
    }
    if (g?.kind === 'pan' && g.pointerId === e.pointerId) {
      const dx = p.x - g.startX;
      if (dx !== 0) g.moved = true;
      // measured from the drag's start, so the view moves by exactly the dragged distance
      const unitsPerPx = (g.start.to - g.start.from) / (plot.width || 1);
      this.applyUserRange(shift(g.start, -dx * unitsPerPx));
      g.samples.push({ x: p.x, t: e.timeStamp });
      while (g.samples.length > 2 && e.timeStamp - g.samples[0].t > FLING_WINDOW_MS) g.samples.shift();
    } else if (g?.kind === 'axis' && g.pointerId === e.pointerId) {
      const dy = p.y - g.lastY;
      g.lastY = p.y;
      if (dy !== 0) this.target.scaleValueAxis(Math.exp(dy * AXIS_SCALE_PER_PX), g.paneY);
      return;
    }
    // touch moves pan (or scroll the page); only mouse and pen hover a crosshair
    if (e.pointerType !== 'touch') {
      this.setSource(this.inPlot(p) ? { kind: 'pointer', x: p.x, y: p.y } : null);
    }
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    const p = this.local(e);
    this.pointers.delete(e.pointerId);
    const g = this.gesture;
    if (g?.kind === 'pinch') {
      // one finger left: carry on as a one-finger pan from here
      const rest = [...this.pointers.entries()][0];
      this.gesture = null;
      if (rest) this.startPan(rest[0], true, rest[1].x, e.timeStamp);
      return;
    }
    if (g && g.pointerId === e.pointerId) {
      this.gesture = null;
      if (g.kind === 'pan') {
        if (g.touch && !g.moved) {
          // a tap shows the crosshair there
          this.setSource({ kind: 'pointer', x: p.x, y: p.y });
        } else if (g.moved) {
          this.maybeFling(g.samples, e.timeStamp);
        }
      }
    }
  };

  private readonly onPointerCancel = (e: PointerEvent): void => {
    // the browser took the gesture (vertical page scroll): stop without a fling
    this.pointers.delete(e.pointerId);
    this.gesture = null;
  };

  private readonly onPointerLeave = (e: PointerEvent): void => {
    if (e.pointerType === 'touch' || this.gesture) return;
    if (this.source?.kind === 'pointer') this.setSource(null);
  };

  private readonly onDoubleClick = (e: MouseEvent): void => {
    const p = this.local(e);
    if (this.onValueAxis(p)) {
      this.target.resetValueAxis(p.y);
    } else if (this.inPlot(p)) {
      this.stopKinetic();
      this.fitContent();
    }
  };

  // ---- wheel --------------------------------------------------------------------------------

  private readonly onWheel = (e: WheelEvent): void => {
    const plot = this.target.plotRect;
    const unit = e.deltaMode === WheelEvent.DOM_DELTA_LINE ? LINE_PX : e.deltaMode === WheelEvent.DOM_DELTA_PAGE ? plot.width : 1;
    let dx = e.deltaX * unit;
    let dy = e.deltaY * unit;
    // shift+wheel scrolls sideways on Windows and Linux mice
    if (e.shiftKey && dx === 0) [dx, dy] = [dy, 0];
    if (dx === 0 && dy === 0) return;
    e.preventDefault();
    this.stopKinetic();
    const axis = this.axis();
    const view = this.viewUnits(axis);
    if (!e.ctrlKey && Math.abs(dx) > Math.abs(dy)) {
      // a sideways trackpad swipe pans
      this.applyUserRange(shift(view, (dx * (view.to - view.from)) / (plot.width || 1)), undefined, axis);
      return;
    }
    const p = this.local(e);
    const x = Math.min(Math.max(p.x, plot.x), plot.x + plot.width);
    const anchor = XAxis.unitsAtX(view, plot, x);
    const factor = Math.exp(dy * (e.ctrlKey ? PINCH_WHEEL_ZOOM_PER_PX : WHEEL_ZOOM_PER_PX));
    this.applyUserRange(zoomAround(view, anchor, factor), anchor, axis);
  };

  // ---- kinetic ------------------------------------------------------------------------------

  private reducedMotion(): boolean {
    const r = this.options.reducedMotion;
    if (r !== 'auto') return r;
    return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  }

  private maybeFling(samples: Array<{ x: number; t: number }>, upTime: number): void {
    if (!this.options.kinetic || this.reducedMotion()) return;
    const v = flingVelocity(samples, upTime);
    if (!v) return;
    this.fling.start(v, (px) => {
      const plot = this.target.plotRect;
      const axis = this.axis();
      const view = this.viewUnits(axis);
      return this.applyUserRange(shift(view, (-px * (view.to - view.from)) / (plot.width || 1)), undefined, axis);
    });
  }

  private stopKinetic(): void {
    this.fling.stop();
  }

  // ---- keyboard (keyboard.ts) -----------------------------------------------------------------

  private readonly keyboard: KeyboardHost = {
    target: this.target,
    currentIndex: () => this.currentIndex,
    followsLinkedChart: () => this.source?.kind === 'time',
    hasCrosshair: () => this.source !== null,
    axis: () => this.axis(),
    viewUnits: (axis) => this.viewUnits(axis),
    applyUserRange: (units, anchor, axis) => this.applyUserRange(units, anchor, axis),
    stopKinetic: () => this.stopKinetic(),
    showRow: (index) => {
      // a heatmap's cell row stays as the crosshair moves along x
      this.setSource({ kind: 'row', index, value: this.source?.kind === 'row' ? this.source.value : undefined });
      this.text.announce(index);
    },
    stepVertical: (step) => {
      const from = this.source?.kind === 'row' ? this.source.value : undefined;
      const value = keyboardStop(this.target, from === undefined ? 0 : step, from);
      if (!Number.isFinite(value)) return false;
      let index = this.currentIndex;
      if (index < 0 || this.source?.kind !== 'row') {
        // first key: the column in the middle of the view
        const r = this.target.visibleRange;
        index = nearestIndex(this.target.times(), (r.from + r.to) / 2);
      }
      if (index < 0) return false;
      this.stopKinetic();
      this.setSource({ kind: 'row', index, value });
      this.text.announce(index);
      return true;
    },
    hideCrosshair: () => {
      this.setSource(null);
      this.liveRegionElement.textContent = '';
    },
    scaleValues: (factor) => {
      const plot = this.target.plotRect;
      this.target.scaleValueAxis(factor, plot.y + plot.height / 2);
    },
    resetView: () => {
      for (const y of this.target.paneCentres()) this.target.resetValueAxis(y);
      this.fitContent();
    },
  };

  private readonly onKeyDown = (e: KeyboardEvent): void => {
    if (handleKey(e, this.keyboard)) e.preventDefault();
  };
}
