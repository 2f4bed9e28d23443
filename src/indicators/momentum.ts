/**
 * Oscillators and trend-strength indicators, drawn in their own pane.
 * TA-Lib-backed ones follow TA-Lib's C code operation by operation (see docs/indicators.md).
 */

import {
  ColumnKernel,
  EmaState,
  type GrowingSeries,
  isZero,
  ParamReader,
  Scalars,
  SmaState,
  trueRange,
  WilderAverageState,
  WilderSumState,
  WindowExtreme,
} from './kernel.js';
import { maLookback, MA_TYPES, movingAverage, type MovingAverage } from './moving-average.js';

const SOURCE = ['source'] as const;
const HLC = ['high', 'low', 'close'] as const;

/** RSI with Wilder smoothing (TA-Lib RSI). */
export class RsiKernel extends ColumnKernel {
  private readonly gain: WilderAverageState;
  private readonly loss: WilderAverageState;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    const period = p.int('period', 2);
    this.gain = this.state(new WilderAverageState(period));
    this.loss = this.state(new WilderAverageState(period));
    this.value = this.output('value');
  }
  step(i: number): void {
    this.value.data[i] = i === 0 ? NaN : rsiStep(this.gain, this.loss, this.x[i] - this.x[i - 1]);
  }
}

function rsiStep(gain: WilderAverageState, loss: WilderAverageState, change: number): number {
  const g = gain.next(change < 0 ? 0 : change);
  const l = loss.next(change < 0 ? -change : 0);
  if (Number.isNaN(g)) return NaN;
  const total = g + l;
  return isZero(total) ? 0.0 : 100.0 * (g / total);
}

/**
 * MACD (TA-Lib MACD): EMA(fast) − EMA(slow), signal = EMA(signal) of that. As in TA-Lib, the
 * fast EMA is seeded so that its first value lands on the slow EMA's first row, and all three
 * outputs start together once the signal is defined.
 */
export class MacdKernel extends ColumnKernel {
  private readonly fastEma: EmaState;
  private readonly slowEma: EmaState;
  private readonly signalEma: EmaState;
  private readonly fastStart: number;
  private readonly macd: GrowingSeries;
  private readonly signal: GrowingSeries;
  private readonly histogram: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    let fast = p.int('fast', 2);
    let slow = p.int('slow', 2);
    if (slow < fast) [fast, slow] = [slow, fast];
    this.fastEma = this.state(new EmaState(fast));
    this.slowEma = this.state(new EmaState(slow));
    this.signalEma = this.state(new EmaState(p.int('signal', 2)));
    this.fastStart = slow - fast;
    this.macd = this.output('macd');
    this.signal = this.output('signal');
    this.histogram = this.output('histogram');
  }
  step(i: number): void {
    const x = this.x[i];
    const slow = this.slowEma.next(x);
    const fast = i >= this.fastStart ? this.fastEma.next(x) : NaN;
    const line = fast - slow;
    const signal = Number.isNaN(line) ? NaN : this.signalEma.next(line);
    const defined = !Number.isNaN(signal);
    this.macd.data[i] = defined ? line : NaN;
    this.signal.data[i] = signal;
    this.histogram.data[i] = defined ? line - signal : NaN;
  }
}

/**
 * Raw stochastic %K over a window of rows, as TA-Lib STOCH/STOCHF compute it:
 * (close − lowest) / ((highest − lowest) / 100), or 0 when the range is zero.
 */
class FastK {
  readonly highest: WindowExtreme;
  readonly lowest: WindowExtreme;
  constructor(
    owner: { add<T extends WindowExtreme>(w: T): T },
    readonly window: number,
  ) {
    this.highest = owner.add(new WindowExtreme(window, true));
    this.lowest = owner.add(new WindowExtreme(window, false));
  }
  next(high: Float64Array, low: Float64Array, close: number, i: number): number {
    const start = i - this.window + 1;
    const hi = high[this.highest.push(high, i, start)];
    const lo = low[this.lowest.push(low, i, start)];
    const diff = (hi - lo) / 100.0;
    return diff !== 0.0 ? (close - lo) / diff : 0.0;
  }
}

