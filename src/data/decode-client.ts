/**
 * Loads a data file in the page's decode worker (decode-worker.ts) when the page can start one,
 * else on the main thread with the same code (Node/SSR, no Worker, a CSP that forbids it, or
 * `useWorker: false`). Columns come back as transferred Float64Arrays, with the min/max
 * pyramids of big columns already built (offered to the chart through lod.ts).
 *
 * Nothing runs at import: the worker starts with the first load that wants it.
 */
import type { DecodeFailure, DecodeRequest, FromDecodeWorker } from './decode-protocol.js';
import { DataError } from './errors.js';
import { epochNow, loadColumns, type LoadOptions, type LoadResult } from './load.js';
import { MinMaxPyramid, offerPyramid, type PyramidParts } from './lod.js';
import { setColumn, type Columns } from './formats/types.js';

/** Value columns from this many rows on get their pyramid in the worker (smaller ones cost nothing to build). */
export const WORKER_PYRAMID_MIN_ROWS = 1 << 12;

export interface OffThreadLoadOptions extends LoadOptions {
  /** false: decode on the main thread. Default true (when a worker can be started). */
  useWorker?: boolean;
  /** `url` resolved against the page; required for the worker, which resolves against its own script. */
  absoluteUrl?: string;
  /** Headers as a plain record (they cross to the worker). */
  headers?: Record<string, string>;
  /** In the worker: store the decoded columns in this IndexedDB cache there (see `cacheWrite`). */
  cache?: { database: string; url: string; variant: string };
  /**
   * Read the cache before downloading. In the worker, `cache` is read there (the record is
   * deserialised and checked, and big columns' pyramids built, off the page's thread; only
   * transferred columns reach it); on the main thread `readOnMain` reads it. Either way `onRead`
   * gets the answer before the download starts, and a hit makes the download conditional on its
   * validators, a miss (or a failed read) makes it `no-store` (the cache keeps the rows).
   */
  cacheRead?: {
    readOnMain: () => Promise<CachedColumns | undefined>;
    onRead: (read: CacheRead) => void;
  };
}

/** What a cache holds for a URL. */
export interface CachedColumns {
  columns: Columns;
  etag: string | null;
  lastModified: string | null;
}

/** A cache read's answer: the entry (null on a miss), or the error that stopped it; epoch ms. */
export interface CacheRead {
  entry: CachedColumns | null;
  error: unknown;
  start: number;
  end: number;
}

function validators(entry: CachedColumns): Record<string, string> {
  const headers: Record<string, string> = {};
  if (entry.etag) headers['If-None-Match'] = entry.etag;
  if (entry.lastModified) headers['If-Modified-Since'] = entry.lastModified;
  return headers;
}

export interface OffThreadLoadResult extends LoadResult {
  /** Where the file was decoded. */
  decodedIn: 'worker' | 'main';
  /**
   * Set when the worker stores the columns in the cache (`cache` was given and columns came):
   * settles when they are stored, rejects with the cache's DataError. Otherwise the caller stores them.
   */
  cacheWrite?: Promise<void>;
}

/**
 * Downloads and decodes `url` like `loadColumns`, in the decode worker when possible. Rejects
 * with the same DataErrors (phase and message) as the main-thread path; an abort through
 * `signal` rejects with its reason and stops the worker's download and decode.
 */
export async function loadColumnsOffThread(url: string, options: OffThreadLoadOptions = {}): Promise<OffThreadLoadResult> {
  const worker = options.useWorker === false || options.fetch || !options.absoluteUrl ? null : await sharedDecodeWorker();
  options.signal?.throwIfAborted();
  if (!worker) {
    let { headers, requestCache } = options;
    if (options.cacheRead) {
      const start = epochNow();
      let entry: CachedColumns | null = null;
      let error: unknown = null;
      try {
        entry = (await options.cacheRead.readOnMain()) ?? null;
      } catch (cause) {
        error = cause;
      }
      options.signal?.throwIfAborted();
      options.cacheRead.onRead({ entry, error, start, end: epochNow() });
      if (entry) headers = { ...headers, ...validators(entry) };
      else requestCache = 'no-store';
    }
    return { ...(await loadColumns(url, { ...options, headers, requestCache })), decodedIn: 'main' };
  }
  return worker.load(url, options.absoluteUrl!, options);
}

