/**
 * ColumnTable: the rows of one data source, held once as Float64Array columns.
 *
 * Why this shape: charts, indicators and GPU uploads all read columns directly (no per-row
 * objects), appends touch only the tail, and a `capacity` drops the oldest rows without
 * reallocating each time (the live window slides inside a larger backing array and is
 * compacted only when it reaches the end, so each append is amortised O(1)).
 */
import { parseIsoTime } from './formats/time.js';

export type ColumnMap = { time: Float64Array } & { [name: string]: Float64Array };

/** A row as the outside world gives it: a time and any number of numeric fields. */
export type Row = Record<string, number | string | null | undefined>;

export type ChangeReason = 'load' | 'append' | 'update' | 'clear';

export interface TableChange {
  reason: ChangeReason;
  /** Rows now held. */
  length: number;
  /** Rows added at the end by this change. */
  added: number;
  /** Index (in the current rows) of the first row whose values changed; `length` if none. */
  changedFrom: number;
  /** Rows dropped from the start because of `capacity` (indices shifted down by this much). */
  dropped: number;
  /** True when the last row existed before and was replaced in place (a forming candle). */
  updatedLast: boolean;
  /** False when the times held did not change (only values were replaced); absent: they may have. */
  timeChanged?: boolean;
}

export type TableListener = (change: TableChange) => void;

export interface AppendResult {
  /** Rows that are new: appended at the end, or (with `merge`) inserted in their place. */
  added: number;
  updatedLast: boolean;
  /** Rows older than the last row, dropped because `merge` was off. */
  outOfOrder: number;
  /** Rows without a usable time (missing, not finite, outside the Date range, not ISO-8601), dropped. */
  invalid: number;
  dropped: number;
  /** With `merge`: rows older than the last one inserted in their place (counted in `added` too). */
  merged: number;
  /** With `merge`: older rows (not the last) whose time was held already and whose values were replaced. */
  replaced: number;
  /** Rows dated after `maxTime`, rejected. */
  future: number;
  /** Values that were ±Infinity, kept as NaN gaps (a chart cannot draw them). */
  nonFinite: number;
}

export interface AppendOptions {
  /**
   * Insert a row older than the last one in its place (or replace the values of a row with
   * that time) instead of dropping it. Off by default: plain appends touch only the tail.
   */
  merge?: boolean;
  /** Rows dated after this time (ms) are rejected and counted in `future`. */
  maxTime?: number;
  /** Numeric times are multiplied by this (1000 for epoch seconds); ISO-8601 text is not. Default 1. */
  timeScale?: number;
}

/** The Date range (±8.64e15 ms): a time outside it cannot be labelled. */
export const MAX_TIME_MAGNITUDE = 8.64e15;

/** Names tried, in order, when a row has no field named like the configured time column (as the file loaders do). */
export const TIME_ALIASES: readonly string[] = ['time', 't', 'date', 'timestamp', 'datetime'];

const MIN_BACKING = 1024;

export class ColumnTable {
  private backing = new Map<string, Float64Array>();
  private start = 0;
  private count = 0;
  private maxRows = Infinity;
  private listeners = new Set<TableListener>();
  /**
   * Bumps whenever rows move in the backing arrays (load, clear, compaction, new columns).
   * Between two bumps rows only get appended, updated or dropped from the start, so a copy laid
   * out like the backing arrays (the GPU copy, the level-of-detail pyramid) stays valid. Arrays
   * that grow keep every row at its index, so growth alone does not bump it.
   */
  layoutVersion = 0;
  /** Increments on every change, so consumers can tell whether their copy is current. */
  version = 0;
  /**
   * Rows are kept in the order given (scatter and `order: 'data'` series): times need not
   * increase, appends go to the end whatever their time, nothing is sorted or merged. Set by the
   * table's owner before rows arrive; readers then find no visible range by binary search.
   */
  dataOrder = false;

  /** Keep at most this many newest rows (Infinity: keep all). Lowering it drops rows at once. */
  get capacity(): number {
    return this.maxRows;
  }

  set capacity(value: number) {
    const next = Number.isFinite(value) && value >= 0 ? Math.floor(value) : Infinity;
    this.maxRows = next;
    if (this.count > next) {
      const drop = this.count - next;
      this.start += drop;
      this.count = next;
      this.emit({ reason: 'update', length: this.count, added: 0, changedFrom: 0, dropped: drop, updatedLast: false });
    }
  }

