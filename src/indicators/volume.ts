/**
 * Volatility and volume indicators. TA-Lib-backed ones follow TA-Lib's C code operation by
 * operation (see docs/indicators.md).
 */

import { ColumnKernel, type GrowingSeries, isZero, ParamReader, Scalars, SmaState, trueRange, WilderAverageState } from './kernel.js';

const HLC = ['high', 'low', 'close'] as const;

/** True range (TA-Lib TRANGE); undefined on the first row, which has no previous close. */
export class TrangeKernel extends ColumnKernel {
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, HLC);
    this.value = this.output('value');
  }
  step(i: number): void {
    this.value.data[i] = i === 0 ? NaN : trueRange(this.high[i], this.low[i], this.close[i - 1]);
  }
}

/** ATR with Wilder smoothing (TA-Lib ATR); `normalized` gives NATR, ATR / close × 100. */
export class AtrKernel extends ColumnKernel {
  private readonly atr: WilderAverageState;
  private readonly value: GrowingSeries;
  constructor(
    p: ParamReader,
    private readonly normalized: boolean,
  ) {
    super(p.type, HLC);
    this.atr = this.state(new WilderAverageState(p.int('period', 1)));
    this.value = this.output('value');
  }
  step(i: number): void {
    if (i === 0) {
      this.value.data[i] = NaN;
      return;
    }
    const atr = this.atr.next(trueRange(this.high[i], this.low[i], this.close[i - 1]));
    if (!this.normalized) this.value.data[i] = atr;
    else if (Number.isNaN(atr)) this.value.data[i] = NaN;
    else this.value.data[i] = isZero(this.close[i]) ? 0.0 : (atr / this.close[i]) * 100.0;
  }
}

/** On-balance volume (TA-Lib OBV): starts at the first row's volume. */
export class ObvKernel extends ColumnKernel {
  private readonly s = this.state(new Scalars(1));
  private readonly value: GrowingSeries;
  constructor(p: ParamReader, source: string) {
    super(p.type, ['source', 'volume'], source);
    this.value = this.output('value');
  }
  step(i: number): void {
    const s = this.s.v;
    if (i === 0) s[0] = this.volume[0];
    else if (this.x[i] > this.x[i - 1]) s[0] += this.volume[i];
    else if (this.x[i] < this.x[i - 1]) s[0] -= this.volume[i];
    this.value.data[i] = s[0];
  }
}

/** Chaikin accumulation/distribution line (TA-Lib AD); bars with high = low add nothing. */
export class AdKernel extends ColumnKernel {
  private readonly s = this.state(new Scalars(1));
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['high', 'low', 'close', 'volume']);
    this.value = this.output('value');
  }
  step(i: number): void {
    const s = this.s.v;
    const high = this.high[i];
    const low = this.low[i];
    const close = this.close[i];
    const range = high - low;
    if (range > 0.0) s[0] += ((close - low - (high - close)) / range) * this.volume[i];
    this.value.data[i] = s[0];
  }
}

/** Money Flow Index (TA-Lib MFI), including its "total flow below 1 → 0" rule. */
export class MfiKernel extends ColumnKernel {
  private readonly period: number;
  private readonly sums = this.state(new Scalars(2)); // [positive flow, negative flow]
  private readonly positive: GrowingSeries;
  private readonly negative: GrowingSeries;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['high', 'low', 'close', 'volume']);
    this.period = p.int('period', 2);
    this.positive = this.series();
    this.negative = this.series();
    this.value = this.output('value');
  }
  private typical(r: number): number {
    return (this.high[r] + this.low[r] + this.close[r]) / 3.0;
  }
  step(i: number): void {
    this.value.data[i] = NaN;
    if (i === 0) return;
    const s = this.sums.v;
    const period = this.period;
    // TA-Lib takes the oldest flow out before adding the newest.
    if (i > period) {
      s[0] -= this.positive.data[i - period];
      s[1] -= this.negative.data[i - period];
    }
    const typical = this.typical(i);
    const change = typical - this.typical(i - 1);
    const flow = typical * this.volume[i];
    const pos = change > 0 ? flow : 0.0;
    const neg = change < 0 ? flow : 0.0;
    this.positive.data[i] = pos;
    this.negative.data[i] = neg;
    if (change < 0) s[1] += neg;
    else if (change > 0) s[0] += pos;
    if (i < period) return;
    const total = s[0] + s[1];
    this.value.data[i] = total < 1.0 ? 0.0 : 100.0 * (s[0] / total);
  }
}

/**
 * Chaikin Money Flow (Marc Chaikin): Σ money-flow volume / Σ volume over `period` bars, where
 * money-flow volume = ((close − low) − (high − close)) / (high − low) × volume (0 when high = low).
 * NaN when the window's volume is 0. The window sums are recomputed exactly every `period` rows,
 * so rounding never accumulates over long streams.
 */
export class CmfKernel extends ColumnKernel {
  private readonly period: number;
  private readonly sums = this.state(new Scalars(2)); // [Σ flow volume, Σ volume]
  private readonly flow: GrowingSeries;
  private readonly value: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['high', 'low', 'close', 'volume']);
    this.period = p.int('period', 1);
    this.flow = this.series();
    this.value = this.output('value');
  }
  step(i: number): void {
    const s = this.sums.v;
    const high = this.high[i];
    const low = this.low[i];
    const close = this.close[i];
    const range = high - low;
    const flow = range > 0 ? ((close - low - (high - close)) / range) * this.volume[i] : 0;
    this.flow.data[i] = flow;
    const period = this.period;
    const first = i - period + 1;
    if (i % period === 0 && first >= 0) {
      // Exact re-summation of the window, amortised O(1) per row.
      s[0] = 0;
      s[1] = 0;
      for (let r = first; r <= i; r++) {
        s[0] += this.flow.data[r];
        s[1] += this.volume[r];
      }
    } else {
      s[0] += flow;
      s[1] += this.volume[i];
      if (first > 0) {
        s[0] -= this.flow.data[first - 1];
        s[1] -= this.volume[first - 1];
      }
    }
    this.value.data[i] = first < 0 || s[1] === 0 ? NaN : s[0] / s[1];
  }
}

/** The volume itself (drawn as a histogram) and its simple moving average. */
export class VolumeKernel extends ColumnKernel {
  private readonly sma: SmaState;
  private readonly volumeOut: GrowingSeries;
  private readonly average: GrowingSeries;
  constructor(p: ParamReader) {
    super(p.type, ['volume']);
    this.sma = this.state(new SmaState(p.int('period', 1)));
    this.volumeOut = this.output('volume');
    this.average = this.output('average');
  }
  step(i: number): void {
    this.volumeOut.data[i] = this.volume[i];
    this.average.data[i] = this.sma.next(this.volume, i);
  }
}
