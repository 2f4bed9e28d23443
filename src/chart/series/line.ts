/**
 * A line series: one value column drawn as an anti-aliased polyline, optionally stepped.
 * Each frame draws the visible rows, or the pyramid level whose buckets are at most half a
 * pixel wide, so the cost follows the plot's width, not the row count.
 */
import { MinMaxPyramid } from '../../data/lod.js';
import type { Family } from '../../gpu/families.js';
import { GrowableBuffer, createBuffer } from '../../gpu/buffers.js';
import { BLOCK_SHIFT } from '../gpu-columns.js';
import type { Rgba } from '../colors.js';
import type { FrameContext } from '../frame.js';

const UNIFORM_BYTES = 80;

export interface LineStyle {
  color: Rgba;
  /** Line width in CSS pixels. */
  width: number;
  step: boolean;
}

export class LineRenderer {
  private uniform: GPUBuffer;
  private uniformBytes = new ArrayBuffer(UNIFORM_BYTES);
  private f32 = new Float32Array(this.uniformBytes);
  private u32 = new Uint32Array(this.uniformBytes);
  private blockPx: GrowableBuffer;
  private blockScratch = new Float32Array(64);
  private bindGroup: GPUBindGroup | null = null;
  private bound: GPUBuffer[] = [];

  constructor(private readonly device: GPUDevice) {
    this.uniform = createBuffer(device, { label: 'line view', size: UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.blockPx = new GrowableBuffer(device, 'line block px', GPUBufferUsage.STORAGE, 256);
  }

  draw(ctx: FrameContext, family: Family, valueColumn: string, style: LineStyle): void {
    const { tableGpu, plot, time, value } = ctx;
    const col = tableGpu.value(valueColumn);
    const rows = tableGpu.time.rows;
    if (!col || rows < 1 || ctx.last < ctx.first) return;
    const first = ctx.first;
    const last = Math.min(ctx.last, rows - 1);

    const rowsPerPx = (last - first + 1) / Math.max(1, plot.width);
    const level = MinMaxPyramid.levelFor(rowsPerPx, col.pyramid.levels);
    let firstVertex: number;
    let instances: number;
    let rowFrom: number;
    let rowTo: number;
    if (level === 0) {
      firstVertex = first;
      instances = Math.max(0, last - first);
      rowFrom = first;
      rowTo = last;
      if (instances === 0) instances = 1; // a single row still draws as a dot (zero-length segment)
    } else {
      const b0 = first >> level;
      const b1 = last >> level;
      firstVertex = 2 * b0;
      instances = 2 * (b1 - b0) + 1;
      rowFrom = b0 << level;
      rowTo = Math.min(rows - 1, ((b1 + 1) << level) - 1);
    }

    // Pixel x of each touched block's origin, computed in float64.
    const firstBlock = rowFrom >> BLOCK_SHIFT;
    const lastBlock = rowTo >> BLOCK_SHIFT;
    const nBlocks = lastBlock - firstBlock + 1;
    const totalBlocks = (rows >> BLOCK_SHIFT) + 1;
    if (this.blockScratch.length < totalBlocks) this.blockScratch = new Float32Array(totalBlocks * 2);
    // Sized for every block of the column, so panning and zooming never grow it.
    this.blockPx.ensure(this.blockScratch.byteLength);
    const origins = tableGpu.time.blockOrigins;
    const pxPerMs = time.pxPerMs(plot);
    for (let b = 0; b < nBlocks; b++) this.blockScratch[b] = plot.x + (origins[firstBlock + b] - time.from) * pxPerMs;
    this.blockPx.writeRange(this.blockScratch, 0, nBlocks);

    const g = value.gpuParams(col.origin, plot);
    const f = this.f32;
    const u = this.u32;
    f[0] = ctx.canvasPx[0];
    f[1] = ctx.canvasPx[1];
    f[2] = plot.y + plot.height;
    f[3] = pxPerMs;
    f[4] = g.pxPerUnit;
    f[5] = g.valueOffsetPx;
    f[6] = col.origin;
    f[7] = (style.width * ctx.dpr) / 2;
    f[8] = style.color[0];
    f[9] = style.color[1];
    f[10] = style.color[2];
    f[11] = style.color[3];
    u[12] = firstVertex;
    u[13] = level;
    u[14] = level > 0 ? col.pyramid.levelStart[level] : 0;
    u[15] = rows;
    u[16] = g.logScale ? 1 : 0;
    u[17] = style.step ? 1 : 0;
    u[18] = firstBlock;
    u[19] = BLOCK_SHIFT;
    this.device.queue.writeBuffer(this.uniform, 0, this.uniformBytes);

    // Rebuild the bind group only when a buffer behind it was replaced (growth, new data).
    const buffers = [tableGpu.time.xs.buffer, col.ys.buffer, this.blockPx.buffer, col.pyramidBuffer.buffer];
    if (!this.bindGroup || buffers.some((buf, i) => this.bound[i] !== buf)) {
      this.bindGroup = this.device.createBindGroup({
        layout: family.layout,
        entries: [
          { binding: 0, resource: { buffer: this.uniform } },
          ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
        ],
      });
      this.bound = buffers;
    }
    ctx.pass.setPipeline(family.pipeline);
    ctx.pass.setBindGroup(0, this.bindGroup);
    ctx.pass.draw(style.step ? 12 : 6, instances);
  }

  destroy(): void {
    this.uniform.destroy();
    this.blockPx.destroy();
  }
}
