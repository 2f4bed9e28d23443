/** Growing byte buffer for downloads and decompression: one allocation when the size is known. */
export class ByteSink {
  private buffer: Uint8Array = new Uint8Array(0);
  length = 0;

  /** Makes room for `total` bytes in all (an exact-size hint from Content-Length or a zstd header). */
  reserve(total: number): void {
    if (total > this.buffer.length) this.grow(total);
  }

  append(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;
    if (needed > this.buffer.length) this.grow(Math.max(needed, this.buffer.length * 2, 64 * 1024));
    this.buffer.set(chunk, this.length);
    this.length = needed;
  }

  /**
   * The bytes written. A view when the buffer is (nearly) full; otherwise an exact copy, so a
   * doubling buffer does not keep up to twice the memory alive behind the returned columns.
   */
  bytes(): Uint8Array {
    if (this.buffer.length - this.length <= this.length / 16) return this.buffer.subarray(0, this.length);
    return this.buffer.slice(0, this.length);
  }

  private grow(capacity: number): void {
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]} (${bytes} bytes)`;
}
