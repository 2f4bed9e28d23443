/**
 * The time-series scene: panes stacked top to bottom over one time axis (x in ms, or in rows in
 * category mode), each with a right and a left value scale. Lays out panes and axes for a
 * canvas size, fits the scales to what the members of each pane show, and computes the time
 * ticks and value labels. Pure TypeScript (no DOM, no GPU).
 */
import { XMapping } from '../x-mapping.js';
import { lowerBound, type ValueScaleMode } from '../scales.js';
import { timeTicks } from '../ticks/time-ticks.js';
import type { categoryTicks } from '../ticks/category-ticks.js';
import { numericTicks } from '../ticks/numeric-ticks.js';
import { applyPaneOptions, fitPane, isCollapsed, layoutPanesVertically, makePane, MAIN_PANE, valueLabels, type Pane, type PaneMember, type PaneOptions, type PaneState } from './pane.js';
import type { Scene, SceneGeometry } from './scene.js';

/** Day, month and year labels are short: their ticks may sit closer than times of day (CSS px). */
const CALENDAR_TICK_SPACING_PX = 54;

export interface TimeLabel {
  /** Device-px x. */
  at: number;
  text: string;
  bold?: boolean;
}

export class TimeSeriesScene<M extends PaneMember = PaneMember> implements Scene {
  readonly kind = 'time' as const;
  readonly x = new XMapping();
  panes: Pane<M>[];
  timeZone: string | undefined;
  locale: string | undefined;
  valueAxis: 'right' | 'left' | 'both' = 'right';
  /** Scale mode of the main pane's scales. */
  valueScaleMode: ValueScaleMode = 'linear';
  private paneOptions = new Map<string, PaneOptions>();
  /**
   * The category scale's tick labels (ticks/category-ticks.ts): a lazy chunk the engine loads with
   * the first category scale, before drawing; no labels on a category axis until it is set.
   */
  categoryTicks: typeof categoryTicks | null = null;
  /** Room after the last bar when the view is fitted, in bars (the chart's `right-offset`). */
  rightOffset = 0;
  /** Whether the chart has rows (its host says): without any, no axis labels are laid out. */
  hasRows = true;
  /** Pane states the user chose (collapse, maximise), by pane id; kept when panes are rebuilt. */
  private paneStates = new Map<string, PaneState>();
  /** Set once the user resized panes (a divider drag): the main pane's least share no longer applies. */
  private sharesByUser = false;
  /** The main pane's least fraction of the shared height while the shares are the defaults. */
  static readonly MIN_MAIN_FRACTION = 0.55;

  // Results of the last layout, device px.
  top = 0;
  timeAxisTop = 0;
  plotLeft = 0;
  plotWidth = 1;
  usesLeft = false;
  usesRight = true;
  lineWidth = 1;
  timeLabels: TimeLabel[] = [];

  constructor() {
    this.panes = [makePane<M>(MAIN_PANE, this.valueScaleMode)];
  }

  get main(): Pane<M> {
    return this.panes[0];
  }

  setPaneOptions(options: PaneOptions[]): void {
    this.paneOptions = new Map(options.map((o) => [o.id, o]));
    for (const pane of this.panes) applyPaneOptions(pane, this.paneOptions.get(pane.id));
  }

  setValueScaleMode(mode: ValueScaleMode): void {
    this.valueScaleMode = mode;
    this.main.right.mode = mode;
    this.main.left.mode = mode;
  }

  /**
   * Rebuilds the pane list: `fill` asks for panes by id (in order of first use after `main`)
   * and adds their members. Panes that stay keep their scales (zoomed value axes) and shares.
   */
  rebuildPanes(fill: (paneOf: (id: string) => Pane<M>) => void): void {
    const old = new Map(this.panes.map((p) => [p.id, p]));
    const panes: Pane<M>[] = [];
    const paneOf = (id: string): Pane<M> => {
      let p = panes.find((x) => x.id === id);
      if (!p) {
        p = old.get(id) ?? makePane<M>(id, this.valueScaleMode, this.paneOptions.get(id));
        p.members = [];
        panes.push(p);
      }
      return p;
    };
    paneOf(MAIN_PANE);
    fill(paneOf);
    for (const p of panes) p.state = this.paneStates.get(p.id) ?? 'normal';
    this.panes = panes;
  }

