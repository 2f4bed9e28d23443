/**
 * From a URL or bytes to sorted Float64 columns: JSON, CSV or the gcol binary format, each
 * optionally zstd-compressed. Pure TypeScript (fetch and streams only), so it runs in a page,
 * a worker or Node. Errors are DataError with the failing phase.
 */
import { DataError } from './errors.js';
import { decodeBinary, encodeBinary, BINARY_CONTENT_TYPE, BINARY_EXTENSION } from './formats/binary.js';
import { formatFromContentType, formatFromUrl, inferFormat, sniffFormat, type DataFormat } from './formats/infer.js';
import { BodyDecoder, decodeWhole, type BodyDecoderOptions } from './formats/body-decoder.js';
import { formatBytes } from './formats/bytes.js';
import { normalizeColumns, rowsToColumns } from './formats/columns.js';
import type { Decoded } from './formats/types.js';
import { decompressZstd, isZstd, ZstdStreamDecoder } from './formats/zstd.js';

export type { Columns, Decoded } from './formats/types.js';
export type { BinaryColumnType, EncodeBinaryOptions } from './formats/binary.js';
export { DataError, type DataErrorPhase } from './errors.js';
export { decodeBinary, encodeBinary, isZstd, normalizeColumns, rowsToColumns, BINARY_CONTENT_TYPE, BINARY_EXTENSION };

export type { DataFormat } from './formats/infer.js';
export { formatFromContentType, formatFromUrl, inferFormat, sniffFormat };

/** Default cap on downloaded and decompressed bytes. */
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * The highest `maxBytes` honoured; larger values are lowered to it, with a note. Why: a tab's
 * memory for typed arrays ends not far above this, and what a cap lets through may be held
 * twice for a moment (joined from pieces, then decoded into columns).
 */
export const MAX_BYTES_LIMIT = 2 * 1024 * 1024 * 1024;

/**
 * The cap actually applied: `maxBytes` when it is a positive number up to MAX_BYTES_LIMIT, the
 * limit when above it, the default when missing or not a positive number (an attribute such as
 * max-bytes="lots" reads as NaN, which compares false with everything and so would cap nothing).
 */
export function effectiveMaxBytes(maxBytes: number | undefined, notes?: string[]): number {
  if (maxBytes === undefined) return DEFAULT_MAX_BYTES;
  if (!(maxBytes > 0)) {
    notes?.push(`maxBytes ${maxBytes} is not a positive number of bytes; the default ${formatBytes(DEFAULT_MAX_BYTES)} was used`);
    return DEFAULT_MAX_BYTES;
  }
  if (maxBytes > MAX_BYTES_LIMIT) {
    notes?.push(`maxBytes ${maxBytes} is above the highest supported cap; ${formatBytes(MAX_BYTES_LIMIT)} was used`);
    return MAX_BYTES_LIMIT;
  }
  return Math.floor(maxBytes);
}

export interface DecodeOptions {
  /** Skip inference and read the bytes as this format. */
  format?: DataFormat;
  /** A Content-Type header, used to infer the format when `format` is not given. */
  contentType?: string | null;
  /** Where the bytes came from: its extension (.json, .csv, .gcol, each optionally + .zst) infers the format. */
  url?: string;
  /** The time column's name when it is not one of time, t, date, timestamp, datetime. */
  timeColumn?: string;
  /** Limit on input and decompressed size in bytes (default 1 GiB, at most MAX_BYTES_LIMIT = 2 GiB). */
  maxBytes?: number;
}

export interface LoadOptions extends DecodeOptions {
  signal?: AbortSignal;
  /** Called for each downloaded chunk: bytes received so far and the Content-Length, if known. */
  onProgress?: (loaded: number, total: number | undefined) => void;
  /** Sent with the request (e.g. If-None-Match / If-Modified-Since for a cache revalidation). */
  headers?: HeadersInit;
  /** The request's cache mode: `no-store` when the caller keeps the rows itself (the IndexedDB cache), so neither the HTTP cache nor dist/sw.js stores the bytes too. */
  requestCache?: RequestCache;
  /** Used instead of the global fetch. */
  fetch?: typeof fetch;
  /** Called after each chunk with the records read so far (a CSV read as it arrives). */
  onParsed?: (rows: number) => void;
  /**
   * Let other tasks run (an abort, a cancel message) when reading and decoding the body has held
   * the thread this long (ms) since it last did. Why: a body that is already buffered resolves
   * each read at once, so the loop would otherwise never give up the thread until it ends.
   */
  yieldEveryMs?: number;
}

