/**
 * DataStream: keeps a ColumnTable up to date from a WebSocket feed.
 *
 * Messages are a JSON row, a JSON array of rows, or a binary frame in the columnar format.
 * On every (re)connect the client sends `{"subscribe": channel, "since": time}` so a server
 * can replay what was missed (see docs/stream-protocol.md).
 *
 * Recovery rule (nothing received is lost, nothing poisons the order):
 * - a row newer than the last is appended; one at the last row's time updates it;
 * - a row older than the last is merged into its place (inserted, or its values replace those
 *   of the row held at that time: a restarted server reconciles old rows);
 * - a row dated more than `futureToleranceMs` after the client's clock is rejected (reported),
 *   so one bad clock cannot make every later row "old" or `since` skip the server's rows;
 * - a row without a usable time is skipped (reported); ±Infinity values become NaN gaps;
 * - `since` is the time `replayOverlap` rows before the last row received, so a replay also
 *   covers rows that were reordered or in flight when the socket went;
 * - silence for `heartbeatTimeoutMs` (a ping goes out after half of it), a socket `error`
 *   without `close`, or a socket that never opens is a failure: reported, then reconnected
 *   with backoff.
 *
 * Plain TS, no DOM beyond WebSocket; nothing is opened until `connect()`.
 */
import { DataError } from './errors.js';
import { decodeBinary } from './load.js';
import { ColumnTable, isUsableTime, timeKeyOf, toTime, type AppendOptions, type AppendResult, type Row } from './table.js';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StreamStats {
  /** Messages received (all kinds, heartbeat replies included) since `connect()`. */
  messages: number;
  /** Messages skipped (or rows in them) because they could not be read. */
  malformed: number;
  /** Rows older than the table's last row, merged into their place (inserted or replacing). */
  outOfOrder: number;
  /** Rows dated beyond the client's clock plus `futureToleranceMs`, rejected. */
  rejected: number;
  /** ±Infinity values kept as NaN gaps. */
  nonFinite: number;
  /** Fields left out because the stream had already added `maxNewColumns` columns. */
  refusedColumns: number;
  /** Connections opened, the first one included. */
  connections: number;
  /** Connections given up for silence longer than `heartbeatTimeoutMs`. */
  stalls: number;
}

export interface DataStreamOptions {
  /** Sent as `subscribe`; null when the server has a single feed. */
  channel?: string | null;
  /** Field holding each row's time (time/t/date/timestamp are also recognised). */
  timeColumn?: string;
  /** First reconnect delay in ms (doubled on each failure, with jitter). Default 250. */
  initialDelayMs?: number;
  /** Longest reconnect delay in ms. Default 10 000. */
  maxDelayMs?: number;
  /** A connection open this long (ms) counts as stable and resets the delay. Default 5 000. */
  stableMs?: number;
  /**
   * A connection silent this long (ms), or not open after it, is dropped and reopened; a ping
   * goes out after half of it. 0 turns the heartbeat off. Default 20 000.
   */
  heartbeatTimeoutMs?: number;
  /** Rows dated more than this (ms) after the client's clock are rejected. Default 24 h. */
  futureToleranceMs?: number;
  /** At most this many new columns may be added by the stream; further fields are refused. Default 32. */
  maxNewColumns?: number;
  /** `since` is the time this many rows before the last row received (0: that row). Default 4. */
  replayOverlap?: number;
  /** At most this many malformed messages are reported per connection; the rest are counted. Default 20. */
  maxReportsPerConnection?: number;
  onState?: (state: StreamState) => void;
  /** Non-fatal problems: malformed messages, rejected rows, stalls, failed connections. */
  onError?: (error: DataError) => void;
  /** After rows from one message were applied to the table. */
  onRows?: (result: AppendResult) => void;
  /** The WebSocket constructor (a polyfill outside browsers, or another window's). */
  WebSocket?: typeof WebSocket;
}

export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 20_000;
export const DEFAULT_FUTURE_TOLERANCE_MS = 86_400_000;
export const DEFAULT_MAX_NEW_COLUMNS = 32;
export const DEFAULT_REPLAY_OVERLAP = 4;

