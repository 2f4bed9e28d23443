/**
 * Moving averages, bands and channels: the indicators drawn over the price.
 * TA-Lib-backed ones follow TA-Lib's C code operation by operation (see docs/indicators.md), so
 * results agree to the last bits, including the flat-market and division-by-zero paths.
 */

import {
  ColumnKernel,
  EmaState,
  type GrowingSeries,
  isZero,
  isZeroOrNegative,
  ParamReader,
  Scalars,
  SmaState,
  trueRange,
  WilderAverageState,
  WindowExtreme,
} from './kernel.js';
import { maLookback, MA_TYPES, movingAverage, type MovingAverage } from './moving-average.js';

const SOURCE = ['source'] as const;

/** SMA (TA-Lib SMA). */
export class SmaKernel extends ColumnKernel {
  private readonly sma: SmaState;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    this.sma = this.state(new SmaState(p.int('period', 2)));
    this.value = this.output('value');
  }
  step(i: number): void {
    this.value.data[i] = this.sma.next(this.x, i);
  }
}

/** EMA seeded with the SMA of the first `period` values (TA-Lib EMA). */
export class EmaKernel extends ColumnKernel {
  private readonly ema: EmaState;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    this.ema = this.state(new EmaState(p.int('period', 2)));
    this.value = this.output('value');
  }
  step(i: number): void {
    this.value.data[i] = this.ema.next(this.x[i]);
  }
}

/** Linearly weighted MA with TA-Lib's running periodSum/periodSub recurrence (TA-Lib WMA). */
export class WmaKernel extends ColumnKernel {
  private readonly period: number;
  private readonly divider: number;
  private readonly sums = this.state(new Scalars(2)); // [weighted sum, plain sum]
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    this.period = p.int('period', 2);
    this.divider = (this.period * (this.period + 1)) >> 1;
    this.value = this.output('value');
  }
  step(i: number): void {
    const s = this.sums.v;
    const x = this.x[i];
    const period = this.period;
    if (i < period - 1) {
      s[1] += x;
      s[0] += x * (i + 1);
      this.value.data[i] = NaN;
      return;
    }
    const trailing = i >= period ? this.x[i - period] : 0;
    s[1] += x;
    s[1] -= trailing;
    s[0] += x * period;
    this.value.data[i] = s[0] / this.divider;
    s[0] -= s[1];
  }
}

/** DEMA = 2·EMA − EMA(EMA) (TA-Lib DEMA). */
export class DemaKernel extends ColumnKernel {
  private readonly ema1: EmaState;
  private readonly ema2: EmaState;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    const period = p.int('period', 2);
    this.ema1 = this.state(new EmaState(period));
    this.ema2 = this.state(new EmaState(period));
    this.value = this.output('value');
  }
  step(i: number): void {
    const e1 = this.ema1.next(this.x[i]);
    const e2 = Number.isNaN(e1) ? NaN : this.ema2.next(e1);
    this.value.data[i] = 2.0 * e1 - e2;
  }
}

/** TEMA = EMA3 + 3·EMA1 − 3·EMA2 (TA-Lib TEMA). */
export class TemaKernel extends ColumnKernel {
  private readonly emas: EmaState[];
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    const period = p.int('period', 2);
    this.emas = [0, 1, 2].map(() => this.state(new EmaState(period)));
    this.value = this.output('value');
  }
  step(i: number): void {
    const e1 = this.emas[0].next(this.x[i]);
    const e2 = Number.isNaN(e1) ? NaN : this.emas[1].next(e1);
    const e3 = Number.isNaN(e2) ? NaN : this.emas[2].next(e2);
    this.value.data[i] = e3 + (3.0 * e1 - 3.0 * e2);
  }
}

const KAMA_SLOWEST = 2.0 / (30.0 + 1.0);
const KAMA_SPAN = 2.0 / (2.0 + 1.0) - KAMA_SLOWEST;

