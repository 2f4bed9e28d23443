/**
 * zstd input, recognised by its magic bytes (28 B5 2F FD) rather than a file name, and
 * decompressed with fzstd's streaming decoder chunk by chunk as the bytes arrive, with a hard
 * cap on the decompressed size (a small "zstd bomb" can expand to gigabytes).
 */
import { Decompress } from 'fzstd';
import { DataError } from '../errors.js';
import { ByteSink, formatBytes } from './bytes.js';

export function isZstd(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd;
}

/** The longest zstd frame header: magic 4 + descriptor 1 + window 1 + dictionary id 4 + content size 8. */
const MAX_FRAME_HEADER = 18;

/**
 * The largest window (back-reference memory) accepted in any frame. The decoder allocates the
 * window up front and moves all of it once per 128 KiB block, so a larger window costs memory and
 * time out of all proportion (a 1 GiB window takes minutes per megabyte); 8 MiB is the most
 * RFC 8878 asks decoders to support and what zstd levels 1 to 19 use (not `--long` or
 * `--ultra` levels 20 to 22). A single-segment frame's window is its whole content.
 */
export const MAX_ZSTD_WINDOW = 8 * 1024 * 1024;

const SKIPPABLE_MAGIC_LOW = 0x184d2a50; // 0x184D2A50 to 0x184D2A5F, little-endian

export interface ZstdFrameHeader {
  /** Decompressed size the frame declares, when it does. */
  contentSize: number | undefined;
  /** Memory the decoder needs for back-references. */
  windowSize: number;
}

/** Reads the first frame's header (RFC 8878 §3.1.1.1); null when `head` is too short to tell. */
export function readZstdFrameHeader(head: Uint8Array): ZstdFrameHeader | null {
  const header = parseFrameHeader(head, 0);
  return header ? { contentSize: header.contentSize, windowSize: header.windowSize } : null;
}

interface ParsedFrameHeader extends ZstdFrameHeader {
  /** Bytes the header takes, magic included. */
  length: number;
  /** Whether a 4-byte checksum follows the last block. */
  checksum: boolean;
}

function parseFrameHeader(bytes: Uint8Array, at: number): ParsedFrameHeader | null {
  if (bytes.length < at + 5) return null;
  const descriptor = bytes[at + 4];
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryIdBytes = [0, 1, 2, 4][descriptor & 3];
  const contentSizeFlag = descriptor >> 6;
  const contentSizeBytes = contentSizeFlag === 0 ? singleSegment : 1 << contentSizeFlag;
  let end = at + 5;
  let windowSize = 0;
  if (!singleSegment) {
    if (bytes.length < end + 1) return null;
    const exponent = bytes[end] >> 3;
    const base = 2 ** (10 + exponent);
    windowSize = base + (base / 8) * (bytes[end] & 7);
    end++;
  }
  end += dictionaryIdBytes;
  if (bytes.length < end + contentSizeBytes) return null;
  let contentSize: number | undefined;
  if (contentSizeBytes > 0) {
    contentSize = 0;
    for (let i = contentSizeBytes - 1; i >= 0; i--) contentSize = contentSize * 256 + bytes[end + i];
    if (contentSizeBytes === 2) contentSize += 256;
  }
  end += contentSizeBytes;
  if (singleSegment) windowSize = contentSize ?? 0;
  return { contentSize, windowSize, length: end - at, checksum: ((descriptor >> 2) & 1) === 1 };
}

/** Where decompressed bytes go: a ByteSink, or a decoder that reads them as they come (load.ts BodyDecoder). */
export interface ByteOutput {
  append(chunk: Uint8Array): void;
  /** The exact size to expect, when the first frame declares it (before the first append). */
  reserve(total: number): void;
}

/**
 * Streaming zstd decompression: `push` each compressed chunk as it arrives (the compressed bytes
 * are not kept); the output goes to `output` as it is produced (by default one buffer, `finish`). Throws DataError (phase
 * decompress) for corrupt or truncated data, as soon as output passes `maxBytes`, and before the
 * decoder allocates anything for a frame whose header declares more content than `maxBytes`
 * allows or a window over MAX_ZSTD_WINDOW: the frame structure is walked as the bytes arrive, so
 * every frame's header is checked (not only the first), and bytes of a header that has not fully
 * arrived are held back from the decoder until it has.
 */
