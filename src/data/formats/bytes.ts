const FIRST_PAGE = 64 * 1024;
const LARGEST_PAGE = 4 * 1024 * 1024;

/**
 * Collects downloaded or decompressed bytes. With an exact size known up front (Content-Length,
 * a zstd frame's content size) it writes into one buffer of that size; otherwise it copies the
 * chunks into pages (64 KiB, doubling up to 4 MiB) and joins them once at the end. Why not a
 * doubling buffer: each growth copies the old buffer into one twice its size, so memory peaked
 * at up to three times the data, and a zstd bomb refused at the cap had already taken 1.5 times
 * the cap. Pages never hold more than the bytes received plus one page, whatever the chunks
 * (a decoder's tiny blocks may each sit in a much larger buffer, so chunks are copied, not kept).
 */
export class ByteSink {
  private reserved: Uint8Array | null = null;
  private pages: Uint8Array[] = [];
  private page: Uint8Array | null = null;
  private pageUsed = 0;
  length = 0;

  /** Makes room for `total` bytes in all (an exact-size hint); only before the first append. */
  reserve(total: number): void {
    if (this.length === 0 && total > 0 && !this.reserved) this.reserved = new Uint8Array(total);
  }

  append(chunk: Uint8Array): void {
    if (this.reserved) {
      if (this.length + chunk.length <= this.reserved.length) {
        this.reserved.set(chunk, this.length);
        this.length += chunk.length;
        return;
      }
      // More bytes than announced: what is there becomes the first page.
      this.pages.push(this.reserved.subarray(0, this.length));
      this.reserved = null;
    }
    let from = 0;
    while (from < chunk.length) {
      if (!this.page || this.pageUsed === this.page.length) this.newPage();
      const page = this.page!;
      const count = Math.min(chunk.length - from, page.length - this.pageUsed);
      page.set(chunk.subarray(from, from + count), this.pageUsed);
      this.pageUsed += count;
      from += count;
    }
    this.length += chunk.length;
  }

  /** The bytes written, in one buffer of exactly their length. */
  bytes(): Uint8Array {
    if (this.reserved) return this.length === this.reserved.length ? this.reserved : this.reserved.slice(0, this.length);
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const page of this.pages) {
      out.set(page, at);
      at += page.length;
    }
    if (this.page) out.set(this.page.subarray(0, this.pageUsed), at);
    this.pages = [];
    this.page = out;
    this.pageUsed = out.length;
    return out;
  }

  private newPage(): void {
    if (this.page) this.pages.push(this.page);
    const size = this.page ? Math.min(this.page.length * 2, LARGEST_PAGE) : FIRST_PAGE;
    this.page = new Uint8Array(size);
    this.pageUsed = 0;
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
