/**
 * Messages between the page and the decode worker (decode-worker.ts). Columns and pyramids
 * travel as [name, value] pairs, so a column named `__proto__` stays a column, and their buffers
 * are transferred, not copied.
 */
import type { DataErrorPhase } from './errors.js';
import type { DataFormat } from './load.js';
import type { PyramidParts } from './lod.js';
import type { LoadTimings } from './load.js';

export interface DecodeRequest {
  type: 'load';
  id: number;
  /** The URL as the page gave it (error messages name it, the extension infers the format). */
  url: string;
  /** The same URL resolved against the page (a worker resolves against its own script). */
  absoluteUrl: string;
  format?: DataFormat;
  timeColumn?: string;
  maxBytes?: number;
  headers: Record<string, string>;
  /** The fetch's cache mode (`no-store` when the IndexedDB cache keeps the rows). */
  requestCache?: RequestCache;
  /** Value columns with at least this many rows get their min/max pyramid built in the worker. */
  pyramidMinRows: number;
  /** Store the decoded columns in this IndexedDB cache from the worker (the page then does not clone them). */
  cache?: { database: string; url: string; variant: string };
  /**
   * Read `cache` first, in the worker: a hit comes back as `cached` (columns transferred, big
   * columns' pyramids built) and makes the download conditional on its validators; a miss makes
   * it `no-store` (the cache keeps the rows). The page then never deserialises the record.
   */
  cacheRead?: boolean;
}

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

/** The page cleared the cache database: forget its connection and any failure (as the page's cache does). */
export interface CacheResetRequest {
  type: 'cache-reset';
  database: string;
}

/** Which loads the worker is still working on (a diagnostic: tests check a cancel stops the decode). */
export interface StatusRequest {
  type: 'status';
}

export type ToDecodeWorker = DecodeRequest | CancelRequest | CacheResetRequest | StatusRequest;

export interface DecodeFailure {
  phase: DataErrorPhase | null;
  name: string;
  message: string;
}

export type FromDecodeWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; loaded: number; total: number | undefined }
  | {
      type: 'done';
      id: number;
      status: number;
      etag: string | null;
      lastModified: string | null;
      columns: [string, Float64Array][] | null;
      notes: string[];
      pyramids: [string, PyramidParts][];
      timings?: LoadTimings;
    }
  | { type: 'failed'; id: number; error: DecodeFailure }
  /** The answer of a `cacheRead`, before the download: the cached columns (null: none), or why the cache could not be read. */
  | {
      type: 'cache-read';
      id: number;
      columns: [string, Float64Array][] | null;
      pyramids: [string, PyramidParts][];
      etag: string | null;
      lastModified: string | null;
      /** Epoch ms (shared clock) the read started and ended. */
      start: number;
      end: number;
      error: DecodeFailure | null;
    }
  /** A cancelled load stopped: its download and decode ended after `bytes` received and `rows` CSV records read. */
  | { type: 'cancelled'; id: number; bytes: number; rows: number }
  /** The answer to `status`: the loads still running. */
  | { type: 'status'; running: number[] }
  /** After `done` of a request with `cache`: the columns were stored, or why not. */
  | { type: 'stored'; id: number; error: DecodeFailure | null };
