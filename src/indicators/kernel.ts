/**
 * The machinery every indicator is built from.
 *
 * An indicator is a `Kernel`: a step function that computes row i from the input columns, from
 * its own stored series (rows < i) and from a little running state. Batch computation steps
 * every row; the live form steps only new rows. Because both run the very same step code in the
 * same order, live and batch results are bit-identical, however long the stream.
 *
 * A forming candle (the last row replaced in place) is handled by a snapshot: just before the
 * last row is stepped, every piece of running state saves itself; an update restores that state
 * and steps the row again. All state is O(1) scalars, except the window extremes whose snapshot
 * is still O(1) (see `WindowExtreme`), so saving costs nothing measurable per append.
 */

import type { IndicatorInputs, IndicatorParams } from './types.js';

/** Running state that can be saved just before a row and put back to re-step that row. */
export interface Snapshotting {
  save(): void;
  restore(): void;
}

/** A Float64Array that grows by doubling; unset rows are NaN. */
export class GrowingSeries {
  data: Float64Array;
  constructor(initial = 0) {
    this.data = new Float64Array(initial).fill(NaN);
  }
  ensure(rows: number, exact: boolean): void {
    if (rows <= this.data.length) return;
    // Live outputs get an eighth more than asked when first made (a reset allocates anyway), so
    // the first appends after a load write into room they have instead of copying every row.
    const size = exact ? rows : Math.max(rows + (rows >> 3), this.data.length * 2, 64);
    const next = new Float64Array(size);
    next.set(this.data);
    next.fill(NaN, this.data.length);
    this.data = next;
  }
}

// TA-Lib's zero tests (ta_utility.h): |v| < 1e-14, and v < 1e-14 for "zero or negative".
const TA_EPSILON = 1e-14;
export const isZero = (v: number): boolean => -TA_EPSILON < v && v < TA_EPSILON;
export const isZeroOrNegative = (v: number): boolean => v < TA_EPSILON;

/** TA-Lib's true range (TRANGE): the greatest of high-low, |prevClose-high|, |prevClose-low|. */
export function trueRange(high: number, low: number, prevClose: number): number {
  let greatest = high - low;
  const toHigh = Math.abs(prevClose - high);
  if (toHigh > greatest) greatest = toHigh;
  const toLow = Math.abs(prevClose - low);
  if (toLow > greatest) greatest = toLow;
  return greatest;
}

export abstract class Kernel {
  /** Output series by name, aligned with input rows. */
  readonly out: Record<string, GrowingSeries> = {};
  /** How many rows before a new row its step may rewrite (Ichimoku's lagging span). */
  reach = 0;
  /** The outputs a step writes at row i - reach (the others only at row i). */
  reachOutputs: readonly string[] = [];
  private allSeries: GrowingSeries[] = [];
  private parts: Snapshotting[] = [];

  protected output(name: string): GrowingSeries {
    const s = new GrowingSeries();
    this.out[name] = s;
    this.allSeries.push(s);
    return s;
  }

  /** A stored intermediate series (e.g. the first EMA of a DEMA), indexed by row. */
  protected series(): GrowingSeries {
    const s = new GrowingSeries();
    this.allSeries.push(s);
    return s;
  }

  /** Registers running state so it is saved and restored with the kernel. */
  protected state<T extends Snapshotting>(part: T): T {
    this.parts.push(part);
    return part;
  }

  ensure(rows: number, exact: boolean): void {
    for (const s of this.allSeries) s.ensure(rows, exact);
  }

  save(): void {
    for (const p of this.parts) p.save();
  }

  restore(): void {
    for (const p of this.parts) p.restore();
  }

  /** Takes the current input columns (they may be new arrays after the source grew). */
  abstract bind(inputs: IndicatorInputs): void;

  /** Computes (or recomputes) row i, writing every output at i (NaN while undefined). */
  abstract step(i: number): void;
}

/** Scalar running state kept in named slots of a Float64Array, so a snapshot is one `set`. */
export class Scalars implements Snapshotting {
  readonly v: Float64Array;
  private saved: Float64Array;
  constructor(size: number) {
    this.v = new Float64Array(size);
    this.saved = new Float64Array(size);
  }
  save(): void {
    this.saved.set(this.v);
  }
  restore(): void {
    this.v.set(this.saved);
  }
}

