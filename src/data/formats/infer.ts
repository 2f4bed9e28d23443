/**
 * Which format a body is in: the `format` option, else the Content-Type, else the URL's
 * extension, else a look at the (decompressed) bytes.
 */
import { hasBinaryMagic, BINARY_CONTENT_TYPE, BINARY_EXTENSION } from './binary.js';

export type DataFormat = 'json' | 'csv' | 'binary';

/** What is known about a body before its bytes are read. */
export interface FormatHints {
  format?: DataFormat;
  contentType?: string | null;
  url?: string;
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
export function inferFormat(bytes: Uint8Array, options: FormatHints = {}): DataFormat {
  return options.format ?? formatFromContentType(options.contentType) ?? formatFromUrl(options.url) ?? sniffFormat(bytes);
}

/** The format the hints name, without looking at bytes; undefined when only the bytes can tell. */
export function hintedFormat(options: FormatHints): DataFormat | undefined {
  return options.format ?? formatFromContentType(options.contentType) ?? formatFromUrl(options.url);
}
