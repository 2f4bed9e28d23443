/**
 * One error type for everything that can go wrong between a URL and a set of columns, so a
 * caller (the datasource element, a user's code) can show a precise message and know which
 * step failed without parsing message text.
 */

/** The step that failed: download, zstd decompression, format parsing, local cache, live stream. */
export type DataErrorPhase = 'fetch' | 'decompress' | 'parse' | 'cache' | 'stream';

export class DataError extends Error {
  readonly phase: DataErrorPhase;

  constructor(phase: DataErrorPhase, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DataError';
    this.phase = phase;
  }
}
