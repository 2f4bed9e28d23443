/**
 * GPU buffers: made through a per-device pool (size classes, a cap, trimmed when idle), counted
 * (creations, live bytes per device), and growable by doubling (with a GPU-side copy of what they
 * hold), written only where data changed. The creation counter lets tests prove that panning,
 * zooming and charts coming and going create no buffers.
 */

let created = 0;
let requested = 0;
let uploaded = 0;

/** Bytes written into this library's growable GPU buffers so far (tests check uploads stay small). */
export function bytesUploaded(): number {
  return uploaded;
}

/**
 * How many GPU buffers this library has asked for so far, new or from the pool: tests prove with
 * it that an update which should only write into existing buffers (values replaced, a pane's
 * range, a series' colour) makes or takes none.
 */
export function bufferRequests(): number {
  return requested;
}

/** How many GPU buffers this library has created so far (all devices; reuses from the pool do not count). */
export function buffersCreated(): number {
  return created;
}

// ---- the pool ----------------------------------------------------------------------------------
// Buffers given back are kept per device, by usage and size class, and handed out again: charts
// that come and go (dashboards, routes, lists) reuse the same GPU memory instead of creating and
// freeing it. Size classes are quarter octaves (256, 320, 384, 448, 512, …), so a buffer is at
// most 25 % bigger than asked. The pool holds at most POOL_CAP_BYTES per device and is emptied
// after TRIM_AFTER_MS without a buffer given back or taken. Buffers of a lost or destroyed
// device are forgotten (never reused, no longer counted).

/** Most bytes kept for reuse per device. */
export const POOL_CAP_BYTES = 64 * 1024 * 1024;
/** An idle pool is emptied after this long. */
export const TRIM_AFTER_MS = 10_000;

interface DevicePool {
  free: Map<string, GPUBuffer[]>;
  bytes: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const owners = new WeakMap<GPUBuffer, GPUDevice>();
/** Bytes of live buffers (in use or pooled) per device that still counts. */
const liveBytes = new Map<GPUDevice, number>();
const pools = new Map<GPUDevice, DevicePool>();

/** Bytes in this library's GPU buffers that exist now (in use or kept for reuse), on devices not lost. */
export function gpuBytesAllocated(): number {
  let sum = 0;
  for (const bytes of liveBytes.values()) sum += bytes;
  return sum;
}

/** Bytes kept for reuse on a device (or all devices). */
export function pooledBytes(device?: GPUDevice): number {
  if (device) return pools.get(device)?.bytes ?? 0;
  let sum = 0;
  for (const p of pools.values()) sum += p.bytes;
  return sum;
}

/** The size class of a request: the next quarter octave, at least 256 bytes. */
export function sizeClass(bytes: number): number {
  const n = Math.max(256, Math.ceil(bytes));
  const octave = 2 ** Math.floor(Math.log2(n));
  const step = octave / 4;
  return Math.ceil(n / step) * step;
}

function poolOf(device: GPUDevice): DevicePool {
  let pool = pools.get(device);
  if (!pool) pools.set(device, (pool = { free: new Map(), bytes: 0, timer: null }));
  return pool;
}

function touch(device: GPUDevice, pool: DevicePool): void {
  if (pool.timer !== null) clearTimeout(pool.timer);
  pool.timer = setTimeout(() => trimBufferPool(device), TRIM_AFTER_MS);
}

export function createBuffer(device: GPUDevice, descriptor: GPUBufferDescriptor): GPUBuffer {
  const size = sizeClass(descriptor.size);
  const key = `${descriptor.usage}:${size}`;
  requested++;
  if (!descriptor.mappedAtCreation) {
    const pool = pools.get(device);
    const reused = pool?.free.get(key)?.pop();
    if (pool && reused) {
      pool.bytes -= reused.size;
      touch(device, pool);
      if (descriptor.label !== undefined) reused.label = descriptor.label;
      return reused;
    }
  }
  created++;
  const buffer = device.createBuffer({ ...descriptor, size });
  owners.set(buffer, device);
  liveBytes.set(device, (liveBytes.get(device) ?? 0) + size);
  return buffer;
}

/** Gives a buffer made by createBuffer back: kept for reuse while the pool has room, else destroyed. */
export function destroyBuffer(buffer: GPUBuffer): void {
  const device = owners.get(buffer);
  if (!device || !liveBytes.has(device)) {
    buffer.destroy(); // not ours, or its device is gone (already uncounted)
    return;
  }
  if (buffer.mapState === 'mapped') buffer.unmap();
  const pool = poolOf(device);
  if (buffer.mapState === 'unmapped' && pool.bytes + buffer.size <= POOL_CAP_BYTES) {
    const key = `${buffer.usage}:${buffer.size}`;
    let list = pool.free.get(key);
    if (!list) pool.free.set(key, (list = []));
    list.push(buffer);
    pool.bytes += buffer.size;
    touch(device, pool);
    return;
  }
  liveBytes.set(device, (liveBytes.get(device) ?? 0) - buffer.size);
  buffer.destroy();
}

/** Destroys the buffers a device's pool keeps (or every pool's). */
export function trimBufferPool(device?: GPUDevice): void {
  for (const [d, pool] of pools) {
    if (device && d !== device) continue;
    if (pool.timer !== null) clearTimeout(pool.timer);
    pool.timer = null;
    for (const list of pool.free.values()) {
      for (const b of list) {
        liveBytes.set(d, (liveBytes.get(d) ?? 0) - b.size);
        b.destroy();
      }
    }
    pool.free.clear();
    pool.bytes = 0;
  }
}

/** A device was lost or destroyed: its buffers are gone, none is reused or counted any more. */
export function forgetDevice(device: GPUDevice): void {
  const pool = pools.get(device);
  if (pool?.timer != null) clearTimeout(pool.timer);
  pools.delete(device);
  liveBytes.delete(device);
}

export class GrowableBuffer {
  buffer: GPUBuffer;
  /** Bumps whenever `buffer` is replaced, so bind groups that use it can be rebuilt. */
  generation = 0;
  /** Bytes written into this buffer from the CPU so far (GPU-side copies when it grows not counted). */
  bytesWritten = 0;

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
    this.bytesWritten += count * 4;
    this.device.queue.writeBuffer(this.buffer, at * 4, data.buffer, data.byteOffset, count * 4);
  }

  /** Writes `data[from, to)` (elements) at the same element offset in the buffer. */
  writeRange(data: Float32Array, from: number, to: number): void {
    if (to <= from) return;
    uploaded += (to - from) * 4;
    this.bytesWritten += (to - from) * 4;
    this.device.queue.writeBuffer(this.buffer, from * 4, data.buffer, data.byteOffset + from * 4, (to - from) * 4);
  }

  destroy(): void {
    destroyBuffer(this.buffer);
  }
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