/** Tells the decode worker, if one runs, that `database` was cleared (its failure, if any, is forgotten). */
export async function resetWorkerCache(database: string): Promise<void> {
  const worker = await shared;
  worker?.resetCache(database);
}

/** How a cancelled load in the worker ended: bytes received and CSV records read before it stopped. */
export interface StoppedLoad {
  url: string;
  bytes: number;
  rows: number;
}

/**
 * The worker's last cancelled loads, newest last (at most 16): each is added when the worker
 * reports that its download and decode have stopped, not when the page asked. For diagnostics.
 */
export const stoppedWorkerLoads: StoppedLoad[] = [];

/** How many loads the decode worker is still working on (null: no worker runs). A diagnostic. */
export async function workerLoadsRunning(): Promise<number | null> {
  const worker = await shared;
  return worker ? worker.running() : null;
}

/** undefined: not tried yet; null: this page cannot start one. */
let shared: Promise<DecodeWorker | null> | undefined;

function sharedDecodeWorker(): Promise<DecodeWorker | null> {
  if (shared) return shared;
  if (typeof Worker === 'undefined') return (shared = Promise.resolve(null));
  shared = DecodeWorker.start().then((worker) => {
    if (!worker) return null;
    // A worker that dies (it should not) is replaced by a fresh one for the next load.
    worker.onBroken = () => {
      if (shared && shared === current) shared = undefined;
    };
    return worker;
  });
  const current = shared;
  return shared;
}

interface Pending {
  resolve: (result: OffThreadLoadResult) => void;
  reject: (error: unknown) => void;
  onProgress: LoadOptions['onProgress'];
  onCacheRead: ((read: CacheRead) => void) | undefined;
  /** The worker stores the columns in the cache (a `stored` message follows `done`). */
  cached: boolean;
}

class DecodeWorker {
  private readonly pending = new Map<number, Pending>();
  private readonly storing = new Map<number, { resolve: () => void; reject: (error: unknown) => void }>();
  /** Cancelled loads (id → url) until the worker says they stopped. */
  private readonly cancelling = new Map<number, string>();
  private statusWaiters: ((running: number) => void)[] = [];
  private nextId = 1;
  onBroken: (() => void) | null = null;

