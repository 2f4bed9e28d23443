/**
 * <gpu-datasource>: loads a data file (JSON, CSV or the binary columnar format, optionally zstd),
 * keeps it in a ColumnTable, optionally caches it in IndexedDB and keeps it live from a
 * WebSocket stream. Charts bind to it and read `table`.
 *
 * Display: nothing, except a one-line text message (part="message") while status is "error".
 * SSR-safe: nothing touches the DOM, IndexedDB or the network before the element is connected.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DEFAULT_CACHE_DATABASE, sharedColumnCache, type ColumnCache } from '../../data/cache.js';
import { DataError } from '../../data/errors.js';
import { loadColumnsOffThread, resetWorkerCache } from '../../data/decode-client.js';
import { appendColumnsTo, checkAppendColumns, columnsAsGiven, type AppendColumns } from '../../data/column-append.js';
import { DEFAULT_MAX_BYTES, epochNow, normalizeColumns, rowsToColumns, type DataFormat } from '../../data/load.js';
import { detectEpochUnit } from '../../data/formats/time.js';
import { DEFAULT_HEARTBEAT_TIMEOUT_MS, DataStream, type StreamState } from '../../data/stream.js';
import { ColumnTable, timeKeyOf, type AppendResult, type ColumnMap, type Row, type TableChange } from '../../data/table.js';
import { fire, type ErrorPhase } from '../events.js';
import { pageTelemetry } from '../telemetry-switch.js';
import { SourceTelemetry, type SourceMetrics } from './source-telemetry.js';
import type { TiledLoader, TileViewHandle } from './tiled-loader.js';

export type { SourceLoadMetrics, SourceMetrics, SourceStreamMetrics } from './source-telemetry.js';

export type DatasourceStatus = 'idle' | 'loading' | 'ready' | 'streaming' | 'error';

/** What `data` accepts: columns (arrays or Float64Arrays, by name) or an array of row objects. */
export type DatasourceInput = Record<string, ArrayLike<number | string | null>> | readonly Record<string, unknown>[];

type LoadState = 'none' | 'loading' | 'done' | 'error' | 'interrupted';

export class GpuDatasource extends LitElement {
  static override styles = css`
    :host {
      display: none;
    }
    :host([status='error']) {
      display: block;
      font: inherit;
      color: var(--gpu-datasource-error-color, #b00020);
    }
  `;

  /** Write User Timing entries for loads (fetch, parse, cache); `metrics()` works either way. See docs/telemetry.md. */
  @property({ type: Boolean }) telemetry = false;
  private readonly costs = new SourceTelemetry(() => this.telemetry || pageTelemetry.on);

  /** URL of a data file; loading starts when connected and again whenever it changes. */
  @property() src: string | null = null;
  /**
   * URL template of an M4 tile server (docs/tiles.md), e.g.
   * `https://host/m4?series={series}&from={from}&to={to}&width={width}`: the rows come from it
   * (the bound chart's view at its pixel width) instead of `src`.
   */
  @property() tiles: string | null = null;
  /** The series the tile server is asked for (`{series}`); tiles of a line fill `value`. */
  @property() series = 'value';
  /** `candles`: the tile series is OHLC (open/high/low/close/volume per pixel column); default `line`. */
  @property({ attribute: 'tile-kind' }) tileKind: 'line' | 'candles' = 'line';
  /** json | csv | binary; inferred from the URL, Content-Type and bytes when unset. */
  @property() format: DataFormat | null = null;
  /** WebSocket URL of a live feed (see docs/stream-protocol.md). */
  @property() stream: string | null = null;
  /** Sent as `subscribe` in the stream's hello message. */
  @property() channel: string | null = null;
  /** Keep decoded files in IndexedDB and revalidate them with conditional requests. */
  @property({ type: Boolean }) cache = false;
  /** Keep at most this many newest rows. */
  @property({ type: Number }) capacity: number | null = null;
  /**
   * `data`: rows are kept in the order given (scatter, XY traces): `data` columns are neither
   * sorted nor thinned of repeated times, appends go to the end. Default `time`.
   */
  @property() order: 'time' | 'data' = 'time';
  /** Column holding the time (time, t, date, timestamp and datetime are recognised anyway). */
  @property({ attribute: 'time-column' }) timeColumn = 'time';
  /** Refuse downloads (and decompressed data) larger than this many bytes. */
  @property({ attribute: 'max-bytes', type: Number }) maxBytes = DEFAULT_MAX_BYTES;
  /**
   * Stream heartbeat: a connection silent this long (ms) is dropped and reopened; a ping goes out
   * after half of it. 0 turns it off. Read when the stream (re)opens.
   */
  @property({ attribute: 'heartbeat-timeout', type: Number }) heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT_MS;
  /** Longest delay (ms) between stream reconnect attempts. Read when the stream opens. */
  @property({ attribute: 'max-reconnect-delay', type: Number }) maxReconnectDelay = 10_000;
  /**
   * auto: download and decode in a module worker when the page can start one (else on the main
   * thread); off: always on the main thread. Read when a load starts.
   */
  @property() worker: 'auto' | 'off' = 'auto';
  /** idle | loading | ready | streaming | error (reflected as an attribute for styling). */
  @property({ reflect: true }) status: DatasourceStatus = 'idle';

