/**
 * The decode worker: a module worker that downloads and decodes data files with the same code
 * the main thread uses (load.ts), and builds the min/max pyramids of big value columns, so that
 * a load costs the page only the transfer of finished buffers. One per page (decode-client.ts).
 *
 * Bundles: rollup emits it as `decode-worker.js` next to the chunk that starts it (see
 * scripts/worker-plugin.mjs); the dev server serves it from the TypeScript source.
 */
import { ColumnCache } from './cache.js';
import type { DecodeFailure, DecodeRequest, FromDecodeWorker, ToDecodeWorker } from './decode-protocol.js';
import { DataError } from './errors.js';
import { epochNow, loadColumns } from './load.js';
import { MinMaxPyramid, firstFinite, type PyramidParts } from './lod.js';
import { setColumn, type Columns } from './formats/types.js';

interface WorkerScope {
  postMessage(message: FromDecodeWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToDecodeWorker>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const running = new Map<number, AbortController>();
/** The worker's own connections, by database (the page's are in cache.ts sharedColumnCache). */
const caches = new Map<string, ColumnCache>();

function cacheFor(database: string): ColumnCache {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new ColumnCache(database)));
  return cache;
}

/** Progress messages at most this often (ms): one per display frame is all a progress bar shows. */
const PROGRESS_INTERVAL_MS = 16;

/** A load gives up the worker's thread this often (ms), so a cancel message is read within that. */
const YIELD_EVERY_MS = 20;

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.type === 'cancel') {
    // The load leaves `running` when its download and decode have actually stopped (finally).
    running.get(message.id)?.abort();
  } else if (message.type === 'status') {
    scope.postMessage({ type: 'status', running: [...running.keys()] });
  } else if (message.type === 'cache-reset') {
    void caches.get(message.database)?.close();
    caches.delete(message.database);
  } else if (message.type === 'load') void decode(message);
});
scope.postMessage({ type: 'ready' });

async function decode(request: DecodeRequest): Promise<void> {
  const abort = new AbortController();
  running.set(request.id, abort);
  const { signal } = abort;
  let lastSent = -Infinity;
  let unsent: { loaded: number; total: number | undefined } | null = null;
  let received = 0;
  let rows = 0;
  const flushProgress = () => {
    if (unsent) scope.postMessage({ type: 'progress', id: request.id, ...unsent });
    unsent = null;
  };
  try {
    let { headers, requestCache } = request;
    if (request.cacheRead && request.cache) {
      const validators = await readCache(request, signal);
      if (signal.aborted) return;
      if (validators) headers = { ...headers, ...validators };
      else requestCache = 'no-store';
    }
    const result = await loadColumns(request.url, {
      format: request.format,
      timeColumn: request.timeColumn,
      maxBytes: request.maxBytes,
      headers,
      requestCache,
      signal,
      // Messages name the URL as the page wrote it; the request goes to the resolved one.
      fetch: (_input, init) => fetch(request.absoluteUrl, init),
      yieldEveryMs: YIELD_EVERY_MS,
      onParsed: (parsed) => (rows = parsed),
      onProgress: (loaded, total) => {
        received = loaded;
        unsent = { loaded, total };
        const now = performance.now();
        if (now - lastSent >= PROGRESS_INTERVAL_MS) {
          lastSent = now;
          flushProgress();
        }
      },
    });
    if (signal.aborted) return;
    flushProgress();
    const columns: [string, Float64Array][] | null = result.columns ? Object.entries(result.columns) : null;
    // The cache gets copies, so the originals go to the page now while IndexedDB clones and
    // writes these here (a structured clone of every column the page would otherwise pay for).
    const forCache = request.cache && result.columns ? copyColumns(columns!) : null;
    const { pyramids, transfer } = withPyramids(columns ?? [], request.pyramidMinRows);
    scope.postMessage(
      { type: 'done', id: request.id, status: result.status, etag: result.etag, lastModified: result.lastModified, columns, notes: result.notes ?? [], pyramids, timings: result.timings },
      transfer,
    );
    if (forCache && request.cache) {
      const { database, url, variant } = request.cache;
      try {
        await cacheFor(database).put({ url, variant, columns: forCache, etag: result.etag, lastModified: result.lastModified, storedAt: Date.now() });
        scope.postMessage({ type: 'stored', id: request.id, error: null });
      } catch (error) {
        scope.postMessage({ type: 'stored', id: request.id, error: failureOf(error) });
      }
    }
  } catch (error) {
    if (signal.aborted) return; // the page stopped waiting for it
    scope.postMessage({ type: 'failed', id: request.id, error: failureOf(error) });
  } finally {
    running.delete(request.id);
    if (signal.aborted) scope.postMessage({ type: 'cancelled', id: request.id, bytes: received, rows });
  }
}

/**
 * Reads the request's cache entry and sends it to the page (`cache-read`); returns the
 * validators that make the download conditional, or null when nothing usable was cached.
 */
async function readCache(request: DecodeRequest, signal: AbortSignal): Promise<Record<string, string> | null> {
  const { database, url, variant } = request.cache!;
  const start = epochNow();
  const answer = { type: 'cache-read' as const, id: request.id, columns: null, pyramids: [], etag: null, lastModified: null, start, end: start, error: null };
  try {
    const entry = await cacheFor(database).get(url, variant);
    if (signal.aborted) return null;
    if (!entry) {
      scope.postMessage({ ...answer, end: epochNow() });
      return null;
    }
    const columns = Object.entries(entry.columns);
    const { pyramids, transfer } = withPyramids(columns, request.pyramidMinRows);
    scope.postMessage({ ...answer, columns, pyramids, etag: entry.etag, lastModified: entry.lastModified, end: epochNow() }, transfer);
    const validators: Record<string, string> = {};
    if (entry.etag) validators['If-None-Match'] = entry.etag;
    if (entry.lastModified) validators['If-Modified-Since'] = entry.lastModified;
    return validators;
  } catch (error) {
    scope.postMessage({ ...answer, end: epochNow(), error: failureOf(error) });
    return null;
  }
}

/** The min/max pyramids of the big value columns, and every buffer to transfer with them. */
function withPyramids(columns: [string, Float64Array][], minRows: number): { pyramids: [string, PyramidParts][]; transfer: Transferable[] } {
  const transfer = new Set<Transferable>();
  const pyramids: [string, PyramidParts][] = [];
  for (const [name, values] of columns) {
    transfer.add(values.buffer as ArrayBuffer);
    if (name === 'time' || values.length < minRows) continue;
    const pyramid = new MinMaxPyramid(firstFinite(values));
    pyramid.build(values);
    const parts = pyramid.toParts();
    transfer.add(parts.data.buffer as ArrayBuffer);
    pyramids.push([name, parts]);
  }
  return { pyramids, transfer: [...transfer] };
}

function failureOf(error: unknown): DecodeFailure {
  const failure = error instanceof Error ? error : new Error(String(error));
  return { phase: failure instanceof DataError ? failure.phase : null, name: failure.name, message: failure.message };
}

function copyColumns(columns: [string, Float64Array][]): Columns {
  const copy = {} as Columns;
  for (const [name, values] of columns) setColumn(copy, name, values.slice());
  return copy;
}