export class DataStream {
  readonly table: ColumnTable;
  readonly url: string;
  private readonly options: DataStreamOptions;
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private attempt = 0;
  private openedAt = 0;
  private lastHeardAt = 0;
  private pingSent = false;
  private active = false;
  private currentState: StreamState = 'closed';
  private reportsThisConnection = 0;
  private reportedThisConnection = new Set<string>();
  private reportedConnectFailure = false;
  /** A stall is reported once until a message arrives again (a quiet server without pongs would repeat). */
  private reportedStall = false;
  /** Time of the last row received (by arrival, not the newest held): where the server is. */
  private lastReceivedTime = NaN;
  /**
   * `since` never goes below this: the table's last time when streaming started, lowered by any
   * older row the stream delivered. The overlap is for rows the stream delivered, not a file's.
   */
  private sinceFloor = -Infinity;
  /** Columns this stream added to the table (bounded by `maxNewColumns`). */
  private addedColumns = new Set<string>();
  readonly stats: StreamStats = { messages: 0, malformed: 0, outOfOrder: 0, rejected: 0, nonFinite: 0, refusedColumns: 0, connections: 0, stalls: 0 };

  constructor(url: string, table: ColumnTable, options: DataStreamOptions = {}) {
    this.url = url;
    this.table = table;
    this.options = options;
  }

  get state(): StreamState {
    return this.currentState;
  }

  /** Opens the socket (and keeps reopening it after drops) until `close()`. */
  connect(): void {
    if (this.active) return;
    this.active = true;
    this.attempt = 0;
    this.resetReplayPoint();
    this.open('connecting');
  }

  /** Closes the socket and stops reconnecting. */
  close(): void {
    this.active = false;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.dropSocket();
    this.setState('closed');
  }

  /** Reconnects now (e.g. after the table was reloaded) so the server replays from the new last time. */
  resync(): void {
    if (!this.active) return;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.resetReplayPoint(); // the table changed: replay from its own last row
    this.dropSocket();
    this.open('reconnecting');
  }

  /**
   * The `since` of the next hello: the time `replayOverlap` rows before the last row received
   * (normally the last row held; after a server's clock went back, the point it had reached),
   * but not before the rows this stream delivered.
   */
  replayFrom(): number | null {
    const time = this.table.time;
    if (!time.length) return null;
    let at = time.length - 1;
    const received = this.lastReceivedTime;
    if (received === received && received < time[at]) {
      at = lowerBound(time, received);
      if (at >= time.length || time[at] !== received) at = Math.max(0, at - 1);
    }
    const overlapped = time[Math.max(0, at - (this.options.replayOverlap ?? DEFAULT_REPLAY_OVERLAP))];
    return Math.min(time[at], Math.max(overlapped, this.sinceFloor));
  }

  private resetReplayPoint(): void {
    this.lastReceivedTime = NaN;
    this.sinceFloor = this.table.length ? this.table.lastTime() : -Infinity;
  }

