/**
 * TA-Lib's moving-average types (TA_MAType) as running states, for the indicators that take one
 * (`maType`: PPO, Bollinger Bands, Stochastic): SMA, EMA, WMA, DEMA, TEMA, TRIMA, KAMA and T3
 * (volume factor 0.7, TA-Lib's default), each fed consecutive rows of a series from its first
 * defined row, NaN until its lookback is reached, as TA_MA computes them. A period of 1 is the
 * series itself (TA_MA copies it for every type).
 */
import { EmaState, isZero, SmaState, type Snapshotting } from './kernel.js';

export const MA_TYPES = ['sma', 'ema', 'wma', 'dema', 'tema', 'trima', 'kama', 't3'] as const;
export type MaType = (typeof MA_TYPES)[number];

/** Rows before the first output (TA_MA_Lookback with no unstable period). */
export function maLookback(type: MaType, period: number): number {
  if (period <= 1) return 0;
  switch (type) {
    case 'dema':
      return 2 * (period - 1);
    case 'tema':
      return 3 * (period - 1);
    case 't3':
      return 6 * (period - 1);
    case 'kama':
      return period;
    default:
      return period - 1;
  }
}

/** A moving average fed row by row: `next(src, i)` reads src[i] (and earlier rows where it must). */
export interface MovingAverage extends Snapshotting {
  next(src: Float64Array, i: number): number;
}

/** Saves and restores a list of parts together. */
class Parts implements Snapshotting {
  constructor(protected readonly parts: Snapshotting[]) {}
  save(): void {
    for (const p of this.parts) p.save();
  }
  restore(): void {
    for (const p of this.parts) p.restore();
  }
}

class Identity implements MovingAverage {
  next(src: Float64Array, i: number): number {
    return src[i];
  }
  save(): void {}
  restore(): void {}
}

class Sma extends Parts implements MovingAverage {
  private readonly sma: SmaState;
  constructor(period: number) {
    const sma = new SmaState(period);
    super([sma]);
    this.sma = sma;
  }
  next(src: Float64Array, i: number): number {
    return this.sma.next(src, i);
  }
}

/** EMA chains: DEMA, TEMA and T3 are EMAs of EMAs, each seeded by the mean of its first `period` inputs. */
class EmaChain extends Parts implements MovingAverage {
  private readonly emas: EmaState[];
  constructor(
    period: number,
    depth: number,
    private readonly combine: (e: number[]) => number,
  ) {
    const emas = Array.from({ length: depth }, () => new EmaState(period));
    super(emas);
    this.emas = emas;
  }
  private readonly values: number[] = [];
  next(src: Float64Array, i: number): number {
    let x = src[i];
    for (let k = 0; k < this.emas.length; k++) {
      x = Number.isNaN(x) && k > 0 ? NaN : this.emas[k].next(x);
      this.values[k] = x;
      if (Number.isNaN(x)) return NaN;
    }
    return this.combine(this.values);
  }
}

/** Linearly weighted MA with TA-Lib's running periodSum/periodSub recurrence (as WmaKernel). */
class Wma implements MovingAverage {
  private readonly divider: number;
  private sums = [0, 0]; // [weighted sum, plain sum]
  private count = 0;
  private saved = [0, 0, 0];
  constructor(private readonly period: number) {
    this.divider = (period * (period + 1)) >> 1;
  }
  next(src: Float64Array, i: number): number {
    const s = this.sums;
    const x = src[i];
    const n = this.count++;
    if (n < this.period - 1) {
      s[1] += x;
      s[0] += x * (n + 1);
      return NaN;
    }
    const trailing = n >= this.period ? src[i - this.period] : 0;
    s[1] += x;
    s[1] -= trailing;
    s[0] += x * this.period;
    const value = s[0] / this.divider;
    s[0] -= s[1];
    return value;
  }
  save(): void {
    this.saved = [this.sums[0], this.sums[1], this.count];
  }
  restore(): void {
    this.sums = [this.saved[0], this.saved[1]];
    this.count = this.saved[2];
  }
}

/**
 * Triangular MA with TA-Lib TRIMA's running numerator: each step takes the trailing half out
 * and the leading half in, in TA-Lib's order of operations (odd and even periods differ), so
 * results agree with TA-Lib's to the last bits, near-zero residues included.
 */