/**
 * Slow stochastic: %K smoothed by MA(smooth), %D = MA(dPeriod) of that, both of `maType`
 * (TA-Lib STOCH with SlowK_MAType = SlowD_MAType; SMA by default).
 */
export class StochasticKernel extends ColumnKernel {
  private readonly fastK: FastK;
  private readonly slowK: MovingAverage;
  private readonly slowD: MovingAverage;
  private readonly firstK: number;
  private readonly lookback: number;
  private readonly rawK: GrowingSeries;
  private readonly smoothK: GrowingSeries;
  private readonly k: GrowingSeries;
  private readonly d: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, HLC);
    const kPeriod = p.int('kPeriod', 1);
    const smooth = p.int('smooth', 1);
    const dPeriod = p.int('dPeriod', 1);
    const type = p.choice('maType', MA_TYPES);
    this.fastK = new FastK({ add: (w) => this.state(w) }, kPeriod);
    this.slowK = this.state(movingAverage(type, smooth));
    this.slowD = this.state(movingAverage(type, dPeriod));
    this.firstK = kPeriod - 1;
    this.lookback = kPeriod - 1 + maLookback(type, smooth) + maLookback(type, dPeriod);
    this.rawK = this.series();
    this.smoothK = this.series();
    this.k = this.output('k');
    this.d = this.output('d');
  }
  step(i: number): void {
    this.rawK.data[i] = this.fastK.next(this.high, this.low, this.close[i], i);
    let k = NaN;
    let d = NaN;
    if (i >= this.firstK) {
      k = this.slowK.next(this.rawK.data, i);
      this.smoothK.data[i] = k;
      if (!Number.isNaN(k)) d = this.slowD.next(this.smoothK.data, i);
    }
    const defined = i >= this.lookback;
    this.k.data[i] = defined ? k : NaN;
    this.d.data[i] = defined ? d : NaN;
  }
}

/**
 * Stochastic RSI: fast %K of RSI(period) over kPeriod rows, optionally smoothed by SMA(smooth),
 * and %D = SMA(dPeriod) of %K. With smooth 1 (the default) this is TA-Lib STOCHRSI; with
 * smooth > 1 it is TA-Lib STOCH (SMA types) applied to the RSI, the TradingView form (3, 3, 14, 14).
 */
export class StochRsiKernel extends ColumnKernel {
  private readonly gain: WilderAverageState;
  private readonly loss: WilderAverageState;
  private readonly fastK: FastK;
  private readonly smoothK: SmaState;
  private readonly kToD: SmaState;
  private readonly rawKStart: number;
  private readonly lookback: number;
  private readonly rsi: GrowingSeries;
  private readonly rawK: GrowingSeries;
  private readonly smoothed: GrowingSeries;
  private readonly k: GrowingSeries;
  private readonly d: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    const period = p.int('period', 2);
    const kPeriod = p.int('kPeriod', 1);
    const smooth = p.int('smooth', 1);
    const dPeriod = p.int('dPeriod', 1);
    this.gain = this.state(new WilderAverageState(period));
    this.loss = this.state(new WilderAverageState(period));
    this.fastK = new FastK({ add: (w) => this.state(w) }, kPeriod);
    this.smoothK = this.state(new SmaState(smooth));
    this.kToD = this.state(new SmaState(dPeriod));
    this.rawKStart = period + kPeriod - 1;
    this.lookback = period + kPeriod - 1 + smooth - 1 + dPeriod - 1;
    this.rsi = this.series();
    this.rawK = this.series();
    this.smoothed = this.series();
    this.k = this.output('k');
    this.d = this.output('d');
  }
  step(i: number): void {
    const rsi = i === 0 ? NaN : rsiStep(this.gain, this.loss, this.x[i] - this.x[i - 1]);
    this.rsi.data[i] = rsi;
    let k = NaN;
    let d = NaN;
    // The window extremes follow the RSI from its first row; %K counts from its first full window.
    const raw = Number.isNaN(rsi) ? NaN : this.fastK.next(this.rsi.data, this.rsi.data, rsi, i);
    if (i >= this.rawKStart) {
      this.rawK.data[i] = raw;
      k = this.smoothK.next(this.rawK.data, i);
      this.smoothed.data[i] = k;
      if (!Number.isNaN(k)) d = this.kToD.next(this.smoothed.data, i);
    }
    const defined = i >= this.lookback;
    this.k.data[i] = defined ? k : NaN;
    this.d.data[i] = defined ? d : NaN;
  }
}