  private open(state: StreamState): void {
    this.setState(state);
    const Ctor = this.options.WebSocket ?? globalThis.WebSocket;
    let socket: WebSocket;
    try {
      socket = new Ctor(this.url);
    } catch (cause) {
      // A malformed URL cannot get better by retrying.
      this.active = false;
      this.report(`cannot open stream ${this.url}: ${describe(cause)}`, cause);
      this.setState('closed');
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.reportsThisConnection = 0;
    this.reportedThisConnection.clear();
    this.lastHeardAt = Date.now();
    this.pingSent = false;
    this.startWatchdog();
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.openedAt = Date.now();
      this.lastHeardAt = this.openedAt;
      this.stats.connections++;
      this.reportedConnectFailure = false;
      socket.send(JSON.stringify({ subscribe: this.options.channel ?? null, since: this.replayFrom() }));
      this.setState('open');
    };
    socket.onmessage = (event: MessageEvent) => {
      if (socket !== this.socket) return;
      this.lastHeardAt = Date.now();
      this.pingSent = false;
      this.reportedStall = false;
      this.receive(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (socket === this.socket) this.fail(`code ${event.code}`);
    };
    // A socket refused by the page's Content-Security-Policy fires `error` and never `close`:
    // an error is a failure by itself (a later `close` finds the socket replaced and is ignored).
    socket.onerror = () => {
      if (socket === this.socket) this.fail('socket error');
    };
  }

  /** The current socket failed (closed, errored, stalled, never opened): report, then reconnect. */
  private fail(why: string, stalled = false): void {
    const wasOpen = this.openedAt > 0;
    const stable = wasOpen && Date.now() - this.openedAt >= (this.options.stableMs ?? 5000);
    this.dropSocket();
    if (stalled) {
      this.stats.stalls++;
      if (!this.reportedStall) this.report(`stream ${this.url} ${why}; reconnecting`);
      this.reportedStall = true;
    } else if (!wasOpen && !this.reportedConnectFailure) {
      // Reported once per outage, not on every retry.
      this.reportedConnectFailure = true;
      this.report(`stream ${this.url} could not connect (${why}); retrying`);
    }
    if (stable) this.attempt = 0;
    this.scheduleReconnect();
  }

  private startWatchdog(): void {
    this.stopWatchdog();
    const timeout = this.options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
    if (!(timeout > 0)) return;
    this.watchdog = setInterval(() => {
      const socket = this.socket;
      if (!socket) return;
      const silent = Date.now() - this.lastHeardAt;
      if (silent >= timeout) {
        this.fail(this.openedAt > 0 ? `was silent for ${silent} ms (heartbeat timeout ${timeout} ms)` : `did not open within ${timeout} ms`, this.openedAt > 0);
      } else if (silent >= timeout / 2 && this.openedAt > 0 && !this.pingSent && socket.readyState === 1) {
        // Ask for a sign of life; any message (a pong, a row) counts.
        this.pingSent = true;
        socket.send(JSON.stringify({ ping: Date.now() }));
      }
    }, Math.max(10, timeout / 8));
  }

  private stopWatchdog(): void {
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private scheduleReconnect(): void {
    if (!this.active) return;
    const initial = this.options.initialDelayMs ?? 250;
    const max = this.options.maxDelayMs ?? 10_000;
    const base = Math.min(max, initial * 2 ** this.attempt);
    // "Equal jitter": half fixed, half random, so many clients dropped together spread out.
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt++;
    this.setState('reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.active) this.open('reconnecting');
    }, delay);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.openedAt = 0;
    this.stopWatchdog();
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      if (socket.readyState <= 1) socket.close(1000, 'client closed');
    } catch {
      // Closing a socket that failed already can throw in some polyfills; it is gone either way.
    }
  }

  private receive(data: unknown): void {
    this.stats.messages++;
    const options: AppendOptions = { merge: true, maxTime: Date.now() + (this.options.futureToleranceMs ?? DEFAULT_FUTURE_TOLERANCE_MS) };
    let result: AppendResult;
    let received: { last: number; first: number } = { last: NaN, first: NaN };
    try {
      if (typeof data === 'string') {
        const parsed: unknown = JSON.parse(data);
        if (isHeartbeatReply(parsed)) return;
        const rows = Array.isArray(parsed) ? parsed : [parsed];
        if (!rows.every(isRowObject)) throw new Error('expected a JSON row object or an array of row objects');
        const timeColumn = this.options.timeColumn ?? 'time';
        const accepted = this.withinColumnLimit(rows as Row[], timeColumn);
        result = this.table.append(accepted, timeColumn, options);
        received = usableSpan(accepted.length, (i) => rowTime(accepted[i], timeColumn), options.maxTime!);
      } else if (data instanceof ArrayBuffer) {
        const columns = this.columnsWithinLimit(decodeBinary(new Uint8Array(data)));
        result = this.table.appendColumns(columns, options);
        received = usableSpan(columns.time.length, (i) => columns.time[i], options.maxTime!);
      } else {
        throw new Error(`unexpected message type ${typeof data}`);
      }
    } catch (cause) {
      this.malformed(describe(cause), cause);
      return;
    }
    if (received.last === received.last) this.lastReceivedTime = received.last;
    if (received.first < this.sinceFloor) this.sinceFloor = received.first;
    this.stats.outOfOrder += result.merged + result.replaced;
    // Rows without a time were skipped by the table; the rest of the message still applies.
    if (result.invalid) this.malformed(`${result.invalid} row(s) have no usable time (missing, not finite, outside the Date range, or not ISO-8601); skipped`);
    if (result.future) {
      this.stats.rejected += result.future;
      this.reportOnce('future', `rejected ${result.future} row(s) dated more than ${formatMs(this.options.futureToleranceMs ?? DEFAULT_FUTURE_TOLERANCE_MS)} after this computer's clock (further ones on this connection are only counted)`);
    }
    if (result.nonFinite) {
      this.stats.nonFinite += result.nonFinite;
      this.reportOnce('nonFinite', `${result.nonFinite} value(s) were ±Infinity and are kept as gaps (further ones on this connection are only counted)`);
    }
    this.options.onRows?.(result);
  }