/**
 * Simple moving average over a stored series, in TA-Lib's running-sum order: add the newest,
 * take the mean, subtract the oldest. Fed consecutive rows starting at the caller's first row.
 */
export class SmaState implements Snapshotting {
  private total = 0;
  private count = 0;
  private savedTotal = 0;
  private savedCount = 0;
  constructor(readonly period: number) {}
  next(src: Float64Array, i: number): number {
    this.total += src[i];
    this.count++;
    if (this.count < this.period) return NaN;
    const mean = this.total / this.period;
    this.total -= src[i - this.period + 1];
    return mean;
  }
  save(): void {
    this.savedTotal = this.total;
    this.savedCount = this.count;
  }
  restore(): void {
    this.total = this.savedTotal;
    this.count = this.savedCount;
  }
}

/**
 * A recurrence seeded with the mean of its first `period` values (NaN before), then
 * prev = recur(prev, x): the shape TA-Lib's EMA and Wilder averages share.
 */
abstract class SeededAverage implements Snapshotting {
  private prev = 0;
  private count = 0;
  private savedPrev = 0;
  private savedCount = 0;
  constructor(readonly period: number) {}
  protected abstract recur(prev: number, x: number): number;
  next(x: number): number {
    this.count++;
    if (this.count < this.period) {
      this.prev += x; // seed sum
      return NaN;
    }
    this.prev = this.count === this.period ? (this.prev + x) / this.period : this.recur(this.prev, x);
    return this.prev;
  }
  save(): void {
    this.savedPrev = this.prev;
    this.savedCount = this.count;
  }
  restore(): void {
    this.prev = this.savedPrev;
    this.count = this.savedCount;
  }
}

/** Exponential moving average seeded with the SMA of its first `period` values (TA-Lib INT_EMA). */
export class EmaState extends SeededAverage {
  readonly k: number;
  constructor(period: number) {
    super(period);
    this.k = 2 / (period + 1);
  }
  protected recur(prev: number, x: number): number {
    return (x - prev) * this.k + prev;
  }
}

/**
 * Wilder's average as TA-Lib's ATR and RSI compute it: the mean of the first `period` values,
 * then prev = (prev * (period - 1) + x) / period.
 */
export class WilderAverageState extends SeededAverage {
  protected recur(prev: number, x: number): number {
    return (prev * (this.period - 1) + x) / this.period;
  }
}

/**
 * Wilder's running sum as TA-Lib's ADX/DI compute it: sum the first `period - 1` values, then
 * s = s - s / period + x (defined from the period-th value on).
 */
export class WilderSumState implements Snapshotting {
  private sum = 0;
  private count = 0;
  private savedSum = 0;
  private savedCount = 0;
  constructor(readonly period: number) {}
  next(x: number): number {
    this.count++;
    if (this.count < this.period) {
      this.sum += x;
      return NaN;
    }
    this.sum = this.sum - this.sum / this.period + x;
    return this.sum;
  }
  save(): void {
    this.savedSum = this.sum;
    this.savedCount = this.count;
  }
  restore(): void {
    this.sum = this.savedSum;
    this.count = this.savedCount;
  }
}

/**
 * Index of the highest (or lowest) value in a sliding window of rows, via a monotonic deque:
 * amortised O(1) per row. Among equal extremes the newest row wins, as in TA-Lib's AROON scan.
 *
 * The deque lives in a ring of row indices addressed by ever-growing head/tail counters. One
 * push moves head/tail and writes exactly one slot, so a snapshot is head, tail and the one slot
 * the following push overwrites — O(1), no copying of the window.
 */
export class WindowExtreme implements Snapshotting {
  private ring: Float64Array;
  private head = 0;
  private tail = 0;
  private savedHead = 0;
  private savedTail = 0;
  private recording = false;
  private overwrittenSlot = -1;
  private overwrittenValue = 0;

  constructor(
    window: number,
    private readonly highest: boolean,
  ) {
    this.ring = new Float64Array(window + 2);
  }

