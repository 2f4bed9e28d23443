/**
 * ColumnCache: decoded columns kept in IndexedDB, keyed by URL, with the validators (ETag,
 * Last-Modified) needed to revalidate them with a conditional request.
 *
 * Why decoded columns: a cache hit then costs one structured-clone read, with no decompression or
 * parsing. Any failure (no IndexedDB, a blocked or newer database, quota exceeded) turns this
 * cache off for the page and surfaces as a DataError with phase 'cache'; callers load without it.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { DataError } from './errors.js';
import { formatBytes } from './formats/bytes.js';
import { MAX_TIME_MS } from './formats/time.js';
import type { ColumnMap } from './table.js';

export interface CacheEntry {
  /** Absolute URL of the resource. */
  url: string;
  /** Decoding settings the columns were produced with; a different setting is a miss. */
  variant: string;
  columns: ColumnMap;
  etag: string | null;
  lastModified: string | null;
  /** Date.now() when stored. */
  storedAt: number;
}

interface CacheSchema extends DBSchema {
  columns: { key: string; value: CacheEntry };
}

export const DEFAULT_CACHE_DATABASE = 'gpu-chart-cache';
const STORE = 'columns';
const VERSION = 1;

export interface ColumnCacheOptions {
  /** Give up opening the database after this long (a blocked upgrade never settles). Default 3000 ms. */
  openTimeoutMs?: number;
  /**
   * How long `get` and `put` wait for a database that is still opening before they go on without
   * it (a miss; the write continues in the background). Default 300 ms. Why: an open blocked by
   * another tab settles only at `openTimeoutMs`, and loading must not wait for that.
   */
  openWaitMs?: number;
}

/** Bytes one cached column may take: what one load may produce (load.ts MAX_BYTES_LIMIT). */
const MAX_CACHED_COLUMN_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * Why a record read from IndexedDB cannot be used, or null when it can. Records are written by
 * this code, but the database belongs to the origin: other code, an older version, a broken
 * disk or a person in the developer tools may have changed them, and a bad record would be
 * drawn and then kept forever by each 304 revalidation. The checks cost one pass over `time`.
 */
export function checkCacheEntry(entry: unknown): string | null {
  if (entry === null || typeof entry !== 'object') return `the record is ${entry === null ? 'null' : typeof entry}`;
  const record = entry as Partial<Record<keyof CacheEntry, unknown>>;
  for (const key of ['etag', 'lastModified'] as const) {
    const v = record[key];
    if (v !== null && v !== undefined && typeof v !== 'string') return `its ${key} is ${typeof v}, not text`;
  }
  const columns = record.columns;
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) return 'its columns are not an object of columns';
  if (!Object.prototype.hasOwnProperty.call(columns, 'time')) return 'it has no "time" column';
  const named = columns as Record<string, unknown>;
  const rows = (named.time as { length?: unknown }).length;
  for (const name of Object.keys(named)) {
    const values = named[name];
    if (!(values instanceof Float64Array)) return `column "${name}" is ${describeValue(values)}, not a Float64Array`;
    if (values.length !== rows) return `column "${name}" has ${values.length} rows but "time" has ${String(rows)}`;
    if (values.byteLength > MAX_CACHED_COLUMN_BYTES) return `column "${name}" takes ${formatBytes(values.byteLength)}, more than a load can produce`;
  }
  const time = named.time as Float64Array;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (!(t >= -MAX_TIME_MS && t <= MAX_TIME_MS)) return `time at row ${i + 1} is ${t}, not a time`;
    if (i > 0 && !(t > time[i - 1])) return `times are not increasing at row ${i + 1}`;
  }
  return null;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

export class ColumnCache {
  readonly dbName: string;
  private readonly openTimeoutMs: number;
  private readonly openWaitMs: number;
  private dbPromise: Promise<IDBPDatabase<CacheSchema>> | null = null;
  /** The open database, once `dbPromise` has settled with it. */
  private openDb: IDBPDatabase<CacheSchema> | null = null;
  private failure: DataError | null = null;

  constructor(dbName = DEFAULT_CACHE_DATABASE, options: ColumnCacheOptions = {}) {
    this.dbName = dbName;
    this.openTimeoutMs = options.openTimeoutMs ?? 3000;
    this.openWaitMs = options.openWaitMs ?? 300;
  }

  /** Why the cache is off, or null while it works. */
  get disabledReason(): DataError | null {
    return this.failure;
  }

