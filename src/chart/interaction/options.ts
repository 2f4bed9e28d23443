/**
 * What the interaction controller is configured with and reports: its options, the extras a
 * target may offer, and the range and crosshair reports the element turns into events.
 */
import type { InteractionTarget } from '../interaction-target.js';
import type { PlotRect } from '../scales.js';

/**
 * Optional extras a target may offer; the controller uses them when present (the engine's
 * multi-pane and category-axis support).
 */
export interface InteractionTargetExtras {
  /** `category` when x follows the row index (bars at equal spacing). Default `time`. */
  readonly timeScaleMode?: 'time' | 'category';
  /** Every pane's plot rectangle in CSS px, top to bottom; gestures then work over all panes. */
  paneRects?(): PlotRect[];
  /**
   * Loads a lazy chunk as one of the target's parts (the engine: no frame is drawn, and
   * `updateComplete` waits, until it is installed); without it the chunk simply loads.
   */
  loadPart?<M>(key: string, importer: () => Promise<M>, install: (module: M) => void): Promise<void>;
}

export type ChartInteractionTarget = InteractionTarget & InteractionTargetExtras;

export type CrosshairMode = 'normal' | 'magnet' | 'hidden';

export interface InteractionOptions {
  /** `normal` (follows the pointer), `magnet` (snaps to the main series' value) or `hidden`. */
  crosshair: CrosshairMode;
  /** Show the tooltip box next to the crosshair. */
  tooltip: boolean;
  /** Keep scrolling after a fling. Off anyway under reduced motion. */
  kinetic: boolean;
  /** `auto` follows `prefers-reduced-motion`; true/false override it. */
  reducedMotion: boolean | 'auto';
  /** Sync group name: charts with the same name share crosshair time and visible range. */
  sync: string | null;
  /** Chart title for the accessible name. */
  label: string | undefined;
  /** Keep a visually hidden table of the visible rows. */
  a11yTable: boolean;
  locale: string | undefined;
  timeZone: string | undefined;
  /** Fewest rows a zoomed-in view shows. */
  minPoints: number;
  /** How far beyond the data (fraction of its span, each side) the view may zoom out or pan. */
  zoomMargin: number;
  /** Replaces the default time text of the tooltip, live region and table. */
  formatTime?: (time: number, step: number) => string;
  /** Replaces the default value text. */
  formatValue?: (value: number, series: string) => string;
  /**
   * Where the view's changes go (at most one of each per animation frame). The element fires
   * its `gpu-range` and `gpu-crosshair` events from them; without it the controller dispatches
   * those events on the element it listens to.
   */
  report?: InteractionReports;
}

/** The crosshair as reported: row, time, pointer position and every series' value there. */
export interface CrosshairReport {
  time: number;
  index: number;
  /** Every series' main value (close for bars) by name, over the bar drawn there. */
  values: Record<string, number>;
  x: number;
  y: number;
  /** Rows of the bar drawn at the crosshair: first..last (one row unless bars are merged). */
  first: number;
  last: number;
  /** Time of `last` (a merged bar spans time..timeTo). */
  timeTo: number;
  /** Every series by name: `open`, `high`, `low`, `close`, `change` (percent) for bars; `value` for others. */
  series: Record<string, Record<string, number>>;
  /** The same values as the legend and tooltip show them. */
  text: Record<string, string>;
}

export interface InteractionReports {
  range(range: { from: number; to: number }): void;
  crosshair(crosshair: CrosshairReport | null): void;
}

/** Reports as bubbling, composed DOM events on `element` (standalone controllers). */
export function eventReports(element: HTMLElement): InteractionReports {
  const dispatch = (name: string, detail: unknown) => element.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  return { range: (r) => dispatch('gpu-range', r), crosshair: (c) => dispatch('gpu-crosshair', c) };
}

export const DEFAULT_INTERACTION_OPTIONS: InteractionOptions = {
  crosshair: 'normal',
  tooltip: false,
  kinetic: true,
  reducedMotion: 'auto',
  sync: null,
  label: undefined,
  a11yTable: false,
  locale: undefined,
  timeZone: undefined,
  minPoints: 5,
  zoomMargin: 0.1,
};

