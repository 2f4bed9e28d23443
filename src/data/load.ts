/**
 * From a URL or bytes to sorted Float64 columns: JSON, CSV or the gcol binary format, each
 * optionally zstd-compressed. Pure TypeScript (fetch and streams only), so it runs in a page,
 * a worker or Node. Errors are DataError with the failing phase.
 */
import { DataError } from './errors.js';
import { decodeBinary, encodeBinary, hasBinaryMagic, BINARY_CONTENT_TYPE, BINARY_EXTENSION } from './formats/binary.js';
import { ByteSink, formatBytes } from './formats/bytes.js';
import { normalizeColumns, rowsToColumns, sortByTime } from './formats/columns.js';
import { parseCsv } from './formats/csv.js';
import { parseJson } from './formats/json.js';
import type { Columns, Decoded } from './formats/types.js';
import { decompressZstd, isZstd, ZstdStreamDecoder } from './formats/zstd.js';

export type { Columns, Decoded } from './formats/types.js';
export type { BinaryColumnType, EncodeBinaryOptions } from './formats/binary.js';
export { DataError, type DataErrorPhase } from './errors.js';
export { decodeBinary, encodeBinary, isZstd, normalizeColumns, rowsToColumns, BINARY_CONTENT_TYPE, BINARY_EXTENSION };

export type DataFormat = 'json' | 'csv' | 'binary';

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
 * clock in a worker and in the page. zstd is decompressed while the body arrives, so its time is
 * a sum inside the download, and the download's own share is the rest.
 */
export interface LoadTimings {
  /** The request went out. */
  start: number;
  /** The last body byte arrived (and was decompressed). */
  bodyEnd: number;
  /** Columns decoded. */
  end: number;
  /** Waiting for and receiving the body, decompression while it arrives left out, ms. */
  fetchMs: number;
  /** Time spent decompressing zstd (during the download, or after it for bytes given whole), ms. */
  decompressMs: number;
  /** Decoding the bytes into columns (CSV, JSON or gcol), ms. */
  parseMs: number;
  /** Bytes received (compressed, as sent). */
  bytes: number;
}

/** Epoch ms on the high-resolution clock (comparable across a page and its workers). */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

const JSON_TYPES = new Set(['application/json', 'text/json']);
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/comma-separated-values']);

/** The format named by a Content-Type, or undefined when it does not name one of ours. */
export function formatFromContentType(contentType: string | null | undefined): DataFormat | undefined {
  if (!contentType) return undefined;
  const mime = contentType.split(';')[0].trim().toLowerCase();
  if (JSON_TYPES.has(mime) || mime.endsWith('+json')) return 'json';
  if (CSV_TYPES.has(mime)) return 'csv';
  if (mime === BINARY_CONTENT_TYPE) return 'binary';
  return undefined;
}

