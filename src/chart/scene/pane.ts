/**
 * Panes of a time-series scene: their value scales, heights, fixed ranges and guides, how they
 * share the canvas, how they fit their scales to what their members show, and their value
 * labels. Pure TypeScript (no DOM, no GPU): tested in Node.
 */
import { ValueScale, type PlotRect, type ValueScaleMode } from '../scales.js';
import { formatValue, formatCompact, logValueTicks, niceValueTicks } from '../ticks/value-ticks.js';

export const MAIN_PANE = 'main';

export interface PaneOptions {
  id: string;
  /** Relative height (the main pane defaults to 3, others to 1). */
  height?: number;
  /** Fixed value range instead of auto-scaling (e.g. 0–100 for RSI). */
  range?: [number, number];
  /** Horizontal guide lines (e.g. 30 and 70 for RSI). */
  guides?: number[];
}

/** A value label: text at a device-px position (set after the horizontal layout). */
export interface ValueLabel {
  at: number;
  text: string;
  bold?: boolean;
  value: number;
}

/** What a pane needs of each series layer in it (the series layers implement it). */
export interface PaneMember {
  /** The pane scale it is drawn on (the pane's `right` or `left`). */
  readonly scale: ValueScale;
  /** Takes part in auto-scaling (series option `autoscale`, default true). */
  readonly autoscales: boolean;
  /** Columns grow from a base: a pane of only such members starts at zero when nothing is below. */
  readonly growsFromBase: boolean;
  /** Draws on the left scale. */
  readonly onLeftScale: boolean;
  /** [low, high] of what it shows in the visible rows (data units), or null. */
  extent(): [number, number] | null;
  /** The first finite, non-zero value in view (percent scales measure change from it). */
  firstVisibleValue(): number;
  /** Its value format (series option `format`): the pane's axis and crosshair label follow its first member's. */
  readonly valueFormat?: { format(v: number, locale: string | undefined): string; readonly compact: boolean };
}

export interface Pane<M extends PaneMember = PaneMember> {
  id: string;
  share: number;
  right: ValueScale;
  left: ValueScale;
  /** Plot rectangle in device px. */
  rect: PlotRect;
  range?: [number, number];
  guides: number[];
  members: M[];
  rightLabels: ValueLabel[];
  leftLabels: ValueLabel[];
  decimals: number;
  /** Device px an auto-scaled range leaves above its highest and below its lowest value (room for markers). */
  valueRoom?: { above: number; below: number };
  /** Device px at the top kept free of auto-scaled values (the pane's legend sits there). */
  topInset: number;
}

export function makePane<M extends PaneMember>(id: string, mainMode: ValueScaleMode, options?: PaneOptions): Pane<M> {
  const pane: Pane<M> = {
    id,
    share: id === MAIN_PANE ? 3 : 1,
    right: new ValueScale(),
    left: new ValueScale(),
    rect: { x: 0, y: 0, width: 1, height: 1 },
    guides: [],
    members: [],
    rightLabels: [],
    leftLabels: [],
    decimals: 2,
    topInset: 0,
  };
  if (id === MAIN_PANE) {
    pane.right.mode = mainMode;
    pane.left.mode = mainMode;
  }
  applyPaneOptions(pane, options);
  return pane;
}

export function applyPaneOptions(pane: Pane, o: PaneOptions | undefined): void {
  if (!o) return;
  if (o.height !== undefined && o.height > 0) pane.share = o.height;
  pane.range = o.range;
  pane.guides = o.guides ?? [];
}

/** The scale a pane's crosshair value, guides and `valueToY` read: its first member's, else the right one. */
export function paneScale(pane: Pane): ValueScale {
  return pane.members[0]?.scale ?? pane.right;
}

/**
 * Vertical layout: panes share the height between `top` and the time axis by their shares
 * (the last one takes the rounding rest). Returns the time axis' top edge.
 */
export function layoutPanesVertically(panes: Pane[], height: number, top: number, timeAxisHeight: number): number {
  const available = Math.max(panes.length, height - top - timeAxisHeight);
  const totalShare = panes.reduce((a, p) => a + p.share, 0) || 1;
  let y = top;
  panes.forEach((pane, i) => {
    const h = i === panes.length - 1 ? top + available - y : Math.max(1, Math.round((available * pane.share) / totalShare));
    pane.rect = { x: 0, y, width: 1, height: Math.max(1, h) };
    y += h;
  });
  return y;
}

/** Auto-scales a pane's value scales to what its members show (or its fixed range). */
export function fitPane(pane: Pane): void {
  for (const scale of [pane.right, pane.left]) {
    const members = pane.members.filter((m) => m.scale === scale);
    if (!members.length) continue;
    if (pane.range && scale.mode !== 'percent') {
      scale.min = pane.range[0];
      scale.max = pane.range[1];
      continue;
    }
    if (!scale.autoScale) continue;
    if (scale.mode === 'percent') {
      const base = members[0].firstVisibleValue();
      if (Number.isFinite(base) && base !== 0) scale.base = base;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const m of members) {
      if (!m.autoscales) continue;
      const e = m.extent();
      if (!e) continue;
      lo = Math.min(lo, e[0]);
      hi = Math.max(hi, e[1]);
    }
    if (lo <= hi) {
      scale.fit(lo, hi);
      if (pane.valueRoom) widenForRoom(scale, lo, hi, pane.valueRoom, pane.rect.height);
      // Columns grow from their base: no margin below a zero base.
      if (pane.members.every((m) => m.growsFromBase) && lo >= 0 && scale.mode === 'linear') scale.min = 0;
      reserveTop(scale, pane.topInset / pane.rect.height);
    }
  }
}

