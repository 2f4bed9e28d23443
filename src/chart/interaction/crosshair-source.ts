/**
 * Where the crosshair is: from the pointer (nearest row, pointer y or the magnet's value), a
 * row chosen with the keyboard, or a time from a linked chart (nothing outside this view).
 */
import type { ChartInteractionTarget } from './options.js';
import { nearestIndex } from './search.js';
import { XAxis } from './x-axis.js';

/** Where the crosshair comes from: the pointer, the keyboard (a row), or a linked chart (a time). */
export type CrosshairSource = { kind: 'pointer'; x: number; y: number } | { kind: 'row'; index: number } | { kind: 'time'; time: number };

/** The row (-1: none), its time and the crosshair position in CSS px. */
export function resolveCrosshair(src: CrosshairSource | null, t: ChartInteractionTarget, axis: XAxis, magnet: boolean): { index: number; time: number; x: number; y: number } {
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
  if (index < 0) return { index: -1, time: NaN, x: NaN, y };
  const time = times[index];
  const x = XAxis.xOfUnits(view, plot, axis.unitsOfRow(index));
  // keyboard and linked crosshairs have no pointer y: they sit on the main value; the magnet
  // snaps to the main pane's series, so only there
  const inMain = src?.kind === 'pointer' && src.y >= plot.y && src.y <= plot.y + plot.height;
  if ((magnet && inMain) || src?.kind !== 'pointer') {
    const v = t.magnetValueAt(index);
    if (Number.isFinite(v)) y = t.yOfValue(v, y);
  }
  return { index, time, x, y };
}
