/**
 * What a <gpu-datasource>'s loads and stream cost: fetch, decompress, parse and cache times of the
 * last load, rows per second on the stream and its reconnects. Load numbers are kept always (a
 * few clock reads per file); User Timing entries (`performance.measure`, shown in the browser's
 * performance panel) are written only while telemetry is on.
 */
import { epochNow, type LoadTimings } from '../../data/load.js';
import type { StreamState } from '../../data/stream.js';

export interface SourceLoadMetrics {
  url: string;
  /** Where the file was decoded. */
  decodedIn: 'worker' | 'main';
  /** HTTP status (304: the cached rows were still current). */
  status: number;
  /** Request out → columns in the table, ms. */
  totalMs: number;
  /** Waiting for and receiving the bytes (decompression while they arrive excluded), ms. */
  fetchMs: number;
  /** zstd decompression, ms (0 for plain files). */
  decompressMs: number;
  /** Decoding the bytes into columns (CSV/JSON/gcol), ms. */
  parseMs: number;
  /** Reading the IndexedDB cache before the request, ms (absent without `cache`). */
  cacheReadMs?: number;
  /** Writing the decoded rows to the IndexedDB cache, ms (absent without `cache` or on a 304). */
  cacheWriteMs?: number;
  /** Bytes received (as sent: compressed bytes for .zst). */
  bytes: number;
  rows: number;
}

export interface SourceStreamMetrics {
  state: StreamState;
  /** Rows the stream added (new or merged) in the last second. */
  rowsPerSecond: number;
  /** Rows the stream added since it was opened. */
  rows: number;
  /** Times the connection was lost and opened again. */
  reconnects: number;
}

export interface SourceMetrics {
  /** The last completed load of `src`, or null before one. */
  load: SourceLoadMetrics | null;
  /** The live stream, or null without `stream`. */
  stream: SourceStreamMetrics | null;
}

const round = (ms: number) => Math.max(0, +ms.toFixed(2));
/** Epoch ms → this page's performance.now() time base. */
const toPage = (epoch: number) => epoch - performance.timeOrigin;

export class SourceTelemetry {
  private load: SourceLoadMetrics | null = null;
  private stream: SourceStreamMetrics | null = null;
  private cacheRead: { start: number; end: number } | null = null;
  private recent: Array<[number, number]> = [];

  constructor(private readonly enabled: () => boolean) {}

  /** A load started: forget the last one's cache read. */
  loadStarted(): void {
    this.cacheRead = null;
  }

  cacheReadDone(start: number, end = epochNow()): void {
    this.cacheRead = { start, end };
    this.measure('cache read', start, this.cacheRead.end);
  }

  /** A load's columns are in the table (or a 304 kept the cached ones). */
  loadDone(url: string, decodedIn: 'worker' | 'main', status: number, timings: LoadTimings | undefined, rows: number): void {
    const end = epochNow();
    const t = timings;
    const start = this.cacheRead?.start ?? t?.start ?? end;
    this.load = {
      url,
      decodedIn,
      status,
      totalMs: round(end - start),
      fetchMs: round(t?.fetchMs ?? 0),
      decompressMs: round(t?.decompressMs ?? 0),
      parseMs: round(t?.parseMs ?? 0),
      ...(this.cacheRead ? { cacheReadMs: round(this.cacheRead.end - this.cacheRead.start) } : {}),
      bytes: t?.bytes ?? 0,
      rows,
    };
    if (t) {
      this.measure('fetch', t.start, t.bodyEnd, { bytes: t.bytes, decompressMs: this.load.decompressMs });
      this.measure('parse', t.bodyEnd, t.end, { rows });
      this.measure('load', start, end, { url, decodedIn, status });
    }
  }

  cacheWriteDone(start: number): void {
    const end = epochNow();
    if (this.load) this.load.cacheWriteMs = round(end - start);
    this.measure('cache write', start, end);
  }

  streamOpened(): void {
    this.stream = { state: 'connecting', rowsPerSecond: 0, rows: 0, reconnects: 0 };
    this.recent = [];
  }

  streamState(state: StreamState): void {
    if (!this.stream) return;
    if (state === 'reconnecting' && this.stream.state !== 'reconnecting') this.stream.reconnects++;
    this.stream.state = state;
  }

  streamRows(added: number): void {
    if (!this.stream || added <= 0) return;
    this.stream.rows += added;
    this.recent.push([performance.now(), added]);
    if (this.recent.length > 4096) this.recent.splice(0, this.recent.length - 4096);
  }

  streamClosed(): void {
    this.stream = null;
    this.recent = [];
  }

  metrics(): SourceMetrics {
    let stream: SourceStreamMetrics | null = null;
    if (this.stream) {
      const since = performance.now() - 1000;
      while (this.recent.length && this.recent[0][0] < since) this.recent.shift();
      stream = { ...this.stream, rowsPerSecond: this.recent.reduce((n, [, rows]) => n + rows, 0) };
    }
    return { load: this.load ? { ...this.load } : null, stream };
  }

  private measure(name: string, startEpoch: number, endEpoch: number, detail?: Record<string, unknown>): void {
    if (!this.enabled() || typeof performance.measure !== 'function') return;
    try {
      performance.measure(`gpu-datasource ${name}`, { start: toPage(startEpoch), end: toPage(Math.max(startEpoch, endEpoch)), detail });
    } catch {
      // A timeline entry is a convenience: a browser that refuses one loses nothing else.
    }
  }
}
