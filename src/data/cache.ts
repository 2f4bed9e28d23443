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
}

export class ColumnCache {
  readonly dbName: string;
  private readonly openTimeoutMs: number;
  private dbPromise: Promise<IDBPDatabase<CacheSchema>> | null = null;
  private failure: DataError | null = null;

  constructor(dbName = DEFAULT_CACHE_DATABASE, options: ColumnCacheOptions = {}) {
    this.dbName = dbName;
    this.openTimeoutMs = options.openTimeoutMs ?? 3000;
  }

  /** Why the cache is off, or null while it works. */
  get disabledReason(): DataError | null {
    return this.failure;
  }

  async get(url: string, variant = ''): Promise<CacheEntry | undefined> {
    const db = await this.db();
    const entry = await this.guard('read', () => db.get(STORE, url));
    return entry && entry.variant === variant ? entry : undefined;
  }

  async put(entry: CacheEntry): Promise<void> {
    const db = await this.db();
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
    if (pending) (await pending.catch(() => null))?.close();
  }

  private db(): Promise<IDBPDatabase<CacheSchema>> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.dbPromise) {
      this.dbPromise = this.open().catch((cause: unknown) => {
        this.dbPromise = null;
        throw this.disable(`cannot open the IndexedDB cache "${this.dbName}": ${describe(cause)}`, cause);
      });
    }
    return this.dbPromise;
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
