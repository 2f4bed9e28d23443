/**
 * Decodes a download's bytes (after zstd) while they arrive. CSV is parsed chunk by chunk
 * (CsvStreamDecoder), so its decoding overlaps the download and no task ever holds the whole
 * text; a JSON array of rows likewise, row objects parsed as they finish (JsonStreamDecoder; an
 * object of columns is parsed whole); .gcol is collected and decoded once whole: its columns are
 * laid out in blocks read by offset (the costly part of a big .gcol.zst, decompression, already
 * runs chunk by chunk in ZstdStreamDecoder).
 */
import { DataError } from '../errors.js';
import { decodeBinary, BINARY_EXTENSION } from './binary.js';
import { ByteSink, formatBytes } from './bytes.js';
import { sortByTime } from './columns.js';
import { CsvStreamDecoder } from './csv.js';
import { hintedFormat, sniffFormat, type DataFormat, type FormatHints } from './infer.js';
import { parseJson } from './json.js';
import { JsonStreamDecoder } from './json-stream.js';
import type { Decoded } from './types.js';
import type { ByteOutput } from './zstd.js';

export interface BodyDecoderOptions extends FormatHints {
  timeColumn?: string;
  /** The body's expected size in bytes (Content-Length), to size the columns once. */
  sizeHint?: number;
}

/**
 * Bytes looked at before guessing the format of a body that nothing names (no `format`,
 * Content-Type or extension): enough to pass leading blank lines and see a JSON bracket.
 */
const SNIFF_BYTES = 4096;

/** Bytes of a CSV given whole that are read at a time. */
const CSV_SLICE = 8 * 1024 * 1024;

export class BodyDecoder implements ByteOutput {
  private head = new Uint8Array(0);
  private csv: CsvStreamDecoder | JsonStreamDecoder | null = null;
  private sink: ByteSink | null = null;
  private format: DataFormat | undefined;
  private sizeHint: number | undefined;
  /** Bytes given so far. */
  length = 0;
  /** Time spent parsing inside `append` (a CSV's records read while the body arrives), ms. */
  parseMs = 0;

  constructor(private readonly options: BodyDecoderOptions) {
    this.sizeHint = options.sizeHint;
  }

  reserve(total: number): void {
    if (this.length === 0) this.sizeHint = total;
  }

  append(chunk: Uint8Array): void {
    this.length += chunk.length;
    if (this.csv) {
      const t0 = performance.now();
      this.csv.pushBytes(chunk);
      this.parseMs += performance.now() - t0;
      return;
    }
    if (this.sink) {
      this.sink.append(chunk);
      return;
    }
    const joined = this.head.length ? concat(this.head, chunk) : chunk;
    const named = hintedFormat(this.options);
    if (!named && joined.length < SNIFF_BYTES) {
      this.head = joined.slice(); // the caller may reuse its chunk's memory
      return;
    }
    this.head = new Uint8Array(0);
    this.begin(named ?? sniffFormat(joined), joined);
  }

  /** CSV records or JSON rows read so far (0 for formats decoded once whole). */
  get rows(): number {
    return this.csv?.rows ?? 0;
  }

  /** The decoded columns; call after the last `append`. */
  finish(): Decoded {
    if (!this.csv && !this.sink) {
      const head = this.head;
      this.head = new Uint8Array(0);
      this.begin(hintedFormat(this.options) ?? sniffFormat(head), head);
    }
    if (this.csv) return this.csv.finish();
    return decodeWhole(this.sink!.bytes(), this.format!, this.options.timeColumn);
  }

  private begin(format: DataFormat, first: Uint8Array): void {
    this.format = format;
    if (format === 'csv' || format === 'json') {
      this.csv =
        format === 'csv'
          ? new CsvStreamDecoder({ timeColumn: this.options.timeColumn, sizeHint: this.sizeHint })
          : new JsonStreamDecoder(this.options.timeColumn);
      const t0 = performance.now();
      this.csv.pushBytes(first);
      this.parseMs += performance.now() - t0;
    } else {
      this.sink = new ByteSink();
      if (this.sizeHint !== undefined) this.sink.reserve(this.sizeHint);
      this.sink.append(first);
    }
  }
}

/** Decodes whole (decompressed) bytes of a known format. */
export function decodeWhole(data: Uint8Array, format: DataFormat, timeColumn: string | undefined): Decoded {
  if (format === 'binary') {
    const notes: string[] = [];
    const columns = sortByTime(decodeBinary(data, notes), notes);
    return { columns, notes };
  }
  if (format === 'csv') {
    // In slices, as if downloaded: the text is never one string (a string tops out near 512 MiB).
    const csv = new CsvStreamDecoder({ timeColumn, sizeHint: data.length });
    for (let at = 0; at < data.length; at += CSV_SLICE) csv.pushBytes(data.subarray(at, at + CSV_SLICE));
    return csv.finish();
  }
  return parseJson(bytesToText(data), timeColumn);
}

function bytesToText(bytes: Uint8Array): string {
  try {
    return new TextDecoder().decode(bytes);
  } catch (cause) {
    // JavaScript strings top out around 512 MiB (V8); bigger text cannot be held at all.
    throw new DataError('parse', `${formatBytes(bytes.length)} of text is too large to read as one string; use the binary format (${BINARY_EXTENSION}) for data this big`, { cause });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