class Trima implements MovingAverage {
  private readonly half: number;
  private readonly factor: number;
  private readonly odd: boolean;
  // [numerator, numeratorSub, numeratorAdd, the trailing value to take out next]
  private v = [0, 0, 0, 0];
  private count = 0;
  private saved = [0, 0, 0, 0, 0];
  constructor(private readonly period: number) {
    this.odd = period % 2 === 1;
    this.half = period >> 1;
    this.factor = 1.0 / (this.odd ? (this.half + 1) * (this.half + 1) : this.half * (this.half + 1));
  }
  next(x: Float64Array, i: number): number {
    const n = this.count++;
    const last = this.period - 1;
    if (n < last) return NaN;
    const v = this.v;
    if (n === last) {
      const trailing = i - last;
      const middle = trailing + (this.odd ? this.half : this.half - 1);
      v[0] = v[1] = v[2] = 0.0;
      for (let k = middle; k >= trailing; k--) {
        v[1] += x[k];
        v[0] += v[1];
      }
      for (let k = middle + 1; k <= i; k++) {
        v[2] += x[k];
        v[0] += v[2];
      }
    } else {
      v[0] -= v[1];
      v[1] -= v[3];
      const middle = x[i - this.half];
      v[1] += middle;
      if (this.odd) {
        v[0] += v[2];
        v[2] -= middle;
      } else {
        v[2] -= middle;
        v[0] += v[2];
      }
      v[2] += x[i];
      v[0] += x[i];
    }
    v[3] = x[i - last];
    return v[0] * this.factor;
  }
  save(): void {
    this.saved = [...this.v, this.count];
  }
  restore(): void {
    this.v = this.saved.slice(0, 4);
    this.count = this.saved[4];
  }
}

const KAMA_SLOWEST = 2.0 / (30.0 + 1.0);
const KAMA_SPAN = 2.0 / (2.0 + 1.0) - KAMA_SLOWEST;

/** Kaufman adaptive MA, fast 2 / slow 30 (as KamaKernel, TA-Lib KAMA). */
class Kama implements MovingAverage {
  private s = [0, 0]; // [sum of |Δx| over the window, kama]
  private count = 0;
  private saved = [0, 0, 0];
  constructor(private readonly period: number) {}
  next(x: Float64Array, i: number): number {
    const s = this.s;
    const period = this.period;
    const n = this.count++;
    if (n === 0) return NaN;
    if (n <= period) {
      s[0] += Math.abs(x[i - 1] - x[i]);
      if (n < period) return NaN;
      s[1] = x[i - 1];
    } else {
      s[0] -= Math.abs(x[i - period - 1] - x[i - period]);
      s[0] += Math.abs(x[i] - x[i - 1]);
    }
    const change = x[i] - x[i - period];
    let efficiency = s[0] <= change || isZero(s[0]) ? 1.0 : Math.abs(change / s[0]);
    efficiency = efficiency * KAMA_SPAN + KAMA_SLOWEST;
    efficiency *= efficiency;
    s[1] = (x[i] - s[1]) * efficiency + s[1];
    return s[1];
  }
  save(): void {
    this.saved = [this.s[0], this.s[1], this.count];
  }
  restore(): void {
    this.s = [this.saved[0], this.saved[1]];
    this.count = this.saved[2];
  }
}

/** T3's coefficients for TA-Lib's default volume factor 0.7. */
const T3_A = 0.7;
const T3_C1 = -(T3_A * T3_A * T3_A);
const T3_C2 = 3.0 * (T3_A * T3_A - T3_C1);
const T3_C3 = -6.0 * T3_A * T3_A - 3.0 * (T3_A - T3_C1);
const T3_C4 = 1.0 + 3.0 * T3_A - T3_C1 + 3.0 * T3_A * T3_A;

/** A fresh moving average of a type and period. */
export function movingAverage(type: MaType, period: number): MovingAverage {
  if (period <= 1) return new Identity();
  switch (type) {
    case 'sma':
      return new Sma(period);
    case 'ema':
      return new EmaChain(period, 1, (e) => e[0]);
    case 'dema':
      return new EmaChain(period, 2, (e) => 2.0 * e[0] - e[1]);
    case 'tema':
      return new EmaChain(period, 3, (e) => e[2] + (3.0 * e[0] - 3.0 * e[1]));
    case 't3':
      return new EmaChain(period, 6, (e) => T3_C1 * e[5] + T3_C2 * e[4] + T3_C3 * e[3] + T3_C4 * e[2]);
    case 'wma':
      return new Wma(period);
    case 'trima':
      return new Trima(period);
    case 'kama':
      return new Kama(period);
  }
}
