/**
 * ColumnTable: the rows of one data source, held once as Float64Array columns.
 *
 * Why this shape: charts, indicators and GPU uploads all read columns directly (no per-row
 * objects), appends touch only the tail, and a `capacity` drops the oldest rows without
 * reallocating each time (the live window slides inside a larger backing array and is
 * compacted only when it reaches the end, so each append is amortised O(1)).
 */

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
}

export type TableListener = (change: TableChange) => void;

export interface AppendResult {
  added: number;
  updatedLast: boolean;
  /** Rows older than the last row, dropped because a table's time only moves forward. */
  outOfOrder: number;
  dropped: number;
}

const MIN_BACKING = 1024;

export class ColumnTable {
  private backing = new Map<string, Float64Array>();
  private start = 0;
  private count = 0;
  private listeners = new Set<TableListener>();
  /** Increments on every change, so consumers can tell whether their copy is current. */
  version = 0;
  /** Keep at most this many newest rows (Infinity: keep all). */
  capacity = Infinity;

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
    return this.column('time')!;
  }

  /** All columns as views over the current rows. */
  columns(): ColumnMap {
    const out: Record<string, Float64Array> = {};
    for (const name of this.backing.keys()) out[name] = this.column(name)!;
    if (!out.time) out.time = new Float64Array(0);
    return out as ColumnMap;
  }

  lastTime(): number {
    return this.count ? this.backing.get('time')![this.start + this.count - 1] : -Infinity;
  }

  subscribe(listener: TableListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Replace everything with these columns (they must already be sorted by time and of equal
   * length). The arrays are adopted, not copied, when they are Float64Arrays.
   */
  replace(columns: Record<string, ArrayLike<number>>, reason: ChangeReason = 'load'): void {
    const time = columns.time;
    if (!time) throw new Error('columns need a "time" column');
    const n = time.length;
    this.backing.clear();
    let dropped = 0;
    const keepFrom = Number.isFinite(this.capacity) && n > this.capacity ? n - this.capacity : 0;
    dropped = keepFrom;
    for (const [name, values] of Object.entries(columns)) {
      if (values.length !== n) throw new Error(`column "${name}" has ${values.length} rows, "time" has ${n}`);
      const arr = values instanceof Float64Array ? values : Float64Array.from(values);
      this.backing.set(name, arr);
    }
    this.start = keepFrom;
    this.count = n - keepFrom;
    this.emit({ reason, length: this.count, added: this.count, changedFrom: 0, dropped, updatedLast: false });
  }

  clear(): void {
    this.backing.clear();
    this.start = 0;
    this.count = 0;
    this.emit({ reason: 'clear', length: 0, added: 0, changedFrom: 0, dropped: 0, updatedLast: false });
  }

  /**
   * Append rows in time order. A row with the time of the last row replaces it (a candle still
   * forming); a row older than the last is dropped and counted as out of order.
   */
  append(rows: readonly Row[], timeColumn = 'time'): AppendResult {
    const result: AppendResult = { added: 0, updatedLast: false, outOfOrder: 0, dropped: 0 };
    if (!rows.length) return result;
    const before = this.count;
    let changedFrom = this.count;
    for (const row of rows) {
      const t = toNumber(row[timeColumn]);
      if (!Number.isFinite(t)) {
        result.outOfOrder++;
        continue;
      }
      const last = this.lastTime();
      if (t < last) {
        result.outOfOrder++;
        continue;
      }
      if (t === last) {
        this.writeRow(this.start + this.count - 1, row, t, timeColumn);
        changedFrom = Math.min(changedFrom, this.count - 1);
        if (this.count - 1 < before) result.updatedLast = true;
        continue;
      }
      this.ensureRoom(1);
      this.count++;
      this.writeRow(this.start + this.count - 1, row, t, timeColumn);
      result.added++;
    }
    if (Number.isFinite(this.capacity) && this.count > this.capacity) {
      const drop = this.count - this.capacity;
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

  private writeRow(index: number, row: Row, t: number, timeColumn: string): void {
    this.backing.get('time')![index] = t;
    for (const [key, raw] of Object.entries(row)) {
      if (key === timeColumn || key === 'time') continue;
      let col = this.backing.get(key);
      if (!col) {
        // A column first seen mid-stream: earlier rows have no value for it.
        col = new Float64Array(this.backing.get('time')!.length).fill(NaN);
        this.backing.set(key, col);
      }
      col[index] = toNumber(raw);
    }
  }

  /** Makes room for `extra` rows after the current ones: compact in place, or grow by doubling. */
  private ensureRoom(extra: number): void {
    if (!this.backing.has('time')) {
      this.backing.set('time', new Float64Array(MIN_BACKING).fill(NaN));
      this.start = 0;
    }
    const size = this.backing.get('time')!.length;
    if (this.start + this.count + extra <= size) return;
    const needed = this.count + extra;
    if (needed * 2 <= size) {
      // The live rows fill at most half the array (rows dropped by `capacity`): slide them down.
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

export function toNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (raw === null || raw === undefined || raw === '') return NaN;
  if (typeof raw === 'string') {
    const n = Number(raw);
    if (!Number.isNaN(n)) return n;
    const d = Date.parse(raw);
    return Number.isNaN(d) ? NaN : d;
  }
  return NaN;
}