/** CCI (TA-Lib CCI), summing its window in TA-Lib's circular-buffer order for identical rounding. */
export class CciKernel extends ColumnKernel {
  private readonly period: number;
  private readonly typical: GrowingSeries;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, HLC);
    this.period = p.int('period', 2);
    this.typical = this.series();
    this.value = this.output('value');
  }
  step(i: number): void {
    const tp = this.typical.data;
    const last = (this.high[i] + this.low[i] + this.close[i]) / 3;
    tp[i] = last;
    const period = this.period;
    if (i < period - 1) {
      this.value.data[i] = NaN;
      return;
    }
    // TA-Lib's buffer slot j holds the window row r with r % period === j; it sums slot by slot.
    const first = i - period + 1;
    const shift = first % period;
    let average = 0;
    for (let j = 0; j < period; j++) average += tp[first + ((j - shift + period) % period)];
    average /= period;
    let deviation = 0;
    for (let j = 0; j < period; j++) deviation += Math.abs(tp[first + ((j - shift + period) % period)] - average);
    const distance = last - average;
    this.value.data[i] = distance !== 0.0 && deviation !== 0.0 ? distance / (0.015 * (deviation / period)) : 0.0;
  }
}

/** Williams %R (TA-Lib WILLR): (highest − close) / ((highest − lowest) / −100), 0 on a zero range. */
export class WillrKernel extends ColumnKernel {
  private readonly period: number;
  private readonly highest: WindowExtreme;
  private readonly lowest: WindowExtreme;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, HLC);
    this.period = p.int('period', 2);
    this.highest = this.state(new WindowExtreme(this.period, true));
    this.lowest = this.state(new WindowExtreme(this.period, false));
    this.value = this.output('value');
  }
  step(i: number): void {
    const start = i - this.period + 1;
    const hi = this.high[this.highest.push(this.high, i, start)];
    const lo = this.low[this.lowest.push(this.low, i, start)];
    const diff = (hi - lo) / -100.0;
    this.value.data[i] = start < 0 ? NaN : diff !== 0.0 ? (hi - this.close[i]) / diff : 0.0;
  }
}

/** Rate of change in percent (TA-Lib ROC): (x / x[−period] − 1) × 100, 0 when x[−period] is 0. */
export class RocKernel extends ColumnKernel {
  private readonly period: number;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    this.period = p.int('period', 1);
    this.value = this.output('value');
  }
  step(i: number): void {
    if (i < this.period) {
      this.value.data[i] = NaN;
      return;
    }
    const before = this.x[i - this.period];
    this.value.data[i] = before !== 0.0 ? (this.x[i] / before - 1.0) * 100.0 : 0.0;
  }
}

/** Momentum x − x[−period] (TA-Lib MOM). */
export class MomentumKernel extends ColumnKernel {
  private readonly period: number;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    this.period = p.int('period', 1);
    this.value = this.output('value');
  }
  step(i: number): void {
    this.value.data[i] = i < this.period ? NaN : this.x[i] - this.x[i - this.period];
  }
}

/** TRIX (TA-Lib TRIX): 1-bar ROC in percent of a triple EMA. */
export class TrixKernel extends ColumnKernel {
  private readonly emas: EmaState[];
  private readonly triple: GrowingSeries;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    const period = p.int('period', 2);
    this.emas = [0, 1, 2].map(() => this.state(new EmaState(period)));
    this.triple = this.series();
    this.value = this.output('value');
  }
  step(i: number): void {
    const e1 = this.emas[0].next(this.x[i]);
    const e2 = Number.isNaN(e1) ? NaN : this.emas[1].next(e1);
    const e3 = Number.isNaN(e2) ? NaN : this.emas[2].next(e2);
    this.triple.data[i] = e3;
    const before = i > 0 ? this.triple.data[i - 1] : NaN;
    if (Number.isNaN(e3) || Number.isNaN(before)) this.value.data[i] = NaN;
    else this.value.data[i] = before !== 0.0 ? (e3 / before - 1.0) * 100.0 : 0.0;
  }
}