  /** Index of the first row in the backing arrays (rows dropped by `capacity` sit before it). */
  get offset(): number {
    return this.start;
  }

  /** A column's whole backing array: rows are at [offset, offset + length). */
  backingColumn(name: string): Float64Array | undefined {
    return this.backing.get(name);
  }

  get length(): number {
    return this.count;
  }

  get columnNames(): string[] {
    return [...this.backing.keys()];
  }

  has(name: string): boolean {
    return this.backing.has(name);
  }

  /** A live view of one column over the current rows (valid until the next change). */
  column(name: string): Float64Array | undefined {
    const b = this.backing.get(name);
    return b ? b.subarray(this.start, this.start + this.count) : undefined;
  }

  get time(): Float64Array {
    return this.column('time') ?? new Float64Array(0);
  }

  /** All columns as views over the current rows. */
  columns(): ColumnMap {
    const out: Record<string, Float64Array> = {};
    // defineProperty: a column named __proto__ is a column, not the object's prototype.
    for (const name of this.backing.keys()) Object.defineProperty(out, name, { value: this.column(name)!, enumerable: true, writable: true, configurable: true });
    if (!out.time) out.time = new Float64Array(0);
    return out as ColumnMap;
  }

  /** All columns as fresh copies (safe to keep, store or transfer). */
  snapshot(): ColumnMap {
    const out: Record<string, Float64Array> = {};
    for (const [name, view] of Object.entries(this.columns())) Object.defineProperty(out, name, { value: view.slice(), enumerable: true, writable: true, configurable: true });
    return out as ColumnMap;
  }