  /** Collapses, maximises or restores a pane; false when there is no such pane. */
  setPaneState(id: string, state: PaneState): boolean {
    const pane = this.panes.find((p) => p.id === id);
    if (!pane) return false;
    if (state === 'maximized') for (const p of this.panes) if (p.state === 'maximized') this.setState(p, 'normal');
    this.setState(pane, state);
    return true;
  }

  private setState(pane: Pane<M>, state: PaneState): void {
    pane.state = state;
    if (state === 'normal') this.paneStates.delete(pane.id);
    else this.paneStates.set(pane.id, state);
  }

  /** Whether a pane shows as a strip (collapsed, or another one is maximised). */
  collapsed(pane: Pane<M>): boolean {
    return isCollapsed(pane, this.panes);
  }

  /**
   * Fits the time axis to all rows (`times` ascending): category mode shows every bar whole;
   * `edgeRoom` adds half a bar at each end for bars and markers; a single row gets ±1 s.
   */
  fitX(times: Float64Array | undefined, edgeRoom: boolean, extent?: readonly [number, number] | null): void {
    const t = times;
    if ((!t || t.length === 0) && !extent) return;
    if (this.x.category && t && t.length) {
      this.x.from = -0.5;
      this.x.to = t.length - 0.5 + this.rightOffset;
      return;
    }
    // The time range: the ends of sorted rows, or `extent` for rows kept in data order.
    const first = extent ? extent[0] : t![0];
    const lastTime = extent ? extent[1] : t![t!.length - 1];
    let from = first;
    let to = lastTime;
    if (edgeRoom) {
      const pad = t && t.length > 1 ? (to - from) / (t.length - 1) / 2 : 500;
      from -= pad;
      to += pad;
    }
    if (to === from) {
      // one row: ±1 s of time, ±0.5 of a number (±half a decade on a log axis)
      const pad = this.x.numeric ? 0.5 : 1000;
      from -= pad;
      to += pad;
    }
    // Bars of the data's mean spacing after the last one.
    if (this.rightOffset > 0 && t && t.length > 1) to += (this.rightOffset * (lastTime - first)) / (t.length - 1);
    this.x.from = from;
    this.x.to = to;
  }

  /** The row of `times` nearest device-px x in the main pane (binary search), or -1 without rows. */
  indexAtPx(times: Float64Array, px: number): number {
    if (!times.length) return -1;
    const u = this.x.pxToUnits(px, this.main.rect);
    if (this.x.category) return Math.max(0, Math.min(times.length - 1, Math.round(u)));
    const i = lowerBound(times, u);
    if (i <= 0) return 0;
    if (i >= times.length) return times.length - 1;
    return u - times[i - 1] <= times[i] - u ? i - 1 : i;
  }

  /** Index of the divider within `tolerance` device px of y (between pane i and i + 1), or -1. */
  dividerAt(y: number, tolerance: number): number {
    for (let i = 1; i < this.panes.length; i++) if (Math.abs(this.panes[i].rect.y - y) <= tolerance) return i - 1;
    return -1;
  }

  /** Moves the divider below pane `index` to device y, keeping both panes at least `min` tall; false when there is no such divider. */
  moveDivider(index: number, y: number, min: number): boolean {
    const a = this.panes[index];
    const b = this.panes[index + 1];
    if (!a || !b) return false;
    const top = a.rect.y;
    const bottom = b.rect.y + b.rect.height;
    const at = Math.max(top + min, Math.min(bottom - min, y));
    this.sharesByUser = true;
    // What is on screen becomes the shares (the main pane's floor may have widened it).
    for (const p of this.panes) p.share = p.rect.height;
    const sum = a.share + b.share;
    a.share = (sum * (at - top)) / (bottom - top);
    b.share = sum - a.share;
    return true;
  }

  /** Every member, pane by pane. */
  *members(): Iterable<M> {
    for (const pane of this.panes) yield* pane.members;
  }