  /**
   * The entry for `url` and `variant`, or undefined (also while the database is still opening
   * after `openWaitMs`). A damaged entry (see checkCacheEntry) is deleted, and this rejects with
   * a DataError (phase cache) saying so; the cache stays on.
   */
  async get(url: string, variant = ''): Promise<CacheEntry | undefined> {
    const db = await this.ready();
    if (!db) return undefined;
    const entry = await this.guard('read', () => db.get(STORE, url));
    if (!entry || entry.variant !== variant) return undefined;
    const problem = checkCacheEntry(entry);
    if (problem === null) return entry;
    await this.guard('delete', () => db.delete(STORE, url));
    throw new DataError('cache', `the cached copy of ${url} was damaged (${problem}); it was deleted, and the file is loaded from the network`);
  }

  /** Stores `entry`; when the database is still opening after `openWaitMs`, the write goes on in the background. */
  async put(entry: CacheEntry): Promise<void> {
    const db = await this.ready();
    if (!db) {
      // A failure is kept in `disabledReason` and reported by the next use.
      void this.db()
        .then((late) => this.guard('write', () => late.put(STORE, entry)))
        .catch(() => undefined);
      return;
    }
    await this.guard('write', () => db.put(STORE, entry));
  }

  async delete(url: string): Promise<void> {
    const db = await this.db();
    await this.guard('delete', () => db.delete(STORE, url));
  }

  /** Removes every entry. A broken database is deleted instead, which also turns the cache back on. */
  async clear(): Promise<void> {
    if (!this.failure) {
      try {
        const db = await this.db();
        await db.clear(STORE);
        return;
      } catch {
        // Fall through to deleting the whole database.
      }
    }
    await this.close();
    if (typeof indexedDB === 'undefined') return;
    await deleteDB(this.dbName);
    this.failure = null;
  }

  /** Closes the connection (it is reopened on next use). */
  async close(): Promise<void> {
    const pending = this.dbPromise;
    this.dbPromise = null;
    this.openDb = null;
    if (pending) (await pending.catch(() => null))?.close();
  }

  private db(): Promise<IDBPDatabase<CacheSchema>> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.dbPromise) {
      const opening: Promise<IDBPDatabase<CacheSchema>> = this.open().then(
        (db) => {
          if (this.dbPromise === opening) this.openDb = db;
          return db;
        },
        (cause: unknown) => {
          if (this.dbPromise === opening) this.dbPromise = null;
          throw this.disable(`cannot open the IndexedDB cache "${this.dbName}": ${describe(cause)}`, cause);
        },
      );
      this.dbPromise = opening;
    }
    return this.dbPromise;
  }

  /** The database, or null when it is still opening after `openWaitMs` (it goes on opening). */
  private ready(): Promise<IDBPDatabase<CacheSchema> | null> {
    const pending = this.db();
    if (this.openDb) return Promise.resolve(this.openDb);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(null), this.openWaitMs);
      pending.then(
        (db) => {
          clearTimeout(timer);
          resolve(db);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private open(): Promise<IDBPDatabase<CacheSchema>> {
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available here'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${this.openTimeoutMs} ms`)), this.openTimeoutMs);
      openDB<CacheSchema>(this.dbName, VERSION, {
        upgrade(db) {
          if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'url' });
        },
        blocked: () => reject(new Error('blocked by another tab holding an older version open')),
        // Another tab wants to upgrade or delete: step aside rather than block it.
        blocking: () => void this.close(),
        terminated: () => {
          this.dbPromise = null;
          this.openDb = null;
        },
      }).then(
        (db) => {
          clearTimeout(timer);
          if (!db.objectStoreNames.contains(STORE)) {
            db.close();
            reject(new Error(`the database has no "${STORE}" store`));
          } else resolve(db);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private async guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (cause) {
      const quota = cause instanceof DOMException && cause.name === 'QuotaExceededError';
      throw this.disable(quota ? 'the IndexedDB cache is over its storage quota' : `cache ${what} failed: ${describe(cause)}`, cause);
    }
  }

  private disable(message: string, cause: unknown): DataError {
    this.failure = new DataError('cache', `${message}; caching is off for this page`, { cause });
    void this.close();
    return this.failure;
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

const shared = new Map<string, ColumnCache>();

/** One cache per database name for the whole page (created on first use, not at import). */
export function sharedColumnCache(dbName = DEFAULT_CACHE_DATABASE): ColumnCache {
  let cache = shared.get(dbName);
  if (!cache) shared.set(dbName, (cache = new ColumnCache(dbName)));
  return cache;
}