/** Kaufman adaptive MA, fast 2 / slow 30 as in TA-Lib KAMA. */
export class KamaKernel extends ColumnKernel {
  private readonly period: number;
  private readonly s = this.state(new Scalars(2)); // [sum of |Δx| over the window, kama]
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    this.period = p.int('period', 2);
    this.value = this.output('value');
  }
  step(i: number): void {
    const x = this.x;
    const s = this.s.v;
    const period = this.period;
    this.value.data[i] = NaN;
    if (i === 0) return;
    if (i <= period) {
      s[0] += Math.abs(x[i - 1] - x[i]);
      if (i < period) return;
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
    this.value.data[i] = s[1];
  }
}

/**
 * Bollinger Bands: MA ± deviation × population std dev (TA-Lib BBANDS). With the default SMA
 * the std dev uses the SMA (INT_stddev_using_precalc_ma); with another `maType` it is TA-Lib's
 * STDDEV over the same window, as BBANDS computes it then.
 */
export class BollingerKernel extends ColumnKernel {
  private readonly period: number;
  private readonly deviation: number;
  private readonly sma: SmaState;
  /** The middle band's MA when it is not the SMA, and the running Σx, Σx² of its std dev. */
  private readonly ma: MovingAverage | null;
  private readonly totals = this.state(new Scalars(2));
  private readonly varStart: number;
  private readonly squares = this.state(new Scalars(1));
  private readonly upper: GrowingSeries;
  private readonly middle: GrowingSeries;
  private readonly lower: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    this.period = p.int('period', 2);
    this.deviation = p.real('deviation');
    this.sma = this.state(new SmaState(this.period));
    const type = p.choice('maType', MA_TYPES);
    this.ma = type === 'sma' ? null : this.state(movingAverage(type, this.period));
    this.varStart = maLookback(type, this.period) - (this.period - 1);
    this.upper = this.output('upper');
    this.middle = this.output('middle');
    this.lower = this.output('lower');
  }
  step(i: number): void {
    if (this.ma) {
      this.stepOtherMa(i);
      return;
    }
    const x = this.x;
    const total2 = this.squares.v;
    const mid = this.sma.next(x, i);
    this.middle.data[i] = mid;
    if (Number.isNaN(mid)) {
      const sq = x[i] * x[i];
      total2[0] += sq;
      this.upper.data[i] = this.lower.data[i] = NaN;
      return;
    }
    // TA-Lib INT_stddev_using_precalc_ma: mean of squares minus the square of the SMA.
    total2[0] += x[i] * x[i];
    let variance = total2[0] / this.period;
    const old = x[i - this.period + 1];
    total2[0] -= old * old;
    variance -= mid * mid;
    const sd = isZeroOrNegative(variance) ? 0.0 : Math.sqrt(variance);
    const width = this.deviation === 1.0 ? sd : sd * this.deviation;
    this.upper.data[i] = mid + width;
    this.lower.data[i] = mid - width;
  }

  /** Middle band from `maType`; the std dev from running sums over the window (TA-Lib STDDEV). */
  private stepOtherMa(i: number): void {
    const x = this.x;
    const t = this.totals.v;
    const mid = this.ma!.next(x, i);
    this.middle.data[i] = mid;
    // TA-Lib's BBANDS asks STDDEV for the rows from the MA's first output: its running sums
    // start `period - 1` rows before that (which sets their rounding on flat stretches).
    if (i < this.varStart) {
      this.upper.data[i] = this.lower.data[i] = NaN;
      return;
    }
    t[0] += x[i];
    t[1] += x[i] * x[i];
    let sd = NaN;
    if (i >= this.varStart + this.period - 1) {
      const mean = t[0] / this.period;
      const variance = t[1] / this.period - mean * mean;
      const old = x[i - this.period + 1];
      t[0] -= old;
      t[1] -= old * old;
      sd = isZeroOrNegative(variance) ? 0.0 : Math.sqrt(variance);
    }
    if (Number.isNaN(mid)) {
      this.upper.data[i] = this.lower.data[i] = NaN;
      return;
    }
    const width = this.deviation === 1.0 ? sd : sd * this.deviation;
    this.upper.data[i] = mid + width;
    this.lower.data[i] = mid - width;
  }
}