  layout(g: SceneGeometry, axisRoom: () => number): void {
    const { width, height, dpr, fontPx } = g;
    // Vertical: panes share the height above the time axis.
    this.top = Math.round(8 * dpr);
    const timeAxisHeight = Math.round(fontPx + 12 * dpr);
    this.timeAxisTop = layoutPanesVertically(this.panes, height, this.top, timeAxisHeight, {
      collapsedPx: Math.round(fontPx + 14 * dpr),
      minMainFraction: this.sharesByUser || this.paneOptions.get(MAIN_PANE)?.height !== undefined ? 0 : TimeSeriesScene.MIN_MAIN_FRACTION,
    });

    // Value scales and their labels; the widest label sets the axis width.
    // Without rows there is nothing to label: no 0…1 values, no 1970 dates.
    const empty = !this.hasRows;
    let labelWidth = 0;
    for (const pane of this.panes) {
      fitPane(pane);
      // at least three ticks: a short pane (volume, an oscillator) still gets a label inside it
      const maxTicks = Math.max(3, Math.floor(pane.rect.height / (fontPx * 2.6)));
      const unlabelled = empty || this.collapsed(pane);
      pane.rightLabels = unlabelled ? [] : valueLabels(pane, pane.right, maxTicks, this.locale);
      pane.leftLabels = unlabelled ? [] : valueLabels(pane, pane.left, maxTicks, this.locale);
      for (const l of pane.rightLabels) labelWidth = Math.max(labelWidth, g.measure(l.text));
      for (const l of pane.leftLabels) labelWidth = Math.max(labelWidth, g.measure(l.text));
    }
    labelWidth = Math.max(labelWidth, axisRoom());
    let anyLeft = false;
    let anyRight = false;
    for (const m of this.members()) {
      if (m.onLeftScale) anyLeft = true;
      else anyRight = true;
    }
    this.usesLeft = this.valueAxis !== 'right' || anyLeft;
    // `left`: the right scale's labels move to the left axis, unless both scales are in use
    this.usesRight = this.valueAxis !== 'left' || (anyRight && anyLeft);
    const axisWidth = Math.round(labelWidth + 14 * dpr);
    const edge = Math.round(4 * dpr);
    const left = this.usesLeft ? axisWidth : edge;
    const right = this.usesRight ? axisWidth : edge;
    this.plotLeft = left;
    this.plotWidth = Math.max(1, width - left - right);
    for (const pane of this.panes) {
      pane.rect.x = left;
      pane.rect.width = this.plotWidth;
      for (const l of pane.rightLabels) l.at = pane.right.displayToPx(l.value, pane.rect);
      for (const l of pane.leftLabels) l.at = pane.left.displayToPx(l.value, pane.rect);
    }
    this.lineWidth = Math.max(1, Math.round(dpr));
    this.timeLabels = empty ? [] : this.timeTicks(dpr);
  }

  private timeTicks(dpr: number): TimeLabel[] {
    const x = this.x;
    const main = this.main;
    const out: TimeLabel[] = [];
    const options = { timeZone: this.timeZone, locale: this.locale, calendarMinSpacingPx: CALENDAR_TICK_SPACING_PX };
    const plotWidthCss = this.plotWidth / dpr;
    if (x.scale !== 'time') {
      // numbers: ticks in data units, placed through the axis values (log10 on a log axis)
      const left = this.plotLeft;
      for (const tick of numericTicks(x.scale, x.dataOf(x.from), x.dataOf(x.to), plotWidthCss, this.locale)) {
        const px = x.unitsToPx(x.axisOf(tick.value), main.rect);
        if (px < left - 0.5 || px > left + this.plotWidth + 0.5) continue;
        out.push({ at: px, text: tick.label });
      }
    } else if (x.category) {
      if (!this.categoryTicks) return out;
      // bars a day or more apart get calendar labels only: short ones, so they may sit closer
      const t = x.times;
      const daily = t.length > 1 && (t[t.length - 1] - t[0]) / (t.length - 1) >= 0.8 * 86_400_000;
      const categoryOptions = daily ? { ...options, minSpacingPx: CALENDAR_TICK_SPACING_PX } : options;
      for (const tick of this.categoryTicks(x.times, x.from, x.to, plotWidthCss, categoryOptions)) {
        out.push({ at: x.unitsToPx(tick.index, main.rect), text: tick.label, bold: tick.major });
      }
    } else if (x.to > x.from) {
      const left = this.plotLeft;
      for (const tick of timeTicks(x.from, x.to, plotWidthCss, options)) {
        const px = x.unitsToPx(tick.time, main.rect);
        if (px < left - 0.5 || px > left + this.plotWidth + 0.5) continue;
        out.push({ at: px, text: tick.label, bold: tick.major });
      }
    }
    return out;
  }
}
