/**
 * The tiled mode of <gpu-datasource> (`tiles="…{series}…{from}…{to}…{width}"`, docs/tiles.md):
 * the whole series at a coarse width first, then, for the bound chart's view, the aligned
 * power-of-two tiles of its zoom (cacheable: pans and returns reuse them), and the view's own
 * pixel columns (which make the picture exact): at once when an answer for them is held or cached,
 * else from the server once the view has rested. Every answer's rows are
 * real rows of the series, so the table is their union (src/data/tiles.ts says why that is
 * exact). Requests the view has left are cancelled; answers are kept in IndexedDB with `cache`.
 */
import type { ColumnCache } from '../../data/cache.js';
import { DataError } from '../../data/errors.js';
import { decodeBytes } from '../../data/load.js';
import { ColumnTable, type ColumnMap } from '../../data/table.js';
import { answerRows, layerCandles, mergeIntoHeld, tileLevel, tilesFor, tileUrl, unionRows, type ViewColumns } from '../../data/tiles.js';

/** What a chart hands its bound source: its element (for `gpu-range`) and its view in device-pixel columns. */
export interface TileViewHandle {
  readonly element: HTMLElement;
  deviceColumns(): ViewColumns | null;
  /** Registers the listener the chart calls synchronously when its view is set (before that view's frame). */
  onViewSet?(listener: (() => void) | null): void;
}

export interface TiledLoaderHost {
  readonly table: ColumnTable;
  cache(): ColumnCache | null;
  error(error: DataError): void;
  /** The table holds an answer's rows (the first one ends the loading state). */
  loaded(): void;
}

/** Columns of the first, whole-series request. */
const OVERVIEW_WIDTH = 2048;
/** Rows a stream may add at the live edge (the oldest leave first). */
const LIVE_CAPACITY = 100_000;
/** Answers kept (besides the overview); the oldest leave the table first. */
const KEPT_ANSWERS = 24;
/**
 * Answers that left the table stay in memory up to this many rows in all (16 bytes a row for a
 * line): a return to their view puts them back into the table before its frame, with no request
 * and no cache look-up (one frame per warm step).
 */
const SPARE_ROWS = 1_000_000;
/**
 * Rows of answers no longer kept stay in the table (real rows: the picture stays exact) until it
 * holds this many times the rows of the kept answers; then it is rebuilt from those.
 */
const COMPACT_FACTOR = 2;
/**
 * The view's own columns are asked of the server once it has rested this long (ms); an answer
 * held, in IndexedDB or fresh in the HTTP cache is used at once (it costs no request).
 */
export const EXACT_DELAY_MS = 120;
const GCOL = 'application/vnd.gpu-chart.gcol';
const ACCEPT = `${GCOL}, application/json;q=0.5`;
/** The protocol's widest request (docs/tiles.md): a bucket's rows are asked for at this width. */
const MAX_TILE_WIDTH = 16384;

type TileRequestOf = { series: string; from: number | null; to: number | null; width: number };

interface Answer {
  url: string;
  rows: ColumnMap;
  req: TileRequestOf;
}

/** A stream that moves the live edge has the tiles reaching it asked again at most this often (ms). */
export const LIVE_REFRESH_MS = 1000;

