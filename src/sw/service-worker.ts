/**
 * gpu-chart's Service Worker (dist/sw.js): the library and the data files its datasources load,
 * cached so that a page's charts come back at once and offline on the next visit. Opt in with one
 * line, naming where the CDN build is served:
 *
 *   navigator.serviceWorker.register('/sw.js?lib=/assets/gpu-chart/');
 *
 * - Library: the files listed in `<lib>/precache.json` (written by the build: a version and every
 *   chunk) are cached at install, in a cache named after the version. Chunks are served from the
 *   cache; each time the unhashed entry file is asked for, the list is checked again in the
 *   background, and a new version is cached whole before the old version's cache is deleted.
 * - Data (`.json`, `.csv`, `.gcol`, `.zst` fetched with GET): stale-while-revalidate. Requests
 *   a datasource with `cache` makes carry `cache: 'no-store'` (its IndexedDB cache keeps the
 *   decoded rows and revalidates them) or conditional headers: those go to the network untouched,
 *   so the same rows are never stored twice.
 * - Pages (navigations in the worker's scope): network first, the last copy when offline.
 * No Workbox: its precaching and strategies modules cost more than this whole file, and the three
 * rules above are all the library needs.
 */
/// <reference lib="webworker" />
export {};
declare const self: ServiceWorkerGlobalScope;

const LIB = new URL(new URL(self.location.href).searchParams.get('lib') ?? './', self.location.href).href;
const MANIFEST = `${LIB}precache.json`;
const LIB_CACHE = 'gpu-chart-lib-';
const DATA_CACHE = 'gpu-chart-data';
const PAGE_CACHE = 'gpu-chart-pages';
const DATA_FILE = /\.(json|csv|gcol|zst)$/i;

interface Manifest {
  version: string;
  files: string[];
}

let refreshing: Promise<void> | null = null;

/** Caches the library version the manifest names (whole, then deletes older versions). */
function refreshLibrary(): Promise<void> {
  return (refreshing ??= (async () => {
    try {
      const res = await fetch(MANIFEST, { cache: 'no-store' });
      if (!res.ok) return;
      const manifest = (await res.json()) as Manifest;
      if (typeof manifest?.version !== 'string' || !Array.isArray(manifest.files)) return;
      const name = LIB_CACHE + manifest.version;
      const keys = await caches.keys();
      if (!keys.includes(name)) {
        const staging = await caches.open(`${name}-staging`);
        await staging.addAll(manifest.files.map((f) => new URL(f, LIB).href));
        const cache = await caches.open(name);
        for (const req of await staging.keys()) {
          const hit = await staging.match(req);
          if (hit) await cache.put(req, hit);
        }
        await caches.delete(`${name}-staging`);
      }
      for (const key of await caches.keys()) if (key.startsWith(LIB_CACHE) && key !== name) await caches.delete(key);
    } catch {
      // offline or the server is down: keep what is cached
    } finally {
      refreshing = null;
    }
  })());
}

async function fromLibrary(request: Request, event: FetchEvent): Promise<Response> {
  const url = request.url.split('?')[0];
  for (const key of await caches.keys()) {
    if (!key.startsWith(LIB_CACHE) || key.endsWith('-staging')) continue;
    const hit = await (await caches.open(key)).match(url);
    if (hit) {
      // The entry file is the one a new version changes without a new name: look for one.
      if (!/[-.][0-9a-z]{8}\.js$/i.test(url)) event.waitUntil(refreshLibrary());
      return hit;
    }
  }
  return fetch(request);
}

async function staleWhileRevalidate(request: Request, event: FetchEvent): Promise<Response> {
  const cache = await caches.open(DATA_CACHE);
  const cached = await cache.match(request);
  const fresh = fetch(request).then(async (res) => {
    if (res.ok) await cache.put(request, res.clone());
    return res;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => undefined));
    return cached;
  }
  return fresh;
}

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(request, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(refreshLibrary().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.url === MANIFEST) return;
  if (request.url.startsWith(LIB)) {
    event.respondWith(fromLibrary(request, event));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request));
    return;
  }
  const conditional = request.headers.has('If-None-Match') || request.headers.has('If-Modified-Since');
  if (DATA_FILE.test(url.pathname) && request.cache !== 'no-store' && !conditional) {
    event.respondWith(staleWhileRevalidate(request, event));
  }
});
