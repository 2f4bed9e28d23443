/**
 * Scatter markers (circle, square, triangle), one per row: a chunk of its own, with its shader,
 * loaded by the first chart that draws a `scatter` series (the kind in kinds.ts waits for it
 * through `pending`: no frame without the markers). A line or candlestick chart never loads it.
 * Every point is drawn up to SCATTER_LIMIT; beyond it, each bucket's extremes.
 */
import scatterSource from '../../../../shaders/scatter.wgsl';
import { seriesFamily } from '../../../gpu/families.js';
import type { FamilyNeed } from '../../render/gpu-renderer.js';
import type { SeriesContext } from '../layer.js';
import { BaseSeriesLayer } from './base.js';
import { SCATTER_LIMIT } from './bars.js';
import { drawInputs, lodBuffer } from './lines.js';

const SCATTER_FAMILY: FamilyNeed = { key: 'scatter', phase: 'gpu', make: (device, format) => seriesFamily(device, format, 'scatter', scatterSource, 2) };

export class ScatterLayer extends BaseSeriesLayer {
  override family = SCATTER_FAMILY;
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
