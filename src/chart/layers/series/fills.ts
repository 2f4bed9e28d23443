/**
 * Filled series: area, baseline and band, drawn with the `fill` family (shaders/fill.wgsl) under
 * their lines. A chunk of its own, with its shader, loaded by the first chart that draws one of
 * them (the kinds in kinds.ts wait for it through `pending`: no frame without the fill); a line or
 * candlestick chart never loads it.
 */
import fillSource from '../../../../shaders/fill.wgsl';
import { seriesFamily } from '../../../gpu/families.js';
import { withAlpha, type Rgba } from '../../colors.js';
import type { GpuValueColumn } from '../../gpu-columns.js';
import type { FamilyNeed } from '../../render/gpu-renderer.js';
import type { SeriesRenderer, DrawRange } from '../../series/renderer.js';
import type { SeriesContext, SeriesInit } from '../layer.js';
import { BaseSeriesLayer, type SeriesEnv } from './base.js';
import { dashFlags, denseLine, drawInputs, drawLine, lodBuffer } from './lines.js';

const FILL_FAMILY: FamilyNeed = { key: 'fill', phase: 'gpu', make: (device, format) => seriesFamily(device, format, 'fill', fillSource, 4) };

/** Draws the fill of `layer` from line `a` to its base, or between lines `a` and `b` (band). */
function drawFill(layer: BaseSeriesLayer, env: SeriesEnv, ctx: SeriesContext, r: SeriesRenderer, range: DrawRange, a: GpuValueColumn, b: GpuValueColumn, color: Rgba, color2: Rgba, flags: number, baseY: number): void {
  const frame = ctx.frame;
  const fillFam = frame.families.fill;
  if (!fillFam) return; // its pipeline failed (reported)
  const band = a !== b;
  const denseA = denseLine(layer, env, range, frame, a, layer.columns[0], (flags & 1) === 1);
  const denseB = band ? denseLine(layer, env, range, frame, b, layer.columns[1], false) : null;
  const params = { color, color2, halfWidth: 0, barHalfWidth: 0, baseY, flags };
  if (denseA && (!band || denseB)) return r.drawFillColumns(frame, fillFam, range, layer.view, a, denseA, denseB, params);
  const span = r.polylineSpan(range, a, frame.plot.width);
  r.writeView(frame, range, layer.view, [a, b], span, params);
  r.draw(frame, fillFam, 'fill', range.tableGpu, [a.ys.buffer, lodBuffer(a, span.level), b.ys.buffer, lodBuffer(b, span.level)], 4, span.instances);
}

export class AreaLayer extends BaseSeriesLayer {
  override family = FILL_FAMILY;

  drawSeries(ctx: SeriesContext): void {
    const input = drawInputs(this, ctx);
    if (!input) return;
    const { range, cols } = input;
    const plot = ctx.frame.plot;
    const c = this.colors.color;
    const step = this.spec.step ? 1 : 0;
    const baseY = this.spec.baseValue !== undefined ? this.view.toPx(this.spec.baseValue, plot) : plot.y + plot.height;
    drawFill(this, this.env, ctx, this.renderer(0, ctx.device, ctx.frame), range, cols[0], cols[0], withAlpha(c, 0.45), withAlpha(c, 0.04), step, baseY);
    drawLine(this, this.env, ctx, this.renderer(1, ctx.device, ctx.frame), range, cols[0], c, c, step | dashFlags(this.spec), 0, (this.spec.width ?? 2) * ctx.dpr, this.columns[0]);
  }
}

export class BaselineLayer extends BaseSeriesLayer {
  override family = FILL_FAMILY;

  drawSeries(ctx: SeriesContext): void {
    const input = drawInputs(this, ctx);
    if (!input) return;
    const { range, cols } = input;
    const { color, color2 } = this.colors;
    const first = this.firstVisibleValue();
    const base = this.spec.baseValue ?? (Number.isFinite(first) ? first : (cols[0]?.origin ?? 0));
    const baseY = Math.round(this.view.toPx(base, ctx.frame.plot));
    drawFill(this, this.env, ctx, this.renderer(0, ctx.device, ctx.frame), range, cols[0], cols[0], withAlpha(color, 0.28), withAlpha(color2, 0.28), 1 << 4, baseY);
    drawLine(this, this.env, ctx, this.renderer(1, ctx.device, ctx.frame), range, cols[0], color, color2, 2 | dashFlags(this.spec), baseY, (this.spec.width ?? 2) * ctx.dpr, this.columns[0]);
  }
}

export class BandLayer extends BaseSeriesLayer {
  override family = FILL_FAMILY;
  protected override lastValueByDefault = false;

  constructor(init: SeriesInit, env: SeriesEnv) {
    super(init, env);
  }

  protected override get extentColumns(): readonly string[] {
    return this.columns;
  }

  override legendValue(index: number, locale: string | undefined): string {
    const i = this.legendRow(index);
    if (i < 0) return '';
    const f = (name: string) => this.valueFormat.format(this.table.column(name)?.[i] ?? NaN, locale);
    return `${f(this.columns[0])} / ${f(this.columns[1])}`;
  }

  drawSeries(ctx: SeriesContext): void {
    const input = drawInputs(this, ctx);
    if (!input) return;
    const { range, cols } = input;
    const c = this.colors.color;
    const width = (this.spec.width ?? 1) * ctx.dpr;
    drawFill(this, this.env, ctx, this.renderer(0, ctx.device, ctx.frame), range, cols[0], cols[1], withAlpha(c, 0.16), withAlpha(c, 0.16), 2 << 4, 0);
    drawLine(this, this.env, ctx, this.renderer(1, ctx.device, ctx.frame), range, cols[0], c, c, dashFlags(this.spec), 0, width, this.columns[0]);
    drawLine(this, this.env, ctx, this.renderer(2, ctx.device, ctx.frame), range, cols[1], c, c, dashFlags(this.spec), 0, width, this.columns[1]);
  }
}
