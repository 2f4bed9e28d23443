/**
 * Level of detail for a line drawn in data order (`order: 'data'`): rows whose neighbours in the
 * table are not neighbours in x cannot be merged by time (pyramid, column spans), but consecutive
 * rows that land within half a device pixel of the last row kept add nothing visible. Where a
 * view shows many more rows than the plot has pixel columns, the rows kept (the first, the last,
 * every gap and the rows around it, and each row at least half a pixel from the previous kept one
 * in x or y) go into a small table of their own, and the line is drawn from it: the drawn path
 * stays within half a pixel of the full one. Recomputed only when the rows, the view or the
 * scale change.
 */
import { ColumnTable } from '../../../data/table.js';
import { releaseTableGpu, retainTableGpu, type TableGpu } from '../../gpu-columns.js';
import type { DrawRange } from '../../series/renderer.js';
import type { PlotRect, ValueScale } from '../../scales.js';
import type { XMapping } from '../../x-mapping.js';

/** Thinning starts where a view holds this many rows per plot pixel column. */
const ROWS_PER_PX = 4;

export class DataOrderThinning {
  private readonly kept = new ColumnTable();
  private tg: TableGpu | null = null;
  private device: GPUDevice | null = null;
  private key = '';

  constructor() {
    this.kept.dataOrder = true;
  }

  /**
   * The rows to draw instead of [first, last] of `source` (a range over a table of its own), or
   * null when the view is sparse enough to draw every row.
   */
  range(device: GPUDevice, source: ColumnTable, column: string, first: number, last: number, x: XMapping, plot: PlotRect, scale: ValueScale): DrawRange | null {
    if (x.category || last - first + 1 < ROWS_PER_PX * plot.width) return null;
    const times = source.backingColumn('time');
    const values = source.backingColumn(column);
    if (!times || !values) return null;
    if (this.device !== device) {
      this.release();
      this.device = device;
      this.tg = retainTableGpu(device, this.kept);
    }
    const key = `${source.version}|${source.layoutVersion}|${first}|${last}|${x.from}|${x.to}|${plot.x}|${plot.y}|${plot.width}|${plot.height}|${scale.toPx(0, plot)}|${scale.toPx(1, plot)}`;
    if (key !== this.key) {
      this.key = key;
      this.thin(times, values, first, last, x, plot, scale);
    }
    const tg = this.tg!;
    tg.sync(['value']);
    return this.kept.length ? { tableGpu: tg, first: 0, last: this.kept.length - 1, offset: 0 } : null;
  }

  private thin(times: Float64Array, values: Float64Array, first: number, last: number, x: XMapping, plot: PlotRect, scale: ValueScale): void {
    const n = last - first + 1;
    const keptTime = new Float64Array(n);
    const keptValue = new Float64Array(n);
    const slope = x.pxPerUnit(plot);
    const x0 = plot.x;
    const from = x.from;
    const right = plot.x + plot.width;
    const bottom = plot.y + plot.height;
    // Which outside half-planes of the plot a point is in (left 1, right 2, above 4, below 8).
    const outside = (px: number, py: number) => (px < x0 ? 1 : 0) | (px > right ? 2 : 0) | (py < plot.y ? 4 : 0) | (py > bottom ? 8 : 0);
    let k = 0;
    let lastX = NaN;
    let lastY = NaN;
    let lastCode = 0;
    let lastWasGap = true;
    let px = x0 + (times[first] - from) * slope;
    let py = values[first] === values[first] ? scale.toPx(values[first], plot) : NaN;
    for (let i = first; i <= last; i++) {
      const v = values[i];
      const gap = v !== v;
      const nextGap = i < last && values[i + 1] !== values[i + 1];
      const nx = i < last ? x0 + (times[i + 1] - from) * slope : NaN;
      const ny = i < last && !nextGap ? scale.toPx(values[i + 1], plot) : NaN;
      const code = gap ? 0 : outside(px, py);
      // Kept: the ends, gaps and the rows beside them (a line stops and starts there), and rows
      // half a pixel from the last kept one, unless this row, the last kept one and the next one
      // share an outside half-plane of the plot (the segments there cannot be seen).
      let keep = i === first || i === last || gap || lastWasGap || nextGap;
      if (!keep && (Math.abs(px - lastX) >= 0.5 || Math.abs(py - lastY) >= 0.5)) keep = (lastCode & code & outside(nx, ny)) === 0;
      lastWasGap = gap;
      if (keep) {
        keptTime[k] = times[i];
        keptValue[k] = v;
        k++;
        lastX = px;
        lastY = py;
        lastCode = code;
      }
      px = nx;
      py = ny;
    }
    this.kept.replace({ time: keptTime.subarray(0, k), value: keptValue.subarray(0, k) }, 'load', true);
  }

  private release(): void {
    if (this.tg && this.device) releaseTableGpu(this.device, this.tg);
    this.tg = null;
    this.device = null;
    this.key = '';
  }

  /** The GPU copy is given back (the layer is destroyed). */
  destroy(): void {
    this.release();
  }

  /** The device is gone: its copy is forgotten, not destroyed. */
  gpuLost(): void {
    this.tg = null;
    this.device = null;
    this.key = '';
  }
}
