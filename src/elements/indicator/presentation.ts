/**
 * How an indicator looks on a chart: its legend entry (a short name with its parameters, each
 * output under a short name), and the columns derived from its outputs for drawing — a trend
 * line split by direction (Supertrend: no vertical join at a flip), volume bars with their
 * candle's open and close (coloured up/down), and the Ichimoku cloud split by which span is
 * above, projected `displacement` bars past the last one.
 */
import type { ColumnTable } from '../../data/table.js';
import type { IndicatorParams, IndicatorSpec } from '../../indicators/index.js';

const SHORT_NAMES: Record<string, string> = {
  bollinger: 'Bollinger',
  keltner: 'Keltner',
  donchian: 'Donchian',
  ichimoku: 'Ichimoku',
  supertrend: 'Supertrend',
  pivots: 'Pivots',
  volume: 'Volume',
  momentum: 'Momentum',
  stochastic: 'Stoch',
  stochrsi: 'Stoch RSI',
  aroon: 'Aroon',
  aroonosc: 'Aroon Osc',
  willr: '%R',
  ultosc: 'UO',
  psar: 'PSAR',
};

const OUTPUT_NAMES: Record<string, string> = {
  senkouA: 'Span A',
  senkouB: 'Span B',
  plusDI: '+DI',
  minusDI: '−DI',
  pp: 'P',
  k: '%K',
  d: '%D',
  adx: 'ADX',
  macd: 'MACD',
  histogram: 'Hist',
};

/** Parameters that do not go into the legend title (a customary constant, not a choice). */
const UNSHOWN_PARAMS = new Set(['displacement', 'source']);

/** `SMA 20`, `Bollinger 20 2`, `Ichimoku 9 26 52`: the type's short name and its numeric parameters. */
export function indicatorTitle(type: string, params: IndicatorParams): string {
  const name = SHORT_NAMES[type] ?? type.toUpperCase();
  const numbers = Object.entries(params)
    .filter(([k, v]) => typeof v === 'number' && !UNSHOWN_PARAMS.has(k))
    .map(([, v]) => v);
  const maType = typeof params.maType === 'string' && params.maType !== 'sma' ? ` ${params.maType.toUpperCase()}` : '';
  return `${name}${numbers.length ? ` ${numbers.join(' ')}` : ''}${maType}`;
}

/** `Tenkan`, `Span A`, `R1`: an output's short name in the legend. */
export function outputTitle(output: string): string {
  return OUTPUT_NAMES[output] ?? (/^[rs]\d$/.test(output) ? output.toUpperCase() : output.charAt(0).toUpperCase() + output.slice(1));
}

/** A Float64Array per derived column, grown by doubling (the rows before `from` keep their values). */
class Columns {
  private readonly arrays = new Map<string, Float64Array>();

  get(name: string, length: number): Float64Array {
    let a = this.arrays.get(name);
    if (!a || a.length < length) {
      const grown = new Float64Array(Math.max(length, (a?.length ?? 0) * 2, 64));
      if (a) grown.set(a);
      this.arrays.set(name, grown);
      a = grown;
    }
    return a;
  }
}

/** What the chart draws of an indicator: its output columns plus derived ones. */
export interface DrawnColumns {
  columns: Record<string, Float64Array>;
  /** The first row that changed (projected rows change whenever the last row does). */
  changedFrom: number;
}

export class DerivedColumns {
  private readonly buffers = new Columns();
  /** Rows of the last build (its projected rows start there). */
  private rows = 0;

  /**
   * Output columns for rows [0, n) (`from` is the first changed one) and the derived columns of
   * `spec`, as arrays sharing memory with what was handed over before (only the tail changed).
   */
  build(spec: IndicatorSpec, params: IndicatorParams, outputs: Record<string, Float64Array>, input: ColumnTable, n: number, from: number): DrawnColumns {
    const time = input.time.subarray(0, n);
    const columns: Record<string, Float64Array> = { time };
    for (const [name, values] of Object.entries(outputs)) columns[name] = values;
    const styles = spec.styles ?? {};
    const start = Math.max(0, from - 1);
    let changedFrom = from;
    for (const [output, style] of Object.entries(styles)) {
      if (style === 'trend') this.splitByDirection(columns, output, outputs.direction, n, start);
      if (style === 'volume' && input.has('open') && input.has('close')) {
        columns.open = input.column('open')!.subarray(0, n);
        columns.close = input.column('close')!.subarray(0, n);
      }
    }
    if (styles.senkouA === 'cloud-a') {
      this.cloud(columns, spec, params, input, n, start);
      // The projected rows follow the last ones, and a crossing row looks at its neighbours.
      changedFrom = Math.min(from, this.rows) - 2;
    }
    this.rows = n;
    return { columns, changedFrom: Math.max(0, changedFrom) };
  }