  /** Adds row i of `src` and drops rows before `windowStart`; returns the extreme's row index. */
  push(src: Float64Array, i: number, windowStart: number): number {
    const ring = this.ring;
    const cap = ring.length;
    while (this.head < this.tail && ring[this.head % cap] < windowStart) this.head++;
    const x = src[i];
    if (this.highest) {
      while (this.tail > this.head && src[ring[(this.tail - 1) % cap]] <= x) this.tail--;
    } else {
      while (this.tail > this.head && src[ring[(this.tail - 1) % cap]] >= x) this.tail--;
    }
    const slot = this.tail % cap;
    if (this.recording) {
      this.recording = false;
      this.overwrittenSlot = slot;
      this.overwrittenValue = ring[slot];
    }
    ring[slot] = i;
    this.tail++;
    return ring[this.head % cap];
  }

  save(): void {
    this.savedHead = this.head;
    this.savedTail = this.tail;
    this.recording = true;
    this.overwrittenSlot = -1;
  }

  restore(): void {
    if (this.overwrittenSlot >= 0) this.ring[this.overwrittenSlot] = this.overwrittenValue;
    this.head = this.savedHead;
    this.tail = this.savedTail;
    this.recording = false;
    this.overwrittenSlot = -1;
  }
}

/** Reads a required input column or throws a message naming the indicator and column. */
export function column(inputs: IndicatorInputs, name: string, type: string): Float64Array {
  // Own properties only: a column named "constructor" is not Object.
  const c = Object.prototype.hasOwnProperty.call(inputs, name) ? inputs[name] : undefined;
  if (!(c instanceof Float64Array)) throw new Error(`indicator "${type}" needs an input column "${name}"`);
  return c;
}

/** Parameter access with validation; every getter throws a clear message on bad values. */
export class ParamReader {
  constructor(
    readonly type: string,
    private readonly params: IndicatorParams,
  ) {}

  int(name: string, min: number, max = 100000): number {
    const v = this.params[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new Error(`indicator "${this.type}": parameter "${name}" must be an integer in ${min}..${max}, got ${String(v)}`);
    }
    return v;
  }

  real(name: string, min = -Infinity, max = Infinity): number {
    const v = this.params[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new Error(`indicator "${this.type}": parameter "${name}" must be a finite number in ${min}..${max}, got ${String(v)}`);
    }
    return v;
  }

  choice<T extends string>(name: string, allowed: readonly T[]): T {
    const v = this.params[name];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      throw new Error(`indicator "${this.type}": parameter "${name}" must be one of ${allowed.join(', ')}, got ${String(v)}`);
    }
    return v as T;
  }

  text(name: string): string {
    const v = this.params[name];
    if (typeof v !== 'string' || v === '') {
      throw new Error(`indicator "${this.type}": parameter "${name}" must be a column name, got ${String(v)}`);
    }
    return v;
  }
}

const NO_ROWS: Float64Array = new Float64Array(0);

/**
 * A kernel that reads named input columns. `needs` lists them; 'source' is the column named by
 * the `source` param (default 'close').
 */
export abstract class ColumnKernel extends Kernel {
  protected x = NO_ROWS;
  protected time = NO_ROWS;
  protected open = NO_ROWS;
  protected high = NO_ROWS;
  protected low = NO_ROWS;
  protected close = NO_ROWS;
  protected volume = NO_ROWS;

  constructor(
    protected readonly type: string,
    private readonly needs: readonly string[],
    private readonly source = 'close',
  ) {
    super();
  }

  bind(inputs: IndicatorInputs): void {
    for (const need of this.needs) {
      switch (need) {
        case 'source':
          this.x = column(inputs, this.source, this.type);
          break;
        case 'time':
          this.time = column(inputs, 'time', this.type);
          break;
        case 'open':
          this.open = column(inputs, 'open', this.type);
          break;
        case 'high':
          this.high = column(inputs, 'high', this.type);
          break;
        case 'low':
          this.low = column(inputs, 'low', this.type);
          break;
        case 'close':
          this.close = column(inputs, 'close', this.type);
          break;
        case 'volume':
          this.volume = column(inputs, 'volume', this.type);
          break;
        default:
          throw new Error(`indicator "${this.type}": unknown input "${need}"`);
      }
    }
  }
}