export interface LoadResult extends Partial<Decoded> {
  /** The HTTP status: 2xx with columns, or 304 (not modified, after a conditional request) without. */
  status: number;
  etag: string | null;
  lastModified: string | null;
  /** Where the time went (telemetry; performance.timeOrigin-based, so a worker's times line up with the page's). */
  timings?: LoadTimings;
}

/**
 * A load's phases. Times are epoch ms (`performance.timeOrigin + performance.now()`): the same
 * clock in a worker and in the page. zstd is decompressed, and CSV parsed, while the body arrives,
 * so their times are sums inside the download, and the download's own share is the rest.
 */
export interface LoadTimings {
  /** The request went out. */
  start: number;
  /** The last body byte arrived (and was decompressed). */
  bodyEnd: number;
  /** Columns decoded. */
  end: number;
  /** Waiting for and receiving the body, decompression and parsing while it arrives left out, ms. */
  fetchMs: number;
  /** Time spent decompressing zstd (during the download, or after it for bytes given whole), ms. */
  decompressMs: number;
  /** Decoding the bytes into columns (CSV, JSON or gcol; a CSV's share while the body arrives included), ms. */
  parseMs: number;
  /** Bytes received (compressed, as sent). */
  bytes: number;
}

/** Epoch ms on the high-resolution clock (comparable across a page and its workers). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Decodes bytes (zstd-compressed or not) in any supported format. */
export function decodeBytes(bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  const capNotes: string[] = [];
  const maxBytes = effectiveMaxBytes(options.maxBytes, capNotes);
  const decoded = decodeWithin(bytes, options, maxBytes);
  if (capNotes.length) decoded.notes.unshift(...capNotes);
  return decoded;
}

function decodeWithin(bytes: Uint8Array, options: DecodeOptions, maxBytes: number, timing?: { decompressMs: number }): Decoded {
  let data = bytes;
  if (isZstd(bytes)) {
    if (bytes.length > maxBytes) throw overLimit('decompress', `zstd input of ${formatBytes(bytes.length)}`, maxBytes);
    const t0 = performance.now();
    data = decompressZstd(bytes, maxBytes);
    if (timing) timing.decompressMs += performance.now() - t0;
  } else if (bytes.length > maxBytes) {
    throw overLimit('parse', `input of ${formatBytes(bytes.length)}`, maxBytes);
  }
  return decodeWhole(data, inferFormat(data, options), options.timeColumn);
}

function overLimit(phase: 'fetch' | 'decompress' | 'parse', what: string, maxBytes: number): DataError {
  return new DataError(phase, `${what} is over the limit of ${formatBytes(maxBytes)} (maxBytes)`);
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (error instanceof DOMException && error.name === 'AbortError');
}

/**
 * Downloads and decodes a data file. zstd input is decompressed while it downloads. Resolves
 * with status 304 and no columns when a conditional request (If-None-Match / If-Modified-Since
 * in `headers`) finds the data unchanged. Rejects with DataError, except that an abort through
 * `signal` rejects with the abort reason (an AbortError), as fetch itself does.
 */
export async function loadColumns(url: string, options: LoadOptions = {}): Promise<LoadResult> {
  const { signal } = options;
  const capNotes: string[] = [];
  const maxBytes = effectiveMaxBytes(options.maxBytes, capNotes);
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  const start = epochNow();
  try {
    response = await fetchImpl(url, { signal, headers: options.headers, ...(options.requestCache ? { cache: options.requestCache } : {}) });
  } catch (cause) {
    if (isAbort(cause, signal)) throw signal?.reason ?? cause;
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new DataError('fetch', `could not fetch ${url}: ${detail} (the network failed, or the server does not allow this page's origin (CORS))`, { cause });
  }
  const etag = response.headers.get('ETag');
  const lastModified = response.headers.get('Last-Modified');
  if (response.status === 304) {
    await response.body?.cancel().catch(() => undefined);
    return { status: 304, etag, lastModified };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new DataError('fetch', `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for ${url}`);
  }
  try {
    const timing: BodyTiming = { decompressMs: 0, parseMs: 0, received: 0 };
    const hints: BodyDecoderOptions = {
      format: options.format,
      contentType: options.contentType ?? response.headers.get('Content-Type'),
      url: options.url ?? url,
      timeColumn: options.timeColumn,
    };
    const finish = await readBody(response, url, maxBytes, options, timing, hints);
    const bodyEnd = epochNow();
    const fetchMs = Math.max(0, bodyEnd - start - timing.decompressMs - timing.parseMs);
    const bodyDecompressMs = timing.decompressMs;
    const decoded = finish();
    if (capNotes.length) decoded.notes.unshift(...capNotes);
    const end = epochNow();
    const parseMs = timing.parseMs + Math.max(0, end - bodyEnd - (timing.decompressMs - bodyDecompressMs));
    const timings: LoadTimings = { start, bodyEnd, end, fetchMs, decompressMs: timing.decompressMs, parseMs, bytes: timing.received };
    return { status: response.status, etag, lastModified, ...decoded, timings };
  } catch (error) {
    // Say which file, unless the message already does. The replacement keeps the original cause
    // (e.g. fzstd's error) rather than nesting the less specific DataError.
    if (error instanceof DataError && !error.message.includes(url)) {
      throw new DataError(error.phase, `${error.message} (in ${url})`, error.cause === undefined ? undefined : { cause: error.cause });
    }
    throw error;
  }
}

