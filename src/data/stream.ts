/**
 * DataStream: keeps a ColumnTable up to date from a WebSocket feed.
 *
 * Messages are a JSON row, a JSON array of rows, or a binary frame in the columnar format.
 * On every (re)connect the client sends `{"subscribe": channel, "since": lastTime}` so a server
 * can replay what was missed (see docs/stream-protocol.md). Rows at the table's last time
 * update it and older ones are dropped, so a replay never duplicates and never reorders.
 *
 * Plain TS, no DOM beyond WebSocket; nothing is opened until `connect()`.
 */
import { DataError } from './errors.js';
import { decodeBinary } from './load.js';
import { ColumnTable, type AppendResult, type Row } from './table.js';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StreamStats {
  /** Messages received (all kinds) since `connect()`. */
  messages: number;
  /** Messages skipped because they could not be read. */
  malformed: number;
  /** Rows dropped because they were older than the table's last row. */
  outOfOrder: number;
  /** Connections opened, the first one included. */
  connections: number;
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
  /** At most this many malformed messages are reported per connection; the rest are counted. Default 20. */
  maxReportsPerConnection?: number;
  onState?: (state: StreamState) => void;
  /** Non-fatal problems: malformed messages, out-of-order rows, failed connections. */
  onError?: (error: DataError) => void;
  /** After rows from one message were applied to the table. */
  onRows?: (result: AppendResult) => void;
  /** The WebSocket constructor (a polyfill outside browsers). */
  WebSocket?: typeof WebSocket;
}

export class DataStream {
  readonly table: ColumnTable;
  readonly url: string;
  private readonly options: DataStreamOptions;
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private openedAt = 0;
  private active = false;
  private currentState: StreamState = 'closed';
  private reportedOutOfOrder = false;
  private reportsThisConnection = 0;
  private reportedConnectFailure = false;
  readonly stats: StreamStats = { messages: 0, malformed: 0, outOfOrder: 0, connections: 0 };

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
    this.dropSocket();
    this.open('reconnecting');
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
    this.reportedOutOfOrder = false;
    this.reportsThisConnection = 0;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.openedAt = Date.now();
      this.stats.connections++;
      this.reportedConnectFailure = false;
      const last = this.table.lastTime();
      socket.send(JSON.stringify({ subscribe: this.options.channel ?? null, since: Number.isFinite(last) ? last : null }));
      this.setState('open');
    };
    socket.onmessage = (event: MessageEvent) => {
      if (socket === this.socket) this.receive(event.data);
    };
    socket.onclose = (event: CloseEvent) => {
      if (socket !== this.socket) return;
      this.socket = null;
      const wasOpen = this.openedAt > 0;
      const stable = wasOpen && Date.now() - this.openedAt >= (this.options.stableMs ?? 5000);
      this.openedAt = 0;
      // Reported once per outage, not on every retry.
      if (!wasOpen && !this.reportedConnectFailure) {
        this.reportedConnectFailure = true;
        this.report(`stream ${this.url} could not connect (code ${event.code}); retrying`);
      }
      if (stable) this.attempt = 0;
      this.scheduleReconnect();
    };
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
    if (socket && socket.readyState <= 1) socket.close(1000, 'client closed');
  }

  private receive(data: unknown): void {
    this.stats.messages++;
    let result: AppendResult;
    try {
      if (typeof data === 'string') {
        const parsed: unknown = JSON.parse(data);
        const rows = Array.isArray(parsed) ? parsed : [parsed];
        if (!rows.every(isRowObject)) throw new Error('expected a JSON row object or an array of row objects');
        result = this.table.append(rows as Row[], this.options.timeColumn ?? 'time');
      } else if (data instanceof ArrayBuffer) {
        result = this.table.appendColumns(decodeBinary(new Uint8Array(data)));
      } else {
        throw new Error(`unexpected message type ${typeof data}`);
      }
    } catch (cause) {
      this.malformed(describe(cause), cause);
      return;
    }
    // Rows without a time were skipped by the table; the rest of the message still applies.
    if (result.invalid) this.malformed(`${result.invalid} row(s) have no usable time`);
    if (result.outOfOrder) {
      this.stats.outOfOrder += result.outOfOrder;
      // Once per connection: a misbehaving feed would otherwise flood listeners.
      if (!this.reportedOutOfOrder) {
        this.reportedOutOfOrder = true;
        this.report(`dropped ${result.outOfOrder} out-of-order row(s) older than the last row (further ones on this connection are only counted)`);
      }
    }
    this.options.onRows?.(result);
  }

  private malformed(reason: string, cause?: unknown): void {
    this.stats.malformed++;
    if (this.reportsThisConnection >= (this.options.maxReportsPerConnection ?? 20)) return;
    this.reportsThisConnection++;
    this.report(`skipped a malformed stream message: ${reason}`, cause);
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

function isRowObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