  /** The rows, held once; charts subscribe to it for incremental updates. */
  readonly table = new ColumnTable();

  /** Remarks from the last decode (rows sorted, units converted, columns skipped). */
  notes: string[] = [];

  /** Where the last loaded file was decoded: in the decode worker or on the main thread (null before one). */
  decodedIn: 'worker' | 'main' | null = null;

  /** IndexedDB database the elements of this page cache into (set before loading to isolate an app). */
  static cacheDatabase = DEFAULT_CACHE_DATABASE;

  /** Deletes every cached file (and a broken cache database, which turns caching back on). */
  static async clearCache(): Promise<void> {
    const database = GpuDatasource.cacheDatabase;
    await resetWorkerCache(database); // the worker writes the cache too (its connection steps aside)
    return sharedColumnCache(database).clear();
  }

  @state() private errorMessage = '';
  private loadState: LoadState = 'none';
  private streamState: StreamState = 'closed';
  private liveStream: DataStream | null = null;
  private loadAbort: AbortController | null = null;
  private currentLoad: Promise<void> = Promise.resolve();
  private loadGeneration = 0;
  private loadingUrl: string | null = null;
  private startedOnce = false;
  private fromCache = false;
  private cacheReported = false;
  private tiled: TiledLoader | null = null;
  private tilesGeneration = 0;
  private tilesStarting: Promise<void> = Promise.resolve();
  private readonly tileViews: TileViewHandle[] = [];

  constructor() {
    super();
    this.table.subscribe((change) => this.tableChanged(change));
    // `data` set on the element before it was upgraded is an own property hiding the accessor.
    if (Object.prototype.hasOwnProperty.call(this, 'data')) {
      const early = (this as unknown as { data: DatasourceInput | null }).data;
      delete (this as unknown as { data?: unknown }).data;
      this.data = early;
    }
  }

  /** The rows as columns (views, valid until the next change). Set columns or row objects to replace them. */
  get data(): ColumnMap {
    return this.table.columns();
  }

  set data(value: DatasourceInput | null | undefined) {
    if (value == null) {
      this.clear();
      return;
    }
    try {
      this.table.dataOrder = this.order === 'data';
      if (this.order === 'data' && !Array.isArray(value)) {
        this.table.replace(columnsAsGiven(value as Record<string, ArrayLike<number>>), 'load', true);
        this.errorMessage = '';
        this.loadState = 'done';
        this.refreshStatus();
        return;
      }
      const decoded = Array.isArray(value)
        ? rowsToColumns(value as readonly Record<string, unknown>[], this.timeOption())
        : normalizeColumns(value as Record<string, ArrayLike<number | string | null>>, this.timeOption());
      this.notes = decoded.notes;
      this.errorMessage = '';
      this.loadState = 'done';
      this.table.replace(decoded.columns, 'load');
    } catch (cause) {
      this.loadState = 'error';
      this.report(cause, 'parse');
    }
    this.refreshStatus();
  }

  /** Rows held now. */
  get length(): number {
    return this.table.length;
  }

  /** Settles when the load in progress (if any) has finished, successfully or not. */
  get loadComplete(): Promise<void> {
    return this.currentLoad;
  }

  /** The last load's costs (fetch, decompress, parse, cache ms; bytes; rows) and the stream's rows per second and reconnects. */
  metrics(): SourceMetrics {
    return this.costs.metrics();
  }

  /**
   * Tiled mode: resolves when no tile request is in flight or waiting for the view to rest (the
   * picture is exact). Resolves at once in the other modes.
   */
  tilesSettled(): Promise<void> {
    return this.tilesStarting.then(() => this.tiled?.settled());
  }