/** Population standard deviation × deviation (TA-Lib STDDEV via VAR's running sums). */
export class StdDevKernel extends ColumnKernel {
  private readonly period: number;
  private readonly deviation: number;
  private readonly totals = this.state(new Scalars(2)); // [Σx, Σx²]
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, SOURCE, source);
    this.period = p.int('period', 2);
    this.deviation = p.real('deviation');
    this.value = this.output('value');
  }
  step(i: number): void {
    const t = this.totals.v;
    const x = this.x[i];
    t[0] += x;
    t[1] += x * x;
    if (i < this.period - 1) {
      this.value.data[i] = NaN;
      return;
    }
    const mean = t[0] / this.period;
    const meanOfSquares = t[1] / this.period;
    const old = this.x[i - this.period + 1];
    t[0] -= old;
    t[1] -= old * old;
    const variance = meanOfSquares - mean * mean;
    if (isZeroOrNegative(variance)) this.value.data[i] = 0.0;
    else this.value.data[i] = this.deviation === 1.0 ? Math.sqrt(variance) : Math.sqrt(variance) * this.deviation;
  }
}

/** Keltner Channels (Raschke's modern form): EMA(period) ± multiplier × ATR(atrPeriod). */
export class KeltnerKernel extends ColumnKernel {
  private readonly ema: EmaState;
  private readonly atr: WilderAverageState;
  private readonly multiplier: number;
  private readonly upper: GrowingSeries;
  private readonly middle: GrowingSeries;
  private readonly lower: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, ['source', 'high', 'low', 'close'], source);
    this.ema = this.state(new EmaState(p.int('period', 2)));
    this.atr = this.state(new WilderAverageState(p.int('atrPeriod', 1)));
    this.multiplier = p.real('multiplier');
    this.upper = this.output('upper');
    this.middle = this.output('middle');
    this.lower = this.output('lower');
  }
  step(i: number): void {
    const mid = this.ema.next(this.x[i]);
    const atr = i === 0 ? NaN : this.atr.next(trueRange(this.high[i], this.low[i], this.close[i - 1]));
    const width = this.multiplier * atr;
    const defined = !Number.isNaN(mid) && !Number.isNaN(atr);
    this.middle.data[i] = defined ? mid : NaN;
    this.upper.data[i] = defined ? mid + width : NaN;
    this.lower.data[i] = defined ? mid - width : NaN;
  }
}

/** Donchian (price) channel: highest high and lowest low of the last `period` bars, and their midpoint. */
export class DonchianKernel extends ColumnKernel {
  private readonly period: number;
  private readonly highest: WindowExtreme;
  private readonly lowest: WindowExtreme;
  private readonly upper: GrowingSeries;
  private readonly middle: GrowingSeries;
  private readonly lower: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['high', 'low']);
    this.period = p.int('period', 1);
    this.highest = this.state(new WindowExtreme(this.period, true));
    this.lowest = this.state(new WindowExtreme(this.period, false));
    this.upper = this.output('upper');
    this.middle = this.output('middle');
    this.lower = this.output('lower');
  }
  step(i: number): void {
    const start = i - this.period + 1;
    const hi = this.high[this.highest.push(this.high, i, start)];
    const lo = this.low[this.lowest.push(this.low, i, start)];
    const defined = start >= 0;
    this.upper.data[i] = defined ? hi : NaN;
    this.lower.data[i] = defined ? lo : NaN;
    this.middle.data[i] = defined ? (hi + lo) / 2 : NaN;
  }
}