/** Widens a fitted scale so that [lo, hi] leaves `room` px above and below (at most 60 % of the height in all). */
function widenForRoom(scale: ValueScale, lo: number, hi: number, room: { above: number; below: number }, height: number): void {
  if (!(height > 0) || (room.above <= 0 && room.below <= 0)) return;
  const log = scale.mode === 'log';
  const to = (v: number) => (log ? Math.log10(Math.max(v, Number.MIN_VALUE)) : v);
  const d0 = scale.display(lo);
  const d1 = scale.display(hi);
  const dLo = to(Math.min(d0, d1));
  const dHi = to(Math.max(d0, d1));
  let min = to(scale.min);
  let max = to(scale.max);
  const total = Math.min(0.6, (room.above + room.below) / height);
  const a = (total * room.above) / (room.above + room.below);
  const b = total - a;
  // max = dHi + a·span and min = dLo − b·span, where needed: a fixed point reached geometrically (a + b < 1).
  for (let i = 0; i < 12; i++) {
    const span = max - min;
    max = Math.max(max, dHi + a * span);
    min = Math.min(min, dLo - b * span);
  }
  scale.min = log ? 10 ** min : min;
  scale.max = log ? 10 ** max : max;
}

/** Widens a fitted scale upwards so that its values stay out of the top `fraction` of the pane (at most half). */
function reserveTop(scale: ValueScale, fraction: number): void {
  const f = Math.min(0.5, Math.max(0, fraction));
  if (!(f > 0)) return;
  if (scale.mode === 'log') {
    const l0 = Math.log10(scale.min);
    const l1 = Math.log10(scale.max);
    scale.max = 10 ** (l0 + (l1 - l0) / (1 - f));
  } else {
    scale.max = scale.min + (scale.max - scale.min) / (1 - f);
  }
}

/** Value labels of one of a pane's scales, at most `maxCount`; none for a scale nobody uses. */
export function valueLabels(pane: Pane, scale: ValueScale, maxCount: number, locale: string | undefined): ValueLabel[] {
  if (!pane.members.some((m) => m.scale === scale) && !(scale === pane.right && pane.members.length === 0)) return [];
  if (!(scale.max > scale.min)) return [];
  if (scale.mode === 'log') {
    return logValueTicks(scale.min, scale.max, maxCount).map((t) => ({ at: 0, value: t, text: formatValue(t, t < 1 ? Math.min(6, Math.ceil(-Math.log10(t))) : 0, locale) }));
  }
  // guides take some of the room but are not ticks: a pane with guides gets as many ticks besides
  const { ticks, decimals } = niceValueTicks(scale.min, scale.max, maxCount + (scale.mode === 'linear' ? pane.guides.length : 0));
  pane.decimals = decimals;
  const largest = Math.max(Math.abs(scale.min), Math.abs(scale.max));
  const big = largest >= 1e6 || (largest >= 1000 && scale.mode !== 'percent' && pane.members.find((m) => m.scale === scale)?.valueFormat?.compact === true);
  const suffix = scale.mode === 'percent' ? '%' : '';
  const labels: ValueLabel[] = ticks.map((t) => ({ at: 0, value: t, text: (big ? formatCompact(t, locale) : formatValue(t, decimals, locale)) + suffix }));
  if (!pane.guides.length || scale.mode !== 'linear') return labels;
  // Oscillator panes also label their customary levels (RSI 30 and 70, …); a tick closer than
  // a third of the tick step to a guide gives way to it.
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : scale.max - scale.min;
  const guides = pane.guides
    .filter((g) => g >= scale.min && g <= scale.max)
    .map((g) => ({ at: 0, value: g, text: formatValue(g, Number.isInteger(g) ? 0 : Math.max(2, decimals), locale) }));
  return [...labels.filter((l) => guides.every((g) => Math.abs(g.value - l.value) >= step / 3)), ...guides].sort((a, b) => a.value - b.value);
}

/** Values for legends and tags: enough digits for prices, compact for big volumes. */
export function formatNumber(v: number, locale?: string): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e6) return formatCompact(v, locale);
  const decimals = a >= 1000 ? 2 : a >= 1 ? 2 : a >= 0.01 ? 4 : a === 0 ? 2 : 6;
  return formatValue(v, decimals, locale);
}

/** A value as the pane's axis shows it (percent scales with a % sign). */
export function formatForPane(pane: Pane, v: number, locale: string | undefined): string {
  if (paneScale(pane).mode === 'percent') return `${formatValue(v, 2, locale)}%`;
  return pane.members[0]?.valueFormat?.format(v, locale) ?? formatNumber(v, locale);
}

/** The pane whose plot contains device-px y, or null. */
export function paneAt<P extends Pane>(panes: P[], yDevice: number): P | null {
  return panes.find((p) => yDevice >= p.rect.y && yDevice < p.rect.y + p.rect.height) ?? null;
}

/** Zooms a scale around its centre by `factor` (dragging the value axis); auto-scale turns off. */
export function zoomScale(scale: ValueScale, factor: number): void {
  scale.autoScale = false;
  if (scale.mode === 'log') {
    const l0 = Math.log10(scale.min);
    const l1 = Math.log10(scale.max);
    const mid = (l0 + l1) / 2;
    const half = ((l1 - l0) / 2) * factor;
    scale.min = 10 ** (mid - half);
    scale.max = 10 ** (mid + half);
    return;
  }
  const mid = (scale.min + scale.max) / 2;
  const half = ((scale.max - scale.min) / 2) * factor;
  scale.min = mid - half;
  scale.max = mid + half;
}