  /**
   * The series' own rows in [from, to) ms — in tiled mode fetched from the tile server (a narrow
   * bucket's rows: the bound chart's tooltip lists them), otherwise read from the table. Rejects
   * (DataError) when the server answers buckets (more than 16 384 rows) or the request fails.
   */
  async bucketRows(from: number, to: number, options: { signal?: AbortSignal } = {}): Promise<ColumnMap> {
    if (!(Number.isFinite(from) && Number.isFinite(to) && to > from)) throw new DataError('fetch', `bucketRows needs finite from < to, not ${from}, ${to}`);
    if (this.tiles) {
      // The loader starts after the first update (and loads its chunk): wait for it.
      await this.updateComplete;
      await this.tilesStarting;
      if (!this.tiled) throw new DataError('fetch', 'the tiled mode is not running (no tiles template, or the element is not connected)');
      return this.tiled.rowsIn(from, to, options.signal);
    }
    const all = this.table.columns();
    const keep: number[] = [];
    all.time?.forEach((t, i) => (t >= from && t < to ? keep.push(i) : undefined));
    const out: ColumnMap = { time: new Float64Array(0) };
    for (const [name, values] of Object.entries(all)) out[name] = Float64Array.from(keep, (i) => values[i]);
    return out;
  }

  /** Called by a chart bound to this source: tiled mode follows its view. */
  attachView(view: TileViewHandle): void {
    if (!this.tileViews.includes(view)) this.tileViews.push(view);
    this.tiled?.attach(view);
  }

  /** Called by a chart leaving this source. */
  detachView(view: TileViewHandle): void {
    const i = this.tileViews.indexOf(view);
    if (i >= 0) this.tileViews.splice(i, 1);
    this.tiled?.detach(view);
  }

  /** The live stream's connection state ('closed' without a stream). */
  get streamStatus(): StreamState {
    return this.streamState;
  }

  /** The live stream client, while a `stream` URL is connected. */
  get dataStream(): DataStream | null {
    return this.liveStream;
  }

  /**
   * (Re)loads `url` (default: `src`), replacing the rows when it succeeds. Resolves when done;
   * failures are reported through `gpu-error` and `status`, never thrown, and keep the old rows.
   */
  load(url: string | null = this.src): Promise<void> {
    if (!url) return Promise.resolve();
    if (url !== this.src) {
      this.loadingUrl = url;
      this.src = url; // reflected to the attribute; `updated` sees it is already being loaded
    }
    this.loadAbort?.abort();
    const abort = new AbortController();
    this.loadAbort = abort;
    const generation = ++this.loadGeneration;
    this.currentLoad = this.runLoad(url, abort.signal, generation);
    return this.currentLoad;
  }

  /**
   * Adds rows: newer ones are appended, one at the last row's time replaces it, older ones are
   * merged into their place (or replace the values of the row at that time). Numeric times get
   * the unit rule of files (a batch whose largest time is below 1e11 is in seconds, …); rows
   * without a usable time are skipped and ±Infinity values become gaps, each with a `gpu-error`.
   * Given DOM nodes or strings it is Element.append, so the element stays a normal node.
   */
  override append(...items: (Row | readonly Row[] | Node | string)[]): AppendResult {
    if (items.some((item) => typeof item === 'string' || item instanceof Node)) {
      super.append(...(items as (Node | string)[]));
      return { added: 0, updatedLast: false, outOfOrder: 0, invalid: 0, dropped: 0, merged: 0, replaced: 0, future: 0, nonFinite: 0 };
    }
    const rows = (items as (Row | readonly Row[])[]).flat() as Row[];
    // Tiled mode: rows added by hand join the stream's live rows (the table is rebuilt from tiles).
    const result = (this.tiled?.live ?? this.table).append(rows, this.timeColumn, { merge: true, timeScale: epochScale(rows, this.timeColumn) });
    if (result.invalid) {
      fire(this, 'gpu-error', {
        phase: 'data',
        message: `append(): skipped ${result.invalid} row(s) without a usable time (missing, not finite, outside the Date range, or not ISO-8601)`,
      });
    }
    if (result.nonFinite) {
      fire(this, 'gpu-error', { phase: 'data', message: `append(): ${result.nonFinite} value(s) were ±Infinity and are kept as gaps` });
    }
    this.refreshStatus();
    return result;
  }

