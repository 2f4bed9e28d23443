/**
 * Where the crosshair is: from the pointer (nearest row, pointer y or the magnet's value), a
 * row chosen with the keyboard, or a time from a linked chart (nothing outside this view).
 */
import type { ChartInteractionTarget } from './options.js';
import { nearestIndex } from './search.js';
import { XAxis } from './x-axis.js';

/**
 * Where the crosshair comes from: the pointer, the keyboard (a row, and on a chart with vertical
 * stops, a heatmap's, the value of the cell row it is on), or a linked chart (a time).
 */
export type CrosshairSource = { kind: 'pointer'; x: number; y: number } | { kind: 'row'; index: number; value?: number } | { kind: 'time'; time: number };

/**
 * The row (-1: none), its time and the crosshair position in CSS px. When the chart draws merged
 * bars, the crosshair snaps to the bar drawn: `first`..`last` are its rows, `time` the first's,
 * and x the bar's centre (where its wick is drawn).
 */
export function resolveCrosshair(
  src: CrosshairSource | null,
  t: ChartInteractionTarget,
  axis: XAxis,
  magnet: boolean,
): { index: number; time: number; x: number; y: number; first: number; last: number } {
  const times = t.times();
  const plot = t.plotRect;
  const range = t.visibleRange;
  const view = axis.rangeToUnits(range);
  let index = -1;
  let y = plot.y + plot.height / 2;
  if (src?.kind === 'pointer') {
    index = axis.nearestRow(XAxis.unitsAtX(view, plot, src.x));
    y = src.y;
  } else if (src?.kind === 'row') {
    index = src.index < times.length ? src.index : -1;
  } else if (src?.kind === 'time') {
    index = nearestIndex(times, src.time);
    // a linked chart's time outside our view (or data) shows nothing here
    if (index >= 0 && (times[index] < range.from || times[index] > range.to)) index = -1;
  }
  if (index < 0) return { index: -1, time: NaN, x: NaN, y, first: -1, last: -1 };
  const merged = t.mergedRowsAt?.(index) ?? null;
  const first = merged?.first ?? index;
  const last = merged?.last ?? index;
  const time = times[first];
  const x = (XAxis.xOfUnits(view, plot, axis.unitsOfRow(first)) + XAxis.xOfUnits(view, plot, axis.unitsOfRow(last))) / 2;
  // keyboard and linked crosshairs have no pointer y: they sit on the main value; the magnet
  // snaps to the main pane's series, so only there
  const inMain = src?.kind === 'pointer' && src.y >= plot.y && src.y <= plot.y + plot.height;
  const stop = src?.kind === 'row' ? (src.value ?? keyboardStop(t, 0)) : NaN;
  if (Number.isFinite(stop)) {
    // the keyboard on a heatmap: on the cell row it stepped to (not on a value of the cells)
    y = t.yOfValue(stop, y);
  } else if ((magnet && inMain) || src?.kind !== 'pointer') {
    const v = t.magnetValueAt(last);
    if (Number.isFinite(v)) y = t.yOfValue(v, y);
  }
  return { index, time, x, y, first, last };
}

/**
 * The vertical stop `step` stops from the crosshair's (from the one nearest the plot's middle
 * when `from` is undefined), among those in view; NaN when the chart has none.
 */
export function keyboardStop(t: ChartInteractionTarget, step: number, from?: number): number {
  const stops = t.verticalStops?.();
  if (!stops || stops.length === 0) return NaN;
  const plot = t.plotRect;
  const a = t.valueAtY(plot.y);
  const b = t.valueAtY(plot.y + plot.height);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  let first = 0;
  while (first < stops.length - 1 && stops[first] < lo) first++;
  let last = stops.length - 1;
  while (last > first && stops[last] > hi) last--;
  const target = from ?? t.valueAtY(plot.y + plot.height / 2);
  let at = first;
  for (let i = first; i <= last; i++) if (Math.abs(stops[i] - target) < Math.abs(stops[at] - target)) at = i;
  return stops[Math.min(last, Math.max(first, at + step))];
}
