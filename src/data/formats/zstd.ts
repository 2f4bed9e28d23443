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
 * Windows up to this size are accepted even when larger than `maxBytes`: ordinary compressor
 * settings use up to 8 MiB windows, and the output cap still applies to what is produced.
 */
const ALWAYS_ALLOWED_WINDOW = 8 * 1024 * 1024;

export interface ZstdFrameHeader {
  /** Decompressed size the frame declares, when it does. */
  contentSize: number | undefined;
  /** Memory the decoder needs for back-references. */
  windowSize: number;
}

/** Reads the first frame's header (RFC 8878 §3.1.1.1); null when `head` is too short to tell. */
export function readZstdFrameHeader(head: Uint8Array): ZstdFrameHeader | null {
  if (head.length < 5) return null;
  const descriptor = head[4];
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryIdBytes = [0, 1, 2, 4][descriptor & 3];
  const contentSizeFlag = descriptor >> 6;
  const contentSizeBytes = contentSizeFlag === 0 ? singleSegment : 1 << contentSizeFlag;
  let at = 5;
  let windowSize = 0;
  if (!singleSegment) {
    if (head.length < 6) return null;
    const exponent = head[5] >> 3;
    const base = 2 ** (10 + exponent);
    windowSize = base + (base / 8) * (head[5] & 7);
    at = 6;
  }
  at += dictionaryIdBytes;
  if (head.length < at + contentSizeBytes) return null;
  let contentSize: number | undefined;
  if (contentSizeBytes > 0) {
    contentSize = 0;
    for (let i = contentSizeBytes - 1; i >= 0; i--) contentSize = contentSize * 256 + head[at + i];
    if (contentSizeBytes === 2) contentSize += 256;
  }
  if (singleSegment) windowSize = contentSize ?? 0;
  return { contentSize, windowSize };
}

/**
 * Streaming zstd decompression into one growing buffer: `push` each compressed chunk as it
 * arrives (the compressed bytes are not kept), then `finish` for the output. Throws DataError
 * (phase decompress) for corrupt or truncated data, and as soon as output passes `maxBytes`.
 */
export class ZstdStreamDecoder {
  private readonly decompressor: Decompress;
  private readonly sink: ByteSink;
  private head: Uint8Array | null = new Uint8Array(0);
  private checkedHeader = false;
  private compressedBytes = 0;

  constructor(private readonly maxBytes: number) {
    this.sink = new ByteSink();
    this.decompressor = new Decompress((data) => {
      if (this.sink.length + data.length > this.maxBytes) {
        throw new DataError(
          'decompress',
          `decompressed data passed the limit of ${formatBytes(this.maxBytes)} (maxBytes) after ${formatBytes(this.compressedBytes)} of zstd input; stopped to protect memory`,
        );
      }
      this.sink.append(data);
    });
  }

  get outputLength(): number {
    return this.sink.length;
  }

  push(chunk: Uint8Array, final = false): void {
    this.compressedBytes += chunk.length;
    let input = chunk;
    if (!this.checkedHeader) {
      // Keep the first few bytes until the frame header can be read and checked.
      let joined = chunk;
      if (this.head!.length > 0) {
        joined = new Uint8Array(this.head!.length + chunk.length);
        joined.set(this.head!);
        joined.set(chunk, this.head!.length);
      }
      if (joined.length < MAX_FRAME_HEADER && !final) {
        this.head = joined;
        return;
      }
      this.checkHeader(joined);
      this.head = null;
      input = joined;
    }
    try {
      this.decompressor.push(input, final);
    } catch (error) {
      if (error instanceof DataError) throw error;
      throw describeZstdError(error);
    }
  }

  /** The decompressed bytes; call after the final push. */
  finish(): Uint8Array {
    return this.sink.bytes();
  }

  private checkHeader(head: Uint8Array): void {
    this.checkedHeader = true;
    if (!isZstd(head)) throw new DataError('decompress', 'not zstd data: the magic bytes 28 b5 2f fd are missing');
    const header = readZstdFrameHeader(head);
    if (!header) throw new DataError('decompress', `zstd data is truncated: only ${head.length} bytes, less than a frame header`);
    if (header.contentSize !== undefined && header.contentSize > this.maxBytes) {
      throw new DataError(
        'decompress',
        `zstd frame declares ${formatBytes(header.contentSize)} of content, over the limit of ${formatBytes(this.maxBytes)} (maxBytes)`,
      );
    }
    if (header.windowSize > this.maxBytes && header.windowSize > ALWAYS_ALLOWED_WINDOW) {
      throw new DataError(
        'decompress',
        `zstd frame needs a ${formatBytes(header.windowSize)} window, over the limit of ${formatBytes(this.maxBytes)} (maxBytes)`,
      );
    }
    // Knowing the size up front lets the output be one exact allocation.
    if (header.contentSize !== undefined) this.sink.reserve(header.contentSize);
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