  /**
   * Adds many rows at once as columns (`{ time: Float64Array, value: Float64Array, … }`, time in
   * ms): one check of the whole block, one bulk write, one `gpu-data`; with `capacity` the oldest
   * rows leave (FIFO). Rules as `append` (older rows merged, the last row's time replaces it);
   * a block with columns of different lengths or no `time` fires `gpu-error` and changes nothing.
   */
  appendColumns(columns: AppendColumns): AppendResult | null {
    let checked: Record<string, ArrayLike<number>>;
    try {
      checked = checkAppendColumns(columns, 'appendColumns()');
    } catch (err) {
      fire(this, 'gpu-error', { phase: 'data', message: (err as Error).message, cause: err });
      return null;
    }
    const { result, problems } = appendColumnsTo(this.tiled?.live ?? this.table, checked, 'appendColumns()');
    for (const message of problems) fire(this, 'gpu-error', { phase: 'data', message });
    this.refreshStatus();
    return result;
  }

  /** Removes every row (fires gpu-data with reason "clear"). */
  clear(): void {
    this.table.clear();
    this.refreshStatus();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The first connection is handled by the first `updated` (attributes are known by then);
    // later ones resume what disconnecting stopped.
    if (this.hasUpdated) this.resume();
  }

  /** Starts (or restarts after a disconnect) whatever has not completed: the load, then the stream. */
  private resume(): void {
    if (!this.isConnected) return;
    if (this.tiles) {
      this.startedOnce = true;
      this.startTiles();
      return;
    }
    if (!this.startedOnce || (this.loadState === 'interrupted' && this.src)) {
      this.startedOnce = true;
      void this.loadThenStream();
    } else this.openStream();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.loadAbort) {
      this.loadAbort.abort();
      this.loadAbort = null;
      if (this.loadState === 'loading') this.loadState = 'interrupted';
      this.loadGeneration++;
    }
    this.closeStream();
    this.stopTiles();
    this.refreshStatus();
  }

  /**
   * Tiled mode: a new loader for the template and series (the old one's requests are cancelled).
   * The loader is a chunk of its own: pages that load files never download it.
   */
  private startTiles(): void {
    this.stopTiles();
    if (!this.tiles || !this.isConnected) return;
    const generation = this.tilesGeneration;
    const template = this.tiles;
    this.loadState = 'loading';
    this.refreshStatus();
    this.tilesStarting = import('./tiled-loader.js').then(
      ({ TiledLoader }) => {
        if (generation !== this.tilesGeneration || !this.isConnected) return;
        const loader: TiledLoader = new TiledLoader(
          {
            table: this.table,
            cache: () => (this.cache ? this.usableCache() : null),
            error: (error) => {
              if (this.tiled !== loader) return;
              if (this.table.length === 0) this.loadState = 'error';
              this.report(error, 'fetch');
              this.refreshStatus();
            },
            loaded: () => {
              if (this.tiled !== loader) return;
              this.errorMessage = '';
              this.loadState = 'done';
              this.refreshStatus();
            },
          },
          template,
          this.series,
          this.tileKind === 'candles',
        );
        this.closeStream();
        this.tiled = loader;
        loader.start();
        for (const v of this.tileViews) loader.attach(v);
        this.openStream();
      },
      (cause: unknown) => {
        if (generation !== this.tilesGeneration) return;
        this.loadState = 'error';
        this.report(new DataError('fetch', `the tiled mode could not be loaded: ${describe(cause)}`, { cause }), 'fetch');
        this.refreshStatus();
      },
    );
  }

  private stopTiles(): void {
    this.tilesGeneration++;
    if (this.tiled) this.closeStream();
    this.tiled?.stop();
    this.tiled = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('capacity')) this.table.capacity = this.capacity ?? Infinity;
    const reload = changed.has('src') || changed.has('format') || changed.has('timeColumn') || changed.has('maxBytes');
    const restream = changed.has('stream') || changed.has('channel');
    const loadingUrl = this.loadingUrl;
    this.loadingUrl = null;
    // After this update, so the status changes that starting causes do not land inside it.
    void Promise.resolve().then(() => {
      if (!this.isConnected) return;
      if (!this.startedOnce) this.resume();
      else if (changed.has('tiles') || ((changed.has('series') || changed.has('tileKind')) && this.tiles)) this.startTiles();
      else if (reload && this.src && !this.tiles && this.src !== loadingUrl) void this.loadThenStream();
      else if (restream) {
        this.closeStream();
        // While a load runs, it opens the stream when done (so `since` is the file's last time).
        if (this.loadState !== 'loading') this.openStream();
      }
    });
  }

  protected override render() {
    return this.status === 'error' && this.errorMessage ? html`<span part="message">${this.errorMessage}</span>` : nothing;
  }

  /** Loads `src` (if any), then opens the stream, so the stream's `since` is the file's last time. */
  private loadThenStream(): Promise<void> {
    this.closeStream();
    if (this.src) return this.load(this.src); // opens the stream when it settles
    this.openStream();
    return Promise.resolve();
  }

  private async runLoad(url: string, signal: AbortSignal, generation: number): Promise<void> {
    const current = () => generation === this.loadGeneration && !signal.aborted;
    this.loadState = 'loading';
    this.refreshStatus();
    const absolute = new URL(url, document.baseURI).href;
    const variant = `${this.format ?? ''}|${this.timeColumn}`;
    const cache = this.cache ? this.usableCache() : null;
    this.costs.loadStarted();
    try {
      const result = await loadColumnsOffThread(url, {
        useWorker: this.worker !== 'off',
        absoluteUrl: absolute,
        // In the worker, the cache is read and written there (the page neither deserialises nor clones the columns).
        cache: cache ? { database: GpuDatasource.cacheDatabase, url: absolute, variant } : undefined,
        // A hit shows at once and makes the download conditional; a miss makes it no-store, so
        // neither the HTTP cache nor sw.js stores the bytes too (revalidations keep their
        // conditional request, which sw.js leaves alone).
        cacheRead: cache
          ? {
              readOnMain: () => cache.get(absolute, variant),
              onRead: (read) => {
                this.costs.cacheReadDone(read.start, read.end);
                if (!current()) return;
                if (read.error) this.reportCache(read.error);
                else if (read.entry) {
                  try {
                    this.replaceRows(read.entry.columns, true);
                  } catch (cause) {
                    this.reportCache(cause);
                  }
                }
              },
            }
          : undefined,
        format: this.format ?? undefined,
        timeColumn: this.timeOption(),
        maxBytes: this.maxBytes,
        signal,
        onProgress: (loaded, total) => {
          if (current()) fire(this, 'gpu-progress', { loaded, total });
        },
      });
      if (!current()) return;
      if (result.status !== 304 && result.columns) {
        this.notes = result.notes ?? [];
        this.decodedIn = result.decodedIn;
        this.replaceRows(result.columns, false);
      }
      this.costs.loadDone(url, result.decodedIn, result.status, result.timings, this.table.length);
      if (result.status !== 304 && result.columns) {
        const writeStart = epochNow();
        if (result.cacheWrite) {
          try {
            await result.cacheWrite;
          } catch (cause) {
            this.reportCache(cause);
          }
        } else if (cache) {
          try {
            await cache.put({
              url: absolute,
              variant,
              columns: result.columns,
              etag: result.etag,
              lastModified: result.lastModified,
              storedAt: Date.now(),
            });
          } catch (cause) {
            this.reportCache(cause);
          }
        }
        if (cache) this.costs.cacheWriteDone(writeStart);
      }
      if (!current()) return;
      this.errorMessage = '';
      this.loadState = 'done';
    } catch (cause) {
      if (!current()) return; // aborted on purpose (disconnect, or a newer load)
      this.loadState = 'error';
      this.report(cause, 'fetch');
    } finally {
      if (generation === this.loadGeneration) {
        this.loadAbort = null;
        this.refreshStatus();
        // Stream after loading, so the hello's `since` is the file's last time; a reload while
        // streaming reconnects so the server replays from the new last row.
        if (!this.liveStream) this.openStream();
        else if (this.loadState === 'done') this.liveStream.resync();
      }
    }
  }

  /** The default name also lets the decoders find t/date/timestamp/datetime; any other name is required. */
  private timeOption(): string | undefined {
    return this.timeColumn && this.timeColumn !== 'time' ? this.timeColumn : undefined;
  }

  private replaceRows(columns: ColumnMap, fromCache: boolean): void {
    this.fromCache = fromCache;
    try {
      // Sorted already: every decoder sorts by time, and a cache record is checked to be
      // increasing when read. The table's own scan would be a main-thread task of its own
      // (~50 ms for 1M rows, run cold in the interpreter).
      this.table.replace(columns, 'load', true);
    } finally {
      this.fromCache = false;
    }
  }

  private usableCache(): ColumnCache | null {
    const cache = sharedColumnCache(GpuDatasource.cacheDatabase);
    if (cache.disabledReason) {
      this.reportCache(cache.disabledReason);
      return null;
    }
    return cache;
  }

  /** A cache problem never stops loading; it is reported once per element. */
  private reportCache(cause: unknown): void {
    if (this.cacheReported) return;
    this.cacheReported = true;
    const error = cause instanceof DataError ? cause : new DataError('cache', describe(cause), { cause });
    fire(this, 'gpu-error', { phase: 'cache', message: error.message, cause: error.cause ?? cause });
  }

  private openStream(): void {
    if (!this.stream || this.liveStream || !this.isConnected) return;
    let url: string;
    try {
      url = toWebSocketUrl(this.stream, document.baseURI);
    } catch (cause) {
      this.report(new DataError('stream', `bad stream URL ${this.stream}: ${describe(cause)}`, { cause }), 'stream');
      return;
    }
    // Tiled mode: the stream's raw rows go to the loader's live table, united with the tiles.
    const stream = new DataStream(url, this.tiled?.live ?? this.table, {
      channel: this.channel,
      timeColumn: this.timeColumn,
      heartbeatTimeoutMs: Number.isFinite(this.heartbeatTimeout) && this.heartbeatTimeout >= 0 ? this.heartbeatTimeout : DEFAULT_HEARTBEAT_TIMEOUT_MS,
      maxDelayMs: Number.isFinite(this.maxReconnectDelay) && this.maxReconnectDelay > 0 ? this.maxReconnectDelay : undefined,
      onState: (s) => {
        if (stream !== this.liveStream && s !== 'closed') return;
        this.costs.streamState(s);
        this.streamState = s;
        fire(this, 'gpu-stream', { state: s });
        this.refreshStatus();
      },
      onError: (error) => this.report(error, 'stream'),
      onRows: (result) => this.costs.streamRows(result.added + (result.updatedLast ? 1 : 0)),
    });
    this.costs.streamOpened();
    this.liveStream = stream;
    stream.connect();
  }

  private closeStream(): void {
    const stream = this.liveStream;
    if (!stream) return;
    stream.close(); // fires 'closed' while still current
    this.liveStream = null;
    this.costs.streamClosed();
  }

  private tableChanged(change: TableChange): void {
    fire(this, 'gpu-data', { reason: change.reason, length: change.length, added: change.added, fromCache: this.fromCache });
  }

  private report(cause: unknown, fallback: ErrorPhase): void {
    const phase: ErrorPhase = cause instanceof DataError ? cause.phase : fallback;
    const message = describe(cause);
    if (phase !== 'stream') this.errorMessage = message;
    fire(this, 'gpu-error', { phase, message, cause: cause instanceof DataError ? (cause.cause ?? cause) : cause });
  }

  private refreshStatus(): void {
    let next: DatasourceStatus;
    if (this.loadState === 'loading') next = 'loading';
    else if (this.loadState === 'error') next = 'error';
    else if (this.streamState === 'open') next = 'streaming';
    else if (this.loadState === 'done' || this.table.length > 0) next = 'ready';
    else next = 'idle';
    this.status = next;
  }
}

/** Resolves a stream URL against the page; http(s) URLs become ws(s). */
export function toWebSocketUrl(url: string, base: string): string {
  const resolved = new URL(url, base);
  if (resolved.protocol === 'http:') resolved.protocol = 'ws:';
  else if (resolved.protocol === 'https:') resolved.protocol = 'wss:';
  if (resolved.protocol !== 'ws:' && resolved.protocol !== 'wss:') throw new Error(`unsupported protocol ${resolved.protocol}`);
  return resolved.href;
}

/**
 * The factor that brings a batch's numeric times to ms, by the rule files follow (time.ts):
 * judged on the batch's largest magnitude. ISO-8601 text is ms already and not counted.
 */
function epochScale(rows: readonly Row[], timeColumn: string): number {
  const numeric: number[] = [];
  for (const row of rows) {
    const key = timeKeyOf(row, timeColumn);
    const raw = key === undefined ? undefined : row[key];
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (Number.isFinite(n)) numeric.push(n);
  }
  if (!numeric.length) return 1;
  return { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 }[detectEpochUnit(numeric)];
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
