/**
 * Line-shaped series: the line, and what area, baseline and band (fills.ts, a lazy chunk) draw
 * their lines with: the `line` family; from DENSE_ROWS_PER_PX rows per pixel column on, lines and
 * fills draw per-column spans (series/column-extents.ts) instead of rows.
 */
import type { Rgba } from '../../colors.js';
import type { GpuValueColumn } from '../../gpu-columns.js';
import { DENSE_ROWS_PER_PX, type ColumnExtentsSource } from '../../series/column-extents.js';
import type { DrawFrame, DrawRange, SeriesRenderer } from '../../series/renderer.js';
import type { SeriesContext } from '../layer.js';
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