  private constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent<FromDecodeWorker>) => this.received(event.data));
    worker.addEventListener('error', (event) => this.broke(event.message || 'the decode worker failed'));
  }

  /** A started worker, or null when the page cannot run one (refused by CSP, not found, no module workers). */
  static start(): Promise<DecodeWorker | null> {
    let worker: Worker;
    try {
      // The standard pattern bundlers and rollup (scripts/worker-plugin.mjs) recognise.
      worker = new Worker(new URL('./decode-worker.js', import.meta.url), { type: 'module', name: 'gpu-chart decode' });
    } catch {
      return Promise.resolve(null); // e.g. a SecurityError from worker-src
    }
    return new Promise((resolve) => {
      const settle = (ready: boolean) => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        if (ready) resolve(new DecodeWorker(worker));
        else {
          worker.terminate();
          resolve(null);
        }
      };
      const onMessage = (event: MessageEvent<FromDecodeWorker>) => settle(event.data.type === 'ready');
      // A script the page may not load (CSP, 404) fails here, before it could say it is ready.
      const onError = (event: Event) => {
        event.preventDefault();
        settle(false);
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
    });
  }

  running(): Promise<number> {
    return new Promise((resolve) => {
      this.statusWaiters.push(resolve);
      this.worker.postMessage({ type: 'status' });
    });
  }

  resetCache(database: string): void {
    this.worker.postMessage({ type: 'cache-reset', database });
  }

  load(url: string, absoluteUrl: string, options: OffThreadLoadOptions): Promise<OffThreadLoadResult> {
    const id = this.nextId++;
    const { signal } = options;
    const request: DecodeRequest = {
      type: 'load',
      id,
      url,
      absoluteUrl,
      format: options.format,
      timeColumn: options.timeColumn,
      maxBytes: options.maxBytes,
      headers: { ...options.headers },
      requestCache: options.requestCache,
      pyramidMinRows: WORKER_PYRAMID_MIN_ROWS,
      cache: options.cache,
      cacheRead: options.cacheRead !== undefined,
    };
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        this.cancelling.set(id, url);
        this.worker.postMessage({ type: 'cancel', id });
        reject(signal!.reason);
      };
      this.pending.set(id, {
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        onProgress: options.onProgress,
        onCacheRead: options.cacheRead?.onRead,
        cached: options.cache !== undefined,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.worker.postMessage(request);
    });
  }

  private received(message: FromDecodeWorker): void {
    if (message.type === 'ready') return;
    if (message.type === 'status') {
      for (const waiter of this.statusWaiters.splice(0)) waiter(message.running.length);
      return;
    }
    if (message.type === 'cancelled') {
      const url = this.cancelling.get(message.id);
      this.cancelling.delete(message.id);
      if (url === undefined) return;
      stoppedWorkerLoads.push({ url, bytes: message.bytes, rows: message.rows });
      if (stoppedWorkerLoads.length > 16) stoppedWorkerLoads.shift();
      return;
    }
    if (message.type === 'stored') {
      const storing = this.storing.get(message.id);
      this.storing.delete(message.id);
      if (message.error) storing?.reject(errorOf(message.error));
      else storing?.resolve();
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return; // cancelled
    if (message.type === 'progress') {
      pending.onProgress?.(message.loaded, message.total);
      return;
    }
    if (message.type === 'cache-read') {
      const columns = message.columns ? adopt(message.columns, message.pyramids) : null;
      pending.onCacheRead?.({
        entry: columns ? { columns, etag: message.etag, lastModified: message.lastModified } : null,
        error: message.error ? errorOf(message.error) : null,
        start: message.start,
        end: message.end,
      });
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'failed') {
      pending.reject(errorOf(message.error));
      return;
    }
    const columns = message.columns ? adopt(message.columns, message.pyramids) : undefined;
    let cacheWrite: Promise<void> | undefined;
    if (columns && pending.cached) {
      cacheWrite = new Promise((resolve, reject) => this.storing.set(message.id, { resolve, reject }));
    }
    pending.resolve({
      status: message.status,
      etag: message.etag,
      lastModified: message.lastModified,
      columns,
      notes: message.notes,
      timings: message.timings,
      decodedIn: 'worker',
      cacheWrite,
    });
  }

  private broke(reason: string): void {
    this.onBroken?.();
    const error = new DataError('parse', `the decode worker stopped: ${reason}`);
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    for (const storing of this.storing.values()) storing.reject(new DataError('cache', `the decode worker stopped before storing: ${reason}`));
    this.storing.clear();
    for (const waiter of this.statusWaiters.splice(0)) waiter(0);
  }
}

/** Columns from the worker, their pyramids offered to the chart (lod.ts). */
function adopt(pairs: [string, Float64Array][], pyramids: [string, PyramidParts][]): Columns {
  const columns = {} as Columns;
  for (const [name, values] of pairs) setColumn(columns, name, values);
  for (const [name, parts] of pyramids) offerPyramid(columns[name], MinMaxPyramid.fromParts(parts));
  return columns;
}

function errorOf(failure: DecodeFailure): Error {
  return failure.phase ? new DataError(failure.phase, failure.message) : Object.assign(new Error(failure.message), { name: failure.name });
}