  /** One row as an object (for inspection and tests; charts read columns). */
  row(index: number): Record<string, number> | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const out: Record<string, number> = {};
    for (const [name, col] of this.backing) Object.defineProperty(out, name, { value: col[this.start + index], enumerable: true, writable: true, configurable: true });
    return out;
  }

  lastTime(): number {
    return this.count ? this.backing.get('time')![this.start + this.count - 1] : -Infinity;
  }

  subscribe(listener: TableListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replace everything with these columns (of equal length; sorted by time here if they are
   * not). The arrays are adopted, not copied, when they are Float64Arrays already in order.
   */
  replace(columns: Record<string, ArrayLike<number>>, reason: ChangeReason = 'load', sorted = false): void {
    const time = columns.time;
    if (!time) throw new Error('columns need a "time" column');
    const n = time.length;
    for (const [name, values] of Object.entries(columns)) {
      if (values.length !== n) throw new Error(`column "${name}" has ${values.length} rows, "time" has ${n}`);
    }
    // Callers that have checked the order already (a chart's `data`) skip the scan.
    const order = sorted ? null : sortOrder(time);
    if (!order && this.replaceSameShape(columns, n, reason)) return;
    this.backing.clear();
    for (const [name, values] of Object.entries(columns)) {
      let arr = values instanceof Float64Array ? values : Float64Array.from(values);
      if (order) arr = Float64Array.from(order, (i) => values[i]);
      this.backing.set(name, arr);
    }
    const keepFrom = n > this.maxRows ? n - this.maxRows : 0;
    this.layoutVersion++;
    this.start = keepFrom;
    this.count = n - keepFrom;
    this.emit({ reason, length: this.count, added: this.count, changedFrom: 0, dropped: keepFrom, updatedLast: false });
  }

  /**
   * The same columns and row count as held (values replaced every frame, a reloaded window):
   * the rows stay where they are, so the GPU copy and the pyramids keep their buffers and take
   * the new values as a change from row 0 (no new layout, no new GPU buffers). Float64Arrays
   * are adopted when the rows start at index 0 (nothing to copy), else copied into place.
   */
  private replaceSameShape(columns: Record<string, ArrayLike<number>>, n: number, reason: ChangeReason): boolean {
    const names = Object.keys(columns);
    if (n === 0 || n !== this.count || n > this.maxRows || names.length !== this.backing.size) return false;
    for (const name of names) if (!this.backing.has(name)) return false;
    let timeChanged = false;
    for (const name of names) {
      const values = columns[name];
      const held = this.backing.get(name)!;
      if (values === held) continue;
      if (name === 'time') timeChanged = true;
      // Every backing array has the same length: adopting keeps that when it is the new length.
      if (this.start === 0 && values instanceof Float64Array && held.length === n) this.backing.set(name, values);
      else if (values instanceof Float64Array) held.set(values, this.start);
      else for (let i = 0; i < n; i++) held[this.start + i] = values[i];
    }
    // Announced as what it is to the page (a load stays a load); the unchanged layout tells the copies.
    this.emit({ reason, length: n, added: n, changedFrom: 0, dropped: 0, updatedLast: false, timeChanged });
    return true;
  }

  clear(): void {
    this.backing.clear();
    this.layoutVersion++;
    this.start = 0;
    this.count = 0;
    this.emit({ reason: 'clear', length: 0, added: 0, changedFrom: 0, dropped: 0, updatedLast: false });
  }

  /**
   * Append rows in time order. A row with the time of the last row replaces it (a candle still
   * forming); a row older than the last is dropped and counted as out of order, or with
   * `options.merge` inserted in its place (replacing the values of a row with the same time).
   * The time is read from `timeColumn`, or else from the first of time/t/date/timestamp the row
   * has: a number (ms), numeric text, or ISO-8601 text (UTC when it has no offset, as in files).
   */
  append(rows: readonly Row[], timeColumn = 'time', options: AppendOptions = {}): AppendResult {
    const scale = options.timeScale ?? 1;
    return this.appendEach(
      rows.length,
      (i) => {
        const key = timeKeyOf(rows[i], timeColumn);
        return key === undefined ? NaN : toTime(rows[i][key], scale);
      },
      (index, i, result) => {
        const row = rows[i];
        const key = timeKeyOf(row, timeColumn);
        let changed = false;
        for (const name in row) {
          if (name !== key && name !== 'time') changed = this.writeValue(name, index, finiteOrGap(toNumber(row[name]), result)) || changed;
        }
        return changed;
      },
      options,
    );
  }

  /**
   * Takes over columns computed elsewhere (indicator outputs) of which only rows from
   * `changedFrom` differ from what the table held: subscribers upload just that tail.
   * The arrays are adopted as they are (sorted, equal length), not copied.
   */
  adoptTail(columns: Record<string, Float64Array>, changedFrom: number, added: number): void {
    const time = columns.time;
    if (!time) throw new Error('columns need a "time" column');
    // Rows before changedFrom hold the same values at the same indices (the caller's promise),
    // even in new, bigger arrays: only the tail changed. Rows move when ours did not start at
    // index 0 or the set of columns changes.
    let moved = this.start !== 0 || this.backing.size !== Object.keys(columns).length;
    for (const name of Object.keys(columns)) if (!this.backing.has(name)) moved = true;
    if (moved) this.layoutVersion++;
    this.backing.clear();
    for (const [name, values] of Object.entries(columns)) this.backing.set(name, values);
    this.start = 0;
    this.count = time.length;
    this.emit({ reason: added > 0 ? 'append' : 'update', length: this.count, added, changedFrom: Math.min(changedFrom, this.count), dropped: 0, updatedLast: added === 0 });
  }

  /**
   * Append a block of columns (e.g. a binary stream frame) with the same rules as `append`;
   * `columns.time` holds the times, every other column the values of the same rows.
   */
  appendColumns(columns: Record<string, ArrayLike<number>>, options: AppendOptions = {}): AppendResult {
    const time = columns.time;
    if (!time) throw new Error('columns need a "time" column');
    const others = Object.entries(columns).filter(([name]) => name !== 'time');
    for (const [name, values] of others) {
      if (values.length !== time.length) throw new Error(`column "${name}" has ${values.length} rows, "time" has ${time.length}`);
    }
    const scale = options.timeScale ?? 1;
    const bulk = this.appendAfterLast(time, others, scale, options.maxTime ?? Infinity);
    if (bulk) return bulk;
    return this.appendEach(
      time.length,
      (i) => time[i] * scale,
      (index, i, result) => {
        let changed = false;
        for (const [name, values] of others) changed = this.writeValue(name, index, finiteOrGap(values[i], result)) || changed;
        return changed;
      },
      options,
    );
  }

  /**
   * The usual block (a frame of a feed, `appendColumns` of many rows): every time usable, in
   * strictly increasing order and after the last row. Then the rows are written column by column
   * in tight loops (no per-row lookups) and announced as one append; null when the block is not
   * like that (the row-by-row rules of `appendEach` apply).
   */
  private appendAfterLast(time: ArrayLike<number>, others: Array<[string, ArrayLike<number>]>, scale: number, maxTime: number): AppendResult | null {
    const n = time.length;
    if (!n) return null;
    let prev = this.lastTime();
    for (let i = 0; i < n; i++) {
      const t = time[i] * scale;
      if ((!(t > prev) && !this.dataOrder) || !isUsableTime(t) || t > maxTime) return null;
      prev = t;
    }
    const result: AppendResult = { added: n, updatedLast: false, outOfOrder: 0, invalid: 0, dropped: 0, merged: 0, replaced: 0, future: 0, nonFinite: 0 };
    this.ensureRoom(n);
    const at = this.start + this.count;
    const timeColumn = this.backing.get('time')!;
    for (let i = 0; i < n; i++) timeColumn[at + i] = time[i] * scale;
    for (const [name, values] of others) {
      let col = this.backing.get(name);
      if (!col) {
        // A column first seen here: earlier rows have no value for it.
        col = new Float64Array(timeColumn.length).fill(NaN);
        this.backing.set(name, col);
        this.layoutVersion++;
      }
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === Infinity || v === -Infinity) {
          result.nonFinite++;
          col[at + i] = NaN;
        } else col[at + i] = v;
      }
    }
    let changedFrom = this.count;
    this.count += n;
    if (this.count > this.maxRows) {
      const drop = this.count - this.maxRows;
      this.start += drop;
      this.count -= drop;
      result.dropped = drop;
      changedFrom = Math.max(0, changedFrom - drop);
    }
    this.emit({ reason: 'append', length: this.count, added: n, changedFrom, dropped: result.dropped, updatedLast: false });
    return result;
  }

  /**
   * The shared append loop: `timeAt(i)` gives row i's time, `write(index, i)` its other values
   * (and says whether any differed from what the row held).
   */
  private appendEach(
    n: number,
    timeAt: (i: number) => number,
    write: (index: number, i: number, result: AppendResult) => boolean,
    options: AppendOptions,
  ): AppendResult {
    const result: AppendResult = { added: 0, updatedLast: false, outOfOrder: 0, invalid: 0, dropped: 0, merged: 0, replaced: 0, future: 0, nonFinite: 0 };
    if (!n) return result;
    const maxTime = options.maxTime ?? Infinity;
    let changedFrom = this.count;
    // Whether the current last row was added by this call (so updating it is no `updatedLast`).
    let lastIsNew = false;
    for (let i = 0; i < n; i++) {
      const t = timeAt(i);
      if (!isUsableTime(t)) {
        result.invalid++;
        continue;
      }
      if (t > maxTime) {
        result.future++;
        continue;
      }
      const last = this.lastTime();
      // Rows kept in data order go to the end whatever their time.
      if (t < last && !this.dataOrder) {
        if (!options.merge) {
          result.outOfOrder++;
          continue;
        }
        const at = this.indexOfTime(t);
        const index = this.start + at;
        if (this.backing.get('time')![index] === t) {
          // A time held already: the sender's newer values win (reconciliation).
          if (write(index, i, result)) changedFrom = Math.min(changedFrom, at);
          result.replaced++;
        } else {
          this.insertAt(at, t);
          write(this.start + at, i, result);
          changedFrom = Math.min(changedFrom, at);
          result.merged++;
          result.added++;
        }
        continue;
      }
      if (t === last && !this.dataOrder) {
        write(this.start + this.count - 1, i, result);
        changedFrom = Math.min(changedFrom, this.count - 1);
        if (!lastIsNew) result.updatedLast = true;
        continue;
      }
      this.ensureRoom(1);
      this.count++;
      const index = this.start + this.count - 1;
      this.backing.get('time')![index] = t;
      write(index, i, result);
      result.added++;
      lastIsNew = true;
    }
    if (this.count > this.maxRows) {
      const drop = this.count - this.maxRows;
      this.start += drop;
      this.count -= drop;
      result.dropped = drop;
      changedFrom = Math.max(0, changedFrom - drop);
    }
    if (result.added || result.updatedLast || changedFrom < this.count) {
      this.emit({
        reason: result.added ? 'append' : 'update',
        length: this.count,
        added: result.added,
        changedFrom,
        dropped: result.dropped,
        updatedLast: result.updatedLast,
      });
    }
    return result;
  }

  /** Writes one value; true when it differs from what the row held (NaN equals NaN). */
  private writeValue(name: string, index: number, value: number): boolean {
    let col = this.backing.get(name);
    if (!col) {
      // A column first seen mid-stream: earlier rows have no value for it.
      col = new Float64Array(this.backing.get('time')!.length).fill(NaN);
      this.backing.set(name, col);
      this.layoutVersion++;
    }
    const old = col[index];
    col[index] = value;
    return !(old === value || (old !== old && value !== value));
  }

  /** Index (in the current rows) of the first row whose time is not before `t`. */
  private indexOfTime(t: number): number {
    const time = this.backing.get('time')!;
    let lo = this.start;
    let hi = this.start + this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (time[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.start;
  }

  /**
   * Inserts a row with time `t` at `at` (rows from there move up one; its values start as NaN).
   * O(rows after it): a reordered row is rare and lands near the end.
   */
  private insertAt(at: number, t: number): void {
    this.ensureRoom(1);
    const index = this.start + at;
    const end = this.start + this.count;
    for (const col of this.backing.values()) {
      col.copyWithin(index + 1, index, end);
      col[index] = NaN;
    }
    this.backing.get('time')![index] = t;
    this.count++;
  }

  /** Makes room for `extra` rows after the current ones: compact in place, or grow by doubling. */
  private ensureRoom(extra: number): void {
    if (!this.backing.has('time')) {
      // First row into an empty table (new or cleared).
      this.backing.set('time', new Float64Array(MIN_BACKING).fill(NaN));
      this.start = 0;
    }
    const size = this.backing.get('time')!.length;
    if (this.start + this.count + extra <= size) return;
    // Rows keep their indices when the arrays grow from the start; otherwise they move.
    if (this.start !== 0) this.layoutVersion++;
    const needed = this.count + extra;
    if (needed * 2 <= size) {
      // The live rows fill at most half the array (rows dropped by `capacity`): slide them down.
      // (Only reached with start > 0: count + extra > size - start, and count + extra <= size / 2.)
      for (const col of this.backing.values()) {
        col.copyWithin(0, this.start, this.start + this.count);
        col.fill(NaN, this.count);
      }
    } else {
      let newSize = Math.max(MIN_BACKING, size);
      while (newSize < needed * 2) newSize *= 2;
      for (const [key, col] of [...this.backing]) {
        const next = new Float64Array(newSize).fill(NaN);
        next.set(col.subarray(this.start, this.start + this.count));
        this.backing.set(key, next);
      }
    }
    this.start = 0;
  }

  private emit(change: TableChange): void {
    this.version++;
    for (const l of this.listeners) l(change);
  }
}

/** The key holding a row's time: `preferred` if present, else the first known alias present. */
export function timeKeyOf(row: object, preferred = 'time'): string | undefined {
  if (preferred in row) return preferred;
  for (const alias of TIME_ALIASES) if (alias in row) return alias;
  return undefined;
}

export function toNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (raw === null || raw === undefined || raw === '') return NaN;
  if (typeof raw === 'string') {
    const n = Number(raw);
    if (!Number.isNaN(n)) return n;
    return parseIsoTime(raw.trim());
  }
  return NaN;
}

