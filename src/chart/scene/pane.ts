/**
 * Panes of a time-series scene: their value scales, heights, fixed ranges and guides, how they
 * share the canvas, how they fit their scales to what their members show, and their value
 * labels. Pure TypeScript (no DOM, no GPU): tested in Node.
 */
import { ValueScale, type PlotRect, type ValueScaleMode } from '../scales.js';
import { formatValue, formatCompact, logValueTicks, niceValueTicks } from '../ticks/value-ticks.js';

export const MAIN_PANE = 'main';

/** A pane's height as its user set it: shared as usual, collapsed to a strip, or given the whole height. */
export type PaneState = 'normal' | 'collapsed' | 'maximized';

/** What layoutPanesVertically needs besides the panes. */
export interface PaneLayoutRules {
  /** Height of a collapsed pane (its legend row), device px. */
  collapsedPx: number;
  /** Least fraction of the shared height the main pane gets (0: its share decides alone). */
  minMainFraction: number;
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
  /** Collapsed or maximised by the user (normal by default). */
  state: PaneState;
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
    state: 'normal',
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

/** Whether a pane is drawn as a strip: collapsed, or another pane is maximised. */
export function isCollapsed(pane: Pane, panes: readonly Pane[]): boolean {
  if (panes.length < 2) return false;
  // Collapsing every pane leaves them all open (the chart is never only strips).
  if (pane.state === 'collapsed') return panes.some((p) => p !== pane && p.state !== 'collapsed');
  return pane.state !== 'maximized' && panes.some((p) => p.state === 'maximized');
}

/**
 * Vertical layout: collapsed panes get a strip, the others share the height between `top` and
 * the time axis by their shares (the last one takes the rounding rest), the main pane at least
 * `minMainFraction` of it, so that oscillator panes never squeeze the price. Returns the time
 * axis' top edge.
 */
export function layoutPanesVertically(panes: Pane[], height: number, top: number, timeAxisHeight: number, rules?: PaneLayoutRules): number {
  const available = Math.max(panes.length, height - top - timeAxisHeight);
  const collapsed = panes.map((p) => isCollapsed(p, panes));
  const strip = rules ? Math.min(rules.collapsedPx, Math.floor(available / panes.length)) : 0;
  const open = panes.filter((_, i) => !collapsed[i]);
  const shared = Math.max(open.length, available - strip * (panes.length - open.length));
  const shares = open.map((p) => p.share);
  const mainAt = open.findIndex((p) => p.id === MAIN_PANE);
  const f = rules?.minMainFraction ?? 0;
  if (mainAt >= 0 && open.length > 1 && f > 0 && f < 1) {
    // Against every other pane's share, collapsed ones too: collapsing a pane never shrinks the main one.
    const others = panes.reduce((a, p) => (p.id === MAIN_PANE ? a : a + p.share), 0);
    shares[mainAt] = Math.max(shares[mainAt], (others * f) / (1 - f));
  }
  const totalShare = shares.reduce((a, s) => a + s, 0) || 1;
  const lastOpen = panes.reduce((last, _, i) => (collapsed[i] ? last : i), -1);
  let y = top;
  let k = 0;
  panes.forEach((pane, i) => {
    let h: number;
    if (collapsed[i]) h = strip;
    else if (i === lastOpen) h = top + available - y - strip * panes.slice(i + 1).length;
    else h = Math.max(1, Math.round((shared * shares[k]) / totalShare));
    if (!collapsed[i]) k++;
    pane.rect = { x: 0, y, width: 1, height: Math.max(1, h) };
    y += Math.max(1, h);
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
      // A comparison: each series from its own first visible value.
      const base = members[0].firstVisibleValue();
      if (Number.isFinite(base) && base !== 0) scale.base = base;
      let lo = Infinity;
      let hi = -Infinity;
      for (const m of members) {
        const e = m.autoscales ? m.extent() : null;
        const own = m.firstVisibleValue();
        if (!e || !Number.isFinite(own) || own === 0) continue;
        const a = (e[0] / own - 1) * 100;
        const b = (e[1] / own - 1) * 100;
        lo = Math.min(lo, a, b);
        hi = Math.max(hi, a, b);
      }
      if (lo <= hi) scale.fitDisplay(lo, hi);
      continue;
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