/** The format named by a URL's extension (.json, .csv, .gcol; a trailing .zst is ignored). */
export function formatFromUrl(url: string | undefined): DataFormat | undefined {
  if (!url) return undefined;
  let path = url.split(/[?#]/, 1)[0].toLowerCase();
  path = path.replace(/\.zstd?$/, '');
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.csv')) return 'csv';
  if (path.endsWith(BINARY_EXTENSION)) return 'binary';
  return undefined;
}

/** Guesses from the (decompressed) bytes: the GCOL magic, a JSON bracket, else CSV. */
export function sniffFormat(bytes: Uint8Array): DataFormat {
  if (hasBinaryMagic(bytes)) return 'binary';
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // UTF-8 byte-order mark
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x5b /* [ */ || bytes[i] === 0x7b /* { */ ? 'json' : 'csv';
}

/** `format`, else the content type, else the URL extension, else a look at the bytes. */
export function inferFormat(bytes: Uint8Array, options: DecodeOptions = {}): DataFormat {
  return options.format ?? formatFromContentType(options.contentType) ?? formatFromUrl(options.url) ?? sniffFormat(bytes);
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
  const format = inferFormat(data, options);
  if (format === 'binary') {
    const notes: string[] = [];
    const columns = sortByTime(decodeBinary(data, notes), notes);
    return { columns, notes };
  }
  const text = bytesToText(data);
  return format === 'json' ? parseJson(text, options.timeColumn) : parseCsv(text, { timeColumn: options.timeColumn });
}

function bytesToText(bytes: Uint8Array): string {
  try {
    return new TextDecoder().decode(bytes);
  } catch (cause) {
    // JavaScript strings top out around 512 MiB (V8); bigger text cannot be held at all.
    throw new DataError('parse', `${formatBytes(bytes.length)} of text is too large to read as one string; use the binary format (${BINARY_EXTENSION}) for data this big`, { cause });
  }
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
  const { signal, onProgress } = options;
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
    const timing = { decompressMs: 0, received: 0 };
    const bytes = await readBody(response, url, maxBytes, signal, onProgress, timing);
    const bodyEnd = epochNow();
    const fetchMs = Math.max(0, bodyEnd - start - timing.decompressMs);
    const bodyDecompressMs = timing.decompressMs;
    const decoded = decodeWithin(
      bytes,
      { ...options, contentType: options.contentType ?? response.headers.get('Content-Type'), url: options.url ?? url },
      maxBytes,
      timing,
    );
    if (capNotes.length) decoded.notes.unshift(...capNotes);
    const end = epochNow();
    const parseMs = Math.max(0, end - bodyEnd - (timing.decompressMs - bodyDecompressMs));
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

/**
 * Reads the body chunk by chunk: zstd bodies go through the streaming decoder as they arrive (the
 * compressed bytes are not collected), others into one buffer sized by Content-Length.
 */
async function readBody(
  response: Response,
  url: string,
  maxBytes: number,
  signal: AbortSignal | undefined,
  onProgress: LoadOptions['onProgress'],
  timing: { decompressMs: number; received: number },
): Promise<Uint8Array> {
  const total = declaredLength(response);
  if (total !== undefined && total > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw overLimit('fetch', `${url} (${formatBytes(total)})`, maxBytes);
  }
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    timing.received = whole.length;
    onProgress?.(whole.length, total);
    return whole;
  }
  const reader = response.body.getReader();
  let loaded = 0;
  let head = new Uint8Array(0);
  let zstd: ZstdStreamDecoder | null = null;
  let plain: ByteSink | null = null;
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (cause) {
        if (isAbort(cause, signal)) throw signal?.reason ?? cause;
        const detail = cause instanceof Error ? cause.message : String(cause);
        throw new DataError('fetch', `the download of ${url} broke off after ${formatBytes(loaded)}: ${detail}`, { cause });
      }
      if (result.done) break;
      // A custom fetch may ignore the signal; stop here rather than read the whole body.
      signal?.throwIfAborted();
      const chunk = result.value;
      loaded += chunk.length;
      timing.received = loaded;
      if (loaded > maxBytes) throw overLimit('fetch', `the download of ${url} (${formatBytes(loaded)} so far)`, maxBytes);
      onProgress?.(loaded, total);
      if (!zstd && !plain) {
        // Four bytes decide between zstd and plain; a first chunk shorter than that is rare.
        const joined = new Uint8Array(head.length + chunk.length);
        joined.set(head);
        joined.set(chunk, head.length);
        if (joined.length < 4) {
          head = joined;
          continue;
        }
        if (isZstd(joined)) zstd = new ZstdStreamDecoder(maxBytes);
        else {
          plain = new ByteSink();
          if (total !== undefined) plain.reserve(total);
        }
        pushChunk(joined);
        continue;
      }
      pushChunk(chunk);
    }
    if (zstd) {
      const t0 = performance.now();
      zstd.push(new Uint8Array(0), true);
      const out = zstd.finish();
      timing.decompressMs += performance.now() - t0;
      return out;
    }
    if (plain) return plain.bytes();
    return head;
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }

  function pushChunk(chunk: Uint8Array): void {
    if (zstd) {
      const t0 = performance.now();
      zstd.push(chunk, false);
      timing.decompressMs += performance.now() - t0;
    } else plain!.append(chunk);
  }
}