/**
 * PPO (TA-Lib PPO): (MA(fast) − MA(slow)) / MA(slow) × 100, 0 when the slow MA is 0; the MAs of
 * `maType` (SMA by default, as TA-Lib's).
 */
export class PpoKernel extends ColumnKernel {
  private readonly fastSma: MovingAverage;
  private readonly slowSma: MovingAverage;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    let fast = p.int('fast', 2);
    let slow = p.int('slow', 2);
    if (slow < fast) [fast, slow] = [slow, fast];
    const type = p.choice('maType', MA_TYPES);
    this.fastSma = this.state(movingAverage(type, fast));
    this.slowSma = this.state(movingAverage(type, slow));
    this.value = this.output('value');
  }
  step(i: number): void {
    const slow = this.slowSma.next(this.x, i);
    const fast = this.fastSma.next(this.x, i);
    if (Number.isNaN(slow)) this.value.data[i] = NaN;
    else this.value.data[i] = isZero(slow) ? 0.0 : ((fast - slow) / slow) * 100.0;
  }
}

/** Ultimate Oscillator (TA-Lib ULTOSC), weights 4:2:1 over the fast, medium and slow windows. */
export class UltoscKernel extends ColumnKernel {
  private readonly periods: number[];
  private readonly longest: number;
  private readonly sums = this.state(new Scalars(6)); // [a1, b1, a2, b2, a3, b3]
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, HLC);
    // TA-Lib sorts the three periods so the 4× weight always goes to the shortest.
    this.periods = [p.int('fast', 1), p.int('medium', 1), p.int('slow', 1)].sort((a, b) => a - b);
    this.longest = this.periods[2];
    this.value = this.output('value');
  }
  /** Buying pressure (close − true low) and true range of row r. */
  private terms(r: number): [number, number] {
    const low = this.low[r];
    const high = this.high[r];
    const prevClose = this.close[r - 1];
    const trueLow = Math.min(low, prevClose);
    return [this.close[r] - trueLow, trueRange(high, low, prevClose)];
  }
  step(i: number): void {
    const s = this.sums.v;
    if (i === 0) {
      this.value.data[i] = NaN;
      return;
    }
    const [pressure, range] = this.terms(i);
    for (let j = 0; j < 3; j++) {
      if (i >= this.longest - this.periods[j] + 1) {
        s[2 * j] += pressure;
        s[2 * j + 1] += range;
      }
    }
    if (i < this.longest) {
      this.value.data[i] = NaN;
      return;
    }
    let sum = 0.0;
    if (!isZero(s[1])) sum += 4.0 * (s[0] / s[1]);
    if (!isZero(s[3])) sum += 2.0 * (s[2] / s[3]);
    if (!isZero(s[5])) sum += s[4] / s[5];
    for (let j = 0; j < 3; j++) {
      const [oldPressure, oldRange] = this.terms(i - this.periods[j] + 1);
      s[2 * j] -= oldPressure;
      s[2 * j + 1] -= oldRange;
    }
    this.value.data[i] = 100.0 * (sum / 7.0);
  }
}

/** Awesome Oscillator (Bill Williams): SMA(fast) − SMA(slow) of the median price (high+low)/2. */
export class AoKernel extends ColumnKernel {
  private readonly fastSma: SmaState;
  private readonly slowSma: SmaState;
  private readonly median: GrowingSeries;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['high', 'low']);
    let fast = p.int('fast', 1);
    let slow = p.int('slow', 1);
    if (slow < fast) [fast, slow] = [slow, fast];
    this.fastSma = this.state(new SmaState(fast));
    this.slowSma = this.state(new SmaState(slow));
    this.median = this.series();
    this.value = this.output('value');
  }
  step(i: number): void {
    this.median.data[i] = (this.high[i] + this.low[i]) / 2;
    const fast = this.fastSma.next(this.median.data, i);
    const slow = this.slowSma.next(this.median.data, i);
    this.value.data[i] = fast - slow;
  }
}