/** Parabolic SAR, following TA-Lib SAR (including how it picks the first direction). */
export class PsarKernel extends ColumnKernel {
  private readonly acceleration: number;
  private readonly maximum: number;
  // [isLong (1/0), sar, extreme point, acceleration factor]
  private readonly s = this.state(new Scalars(4));
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['high', 'low']);
    const maximum = p.real('maximum', 0);
    this.acceleration = Math.min(p.real('acceleration', 0), maximum);
    this.maximum = maximum;
    this.value = this.output('value');
  }
  step(i: number): void {
    const h = this.high;
    const l = this.low;
    const s = this.s.v;
    const acc = this.acceleration;
    if (i === 0) {
      this.value.data[i] = NaN;
      return;
    }
    let prevHigh: number;
    let prevLow: number;
    if (i === 1) {
      // First direction: short if bar 1 has a -DM (lower low dominating), as TA-Lib decides.
      const up = h[1] - h[0];
      const down = l[0] - l[1];
      const minusDM = down > 0 && up < down ? down : 0;
      s[0] = minusDM > 0 ? 0 : 1;
      s[3] = acc;
      if (s[0] === 1) {
        s[2] = h[1];
        s[1] = l[0];
      } else {
        s[2] = l[1];
        s[1] = h[0];
      }
      // TA-Lib's loop starts with the "previous" bar equal to bar 1 itself.
      prevHigh = h[1];
      prevLow = l[1];
    } else {
      prevHigh = h[i - 1];
      prevLow = l[i - 1];
    }
    const newHigh = h[i];
    const newLow = l[i];
    let sar = s[1];
    if (s[0] === 1) {
      if (newLow <= sar) {
        s[0] = 0;
        sar = s[2];
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
        this.value.data[i] = sar;
        s[3] = acc;
        s[2] = newLow;
        sar = sar + s[3] * (s[2] - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < newHigh) sar = newHigh;
      } else {
        this.value.data[i] = sar;
        if (newHigh > s[2]) {
          s[2] = newHigh;
          s[3] += acc;
          if (s[3] > this.maximum) s[3] = this.maximum;
        }
        sar = sar + s[3] * (s[2] - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > newLow) sar = newLow;
      }
    } else if (newHigh >= sar) {
      s[0] = 1;
      sar = s[2];
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
      this.value.data[i] = sar;
      s[3] = acc;
      s[2] = newHigh;
      sar = sar + s[3] * (s[2] - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > newLow) sar = newLow;
    } else {
      this.value.data[i] = sar;
      if (newLow < s[2]) {
        s[2] = newLow;
        s[3] += acc;
        if (s[3] > this.maximum) s[3] = this.maximum;
      }
      sar = sar + s[3] * (s[2] - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < newHigh) sar = newHigh;
    }
    s[1] = sar;
  }
}

/**
 * Supertrend (Olivier Seban): bands hl2 ± multiplier × ATR(period) (Wilder, as TA-Lib ATR) that
 * only tighten while the trend lasts; the line is the lower band in an uptrend (+1), the upper
 * band in a downtrend (−1). The first defined bar starts as a downtrend, as in TradingView's
 * ta.supertrend.
 */
