/**
 * Bar-shaped series: candlestick, OHLC and histogram, drawn with the `bars` family. Bars merge
 * into buckets (pyramid levels) before they would be closer than 3 device pixels; scatter
 * markers (the `scatter` family) keep every point up to SCATTER_LIMIT.
 */
import type { ColumnTable } from '../../../data/table.js';
import type { Rgba } from '../../colors.js';
import type { PlotRect } from '../../scales.js';
import { formatNumber } from '../../scene/pane.js';
import { BUILTIN_FAMILY_NEEDS } from '../../render/gpu-renderer.js';
import type { HitContext, SeriesContext, SeriesHit } from '../layer.js';
import { BaseSeriesLayer, HIT_TOLERANCE_PX, type SeriesEnv } from './base.js';
import { drawInputs, lodBuffer } from './lines.js';
import type { XMapping } from '../../x-mapping.js';

/** Scatter draws every visible point up to this many; beyond it, each bucket's extremes. */
export const SCATTER_LIMIT = 1_000_000;

/** Average spacing of the visible rows in device px (bars are sized from it). */
function pxPerRow(x: XMapping, table: ColumnTable, first: number, last: number, plot: PlotRect): number {
  if (x.category) return x.pxPerUnit(plot);
  const t = table.time;
  last = Math.min(last, t.length - 1);
  if (last <= first) return plot.width / 2;
  return ((t[last] - t[first]) * x.pxPerUnit(plot)) / (last - first);
}

abstract class BarsBase extends BaseSeriesLayer {
  override family = BUILTIN_FAMILY_NEEDS.bars;
  override needsEdgeRoom = true;
  /** Half the last frame's bar width, CSS px (hit tests). */
  private lastBarHalfWidthCss = 0;
  /** 0 candlestick, 1 OHLC, 2 histogram (the bars shader's kind). */
  protected abstract readonly kind: 0 | 1 | 2;

  protected override halfWidthCss(): number {
    return this.lastBarHalfWidthCss;
  }

  drawSeries(ctx: SeriesContext): void {
    const input = drawInputs(this, ctx);
    if (!input) return;
    const { range, cols } = input;
    const frame = ctx.frame;
    const bars = frame.families.bars;
    if (!bars) return; // its pipeline failed (reported)
    const { dpr, plot } = frame;
    const spec = this.spec;
    const scale = this.view;
    const kind = this.kind;
    const value = cols[0];
    const [o, h, l, c] = kind === 2 ? [cols[1] ?? value, value, value, cols[2] ?? value] : [cols[0], cols[1], cols[2], cols[3]];
    const r = this.renderer(0, ctx.device, frame);
    // Merge bars into buckets before they get thinner than 3 device pixels apart.
    const span = r.barSpan(range, h, pxPerRow(this.env.x, this.table, range.first - range.offset, range.last - range.offset, plot), 3 * dpr);
    const fraction = kind === 0 ? 0.7 : 0.8;
    const barHalfWidth = Math.max(0.5, Math.floor((span.barPx * fraction) / 2));
    this.lastBarHalfWidthCss = barHalfWidth / dpr;
    const thickness = kind === 1 ? Math.max(1, Math.round(dpr * (span.barPx > 8 * dpr ? 1.5 : 1))) : Math.max(1, Math.round(dpr));
    let flags: number = kind;
    if (kind === 0 && spec.hollow) flags |= 16;
    if (kind === 2 && spec.colorBy === 'direction') flags |= 32;
    if (kind === 2 && spec.colorBy === 'sign') flags |= 64;
    const baseY = kind === 2 ? Math.round(scale.toPx(spec.baseValue ?? (scale.mode === 'log' ? scale.min : 0), plot)) : 0;
    r.writeView(frame, range, scale, [o, h, l, c], span, { color: this.colors.color, color2: this.colors.color2, halfWidth: thickness / 2, barHalfWidth, baseY, flags });
    r.draw(frame, bars, 'bars', range.tableGpu, [o.ys.buffer, h.ys.buffer, l.ys.buffer, c.ys.buffer, lodBuffer(h, span.level), lodBuffer(l, span.level)], 12, span.instances);
  }
}

/** Candlestick and OHLC bars: columns open, high, low, close. */
export class OhlcLayer extends BarsBase {
  protected readonly kind: 0 | 1;

