/**
 * One index buffer per device for drawing quads: quad q uses vertices 4q..4q+3 as the two
 * triangles (0, 1, 2) and (0, 2, 3). Every family draws its primitives as quads through it, so
 * each corner is shaded once instead of twice.
 */
import { createBuffer, destroyBuffer } from './buffers.js';

interface QuadIndex {
  buffer: GPUBuffer;
  quads: number;
}

const perDevice = new WeakMap<GPUDevice, QuadIndex>();

/** An index buffer for at least `quads` quads (grown by doubling, kept for the device). */
export function quadIndexBuffer(device: GPUDevice, quads: number): GPUBuffer {
  let entry = perDevice.get(device);
  if (!entry || entry.quads < quads) {
    const count = Math.max(quads, (entry?.quads ?? 4096) * 2);
    const indices = new Uint32Array(count * 6);
    for (let q = 0, i = 0; q < count; q++, i += 6) {
      const v = q * 4;
      indices[i] = v;
      indices[i + 1] = v + 1;
      indices[i + 2] = v + 2;
      indices[i + 3] = v;
      indices[i + 4] = v + 2;
      indices[i + 5] = v + 3;
    }
    const buffer = createBuffer(device, { label: 'quad indices', size: indices.byteLength, usage: GPUBufferUsage.INDEX | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, indices);
    if (entry) {
      // Draws recorded earlier in this frame still use the old buffer: destroy it only after
      // the frame is submitted (submission is synchronous with the drawing code).
      const old = entry.buffer;
      queueMicrotask(() => destroyBuffer(old));
    }
    entry = { buffer, quads: count };
    perDevice.set(device, entry);
  }
  return entry.buffer;
}

/** Draws `quads` quads whose vertices the bound pipeline computes from vertex_index. */
export function drawQuads(pass: GPURenderPassEncoder, device: GPUDevice, quads: number): void {
  if (quads <= 0) return;
  pass.setIndexBuffer(quadIndexBuffer(device, quads), 'uint32');
  pass.drawIndexed(quads * 6);
}

/** Draws quads [first, first + quads) of the bound pipeline's list. */
export function drawQuadRange(pass: GPURenderPassEncoder, device: GPUDevice, first: number, quads: number): void {
  if (quads <= 0) return;
  pass.setIndexBuffer(quadIndexBuffer(device, first + quads), 'uint32');
  pass.drawIndexed(quads * 6, 1, first * 6);
}
