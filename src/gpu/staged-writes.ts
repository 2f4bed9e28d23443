/**
 * Large writes into GPU buffers (a heatmap's or surface's every value replaced) through mapped
 * staging buffers instead of `queue.writeBuffer`: the values are copied into a mapped staging
 * buffer, which is unmapped and copied on the GPU into the targets. On an H200 in Chromium a
 * 64 MB matrix written and drawn per display frame ran at 43.5/s this way against 25/s with
 * writeBuffer (bench cases F3M and F3, bench/README.md), the GPU process having one copy less to
 * make; on SwiftShader it is no slower. Two staging buffers at most per owner, reused while the
 * writes keep coming and released after a quiet while; when both are still in use (the GPU has
 * not finished with them), the caller writes with writeBuffer, so a write is never delayed.
 */
import { createBuffer, destroyBuffer } from './buffers.js';

/** Below this a writeBuffer costs little, and a staging buffer would not pay for itself. */
export const STAGED_MIN_BYTES = 1 << 20;
const MAX_STAGING = 2;
/** Staging buffers unused this long are released (their memory is the size of the values). */
const RELEASE_AFTER_MS = 2000;

/** One copy out of the staged values: `floats` floats from float `from` to byte `targetOffset` of `target`. */
export interface StagedCopy {
  target: GPUBuffer;
  targetOffset: number;
  from: number;
  floats: number;
}

export class StagedWrites {
  private readonly free: GPUBuffer[] = [];
  private busy = 0;
  private released = false;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
  ) {}

  /**
   * Copies `data` into a staging buffer and submits its copies into the targets (queue order puts
   * them before any frame submitted later). False when `data` is small or no staging buffer is
   * free: the caller writes it with writeBuffer.
   */
  write(data: Float32Array, copies: readonly StagedCopy[]): boolean {
    const bytes = data.byteLength;
    if (bytes < STAGED_MIN_BYTES || this.released) return false;
    const staging = this.take(bytes);
    if (!staging) return false;
    new Float32Array(staging.getMappedRange(0, bytes)).set(data);
    staging.unmap();
    const encoder = this.device.createCommandEncoder({ label: `${this.label} upload` });
    for (const c of copies) encoder.copyBufferToBuffer(staging, c.from * 4, c.target, c.targetOffset, c.floats * 4);
    this.device.queue.submit([encoder.finish()]);
    this.busy++;
    // Mapped again once the GPU has copied out of it: ready for the next write.
    staging.mapAsync(GPUMapMode.WRITE).then(
      () => {
        this.busy--;
        if (this.released) destroyBuffer(staging);
        else this.free.push(staging);
      },
      () => void this.busy--, // destroyed, or the device went away
    );
    clearTimeout(this.releaseTimer);
    this.releaseTimer = setTimeout(() => this.trim(), RELEASE_AFTER_MS);
    return true;
  }

  /** A mapped staging buffer of exactly `bytes`, or null when MAX_STAGING are still in use. */
  private take(bytes: number): GPUBuffer | null {
    const i = this.free.findIndex((b) => b.size === bytes);
    if (i >= 0) return this.free.splice(i, 1)[0];
    // one of another size (the values changed shape) makes room
    if (this.free.length && this.free.length + this.busy >= MAX_STAGING) destroyBuffer(this.free.shift()!);
    if (this.free.length + this.busy >= MAX_STAGING) return null;
    return createBuffer(this.device, { label: `${this.label} staging`, size: bytes, usage: GPUBufferUsage.MAP_WRITE | GPUBufferUsage.COPY_SRC, mappedAtCreation: true }, true);
  }

  /** Releases the free staging buffers (the writes stopped for a while). */
  private trim(): void {
    for (const b of this.free.splice(0)) destroyBuffer(b);
  }

  destroy(): void {
    clearTimeout(this.releaseTimer);
    this.released = true;
    this.trim();
  }
}