/** The declared body size, unless the body is content-encoded (then the header counts compressed bytes). */
function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get('Content-Encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') return undefined;
  const length = Number(response.headers.get('Content-Length') ?? NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** Where a body's time goes while it arrives (ms), and its size as sent. */
interface BodyTiming {
  decompressMs: number;
  /** Parsing done while the body arrives (a CSV's complete records). */
  parseMs: number;
  received: number;
}

/**
 * Reads the body chunk by chunk into a BodyDecoder (through the streaming zstd decoder for zstd
 * bodies, so neither the compressed nor, for CSV, the decompressed bytes are collected): a CSV is
 * parsed as it arrives. Returns what finishes the decoding once the last byte is in.
 */
async function readBody(
  response: Response,
  url: string,
  maxBytes: number,
  options: LoadOptions,
  timing: BodyTiming,
  hints: BodyDecoderOptions,
): Promise<() => Decoded> {
  const { signal, onProgress, onParsed, yieldEveryMs } = options;
  const total = declaredLength(response);
  if (total !== undefined && total > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw overLimit('fetch', `${url} (${formatBytes(total)})`, maxBytes);
  }
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    timing.received = whole.length;
    onProgress?.(whole.length, total);
    return () => decodeWithin(whole, hints, maxBytes, timing);
  }
  const reader = response.body.getReader();
  let loaded = 0;
  let head = new Uint8Array(0);
  let zstd: ZstdStreamDecoder | null = null;
  let body: BodyDecoder | null = null;
  let yieldedAt = performance.now();
  try {
    for (;;) {
      if (yieldEveryMs !== undefined && performance.now() - yieldedAt >= yieldEveryMs) {
        await yieldToOtherTasks();
        yieldedAt = performance.now();
        signal?.throwIfAborted();
      }
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (cause) {
        if (isAbort(cause, signal)) throw signal?.reason ?? cause;
        const detail = cause instanceof Error ? cause.message : String(cause);
        throw new DataError('fetch', `the download of ${url} broke off after ${formatBytes(loaded)}: ${detail}`, { cause });
      }
      if (result.done) break;
      // A custom fetch may ignore the signal; stop here rather than read (and parse) the whole body.
      signal?.throwIfAborted();
      const chunk = result.value;
      loaded += chunk.length;
      timing.received = loaded;
      if (loaded > maxBytes) throw overLimit('fetch', `the download of ${url} (${formatBytes(loaded)} so far)`, maxBytes);
      onProgress?.(loaded, total);
      if (!body) {
        // Four bytes decide between zstd and plain; a first chunk shorter than that is rare.
        const joined = new Uint8Array(head.length + chunk.length);
        joined.set(head);
        joined.set(chunk, head.length);
        if (joined.length < 4) {
          head = joined;
          continue;
        }
        if (isZstd(joined)) {
          body = new BodyDecoder(hints);
          zstd = new ZstdStreamDecoder(maxBytes, body);
        } else body = new BodyDecoder({ ...hints, sizeHint: total });
        pushChunk(joined);
        continue;
      }
      pushChunk(chunk);
    }
    if (zstd) pushChunk(new Uint8Array(0), true);
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  if (!body) return () => decodeWithin(head, hints, maxBytes, timing);
  const decoder = body;
  return () => decoder.finish();

  function pushChunk(chunk: Uint8Array, final = false): void {
    const parsedBefore = body!.parseMs;
    if (zstd) {
      const t0 = performance.now();
      zstd.push(chunk, final);
      // The decoder's output is parsed inside push: that share is parsing, not decompression.
      timing.decompressMs += performance.now() - t0 - (body!.parseMs - parsedBefore);
    } else body!.append(chunk);
    timing.parseMs += body!.parseMs - parsedBefore;
    onParsed?.(body!.rows);
  }
}

/**
 * Resolves in a task queued behind those waiting now (a message port's message). Not
 * scheduler.yield: its continuation runs ahead of waiting tasks, so a cancel message would still
 * wait; not a timer: nested zero-delay timers are held back 4 ms each.
 */
function yieldToOtherTasks(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