export class TiledLoader {
  private overview: Answer | null = null;
  private readonly answers = new Map<string, Answer>();
  /** Answers no longer in the table, oldest first (SPARE_ROWS). */
  private readonly spare = new Map<string, Answer>();
  private spareRows = 0;
  private readonly inFlight = new Map<string, AbortController>();
  private views: TileViewHandle[] = [];
  /** A chart that changes size changes its pixel columns without a `gpu-range`. */
  private readonly resized = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.onRange()) : null;
  private refineTimer: ReturnType<typeof setTimeout> | null = null;
  private settleWaiters: (() => void)[] = [];
  private stopped = false;
  /**
   * Raw rows a stream appends at the live edge (`stream` in tiled mode): kept apart and united
   * with the answers, which replace the table; newest wins where times meet.
   */
  readonly live = new ColumnTable();
  private rebuildTimer: ReturnType<typeof setTimeout> | null = null;
  /** Answers that arrived since the table was last brought up to date (merged into it, lines). */
  private arrived: ColumnMap[] = [];
  /** The table must be rebuilt from every answer held (first answer, live rows, candles). */
  private rebuildAll = true;
  /**
   * Requests sent and the milliseconds they took (answers from IndexedDB: cacheHits; the view's
   * own columns found fresh in the HTTP cache: httpCacheHits); table rebuilds (every row replaced and
   * uploaded again), merges (an answer's rows put into the table; rows from `mergedFrom` on
   * changed) and answers that changed nothing (bench and tests read these).
   */
  readonly stats = { requests: 0, rests: 0, cacheHits: 0, httpCacheHits: 0, aborted: 0, lastMs: 0, edgeRefreshes: 0, rebuilds: 0, merges: 0, unchanged: 0 };
  private liveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: TiledLoaderHost,
    private readonly template: string,
    private readonly series: string,
    private readonly candles: boolean,
  ) {
    this.live.capacity = LIVE_CAPACITY;
    // Stream rows come one message at a time: one rebuild per task, whatever arrived in it.
    this.live.subscribe(() => {
      this.rebuildAll = true;
      this.scheduleRebuild();
      this.liveMoved();
    });
  }

  start(): void {
    void this.request({ series: this.series, from: null, to: null, width: OVERVIEW_WIDTH }, 'overview');
  }

  stop(): void {
    this.stopped = true;
    for (const c of this.inFlight.values()) c.abort();
    this.inFlight.clear();
    if (this.refineTimer) clearTimeout(this.refineTimer);
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.refineTimer = this.rebuildTimer = this.liveTimer = null;
    for (const v of this.views) {
      v.element.removeEventListener('gpu-range', this.onRange);
      v.onViewSet?.(null);
    }
    this.resized?.disconnect();
    this.spare.clear();
    this.spareRows = 0;
    this.views = [];
    this.settle();
  }

  attach(view: TileViewHandle): void {
    if (this.views.includes(view)) return;
    this.views.push(view);
    view.element.addEventListener('gpu-range', this.onRange);
    view.onViewSet?.(this.onViewSet);
    this.resized?.observe(view.element);
    this.onRange();
  }

  detach(view: TileViewHandle): void {
    this.views = this.views.filter((v) => v !== view);
    view.element.removeEventListener('gpu-range', this.onRange);
    view.onViewSet?.(null);
    this.resized?.unobserve(view.element);
  }

  /** Resolves when no request is in flight or waiting (the picture is as exact as it will get). */
  settled(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  private idle(): boolean {
    return this.inFlight.size === 0 && this.refineTimer === null && this.rebuildTimer === null;
  }

  private settle(): void {
    if (!this.idle()) return;
    const waiters = this.settleWaiters;
    this.settleWaiters = [];
    for (const w of waiters) w();
  }

  /** The bound charts' views changed (or their size): ask for what they show, after this task. */
  private readonly onRange = (): void => {
    if (this.stopped) return;
    if (this.refineTimer) clearTimeout(this.refineTimer);
    this.refineTimer = setTimeout(() => this.refine(), 0);
  };

  /**
   * A bound chart's view was set and its frame is still to come (end of this task): answers held
   * in memory for the new view but no longer in the table go back into it now, so that frame is
   * already exact. Everything else (requests, cache look-ups) waits for gpu-range as before.
   */
  private readonly onViewSet = (): void => {
    if (this.stopped || !this.overview) return;
    let restored = false;
    for (const view of this.currentViews()) {
      for (const v of [...tilesFor(view, tileLevel(view)), view]) restored = this.fromMemory(this.urlOf(v)) || restored;
    }
    if (!restored) return;
    this.update();
    this.host.loaded();
  };

  /**
   * Makes a held answer the newest (it stays longest); one that had left the table is queued to
   * go back into it (true). False when `url`'s answer is not in memory.
   */
  private fromMemory(url: string): boolean {
    const held = this.answers.get(url);
    if (held) {
      this.answers.delete(url);
      this.answers.set(url, held);
      return false;
    }
    const spare = this.spare.get(url);
    if (!spare) return false;
    this.dropSpare(url);
    this.keep(spare);
    this.arrived.push(spare.rows);
    return true;
  }

  /** Puts an answer among those the table holds; the oldest beyond KEPT_ANSWERS go to the spares. */
  private keep(answer: Answer): void {
    this.dropSpare(answer.url);
    this.answers.delete(answer.url);
    this.answers.set(answer.url, answer);
    while (this.answers.size > KEPT_ANSWERS) {
      const [url, old] = this.answers.entries().next().value!;
      this.answers.delete(url);
      this.spare.set(url, old);
      this.spareRows += old.rows.time.length;
    }
    for (const [url] of this.spare) {
      if (this.spareRows <= SPARE_ROWS) break;
      this.dropSpare(url);
    }
  }

  private dropSpare(url: string): void {
    const old = this.spare.get(url);
    if (!old) return;
    this.spare.delete(url);
    this.spareRows -= old.rows.time.length;
  }

  private currentViews(): ViewColumns[] {
    const out: ViewColumns[] = [];
    for (const v of this.views) {
      const c = v.deviceColumns();
      if (c && c.width >= 2 && c.to > c.from) out.push(c);
    }
    return out;
  }

  /** Aligned tiles now; the view's own columns at once from memory or a cache, else once the view has rested. */
  private refine(attempt = 0): void {
    this.refineTimer = null;
    if (this.stopped) return;
    const views = this.currentViews();
    // A bound chart that has not laid out its plot yet (its first frame with rows is still to
    // come) has no pixel columns: look again shortly (and stay unsettled meanwhile).
    if (!views.length && this.views.length && this.overview && attempt < 40) {
      this.refineTimer = setTimeout(() => this.refine(attempt + 1), 50);
      return;
    }
    if (!views.length || !this.overview) {
      this.settle();
      return;
    }
    // Tiles no finer than the whole-series answer add nothing to it (zoomed out): only the
    // view's own columns are asked for then (each such request scans most of the series).
    const t = this.overview.rows.time;
    const overviewBucket = t.length > 1 ? (t[t.length - 1] - t[0]) / OVERVIEW_WIDTH : Infinity;
    const tiles = views.flatMap((view) => {
      const level = tileLevel(view);
      return 2 ** level < overviewBucket ? tilesFor(view, level) : [];
    });
    const wanted = new Set([...tiles, ...views].map((v) => this.urlOf(v)));
    this.cancelExcept(wanted);
    for (const tile of tiles) void this.request({ series: this.series, ...tile }, 'tile');
    // The views' own columns: at once when held or in a cache; from the server once the view
    // has rested (request() waits for that), so a gesture sends no request per frame.
    for (const view of views) void this.request({ series: this.series, ...view }, 'exact');
    this.settle();
  }

  private urlOf(v: ViewColumns): string {
    return tileUrl(this.template, { series: this.series, ...v });
  }

  private cancelExcept(keep: Set<string>): void {
    for (const [url, c] of this.inFlight) {
      if (keep.has(url)) continue;
      c.abort();
      this.inFlight.delete(url);
      this.stats.aborted++;
    }
  }

  /**
   * Stream rows moved the live edge: answers whose range reaches past the oldest live row were
   * made before the server held the newer rows. Those the views still show (and the whole-series
   * one) are asked again, at most every LIVE_REFRESH_MS, past every cache; the others are dropped.
   * The live rows stay in the union meanwhile, so nothing streamed is lost.
   */
  private liveMoved(): void {
    if (this.stopped || this.liveTimer !== null || !this.live.length) return;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = null;
      if (this.stopped || !this.live.length) return;
      const oldestLive = this.live.time[0];
      const reaches = (a: Answer) => a.req.from === null || a.req.to === null || a.req.to > oldestLive;
      const shown = new Set(this.currentViews().flatMap((v) => [this.urlOf(v), ...tilesFor(v).map((t) => this.urlOf(t))]));
      const again: Answer[] = this.overview ? [this.overview] : [];
      for (const [url, a] of this.answers) {
        if (!reaches(a)) continue;
        if (shown.has(url)) again.push(a);
        else this.answers.delete(url);
      }
      for (const [url, a] of this.spare) if (reaches(a)) this.dropSpare(url);
      for (const a of again) void this.request(a.req, a === this.overview ? 'overview' : 'tile', true);
      this.stats.edgeRefreshes++;
    }, LIVE_REFRESH_MS);
  }

  private async request(req: TileRequestOf, kind: 'overview' | 'tile' | 'exact', refresh = false): Promise<void> {
    const url = tileUrl(this.template, req);
    if (this.inFlight.has(url) || (!refresh && (this.answers.has(url) || this.spare.has(url) || this.overview?.url === url))) {
      // Already held: make it the newest (it stays longest); one that left the table goes back.
      if (!refresh && this.fromMemory(url)) this.scheduleRebuild();
      return;
    }
    const abort = new AbortController();
    this.inFlight.set(url, abort);
    const started = performance.now();
    try {
      const absolute = new URL(url, document.baseURI).href;
      const cache = this.host.cache();
      let columns: ColumnMap | null = null;
      // The answer's column grid: the request's, or (whole series) the range the server says.
      let grid: ViewColumns | null = req.from !== null && req.to !== null ? { from: req.from, to: req.to, width: req.width } : null;
      if (cache && !refresh) {
        try {
          columns = (await cache.get(absolute, 'tile'))?.columns ?? null;
          if (columns) this.stats.cacheHits++;
        } catch {
          columns = null; // a damaged record was deleted; ask the server
        }
      }
      if (!columns && kind === 'exact' && !refresh) {
        const cached = await fromHttpCache(absolute, abort.signal);
        if (cached) {
          this.stats.httpCacheHits++;
          columns = cached.columns;
        } else {
          // Not held anywhere: the request goes to the server only once the view has rested.
          this.stats.rests++;
          await restFor(EXACT_DELAY_MS - (performance.now() - started), abort.signal);
        }
      }
      if (!columns) {
        this.stats.requests++;
        const res = await fetch(absolute, { signal: abort.signal, cache: refresh ? 'no-store' : 'default', headers: { accept: ACCEPT } });
        const bytes = new Uint8Array(await res.arrayBuffer());
        if (!res.ok) throw new DataError('fetch', `HTTP ${res.status} for ${url}: ${errorText(bytes)}`);
        grid ??= gridFromHeaders(res.headers);
        columns = decodeAnswer(bytes, res.headers);
        // An answer at a moving live edge is not kept for later visits (it will be out of date).
        if (cache && !refresh && !this.live.length) void cache.put({ url: absolute, variant: 'tile', columns, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'), storedAt: Date.now() }).catch(() => undefined);
      }
      if (abort.signal.aborted || this.stopped) return;
      const answer = { url, rows: answerRows(columns, 'value', grid), req };
      if (kind === 'overview') this.overview = answer;
      else this.keep(answer);
      this.stats.lastMs = performance.now() - started;
      this.arrived.push(answer.rows);
      this.scheduleRebuild();
      if (kind === 'overview') this.onRange();
    } catch (cause) {
      if (abort.signal.aborted || this.stopped) return;
      this.host.error(cause instanceof DataError ? cause : new DataError('fetch', `${(cause as Error)?.message ?? cause} (in ${url})`, { cause }));
    } finally {
      if (this.inFlight.get(url) === abort) this.inFlight.delete(url);
      this.settle();
    }
  }

  /**
   * The series' own rows in [from, to) (a narrow bucket's, for the tooltip): one request at the
   * widest width, which the server answers with raw rows when the range holds no more rows than
   * that; a bucket answer (more rows) is refused with a DataError.
   */
  async rowsIn(from: number, to: number, signal?: AbortSignal): Promise<ColumnMap> {
    const url = tileUrl(this.template, { series: this.series, from, to, width: MAX_TILE_WIDTH });
    const res = await fetch(new URL(url, document.baseURI).href, { signal, headers: { accept: ACCEPT } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (!res.ok) throw new DataError('fetch', `HTTP ${res.status} for ${url}: ${errorText(bytes)}`);
    const columns = decodeAnswer(bytes, res.headers);
    if (columns.count) throw new DataError('fetch', `more than ${MAX_TILE_WIDTH} rows in [${from}, ${to}): the server answered buckets`);
    // A line's raw answer also holds the nearest row on each side: only the range's own rows.
    const keep: number[] = [];
    columns.time.forEach((t, i) => (t >= from && t < to ? keep.push(i) : undefined));
    const out: ColumnMap = { time: new Float64Array(0) };
    for (const [name, values] of Object.entries(columns)) out[name] = Float64Array.from(keep, (i) => values[i]);
    return out;
  }

  /**
   * Answers that land in one task (several tiles from the HTTP cache or IndexedDB, stream
   * messages) replace the table once: each replacement is a GPU upload and a new pyramid.
   */
  private scheduleRebuild(): void {
    if (this.rebuildTimer !== null) return;
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = null;
      if (this.stopped || !this.overview) return;
      this.update();
      this.host.loaded();
      this.settle();
    }, 0);
  }

  /**
   * Brings the table up to date with the answers that arrived. A line's answers are merged into
   * it (src/data/tiles.ts, mergeIntoHeld): rows before the first new one keep their place, so the
   * GPU copy uploads only the rows from there on, and an answer whose rows are all held (a pan
   * back, an answer from the HTTP cache) changes nothing. The table is rebuilt from every answer
   * held for candles (buckets of different zooms are not rows to unite), with live rows (united
   * apart from the answers), and when rows of answers no longer kept have piled up.
   */
  private update(): void {
    const arrived = this.arrived;
    this.arrived = [];
    const table = this.host.table;
    let kept = 0;
    for (const a of [this.overview, ...this.answers.values()]) kept += a?.rows.time.length ?? 0;
    if (this.rebuildAll || this.candles || this.live.length || table.length > COMPACT_FACTOR * kept) {
      this.rebuildAll = false;
      this.rebuild();
      return;
    }
    const merged = mergeIntoHeld(table.columns(), unionRows(arrived));
    if (!merged) {
      this.stats.unchanged++;
      return;
    }
    this.stats.merges++;
    table.adoptTail(merged.columns, merged.changedFrom, merged.added);
  }

  /** The table: the union of the answers held (candles: finer answers over coarser ones). */
  private rebuild(): void {
    this.stats.rebuilds++;
    const sets = [this.overview, ...this.answers.values()].filter((a): a is Answer => a !== null).map((a) => a.rows);
    if (this.live.length) sets.push(this.live.columns());
    const rows = this.candles ? layerCandles(sets) : unionRows(sets);
    this.host.table.replace(rows, 'load', true);
  }
}

function decodeAnswer(bytes: Uint8Array, headers: Headers): ColumnMap {
  const type = headers.get('content-type') ?? '';
  return decodeBytes(bytes, { format: type.includes(GCOL) ? 'binary' : type.includes('json') ? 'json' : undefined }).columns;
}

/**
 * An answer the browser's HTTP cache holds and may still use without asking the server (fresh by
 * its `Cache-Control: max-age`), or null: `only-if-cached` never touches the network. Browsers
 * allow it for same-origin requests only; answers of other origins wait for the view to rest.
 */
async function fromHttpCache(url: string, signal: AbortSignal): Promise<{ columns: ColumnMap } | null> {
  if (typeof location === 'undefined' || new URL(url).origin !== location.origin) return null;
  let res: Response;
  try {
    res = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin', signal, headers: { accept: ACCEPT } });
  } catch (cause) {
    if (signal.aborted) throw cause;
    return null; // not in the cache (a network error by definition)
  }
  if (!res.ok || !freshInCache(res.headers)) {
    void res.body?.cancel().catch(() => undefined);
    return null;
  }
  return { columns: decodeAnswer(new Uint8Array(await res.arrayBuffer()), res.headers) };
}

/** A cached response the server said may be reused without asking: within its max-age, counted from its Date. */
export function freshInCache(headers: Headers, now = Date.now()): boolean {
  const control = (headers.get('cache-control') ?? '').toLowerCase();
  if (/\bno-(cache|store)\b/.test(control)) return false;
  const maxAge = /\bmax-age=(\d+)/.exec(control);
  const date = Date.parse(headers.get('date') ?? '');
  if (!maxAge || !Number.isFinite(date)) return false;
  const age = Math.max(0, (now - date) / 1000) + (Number(headers.get('age')) || 0);
  return age < Number(maxAge[1]);
}

/** Resolves after `ms` (at once when ≤ 0); rejects when `signal` aborts first. */
function restFor(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The whole-series answer's grid, from gpu-chart-serve's headers (other servers may not send them). */
function gridFromHeaders(headers: Headers): ViewColumns | null {
  const from = Number(headers.get('gpu-chart-from') ?? NaN);
  const to = Number(headers.get('gpu-chart-to') ?? NaN);
  const width = Number(headers.get('gpu-chart-width') ?? NaN);
  return to > from && Number.isInteger(width) && width > 0 ? { from, to, width } : null;
}

function errorText(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes.subarray(0, 500));
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: the text itself
  }
  return text.trim() || 'no message';
}