/** ADX with +DI and −DI (TA-Lib ADX, PLUS_DI, MINUS_DI; each output keeps its TA-Lib lookback). */
export class AdxKernel extends ColumnKernel {
  private readonly period: number;
  private readonly plusDM: WilderSumState;
  private readonly minusDM: WilderSumState;
  private readonly range: WilderSumState;
  private readonly s = this.state(new Scalars(1)); // Σ DX during warm-up, then the ADX
  private readonly adx: GrowingSeries;
  private readonly plusDI: GrowingSeries;
  private readonly minusDI: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, HLC);
    this.period = p.int('period', 2);
    this.plusDM = this.state(new WilderSumState(this.period));
    this.minusDM = this.state(new WilderSumState(this.period));
    this.range = this.state(new WilderSumState(this.period));
    this.adx = this.output('adx');
    this.plusDI = this.output('plusDI');
    this.minusDI = this.output('minusDI');
  }
  step(i: number): void {
    this.adx.data[i] = this.plusDI.data[i] = this.minusDI.data[i] = NaN;
    if (i === 0) return;
    const up = this.high[i] - this.high[i - 1];
    const down = this.low[i - 1] - this.low[i];
    const plus = this.plusDM.next(up > 0 && up > down ? up : 0);
    const minus = this.minusDM.next(down > 0 && up < down ? down : 0);
    const tr = this.range.next(trueRange(this.high[i], this.low[i], this.close[i - 1]));
    if (Number.isNaN(tr)) return;
    const period = this.period;
    let dx = NaN;
    if (!isZero(tr)) {
      const minusDI = 100.0 * (minus / tr);
      const plusDI = 100.0 * (plus / tr);
      this.minusDI.data[i] = minusDI;
      this.plusDI.data[i] = plusDI;
      const sum = minusDI + plusDI;
      if (!isZero(sum)) dx = 100.0 * (Math.abs(minusDI - plusDI) / sum);
    } else {
      this.minusDI.data[i] = this.plusDI.data[i] = 0.0;
    }
    const s = this.s.v;
    const adxStart = 2 * period - 1;
    if (i < adxStart) {
      if (!Number.isNaN(dx)) s[0] += dx;
    } else if (i === adxStart) {
      if (!Number.isNaN(dx)) s[0] += dx;
      s[0] = s[0] / period;
      this.adx.data[i] = s[0];
    } else {
      if (!Number.isNaN(dx)) s[0] = (s[0] * (period - 1) + dx) / period;
      this.adx.data[i] = s[0];
    }
  }
}

/** Aroon up/down and the oscillator (TA-Lib AROON, AROONOSC): window of period + 1 rows. */
export class AroonKernel extends ColumnKernel {
  private readonly period: number;
  private readonly highest: WindowExtreme;
  private readonly lowest: WindowExtreme;
  private readonly outs: GrowingSeries[];
  constructor(
    p: ParamReader,
    private readonly oscillator: boolean,
  ) {
    super(p.type, ['high', 'low']);
    this.period = p.int('period', 2);
    this.highest = this.state(new WindowExtreme(this.period + 1, true));
    this.lowest = this.state(new WindowExtreme(this.period + 1, false));
    this.outs = oscillator ? [this.output('value')] : [this.output('up'), this.output('down')];
  }
  step(i: number): void {
    const start = i - this.period;
    const hiIdx = this.highest.push(this.high, i, start);
    const loIdx = this.lowest.push(this.low, i, start);
    const factor = 100.0 / this.period;
    if (start < 0) {
      for (const o of this.outs) o.data[i] = NaN;
    } else if (this.oscillator) {
      this.outs[0].data[i] = factor * (hiIdx - loIdx);
    } else {
      this.outs[0].data[i] = factor * (this.period - (i - hiIdx));
      this.outs[1].data[i] = factor * (this.period - (i - loIdx));
    }
  }
}