export class SupertrendKernel extends ColumnKernel {
  private readonly atr: WilderAverageState;
  private readonly multiplier: number;
  // [final upper, final lower, direction, started (1/0)]
  private readonly s = this.state(new Scalars(4));
  private readonly value: GrowingSeries;
  private readonly direction: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['high', 'low', 'close']);
    this.atr = this.state(new WilderAverageState(p.int('period', 1)));
    this.multiplier = p.real('multiplier', 0);
    this.value = this.output('value');
    this.direction = this.output('direction');
  }
  step(i: number): void {
    const s = this.s.v;
    const atr = i === 0 ? NaN : this.atr.next(trueRange(this.high[i], this.low[i], this.close[i - 1]));
    if (Number.isNaN(atr)) {
      this.value.data[i] = this.direction.data[i] = NaN;
      return;
    }
    const mid = (this.high[i] + this.low[i]) / 2;
    let upper = mid + this.multiplier * atr;
    let lower = mid - this.multiplier * atr;
    const close = this.close[i];
    let direction: number;
    if (s[3] === 0) {
      s[3] = 1;
      direction = -1;
    } else {
      const prevUpper = s[0];
      const prevLower = s[1];
      const prevClose = this.close[i - 1];
      if (!(upper < prevUpper || prevClose > prevUpper)) upper = prevUpper;
      if (!(lower > prevLower || prevClose < prevLower)) lower = prevLower;
      if (s[2] === -1) direction = close > upper ? 1 : -1;
      else direction = close < lower ? -1 : 1;
    }
    s[0] = upper;
    s[1] = lower;
    s[2] = direction;
    this.direction.data[i] = direction;
    this.value.data[i] = direction === 1 ? lower : upper;
  }
}

/**
 * Ichimoku Kinko Hyo (Goichi Hosoda). Output rows are where values are drawn: senkouA/B at row i
 * were computed at row i − displacement (the cloud is projected forward), and chikou at row i is
 * close[i + displacement] (the lagging span is drawn back), so each new row also fills chikou at
 * row − displacement.
 */
export class IchimokuKernel extends ColumnKernel {
  private readonly tenkanPeriod: number;
  private readonly kijunPeriod: number;
  private readonly senkouBPeriod: number;
  private readonly displacement: number;
  private readonly extremes: WindowExtreme[];
  private readonly rawA: GrowingSeries;
  private readonly rawB: GrowingSeries;
  private readonly tenkan: GrowingSeries;
  private readonly kijun: GrowingSeries;
  private readonly senkouA: GrowingSeries;
  private readonly senkouB: GrowingSeries;
  private readonly chikou: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['high', 'low', 'close']);
    this.tenkanPeriod = p.int('tenkanPeriod', 1);
    this.kijunPeriod = p.int('kijunPeriod', 1);
    this.senkouBPeriod = p.int('senkouBPeriod', 1);
    this.displacement = p.int('displacement', 0);
    this.reach = this.displacement;
    this.reachOutputs = ['chikou'];
    this.extremes = [this.tenkanPeriod, this.kijunPeriod, this.senkouBPeriod].flatMap((w) => [
      this.state(new WindowExtreme(w, true)),
      this.state(new WindowExtreme(w, false)),
    ]);
    this.tenkan = this.output('tenkan');
    this.kijun = this.output('kijun');
    this.senkouA = this.output('senkouA');
    this.senkouB = this.output('senkouB');
    this.chikou = this.output('chikou');
    this.rawA = this.series();
    this.rawB = this.series();
  }
  private midpoint(k: number, period: number, i: number): number {
    const start = i - period + 1;
    const hi = this.high[this.extremes[2 * k].push(this.high, i, start)];
    const lo = this.low[this.extremes[2 * k + 1].push(this.low, i, start)];
    return start >= 0 ? (hi + lo) / 2 : NaN;
  }
  step(i: number): void {
    const tenkan = this.midpoint(0, this.tenkanPeriod, i);
    const kijun = this.midpoint(1, this.kijunPeriod, i);
    const spanB = this.midpoint(2, this.senkouBPeriod, i);
    this.tenkan.data[i] = tenkan;
    this.kijun.data[i] = kijun;
    this.rawA.data[i] = (tenkan + kijun) / 2;
    this.rawB.data[i] = spanB;
    const d = this.displacement;
    this.senkouA.data[i] = i >= d ? this.rawA.data[i - d] : NaN;
    this.senkouB.data[i] = i >= d ? this.rawB.data[i - d] : NaN;
    this.chikou.data[i] = NaN;
    if (i >= d) this.chikou.data[i - d] = this.close[i];
  }
}