  /** `<output>Up` where the direction is up, `<output>Down` where down (NaN elsewhere): no join at a flip. */
  private splitByDirection(columns: Record<string, Float64Array>, output: string, direction: Float64Array | undefined, n: number, start: number): void {
    const values = columns[output];
    const up = this.buffers.get(`${output}Up`, n);
    const down = this.buffers.get(`${output}Down`, n);
    for (let i = start; i < n; i++) {
      const d = direction?.[i] ?? NaN;
      up[i] = d > 0 ? values[i] : NaN;
      down[i] = d < 0 ? values[i] : NaN;
    }
    columns[`${output}Up`] = up.subarray(0, n);
    columns[`${output}Down`] = down.subarray(0, n);
  }

  /**
   * The Ichimoku cloud: spans A and B continued `displacement` bars past the last row (the
   * spans of the last rows, shifted ahead as customary), split into where A is above (`cloudUp…`)
   * and where B is (`cloudDown…`); a crossing row belongs to both, so the cloud has no gap.
   */
  private cloud(columns: Record<string, Float64Array>, spec: IndicatorSpec, params: IndicatorParams, input: ColumnTable, n: number, start: number): void {
    const d = Math.max(0, Math.floor(Number(params.displacement ?? spec.defaults.displacement ?? 26)));
    const total = n > 1 ? n + d : n;
    const t = input.time;
    const time = this.buffers.get('time', total);
    time.set(t.subarray(start, n), start);
    // Future bars at the spacing of the last ones (the smallest of the last few: gaps such as
    // weekends do not stretch it).
    let step = Infinity;
    for (let i = Math.max(1, n - 8); i < n; i++) step = Math.min(step, t[i] - t[i - 1]);
    if (!(step > 0)) step = 1;
    for (let j = 0; j < total - n; j++) time[n + j] = t[n - 1] + (j + 1) * step;
    columns.time = time.subarray(0, total);
    // Every output gets the projected rows (NaN but the spans).
    for (const name of Object.keys(columns)) {
      if (name === 'time') continue;
      const out = this.buffers.get(`out:${name}`, total);
      out.set(columns[name].subarray(start, n), start);
      out.fill(NaN, n, total);
      columns[name] = out.subarray(0, total);
    }
    const tenkan = columns.tenkan;
    const kijun = columns.kijun;
    const a = columns.senkouA;
    const b = columns.senkouB;
    const periodB = Math.max(1, Math.floor(Number(params.senkouBPeriod ?? 52)));
    const high = input.column('high');
    const low = input.column('low');
    for (let j = 0; j < total - n; j++) {
      const i = n - d + j; // the row whose spans are drawn at n + j
      if (i < 0) continue;
      a[n + j] = (tenkan[i] + kijun[i]) / 2;
      let hi = -Infinity;
      let lo = Infinity;
      if (high && low && i - periodB + 1 >= 0) {
        for (let k = i - periodB + 1; k <= i; k++) {
          hi = Math.max(hi, high[k]);
          lo = Math.min(lo, low[k]);
        }
        b[n + j] = (hi + lo) / 2;
      }
    }
    const upA = this.buffers.get('cloudUpA', total);
    const upB = this.buffers.get('cloudUpB', total);
    const downA = this.buffers.get('cloudDownA', total);
    const downB = this.buffers.get('cloudDownB', total);
    const above = (i: number) => a[i] >= b[i];
    const below = (i: number) => a[i] < b[i];
    for (let i = Math.max(0, Math.min(start, this.rows) - 2); i < total; i++) {
      const up = above(i) || (i > 0 && above(i - 1)) || (i + 1 < total && above(i + 1));
      const down = below(i) || (i > 0 && below(i - 1)) || (i + 1 < total && below(i + 1));
      upA[i] = up ? a[i] : NaN;
      upB[i] = up ? b[i] : NaN;
      downA[i] = down ? a[i] : NaN;
      downB[i] = down ? b[i] : NaN;
    }
    columns.cloudUpA = upA.subarray(0, total);
    columns.cloudUpB = upB.subarray(0, total);
    columns.cloudDownA = downA.subarray(0, total);
    columns.cloudDownB = downB.subarray(0, total);
  }
}
