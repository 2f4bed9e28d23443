/**
 * Where drawings meet the chart's geometry in CSS px: the pane under a point, pointer ↔ data
 * coordinates, snapping anchors to bars (and to the nearest open/high/low/close with the
 * magnet), and moving anchors by pixels. Reads the engine's scene; draws nothing.
 */
import type { ChartEngine } from '../engine.js';
import { lowerBound, type ValueScale } from '../scales.js';
import { paneAt, paneScale, type Pane } from '../scene/pane.js';
import type { SeriesLayer } from '../layers/layer.js';
import type { DrawingAnchor } from './model.js';

/** Data units of a display-unit value (percent scales show change from their base). */
function fromDisplay(scale: ValueScale, d: number): number {
  return scale.mode === 'percent' ? scale.base * (1 + d / 100) : d;
}

export class DrawingSurface {
  constructor(private readonly engine: ChartEngine) {}

  private get dpr(): number {
    return this.engine.pixelRatio;
  }

  private pane(id: string): Pane<SeriesLayer> | undefined {
    return this.engine.scene.panes.find((p) => p.id === id);
  }

  /** The pane whose plot holds a point (CSS px), or null. */
  paneIdAt(x: number, y: number): string | null {
    const pane = paneAt(this.engine.scene.panes, y * this.dpr);
    if (!pane) return null;
    const r = pane.rect;
    const px = x * this.dpr;
    return px >= r.x && px <= r.x + r.width ? pane.id : null;
  }

  /** Data coordinates of a point (CSS px) on a pane. */
  toData(x: number, y: number, paneId: string): DrawingAnchor | null {
    const pane = this.pane(paneId);
    if (!pane) return null;
    const scale = paneScale(pane);
    this.engine.scene.x.times = this.engine.times();
    return { time: this.engine.scene.x.pxToTime(x * this.dpr, pane.rect), value: fromDisplay(scale, scale.fromPx(y * this.dpr, pane.rect)) };
  }

  /** CSS px of an anchor on a pane. */
  toCss(a: DrawingAnchor, paneId: string): { x: number; y: number } | null {
    const pane = this.pane(paneId);
    if (!pane) return null;
    this.engine.scene.x.times = this.engine.times();
    return { x: this.engine.scene.x.timeToPx(a.time, pane.rect) / this.dpr, y: paneScale(pane).toPx(a.value, pane.rect) / this.dpr };
  }

  /** Typical time between bars near row i (for steps beyond the data). */
  private stepNear(times: Float64Array, i: number): number {
    const n = times.length;
    if (n < 2) return 0;
    const j = Math.max(1, Math.min(n - 1, i));
    return times[j] - times[j - 1];
  }

  /** A time snapped to the nearest bar (beyond the data: to the bar grid the data continues). */
  snapTime(t: number): number {
    const times = this.engine.times();
    const n = times.length;
    if (n === 0) return t;
    if (t <= times[0] || t >= times[n - 1]) {
      const edge = t <= times[0] ? 0 : n - 1;
      const step = this.stepNear(times, edge === 0 ? 1 : n - 1);
      return step > 0 ? times[edge] + Math.round((t - times[edge]) / step) * step : times[edge];
    }
    const i = lowerBound(times, t);
    return t - times[i - 1] <= times[i] - t ? times[i - 1] : times[i];
  }

  /** The anchor under a point: time on a bar; with the magnet, the bar's nearest O/H/L/C value. */
  anchorAt(x: number, y: number, paneId: string, magnet: boolean): DrawingAnchor | null {
    const raw = this.toData(x, y, paneId);
    if (!raw) return null;
    const time = this.snapTime(raw.time);
    if (!magnet) return { time, value: raw.value };
    const snapped = this.nearestSeriesValue(time, y, paneId);
    return { time, value: snapped ?? raw.value };
  }

  /** The value of the pane's first series at the bar of `time` nearest y (CSS px), or null. */
  nearestSeriesValue(time: number, y: number, paneId: string): number | null {
    const pane = this.pane(paneId);
    const series = pane?.members[0];
    if (!pane || !series) return null;
    const times = series.table.time;
    const i = lowerBound(times, time);
    if (i >= times.length || times[i] !== time) return null;
    let best: number | null = null;
    let bestD = Infinity;
    for (const name of series.columns) {
      const v = series.table.column(name)?.[i];
      if (v === undefined || !Number.isFinite(v)) continue;
      const d = Math.abs(series.scale.toPx(v, pane.rect) / this.dpr - y);
      if (d < bestD) {
        bestD = d;
        best = v;
      }
    }
    return best;
  }

  /** A close-like value at a bar (the value the keyboard cursor starts at). */
  valueAtRow(index: number, paneId: string): number {
    const series = this.pane(paneId)?.members[0];
    return series ? series.valueAt(index) : NaN;
  }

  /** An anchor moved by (dx, dy) CSS px, its time snapped to a bar. */
  moveAnchor(a: DrawingAnchor, dx: number, dy: number, paneId: string): DrawingAnchor {
    const p = this.toCss(a, paneId);
    if (!p) return a;
    const moved = this.toData(p.x + dx, p.y + dy, paneId);
    if (!moved || !Number.isFinite(moved.time) || !Number.isFinite(moved.value)) return a;
    return { time: dx === 0 ? a.time : this.snapTime(moved.time), value: dy === 0 ? a.value : moved.value };
  }

  /** An anchor moved by whole bars (the keyboard's ←/→). */
  moveByBars(a: DrawingAnchor, bars: number): DrawingAnchor {
    const times = this.engine.times();
    const n = times.length;
    if (n < 2) return a;
    const t = this.snapTime(a.time);
    const i = lowerBound(times, t);
    const target = i + bars;
    if (i < n && times[i] === t && target >= 0 && target < n) return { time: times[target], value: a.value };
    const edge = t >= times[n - 1] ? n - 1 : 0;
    const step = this.stepNear(times, edge === 0 ? 1 : n - 1);
    return { time: t + bars * step, value: a.value };
  }

  /** Height in CSS px of a pane's plot (keyboard value steps are a share of it). */
  plotHeight(paneId: string): number {
    const pane = this.pane(paneId);
    return pane ? pane.rect.height / this.dpr : 0;
  }

  /** Row nearest a time, or -1 with no data. */
  rowOf(time: number): number {
    const times = this.engine.times();
    if (!times.length) return -1;
    const i = Math.min(times.length - 1, lowerBound(times, time));
    return i > 0 && time - times[i - 1] < times[i] - time ? i - 1 : i;
  }
}