export class ZstdStreamDecoder {
  private readonly decompressor: Decompress;
  private compressedBytes = 0;
  private outputBytes = 0;
  /** Compressed bytes not yet given to the decoder: an incomplete header at the walk's position. */
  private held: Uint8Array = new Uint8Array(0);
  /** Stream offset of held[0] (everything before it went to the decoder). */
  private heldAt = 0;
  /** Stream offset of the next frame or block header to read. */
  private walkAt = 0;
  private inFrame = false;
  private frameChecksum = false;
  private frames = 0;
  private declaredTotal = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly output: ByteOutput = new ByteSink(),
  ) {
    this.decompressor = new Decompress((data) => {
      if (this.outputBytes + data.length > this.maxBytes) {
        throw new DataError(
          'decompress',
          `decompressed data passed the limit of ${formatBytes(this.maxBytes)} (maxBytes) after ${formatBytes(this.compressedBytes)} of zstd input; stopped to protect memory`,
        );
      }
      this.outputBytes += data.length;
      this.output.append(data);
    });
  }

  get outputLength(): number {
    return this.outputBytes;
  }

  push(chunk: Uint8Array, final = false): void {
    this.compressedBytes += chunk.length;
    let data = chunk;
    if (this.held.length > 0) {
      data = new Uint8Array(this.held.length + chunk.length);
      data.set(this.held);
      data.set(chunk, this.held.length);
    }
    const base = this.heldAt;
    // Bytes up to `ready` may go to the decoder; a header cut off at the end waits for more.
    const ready = this.walk(data, base, final);
    this.held = ready < data.length ? data.slice(ready) : new Uint8Array(0);
    this.heldAt = base + ready;
    if (ready === 0 && !final) return;
    try {
      this.decompressor.push(ready === data.length ? data : data.subarray(0, ready), final);
    } catch (error) {
      if (error instanceof DataError) throw error;
      throw describeZstdError(error);
    }
  }

  /** The decompressed bytes, when they went to the default ByteSink; call after the final push. */
  finish(): Uint8Array {
    if (!(this.output instanceof ByteSink)) throw new Error('ZstdStreamDecoder.finish: the output went elsewhere');
    return this.output.bytes();
  }

  /**
   * Follows frame and block headers through `data` (which starts at stream offset `base`),
   * checking each frame header; returns how many bytes of `data` the decoder may have.
   */
  private walk(data: Uint8Array, base: number, final: boolean): number {
    for (;;) {
      const at = this.walkAt - base;
      if (at >= data.length) return data.length;
      if (!this.inFrame) {
        if (data.length - at < 4) return final ? data.length : at;
        const magic = (data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24)) >>> 0;
        if ((magic & 0xfffffff0) >>> 0 === SKIPPABLE_MAGIC_LOW) {
          if (data.length - at < 8) return final ? data.length : at;
          const size = (data[at + 4] | (data[at + 5] << 8) | (data[at + 6] << 16) | (data[at + 7] << 24)) >>> 0;
          this.walkAt += 8 + size;
          continue;
        }
        if (!isZstd(data.subarray(at, at + 4))) {
          const where = this.frames === 0 ? '' : ` after frame ${this.frames}`;
          throw new DataError('decompress', `${this.frames === 0 ? 'not zstd data' : 'zstd data is corrupt'}: the magic bytes 28 b5 2f fd are missing${where}`);
        }
        const header = parseFrameHeader(data.subarray(at, at + MAX_FRAME_HEADER), 0);
        if (!header) {
          if (final) throw new DataError('decompress', `zstd data is truncated: it ends inside the header of frame ${this.frames + 1}`);
          return at;
        }
        this.frames++;
        this.checkFrame(header);
        this.walkAt += header.length;
        this.inFrame = true;
        this.frameChecksum = header.checksum;
        continue;
      }
      if (data.length - at < 3) return final ? data.length : at;
      const blockHeader = data[at] | (data[at + 1] << 8) | (data[at + 2] << 16);
      const last = blockHeader & 1;
      const type = (blockHeader >> 1) & 3;
      const size = blockHeader >>> 3;
      this.walkAt += 3 + (type === 1 ? 1 : size); // an RLE block stores its one byte
      if (last) {
        this.walkAt += this.frameChecksum ? 4 : 0;
        this.inFrame = false;
      }
    }
  }

  private checkFrame(header: ParsedFrameHeader): void {
    const frame = this.frames === 1 ? 'zstd frame' : `zstd frame ${this.frames}`;
    if (header.contentSize !== undefined) {
      this.declaredTotal += header.contentSize;
      if (this.declaredTotal > this.maxBytes) {
        const total = this.frames === 1 ? '' : ` (${formatBytes(this.declaredTotal)} with the frames before it)`;
        throw new DataError(
          'decompress',
          `${frame} declares ${formatBytes(header.contentSize)} of content${total}, over the limit of ${formatBytes(this.maxBytes)} (maxBytes)`,
        );
      }
    }
    if (header.windowSize > MAX_ZSTD_WINDOW) {
      throw new DataError(
        'decompress',
        `${frame} needs a ${formatBytes(header.windowSize)} window, over the ${formatBytes(MAX_ZSTD_WINDOW)} this reader supports (zstd levels 1 to 19, without --long)`,
      );
    }
    // Knowing the size up front lets the output be one exact allocation.
    if (this.frames === 1 && header.contentSize !== undefined) this.output.reserve(header.contentSize);
  }
}

/** Maps fzstd's error codes (see its ZstdErrorCode) to messages a user can act on. */
function describeZstdError(error: unknown): DataError {
  const code = (error as { code?: number }).code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 5) return new DataError('decompress', `zstd data is truncated: it ended in the middle of a frame (${detail})`, { cause: error });
  if (code === 1) return new DataError('decompress', `zstd window is too large to decode (${detail})`, { cause: error });
  return new DataError('decompress', `zstd data is corrupt (${detail})`, { cause: error });
}

/** Decompresses a whole zstd buffer, with the same size cap and errors as the streaming path. */
export function decompressZstd(bytes: Uint8Array, maxBytes: number): Uint8Array {
  const decoder = new ZstdStreamDecoder(maxBytes);
  decoder.push(bytes, true);
  return decoder.finish();
}
