/**
 * GPU time of a frame's render pass from timestamp queries, where the device has the
 * `timestamp-query` feature (else there is no GPU time: it is never guessed). Two timestamps
 * per frame, resolved into a buffer and read back asynchronously through a small ring of
 * readback buffers, so a frame never waits for the GPU.
 */
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';

const RING = 3;

export class GpuTimer {
  private readonly querySet: GPUQuerySet;
  private readonly resolve: GPUBuffer;
  private readonly free: GPUBuffer[] = [];

  private constructor(
    private readonly device: GPUDevice,
    private readonly done: (ms: number) => void,
  ) {
    this.querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
    this.resolve = createBuffer(device, { label: 'frame timestamps', size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    for (let i = 0; i < RING; i++) this.free.push(createBuffer(device, { label: 'frame timestamps readback', size: 16, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ }));
  }

  /** A timer for a device with `timestamp-query`, or null. */
  static for(device: GPUDevice, done: (ms: number) => void): GpuTimer | null {
    return device.features.has('timestamp-query') ? new GpuTimer(device, done) : null;
  }

  /** The pass's timestampWrites, or undefined when every readback buffer is still in flight. */
  passWrites(): GPURenderPassTimestampWrites | undefined {
    if (!this.free.length) return undefined;
    return { querySet: this.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 };
  }

  /** After the pass ended: resolve the two timestamps and copy them to a readback buffer. */
  resolveInto(encoder: GPUCommandEncoder): GPUBuffer | null {
    const target = this.free.pop();
    if (!target) return null;
    encoder.resolveQuerySet(this.querySet, 0, 2, this.resolve, 0);
    encoder.copyBufferToBuffer(this.resolve, 0, target, 0, 16);
    return target;
  }

  /** After submit: read the timestamps when the GPU is done, report the pass's ms. */
  read(target: GPUBuffer): void {
    target.mapAsync(GPUMapMode.READ).then(
      () => {
        const t = new BigInt64Array(target.getMappedRange().slice(0));
        target.unmap();
        this.free.push(target);
        const ns = Number(t[1] - t[0]);
        if (ns >= 0) this.done(ns / 1e6);
      },
      () => undefined, // the device went away: nothing to report
    );
  }

  destroy(): void {
    this.querySet.destroy();
    destroyBuffer(this.resolve);
    for (const b of this.free) destroyBuffer(b);
    this.free.length = 0;
  }
}
