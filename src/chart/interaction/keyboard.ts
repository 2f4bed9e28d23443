/**
 * Keyboard navigation: arrows move the crosshair a bar at a time (panning at the view's edges),
 * Home/End go to the first/last bar, PageUp/PageDown pan a view, +/- zoom around the crosshair's
 * bar, ↑/↓ scale the values (the main pane's value axis; on a heatmap they move the crosshair a
 * cell row up or down, and ←/→ a column), R resets the view (all the data,
 * values auto-scaled), Escape hides the crosshair. Keys with Ctrl, Alt or Meta are left to the
 * browser.
 */
import type { ChartInteractionTarget } from './options.js';
import { indexRange, nearestIndex } from './search.js';
import { shift, zoomAround, type TimeRange } from './view-math.js';
import { stepAt } from './format.js';
import type { XAxis } from './x-axis.js';

/** Keyboard zoom step. */
const KEY_ZOOM = 1.25;

/** Keyboard value-axis step (↑ stretches the values, ↓ shrinks them). */
const KEY_VALUE_ZOOM = 1.2;

/** What keyboard navigation needs of the controller. */
export interface KeyboardHost {
  readonly target: ChartInteractionTarget;
  /** The crosshair's row, or -1. */
  currentIndex(): number;
  /** The crosshair shows a linked chart's time (not a row of ours). */
  followsLinkedChart(): boolean;
  hasCrosshair(): boolean;
  axis(): XAxis;
  viewUnits(axis: XAxis): TimeRange;
  applyUserRange(units: TimeRange, anchor: number | undefined, axis: XAxis): boolean;
  stopKinetic(): void;
  /** Puts the crosshair on a row and announces it. */
  showRow(index: number): void;
  hideCrosshair(): void;
  /** Scales the values of the pane the crosshair is in (else the main one) by `factor`. */
  scaleValues(factor: number): void;
  /** Moves the crosshair `step` vertical stops (a heatmap's cell rows); false when the chart has none. */
  stepVertical(step: number): boolean;
  /** Fits all the data and auto-scales every value axis again. */
  resetView(): void;
}

/** Handles a key; true when it was one of ours (the caller then prevents its default). */
export function handleKey(e: KeyboardEvent, host: KeyboardHost): boolean {
  if (e.altKey || e.ctrlKey || e.metaKey) return false;
  switch (e.key) {
    case 'ArrowLeft':
      moveCrosshairBy(host, -1);
      return true;
    case 'ArrowRight':
      moveCrosshairBy(host, 1);
      return true;
    case 'Home':
      goToRow(host, 0);
      return true;
    case 'End':
      goToRow(host, host.target.times().length - 1);
      return true;
    case '+':
    case '=':
      keyZoom(host, 1 / KEY_ZOOM);
      return true;
    case '-':
    case '_':
      keyZoom(host, KEY_ZOOM);
      return true;
    case 'PageUp':
      panByView(host, -1);
      return true;
    case 'PageDown':
      panByView(host, 1);
      return true;
    case 'ArrowUp':
      if (!host.stepVertical(1)) host.scaleValues(1 / KEY_VALUE_ZOOM);
      return true;
    case 'ArrowDown':
      if (!host.stepVertical(-1)) host.scaleValues(KEY_VALUE_ZOOM);
      return true;
    case 'r':
    case 'R':
      host.stopKinetic();
      host.resetView();
      return true;
    case 'Escape':
      if (!host.hasCrosshair()) return false;
      host.hideCrosshair();
      return true;
    default:
      return false;
  }
}

/** First press: the last visible bar; then one bar per press, panning at the view's edges. */
function moveCrosshairBy(host: KeyboardHost, step: number): void {
  const times = host.target.times();
  if (times.length === 0) return;
  let index: number;
  const current = host.currentIndex();
  if (current >= 0 && !host.followsLinkedChart()) {
    // merged bars: one drawn bar per press (step from the bucket's edge)
    const merged = host.target.mergedRowsAt?.(current);
    const from = merged ? (step > 0 ? merged.last : merged.first) : current;
    index = Math.min(Math.max(from + step, 0), times.length - 1);
  } else {
    const r = host.target.visibleRange;
    const { start, end } = indexRange(times, r.from, r.to);
    index = end > start ? end - 1 : nearestIndex(times, r.to);
  }
  goToRow(host, index);
}

function goToRow(host: KeyboardHost, index: number): void {
  const times = host.target.times();
  if (index < 0 || index >= times.length) return;
  host.stopKinetic();
  revealRow(host, index);
  host.showRow(index);
}

/** Pans (keeping the span) just enough for row `index` to be inside the view. */
function revealRow(host: KeyboardHost, index: number): void {
  const axis = host.axis();
  const u = axis.unitsOfRow(index);
  const view = host.viewUnits(axis);
  // half a bar of room so the bar is not cut by the edge
  const bar = axis.category ? 1 : stepAt(host.target.times(), index);
  const pad = Math.min(bar / 2, (view.to - view.from) / 4);
  if (u - pad < view.from) host.applyUserRange(shift(view, u - pad - view.from), undefined, axis);
  else if (u + pad > view.to) host.applyUserRange(shift(view, u + pad - view.to), undefined, axis);
}

function keyZoom(host: KeyboardHost, factor: number): void {
  const axis = host.axis();
  const view = host.viewUnits(axis);
  const i = host.currentIndex();
  const row = i >= 0 ? axis.unitsOfRow(i) : NaN;
  const anchor = row >= view.from && row <= view.to ? row : (view.from + view.to) / 2;
  host.stopKinetic();
  host.applyUserRange(zoomAround(view, anchor, factor), anchor, axis);
}

function panByView(host: KeyboardHost, direction: number): void {
  const axis = host.axis();
  const view = host.viewUnits(axis);
  host.stopKinetic();
  host.applyUserRange(shift(view, direction * (view.to - view.from)), undefined, axis);
}
