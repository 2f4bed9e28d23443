/**
 * Line-shaped series: line, area, baseline and band. Each draws with the `line` family and,
 * for its fill, the `fill` family; from DENSE_ROWS_PER_PX rows per pixel column on, both draw
 * per-column spans (series/column-extents.ts) instead of rows.
 */
import { withAlpha, type Rgba } from '../../colors.js';
import type { GpuValueColumn } from '../../gpu-columns.js';
import { DENSE_ROWS_PER_PX, type ColumnExtentsSource } from '../../series/column-extents.js';
import type { DrawFrame, DrawRange, SeriesRenderer } from '../../series/renderer.js';
import { BUILTIN_FAMILY_NEEDS } from '../../render/gpu-renderer.js';
import type { SeriesContext, SeriesInit } from '../layer.js';
import type { SeriesSpec } from '../../series/spec.js';
import { BaseSeriesLayer, type SeriesEnv } from './base.js';
import { DataOrderThinning } from './data-order-thinning.js';

/**
 * Where a line has at least DENSE_ROWS_PER_PX rows per pixel column in view, what its column
 * spans are computed from (see series/column-extents.ts); null draws it segment by segment.
 */
export function denseLine(layer: BaseSeriesLayer, env: SeriesEnv, range: DrawRange, frame: DrawFrame, col: GpuValueColumn, name: string, step: boolean): ColumnExtentsSource | null {
  if (!frame.levelOfDetail || !layer.mergesByTime) return null;
  const table = layer.table;
  const plot = frame.plot;
  const last = Math.min(range.last, table.offset + table.length - 1);
  if (last - range.first + 1 < DENSE_ROWS_PER_PX * plot.width) return null;
  const times = table.backingColumn('time');
  const values = table.backingColumn(name);
  if (!times || !values) return null;
  const x = env.x;
  const scale = layer.view;
  const offset = table.offset;
  return {
    times,
    values,
    pyramid: col.pyramid,
    first: range.first,
    last,
    valuePx: (v) => scale.toPx(v, plot),
    valueScale: scale,
    // unitsToPx: plot.x + (u - from) * pxPerUnit, u = time, or row - offset in category mode.
    x: { origin: x.category ? offset + x.from : x.from, px0: plot.x, slope: x.pxPerUnit(plot) },
    xByIndex: x.category,
    valueAffine: scale.affinePx(plot),
    step,
  };
}

/** Line family flags (bits 5-6, shaders/line.wgsl) of a spec's `lineStyle`. */
export function dashFlags(spec: SeriesSpec): number {
  return spec.lineStyle === 'dashed' ? 32 : spec.lineStyle === 'dotted' ? 64 : 0;
}

/** The pyramid's GPU copy is bound (and uploaded) only when a draw reads a level of it; level 0 reads rows, and any buffer fills the binding. */
export function lodBuffer(c: GpuValueColumn, level: number): GPUBuffer {
  return level > 0 ? c.pyramidBuffer.buffer : c.ys.buffer;
}

/** The value columns of a draw on the GPU, in order; null while one is missing. */
export function gpuColumns(range: DrawRange, names: readonly string[]): GpuValueColumn[] | null {
  const cols: GpuValueColumn[] = [];
  for (const name of names) {
    const c = range.tableGpu.value(name);
    if (!c) return null;
    cols.push(c);
  }
  return cols;
}

/** Draws one line of `layer`: column spans when dense, else segments (rows or pyramid buckets). */
export function drawLine(layer: BaseSeriesLayer, env: SeriesEnv, ctx: SeriesContext, r: SeriesRenderer, range: DrawRange, col: GpuValueColumn, color: Rgba, color2: Rgba, flags: number, baseY: number, width: number, name: string): void {
  const frame = ctx.frame;
  const fam = frame.families;
  const params = { color, color2, halfWidth: width / 2, barHalfWidth: 0, baseY, flags };
  const dense = denseLine(layer, env, range, frame, col, name, (flags & 1) === 1);
  if (dense) return r.drawColumns(frame, fam.line, range, layer.view, col, dense, params);
  const span = r.polylineSpan(range, col, frame.plot.width);
  r.writeView(frame, range, layer.view, [col], span, params);
  r.draw(frame, fam.line, 'line', range.tableGpu, [col.ys.buffer, lodBuffer(col, span.level)], flags & 1 ? 8 : 4, span.instances);
}

/** Draws the fill of `layer` from line `a` to its base, or between lines `a` and `b` (band). */
export function drawFill(layer: BaseSeriesLayer, env: SeriesEnv, ctx: SeriesContext, r: SeriesRenderer, range: DrawRange, a: GpuValueColumn, b: GpuValueColumn, color: Rgba, color2: Rgba, flags: number, baseY: number): void {
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

/** Common start of a draw: the visible rows and the value columns, or null when there is nothing to draw. */
export function drawInputs(layer: BaseSeriesLayer, ctx: SeriesContext): { range: DrawRange; cols: GpuValueColumn[] } | null {
  const range = ctx.tables.range(layer.table);
  if (!range) return null;
  const cols = gpuColumns(range, layer.columns);
  return cols ? { range, cols } : null;
}

export class LineLayer extends BaseSeriesLayer {
  /** Rows within half a pixel of each other, left out of a dense line in data order (data-order-thinning.ts). */
  private thinning: DataOrderThinning | null = null;

  drawSeries(ctx: SeriesContext): void {
    const input = drawInputs(this, ctx);
    if (!input) return;
    let { range, cols } = input;
    if (!this.mergesByTime && ctx.frame.levelOfDetail) {
      const last = Math.min(range.last, this.table.offset + this.table.length - 1);
      const thinned = (this.thinning ??= new DataOrderThinning()).range(ctx.device, this.table, this.columns[0], range.first, last, this.env.x, ctx.frame.plot, this.view);
      const col = thinned?.tableGpu.value('value');
      if (thinned && col) [range, cols] = [thinned, [col]];
    }
    const c = this.colors.color;
    drawLine(this, this.env, ctx, this.renderer(0, ctx.device, ctx.frame), range, cols[0], c, c, (this.spec.step ? 1 : 0) | dashFlags(this.spec), 0, (this.spec.width ?? 2) * ctx.dpr, this.columns[0]);
  }

  override destroy(): void {
    super.destroy();
    this.thinning?.destroy();
    this.thinning = null;
  }

  override gpuLost(): void {
    super.gpuLost();
    this.thinning?.gpuLost();
  }
}

export class AreaLayer extends BaseSeriesLayer {
  override family = BUILTIN_FAMILY_NEEDS.fill;

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
  override family = BUILTIN_FAMILY_NEEDS.fill;

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
  override family = BUILTIN_FAMILY_NEEDS.fill;
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