const DAY_MS = 86_400_000;

/** The anchor period a time falls in: UTC day, ISO week (Monday start) or UTC month. */
export function periodKey(time: number, anchor: 'day' | 'week' | 'month' | 'none'): number {
  switch (anchor) {
    case 'day':
      return Math.floor(time / DAY_MS);
    case 'week':
      // Day 0 (1970-01-01) was a Thursday; shifting by 3 days starts weeks on Monday.
      return Math.floor((Math.floor(time / DAY_MS) + 3) / 7);
    case 'month': {
      const d = new Date(time);
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    }
    case 'none':
      return 0;
  }
}

/** Volume-weighted average price of the typical price (h+l+c)/3, restarting each anchor period. */
export class VwapKernel extends ColumnKernel {
  private readonly anchor: 'day' | 'week' | 'month' | 'none';
  private readonly s = this.state(new Scalars(3)); // [period key, Σ price·volume, Σ volume]
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['time', 'high', 'low', 'close', 'volume']);
    this.anchor = p.choice('anchor', ['day', 'week', 'month', 'none'] as const);
    this.value = this.output('value');
  }
  step(i: number): void {
    const s = this.s.v;
    const key = periodKey(this.time[i], this.anchor);
    if (i === 0 || key !== s[0]) {
      s[0] = key;
      s[1] = 0;
      s[2] = 0;
    }
    const typical = (this.high[i] + this.low[i] + this.close[i]) / 3;
    s[1] += typical * this.volume[i];
    s[2] += this.volume[i];
    this.value.data[i] = s[2] !== 0 ? s[1] / s[2] : NaN;
  }
}

/**
 * Classic floor pivots from the previous completed anchor period (UTC day, ISO week or UTC
 * month): PP = (H+L+C)/3, R1 = 2PP−L, S1 = 2PP−H, R2 = PP+(H−L), S2 = PP−(H−L),
 * R3 = H+2(PP−L), S3 = L−2(H−PP). Rows of the first period are NaN.
 */
export class PivotsKernel extends ColumnKernel {
  private readonly anchor: 'day' | 'week' | 'month';
  // [current key, current high, current low, current close, previous high, previous low,
  //  previous close, has previous (1/0)]
  private readonly s = this.state(new Scalars(8));
  private readonly levels: GrowingSeries[];
  constructor(p: ParamReader) {
    super(p.type, ['time', 'high', 'low', 'close']);
    this.anchor = p.choice('anchor', ['day', 'week', 'month'] as const);
    this.levels = ['pp', 'r1', 'r2', 'r3', 's1', 's2', 's3'].map((n) => this.output(n));
  }
  step(i: number): void {
    const s = this.s.v;
    const key = periodKey(this.time[i], this.anchor);
    if (i === 0 || key !== s[0]) {
      if (i > 0) {
        s[4] = s[1];
        s[5] = s[2];
        s[6] = s[3];
        s[7] = 1;
      }
      s[0] = key;
      s[1] = this.high[i];
      s[2] = this.low[i];
    } else {
      if (this.high[i] > s[1]) s[1] = this.high[i];
      if (this.low[i] < s[2]) s[2] = this.low[i];
    }
    s[3] = this.close[i];
    const [pp, r1, r2, r3, s1, s2, s3] = this.levels;
    if (s[7] === 0) {
      for (const level of this.levels) level.data[i] = NaN;
      return;
    }
    const h = s[4];
    const l = s[5];
    const p = (h + l + s[6]) / 3;
    pp.data[i] = p;
    r1.data[i] = 2 * p - l;
    s1.data[i] = 2 * p - h;
    r2.data[i] = p + (h - l);
    s2.data[i] = p - (h - l);
    r3.data[i] = h + 2 * (p - l);
    s3.data[i] = l - 2 * (h - p);
  }
}
