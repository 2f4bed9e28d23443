/**
 * GPU buffers that grow by doubling (with a GPU-side copy of what they hold) and are written
 * only where data changed. A page-wide creation counter lets tests prove that panning and
 * zooming create no buffers.
 */

let created = 0;
let uploaded = 0;

/** Bytes written into this library's growable GPU buffers so far (tests check uploads stay small). */
export function bytesUploaded(): number {
  return uploaded;
}

/** How many GPU buffers this library has created so far (all devices). */
export function buffersCreated(): number {
  return created;
}

let liveBytes = 0;

/** Bytes in this library's GPU buffers that exist now (created and not yet destroyed). */
export function gpuBytesAllocated(): number {
  return liveBytes;
}

export function createBuffer(device: GPUDevice, descriptor: GPUBufferDescriptor): GPUBuffer {
  created++;
  liveBytes += descriptor.size;
  return device.createBuffer(descriptor);
}

/** Destroys a buffer made by createBuffer and takes it off the count. */
export function destroyBuffer(buffer: GPUBuffer): void {
  liveBytes -= buffer.size;
  buffer.destroy();
}

export class GrowableBuffer {
  buffer: GPUBuffer;
  /** Bumps whenever `buffer` is replaced, so bind groups that use it can be rebuilt. */
  generation = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
    private readonly usage: GPUBufferUsageFlags,
    initialBytes = 4096,
  ) {
    this.buffer = createBuffer(device, { label, size: align4(Math.max(16, initialBytes)), usage: usage | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  }

  get size(): number {
    return this.buffer.size;
  }

  /**
   * Makes room for `bytes`; when it must grow, the first `keepBytes` are copied on the GPU.
   * Returns true when the buffer was replaced.
   */
  ensure(bytes: number, keepBytes = 0): boolean {
    if (bytes <= this.buffer.size) return false;
    // Exactly what is asked the first time it grows a lot; doubling when it grows by little
    // (appends), so a stream reallocates O(log N) times.
    const size = Math.max(bytes, this.buffer.size * 2);
    const next = createBuffer(this.device, {
      label: this.label,
      size: align4(size),
      usage: this.usage | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
    if (keepBytes > 0) {
      const enc = this.device.createCommandEncoder({ label: `${this.label} grow` });
      enc.copyBufferToBuffer(this.buffer, 0, next, 0, align4(Math.min(keepBytes, this.buffer.size)));
      this.device.queue.submit([enc.finish()]);
    }
    destroyBuffer(this.buffer);
    this.buffer = next;
    this.generation++;
    return true;
  }

  /** Writes the first `count` elements of `data` at element `at` of the buffer. */
  writeAt(data: Float32Array, count: number, at: number): void {
    if (count <= 0) return;
    uploaded += count * 4;
    this.device.queue.writeBuffer(this.buffer, at * 4, data.buffer, data.byteOffset, count * 4);
  }

  /** Writes `data[from, to)` (elements) at the same element offset in the buffer. */
  writeRange(data: Float32Array, from: number, to: number): void {
    if (to <= from) return;
    uploaded += (to - from) * 4;
    this.device.queue.writeBuffer(this.buffer, from * 4, data.buffer, data.byteOffset + from * 4, (to - from) * 4);
  }

  destroy(): void {
    destroyBuffer(this.buffer);
  }
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