/**
 * A row's time in ms: a number or numeric text (times `scale`), or ISO-8601 text read as files
 * read it (UTC when it has no offset; `Date.parse` would take it as local time).
 */
export function toTime(raw: unknown, scale = 1): number {
  if (typeof raw === 'number') return raw * scale;
  if (typeof raw !== 'string' || raw.trim() === '') return NaN;
  const n = Number(raw);
  return Number.isNaN(n) ? parseIsoTime(raw.trim()) : n * scale;
}

/** A time a chart can place and label: finite and inside the Date range. */
export function isUsableTime(t: number): boolean {
  return Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MAGNITUDE;
}

/** ±Infinity becomes a NaN gap (counted), as files read it. */
function finiteOrGap(value: number, result: AppendResult): number {
  if (value === Infinity || value === -Infinity) {
    result.nonFinite++;
    return NaN;
  }
  return value;
}

/** null when `time` is already non-decreasing (the usual case, checked in O(n)); else a stable order. */
function sortOrder(time: ArrayLike<number>): Uint32Array | null {
  let sorted = true;
  for (let i = 1; i < time.length; i++) {
    if (time[i] < time[i - 1]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return null;
  const order = Uint32Array.from({ length: time.length }, (_, i) => i);
  return order.sort((a, b) => time[a] - time[b] || a - b);
}