  constructor(init: ConstructorParameters<typeof BaseSeriesLayer>[0], env: SeriesEnv, kind: 'candlestick' | 'ohlc') {
    super(init, env);
    this.kind = kind === 'candlestick' ? 0 : 1;
  }

  protected override get mainColumn(): string {
    return this.columns[3];
  }

  protected override get extentColumns(): readonly string[] {
    return [this.columns[1], this.columns[2]];
  }

  override legendValue(index: number, locale: string | undefined): string {
    const i = this.legendRow(index);
    if (i < 0) return '';
    const f = (name: string) => formatNumber(this.table.column(name)?.[i] ?? NaN, locale);
    return `O ${f(this.columns[0])} H ${f(this.columns[1])} L ${f(this.columns[2])} C ${f(this.columns[3])}`;
  }

  protected override lastValueColor(): Rgba {
    const o = this.table.column(this.columns[0]);
    const c = this.table.column(this.columns[3] ?? this.columns[0]);
    const up = !o || !c || !o.length ? true : c[c.length - 1] >= o[o.length - 1];
    return up ? this.colors.color : this.colors.color2;
  }

  /** Inside the bar's high–low range (and its width) is a hit at distance 0. */
  override hitTest(xCss: number, yCss: number, ctx: HitContext): SeriesHit | null {
    const index = ctx.indexAtX(xCss);
    if (index < 0 || Math.abs(ctx.xOfIndex(index) - xCss) > HIT_TOLERANCE_PX + this.halfWidthCss()) return null;
    const hi = this.table.column(this.columns[1])?.[index] ?? NaN;
    const lo = this.table.column(this.columns[2])?.[index] ?? NaN;
    if (!Number.isFinite(hi) || !Number.isFinite(lo)) return null;
    const top = this.view.toPx(hi, ctx.plot) / ctx.dpr;
    const bottom = this.view.toPx(lo, ctx.plot) / ctx.dpr;
    const distance = yCss < top ? top - yCss : yCss > bottom ? yCss - bottom : 0;
    return distance <= HIT_TOLERANCE_PX ? { distance, index } : null;
  }
}

/** Columns from a base value (volume, MACD histogram). */
export class HistogramLayer extends BarsBase {
  protected readonly kind = 2 as const;
  override growsFromBase = true;
  protected override lastValueByDefault = false;

  protected override widenExtent(lo: number, hi: number): [number, number] {
    if (this.view.mode !== 'linear') return [lo, hi];
    const base = this.spec.baseValue ?? 0;
    return [Math.min(lo, base), Math.max(hi, base)];
  }
}

/** Markers (circle, square, triangle), one per row. */
export class ScatterLayer extends BaseSeriesLayer {
  override family = BUILTIN_FAMILY_NEEDS.scatter;
  override needsEdgeRoom = true;
  protected override lastValueByDefault = false;

  protected override halfWidthCss(): number {
    return (this.spec.size ?? 6) / 2;
  }

  drawSeries(ctx: SeriesContext): void {
    const input = drawInputs(this, ctx);
    if (!input) return;
    const { range, cols } = input;
    const frame = ctx.frame;
    const scatter = frame.families.scatter;
    if (!scatter) return; // its pipeline failed (reported)
    const r = this.renderer(0, ctx.device, frame);
    const col = cols[0];
    const rows = range.last - range.first + 1;
    const tg = range.tableGpu;
    // Every point up to the limit; beyond it each bucket's extremes (see README).
    const span =
      rows <= SCATTER_LIMIT
        ? { level: 0, firstVertex: range.first, instances: rows, rowFrom: range.first, rowTo: Math.min(range.last, tg.time.rows - 1) }
        : (() => {
            const p = r.polylineSpan(range, col, frame.plot.width);
            return { ...p, instances: p.instances + 1 };
          })();
    const spec = this.spec;
    const shape = spec.marker === 'square' ? 1 : spec.marker === 'triangle' ? 2 : 0;
    const c = this.colors.color;
    r.writeView(frame, range, this.view, [col], span, { color: c, color2: c, halfWidth: ((spec.size ?? 6) * frame.dpr) / 2, barHalfWidth: 0, baseY: 0, flags: shape });
    r.draw(frame, scatter, 'scatter', tg, [col.ys.buffer, lodBuffer(col, span.level)], 4, span.instances);
  }
}