  /** Rows with the fields that would add columns beyond `maxNewColumns` left out (reported). */
  private withinColumnLimit(rows: Row[], timeColumn: string): Row[] {
    const refused = new Set<string>();
    for (const row of rows) {
      const key = timeKeyOf(row, timeColumn);
      for (const name in row) if (name !== key && name !== 'time' && !this.admitColumn(name)) refused.add(name);
    }
    if (!refused.size) return rows;
    this.refuseColumns(refused);
    return rows.map((row) => {
      const kept: Row = Object.create(null) as Row; // a field named __proto__ stays a field
      for (const name in row) if (!refused.has(name)) kept[name] = row[name];
      return kept;
    });
  }

  private columnsWithinLimit(columns: Record<string, Float64Array> & { time: Float64Array }): Record<string, Float64Array> & { time: Float64Array } {
    const refused = new Set<string>();
    for (const name of Object.keys(columns)) if (name !== 'time' && !this.admitColumn(name)) refused.add(name);
    if (!refused.size) return columns;
    this.refuseColumns(refused);
    const kept: Record<string, Float64Array> = {};
    for (const [name, values] of Object.entries(columns)) if (!refused.has(name)) kept[name] = values;
    return kept as Record<string, Float64Array> & { time: Float64Array };
  }

  /** True when `name` is a column already or may still be added. */
  private admitColumn(name: string): boolean {
    if (this.table.has(name) || this.addedColumns.has(name)) return true;
    if (this.addedColumns.size >= (this.options.maxNewColumns ?? DEFAULT_MAX_NEW_COLUMNS)) return false;
    this.addedColumns.add(name);
    return true;
  }

  private refuseColumns(names: Set<string>): void {
    this.stats.refusedColumns += names.size;
    const sample = [...names].slice(0, 5).map((n) => JSON.stringify(n.slice(0, 40))).join(', ');
    this.reportOnce(
      'columns',
      `left out ${names.size} new field(s) (${sample}${names.size > 5 ? ', …' : ''}): a stream may add at most ${this.options.maxNewColumns ?? DEFAULT_MAX_NEW_COLUMNS} columns (further ones on this connection are only counted)`,
    );
  }

  private malformed(reason: string, cause?: unknown): void {
    this.stats.malformed++;
    if (this.reportsThisConnection >= (this.options.maxReportsPerConnection ?? 20)) return;
    this.reportsThisConnection++;
    this.report(`skipped a malformed stream message: ${reason}`, cause);
  }

  /** Once per connection and kind: a misbehaving feed would otherwise flood listeners. */
  private reportOnce(kind: string, message: string): void {
    if (this.reportedThisConnection.has(kind)) return;
    this.reportedThisConnection.add(kind);
    this.report(message);
  }

  private report(message: string, cause?: unknown): void {
    this.options.onError?.(new DataError('stream', message, cause === undefined ? undefined : { cause }));
  }

  private setState(state: StreamState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.options.onState?.(state);
  }
}

/** Of the rows the table could take: the last one's time (by position) and the oldest time; NaN if none. */
function usableSpan(n: number, timeAt: (i: number) => number, maxTime: number): { last: number; first: number } {
  let last = NaN;
  let first = NaN;
  for (let i = 0; i < n; i++) {
    const t = timeAt(i);
    if (!isUsableTime(t) || t > maxTime) continue;
    last = t;
    if (!(t >= first)) first = t;
  }
  return { last, first };
}

function rowTime(row: Row, timeColumn: string): number {
  const key = timeKeyOf(row, timeColumn);
  return key === undefined ? NaN : toTime(row[key]);
}

function isRowObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{"pong": …}` (the answer to the client's ping) is a sign of life, not a row. */
function isHeartbeatReply(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'pong' in value && Object.keys(value).length === 1;
}

function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function formatMs(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
