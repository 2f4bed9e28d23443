/**
 * Bar-shaped series: candlestick, OHLC and histogram, drawn with the `bars` family (scatter
 * markers, which keep every point up to SCATTER_LIMIT, are a lazy chunk: scatter.ts).
 *
 * The bar rule (as in lightweight-charts, plus merging): a bar's body is about 80 % of the bar
 * spacing, and as many pixels wider than the wick on each side (an odd width around a 1 px
 * wick), so the wick sits in its middle; bars get as thin as one device pixel. Closer than MIN_BAR_SPACING_PX, bars merge into buckets of 2^k rows (the
 * pyramid's levels): one OHLC bar per bucket (first open, highest high, lowest low, last close).
 * The crosshair, legend, tooltip and hit test then work on the bucket (`mergedRows`): the
 * crosshair line lands on the merged bar's wick and the readout is the bucket's OHLC and span.
 */
import type { ColumnTable } from '../../../data/table.js';
import type { Rgba } from '../../colors.js';
import type { PlotRect } from '../../scales.js';
import { BUILTIN_FAMILY_NEEDS } from '../../render/gpu-renderer.js';
import type { HitContext, SeriesContext, SeriesHit, SeriesReadout } from '../layer.js';
import { BaseSeriesLayer, HIT_TOLERANCE_PX, type SeriesEnv } from './base.js';
import { drawInputs, lodBuffer } from './lines.js';
import type { XMapping } from '../../x-mapping.js';

/** Scatter draws every visible point up to this many; beyond it, each bucket's extremes. */
export const SCATTER_LIMIT = 1_000_000;

/** Bars closer than this (device px) merge into buckets. */
export const MIN_BAR_SPACING_PX = 2;

/**
 * Body width (device px) of bars `spacing` device px apart with a wick `wick` px thick: about
 * 80 % of the spacing (3 px from 3.5 px on, so bodies show beside their wicks), never wider than
 * the spacing, and wider than the wick by the same amount on both sides (so the wick is
 * centred); never thinner than the wick.
 */
export function barBodyWidth(spacing: number, wick: number): number {
  const share = Math.floor(spacing * 0.8);
  let w = Math.min(spacing >= 3.5 ? Math.max(share, 3) : share, Math.floor(spacing));
  if (w <= wick) return wick;
  if ((w - wick) % 2 === 1) w -= 1;
  return w;
}

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
  /** The last frame's merging: buckets of 2^level GPU rows (0: none); GPU row = table row + offset. */
  private merge = { level: 0, offset: 0 };
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
    // Merge bars into buckets once they would be closer than MIN_BAR_SPACING_PX.
    const span = r.barSpan(range, h, pxPerRow(this.env.x, this.table, range.first - range.offset, range.last - range.offset, plot), MIN_BAR_SPACING_PX);
    this.merge = { level: span.level, offset: range.offset };
    const thickness = kind === 1 ? Math.max(1, Math.round(dpr * (span.barPx > 8 * dpr ? 1.5 : 1))) : Math.max(1, Math.round(dpr));
    const barHalfWidth = barBodyWidth(span.barPx, thickness) / 2;
    this.lastBarHalfWidthCss = barHalfWidth / dpr;
    let flags: number = kind;
    if (kind === 0 && spec.hollow) flags |= 16;
    if (kind === 2 && spec.colorBy === 'direction') flags |= 32;
    if (kind === 2 && spec.colorBy === 'sign') flags |= 64;
    const baseY = kind === 2 ? Math.round(scale.toPx(spec.baseValue ?? (scale.mode === 'log' ? scale.min : 0), plot)) : 0;
    r.writeView(frame, range, scale, [o, h, l, c], span, { color: this.colors.color, color2: this.colors.color2, halfWidth: thickness / 2, barHalfWidth, baseY, flags });
    r.draw(frame, bars, 'bars', range.tableGpu, [o.ys.buffer, h.ys.buffer, l.ys.buffer, c.ys.buffer, lodBuffer(h, span.level), lodBuffer(l, span.level)], 12, span.instances);
  }

  /** The table rows of the bucket drawn with row `index`, when the last frame merged bars. */
  mergedRows(index: number): { first: number; last: number } | null {
    const { level, offset } = this.merge;
    const n = this.table.length;
    if (level === 0 || index < 0 || index >= n) return null;
    const bucket = (index + offset) >> level;
    return { first: Math.max(0, (bucket << level) - offset), last: Math.min(n - 1, ((bucket + 1) << level) - 1 - offset) };
  }

  /** Extremes of a column over rows first..last (a merged bar's high and low). */
  protected extreme(name: string, first: number, last: number, pick: (a: number, b: number) => number): number {
    const v = this.table.column(name);
    if (!v) return NaN;
    let out = NaN;
    for (let i = first; i <= last; i++) if (Number.isFinite(v[i])) out = Number.isNaN(out) ? v[i] : pick(out, v[i]);
    return out;
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

  /** Open of the first row, highest high, lowest low, close of the last row; change from the close before. */
  override readout(first: number, last: number): SeriesReadout {
    const [o, h, l, c] = this.columns.map((name) => this.table.column(name));
    const close = c?.[last] ?? NaN;
    const before = first > 0 ? (c?.[first - 1] ?? NaN) : NaN;
    return {
      fields: [
        { name: 'open', value: o?.[first] ?? NaN },
        { name: 'high', value: first === last ? (h?.[first] ?? NaN) : this.extreme(this.columns[1], first, last, Math.max) },
        { name: 'low', value: first === last ? (l?.[first] ?? NaN) : this.extreme(this.columns[2], first, last, Math.min) },
        { name: 'close', value: close },
      ],
      change: Number.isFinite(before) && before !== 0 ? ((close - before) / Math.abs(before)) * 100 : NaN,
    };
  }

  protected override lastValueColor(): Rgba {
    const o = this.table.column(this.columns[0]);
    const c = this.table.column(this.columns[3] ?? this.columns[0]);
    const up = !o || !c || !o.length ? true : c[c.length - 1] >= o[o.length - 1];
    return up ? this.colors.color : this.colors.color2;
  }

  /** Inside the bar's high–low range (and its width) is a hit at distance 0; merged bars as drawn. */
  override hitTest(xCss: number, yCss: number, ctx: HitContext): SeriesHit | null {
    const index = ctx.indexAtX(xCss);
    if (index < 0) return null;
    const merged = this.mergedRows(index);
    const first = merged?.first ?? index;
    const last = merged?.last ?? index;
    const centre = (ctx.xOfIndex(first) + ctx.xOfIndex(last)) / 2;
    if (Math.abs(centre - xCss) > HIT_TOLERANCE_PX + this.halfWidthCss()) return null;
    const hi = this.extreme(this.columns[1], first, last, Math.max);
    const lo = this.extreme(this.columns[2], first, last, Math.min);
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

  protected override compactByDefault(): boolean {
    return /volume/i.test(this.columns[0] ?? '');
  }

  /** A merged column draws its bucket's highest value: so does its readout. */
  override readout(first: number, last: number): SeriesReadout {
    const value = first === last ? this.valueAt(first) : this.extreme(this.columns[0], first, last, Math.max);
    return { fields: [{ name: 'value', value }], change: NaN };
  }

  protected override widenExtent(lo: number, hi: number): [number, number] {
    if (this.view.mode !== 'linear') return [lo, hi];
    const base = this.spec.baseValue ?? 0;
    return [Math.min(lo, base), Math.max(hi, base)];
  }
}
