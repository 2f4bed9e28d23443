/**
 * Batches shapes for one draw call (shaders/rects.wgsl): axis-aligned rectangles (grid lines,
 * dividers, crosshair, tag backgrounds), anti-aliased segments of any slope (drawings), filled
 * convex quads and discs. The scratch array and GPU buffer are reused from frame to frame.
 */
import type { Family } from '../gpu/families.js';
import { GrowableBuffer, createBuffer, destroyBuffer } from '../gpu/buffers.js';
import { drawQuads } from '../gpu/quad-index.js';
import type { Rgba } from './colors.js';

const FLOATS_PER_RECT = 16;

const enum ShapeKind {
  Rect = 0,
  Segment = 1,
  Quad = 2,
  Disc = 3,
}

export class RectBatch {
  private scratch = new Float32Array(256 * FLOATS_PER_RECT);
  private count = 0;
  private storage: GrowableBuffer;
  private uniform: GPUBuffer;
  private uniformData = new Float32Array(4);
  private bindGroup: GPUBindGroup | null = null;
  private boundGeneration = -1;

  constructor(private readonly device: GPUDevice) {
    this.storage = new GrowableBuffer(device, 'rects', GPUBufferUsage.STORAGE, this.scratch.byteLength);
    this.uniform = createBuffer(device, { label: 'rects view', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  }

  reset(): void {
    this.count = 0;
  }

  add(x0: number, y0: number, x1: number, y1: number, c: Rgba): void {
    if (x1 <= x0 || y1 <= y0) return;
    this.push(ShapeKind.Rect, x0, y0, x1, y1, 0, 0, 0, 0, c);
  }

  /**
   * A segment from (x0, y0) to (x1, y1), `width` device px wide with square caps, anti-aliased;
   * `dash` is (on, off) in device px along it, or null for a solid line.
   */
  segment(x0: number, y0: number, x1: number, y1: number, width: number, c: Rgba, dash: readonly [number, number] | null = null): void {
    if (![x0, y0, x1, y1].every(Number.isFinite)) return;
    this.push(ShapeKind.Segment, x0, y0, x1, y1, width, dash ? dash[0] : 0, dash ? dash[1] : 0, 0, c);
  }

  /** A filled convex quad with corners in order around it (a triangle repeats its last corner). */
  quad(p0x: number, p0y: number, p1x: number, p1y: number, p2x: number, p2y: number, p3x: number, p3y: number, c: Rgba): void {
    if (![p0x, p0y, p1x, p1y, p2x, p2y, p3x, p3y].every(Number.isFinite)) return;
    this.push(ShapeKind.Quad, p0x, p0y, p1x, p1y, p2x, p2y, p3x, p3y, c);
  }

  /** A filled disc, anti-aliased. */
  disc(cx: number, cy: number, radius: number, c: Rgba): void {
    if (!(radius > 0) || !Number.isFinite(cx) || !Number.isFinite(cy)) return;
    this.push(ShapeKind.Disc, cx, cy, radius, 0, 0, 0, 0, 0, c);
  }

  private push(kind: ShapeKind, a0: number, a1: number, a2: number, a3: number, b0: number, b1: number, b2: number, b3: number, c: Rgba): void {
    if ((this.count + 1) * FLOATS_PER_RECT > this.scratch.length) {
      const next = new Float32Array(this.scratch.length * 2);
      next.set(this.scratch);
      this.scratch = next;
    }
    const o = this.count++ * FLOATS_PER_RECT;
    const s = this.scratch;
    s[o] = a0;
    s[o + 1] = a1;
    s[o + 2] = a2;
    s[o + 3] = a3;
    s[o + 4] = b0;
    s[o + 5] = b1;
    s[o + 6] = b2;
    s[o + 7] = b3;
    s[o + 8] = c[0];
    s[o + 9] = c[1];
    s[o + 10] = c[2];
    s[o + 11] = c[3];
    s[o + 12] = kind;
  }

  /** A horizontal line of `width` device px centred on y, snapped to whole pixels. */
  hline(x0: number, x1: number, y: number, width: number, c: Rgba): void {
    const w = Math.max(1, Math.round(width));
    const top = Math.round(y - w / 2);
    this.add(Math.round(x0), top, Math.round(x1), top + w, c);
  }

  vline(x: number, y0: number, y1: number, width: number, c: Rgba): void {
    const w = Math.max(1, Math.round(width));
    const left = Math.round(x - w / 2);
    this.add(left, Math.round(y0), left + w, Math.round(y1), c);
  }

  draw(pass: GPURenderPassEncoder, family: Family, canvasPx: [number, number]): void {
    if (!this.count) return;
    this.storage.ensure(this.count * FLOATS_PER_RECT * 4);
    this.storage.writeRange(this.scratch, 0, this.count * FLOATS_PER_RECT);
    this.uniformData[0] = canvasPx[0];
    this.uniformData[1] = canvasPx[1];
    this.device.queue.writeBuffer(this.uniform, 0, this.uniformData);
    if (!this.bindGroup || this.boundGeneration !== this.storage.generation) {
      this.bindGroup = this.device.createBindGroup({
        layout: family.layout,
        entries: [
          { binding: 0, resource: { buffer: this.uniform } },
          { binding: 1, resource: { buffer: this.storage.buffer } },
        ],
      });
      this.boundGeneration = this.storage.generation;
    }
    pass.setPipeline(family.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    drawQuads(pass, this.device, this.count);
  }

  destroy(): void {
    this.storage.destroy();
    destroyBuffer(this.uniform);
  }
}
