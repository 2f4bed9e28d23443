/** Every indicator: its drawing metadata and how to build its kernel. */

import { type Kernel, ParamReader } from './kernel.js';
import {
  AoKernel,
  AdxKernel,
  AroonKernel,
  CciKernel,
  MacdKernel,
  MomentumKernel,
  PpoKernel,
  RocKernel,
  RsiKernel,
  StochasticKernel,
  StochRsiKernel,
  TrixKernel,
  UltoscKernel,
  WillrKernel,
} from './momentum.js';
import {
  BollingerKernel,
  DemaKernel,
  DonchianKernel,
  EmaKernel,
  IchimokuKernel,
  KamaKernel,
  KeltnerKernel,
  PivotsKernel,
  PsarKernel,
  SmaKernel,
  StdDevKernel,
  SupertrendKernel,
  TemaKernel,
  VwapKernel,
  WmaKernel,
} from './overlap.js';
import type { IndicatorSpec, OutputStyle } from './types.js';
import { AdKernel, AtrKernel, CmfKernel, MfiKernel, ObvKernel, TrangeKernel, VolumeKernel } from './volume.js';

export interface CatalogEntry {
  spec: IndicatorSpec;
  /** Builds a fresh kernel; params are complete (defaults merged) and `source` resolved. */
  create(params: ParamReader, source: string): Kernel;
}

const HLC = ['high', 'low', 'close'];
const OSCILLATOR_0_100 = [0, 100] as [number, number];

function entry(
  spec: Omit<IndicatorSpec, 'styles'> & { styles?: Record<string, OutputStyle> },
  create: (p: ParamReader, source: string) => Kernel,
): CatalogEntry {
  const styles: Record<string, OutputStyle> = {};
  for (const o of spec.outputs) styles[o] = spec.styles?.[o] ?? 'line';
  return { spec: { ...spec, styles }, create };
}

const BAND_STYLES: Record<string, OutputStyle> = { upper: 'band-upper', middle: 'line', lower: 'band-lower' };

export const CATALOG: Record<string, CatalogEntry> = {
  sma: entry({ type: 'sma', name: 'Simple Moving Average', outputs: ['value'], defaults: { period: 20, source: 'close' }, placement: 'overlay', needs: ['source'] }, (p, s) => new SmaKernel(p, s)),
  ema: entry({ type: 'ema', name: 'Exponential Moving Average', outputs: ['value'], defaults: { period: 20, source: 'close' }, placement: 'overlay', needs: ['source'] }, (p, s) => new EmaKernel(p, s)),
  wma: entry({ type: 'wma', name: 'Weighted Moving Average', outputs: ['value'], defaults: { period: 20, source: 'close' }, placement: 'overlay', needs: ['source'] }, (p, s) => new WmaKernel(p, s)),
  dema: entry({ type: 'dema', name: 'Double Exponential Moving Average', outputs: ['value'], defaults: { period: 20, source: 'close' }, placement: 'overlay', needs: ['source'] }, (p, s) => new DemaKernel(p, s)),
  tema: entry({ type: 'tema', name: 'Triple Exponential Moving Average', outputs: ['value'], defaults: { period: 20, source: 'close' }, placement: 'overlay', needs: ['source'] }, (p, s) => new TemaKernel(p, s)),
  kama: entry({ type: 'kama', name: 'Kaufman Adaptive Moving Average', outputs: ['value'], defaults: { period: 10, source: 'close' }, placement: 'overlay', needs: ['source'] }, (p, s) => new KamaKernel(p, s)),
  bollinger: entry(
    { type: 'bollinger', name: 'Bollinger Bands', outputs: ['upper', 'middle', 'lower'], defaults: { period: 20, deviation: 2, maType: 'sma', source: 'close' }, placement: 'overlay', needs: ['source'], styles: BAND_STYLES },
    (p, s) => new BollingerKernel(p, s),
  ),
  keltner: entry(
    { type: 'keltner', name: 'Keltner Channels', outputs: ['upper', 'middle', 'lower'], defaults: { period: 20, atrPeriod: 10, multiplier: 2, source: 'close' }, placement: 'overlay', needs: ['source', ...HLC], styles: BAND_STYLES },
    (p, s) => new KeltnerKernel(p, s),
  ),
  donchian: entry(
    { type: 'donchian', name: 'Donchian Channel', outputs: ['upper', 'middle', 'lower'], defaults: { period: 20 }, placement: 'overlay', needs: ['high', 'low'], styles: BAND_STYLES },
    (p) => new DonchianKernel(p),
  ),
  psar: entry(
    { type: 'psar', name: 'Parabolic SAR', outputs: ['value'], defaults: { acceleration: 0.02, maximum: 0.2 }, placement: 'overlay', needs: ['high', 'low'], styles: { value: 'dots' } },
    (p) => new PsarKernel(p),
  ),
  supertrend: entry(
    // direction is data for colouring the line (+1 up, −1 down), not a series to plot.
    { type: 'supertrend', name: 'Supertrend', outputs: ['value', 'direction'], defaults: { period: 10, multiplier: 3 }, placement: 'overlay', needs: HLC, auxiliary: ['direction'], styles: { value: 'trend' } },
    (p) => new SupertrendKernel(p),
  ),
  ichimoku: entry(
    {
      type: 'ichimoku',
      name: 'Ichimoku Cloud',
      outputs: ['tenkan', 'kijun', 'senkouA', 'senkouB', 'chikou'],
      defaults: { tenkanPeriod: 9, kijunPeriod: 26, senkouBPeriod: 52, displacement: 26 },
      placement: 'overlay',
      needs: HLC,
      styles: { senkouA: 'cloud-a', senkouB: 'cloud-b' },
    },
    (p) => new IchimokuKernel(p),
  ),
  vwap: entry({ type: 'vwap', name: 'VWAP', outputs: ['value'], defaults: { anchor: 'day' }, placement: 'overlay', needs: ['time', ...HLC, 'volume'] }, (p) => new VwapKernel(p)),
  pivots: entry(
    { type: 'pivots', name: 'Pivot Points', outputs: ['pp', 'r1', 'r2', 'r3', 's1', 's2', 's3'], defaults: { anchor: 'day' }, placement: 'overlay', needs: ['time', ...HLC] },
    (p) => new PivotsKernel(p),
  ),
  rsi: entry(
    { type: 'rsi', name: 'Relative Strength Index', outputs: ['value'], defaults: { period: 14, source: 'close' }, placement: 'pane', needs: ['source'], guides: [30, 70], range: OSCILLATOR_0_100 },
    (p, s) => new RsiKernel(p, s),
  ),
  macd: entry(
    { type: 'macd', name: 'MACD', outputs: ['macd', 'signal', 'histogram'], defaults: { fast: 12, slow: 26, signal: 9, source: 'close' }, placement: 'pane', needs: ['source'], styles: { histogram: 'histogram' }, guides: [0] },
    (p, s) => new MacdKernel(p, s),
  ),
  stochastic: entry(
    { type: 'stochastic', name: 'Stochastic', outputs: ['k', 'd'], defaults: { kPeriod: 14, smooth: 3, dPeriod: 3, maType: 'sma' }, placement: 'pane', needs: HLC, guides: [20, 80], range: OSCILLATOR_0_100 },
    (p) => new StochasticKernel(p),
  ),
  stochrsi: entry(
    { type: 'stochrsi', name: 'Stochastic RSI', outputs: ['k', 'd'], defaults: { period: 14, kPeriod: 14, smooth: 1, dPeriod: 3, source: 'close' }, placement: 'pane', needs: ['source'], guides: [20, 80], range: OSCILLATOR_0_100 },
    (p, s) => new StochRsiKernel(p, s),
  ),
  cci: entry({ type: 'cci', name: 'Commodity Channel Index', outputs: ['value'], defaults: { period: 20 }, placement: 'pane', needs: HLC, guides: [-100, 100] }, (p) => new CciKernel(p)),
  willr: entry(
    { type: 'willr', name: 'Williams %R', outputs: ['value'], defaults: { period: 14 }, placement: 'pane', needs: HLC, guides: [-80, -20], range: [-100, 0] },
    (p) => new WillrKernel(p),
  ),
  roc: entry({ type: 'roc', name: 'Rate of Change', outputs: ['value'], defaults: { period: 10, source: 'close' }, placement: 'pane', needs: ['source'], guides: [0] }, (p, s) => new RocKernel(p, s)),
  momentum: entry({ type: 'momentum', name: 'Momentum', outputs: ['value'], defaults: { period: 10, source: 'close' }, placement: 'pane', needs: ['source'], guides: [0] }, (p, s) => new MomentumKernel(p, s)),
  trix: entry({ type: 'trix', name: 'TRIX', outputs: ['value'], defaults: { period: 15, source: 'close' }, placement: 'pane', needs: ['source'], guides: [0] }, (p, s) => new TrixKernel(p, s)),
  ppo: entry({ type: 'ppo', name: 'Percentage Price Oscillator', outputs: ['value'], defaults: { fast: 12, slow: 26, maType: 'sma', source: 'close' }, placement: 'pane', needs: ['source'], guides: [0] }, (p, s) => new PpoKernel(p, s)),
  ultosc: entry(
    { type: 'ultosc', name: 'Ultimate Oscillator', outputs: ['value'], defaults: { fast: 7, medium: 14, slow: 28 }, placement: 'pane', needs: HLC, guides: [30, 70], range: OSCILLATOR_0_100 },
    (p) => new UltoscKernel(p),
  ),
  ao: entry(
    { type: 'ao', name: 'Awesome Oscillator', outputs: ['value'], defaults: { fast: 5, slow: 34 }, placement: 'pane', needs: ['high', 'low'], styles: { value: 'histogram' }, guides: [0] },
    (p) => new AoKernel(p),
  ),
  adx: entry({ type: 'adx', name: 'ADX / DMI', outputs: ['adx', 'plusDI', 'minusDI'], defaults: { period: 14 }, placement: 'pane', needs: HLC, range: OSCILLATOR_0_100 }, (p) => new AdxKernel(p)),
  aroon: entry(
    { type: 'aroon', name: 'Aroon', outputs: ['up', 'down'], defaults: { period: 14 }, placement: 'pane', needs: ['high', 'low'], range: OSCILLATOR_0_100 },
    (p) => new AroonKernel(p, false),
  ),
  aroonosc: entry(
    { type: 'aroonosc', name: 'Aroon Oscillator', outputs: ['value'], defaults: { period: 14 }, placement: 'pane', needs: ['high', 'low'], guides: [0], range: [-100, 100] },
    (p) => new AroonKernel(p, true),
  ),
  atr: entry({ type: 'atr', name: 'Average True Range', outputs: ['value'], defaults: { period: 14 }, placement: 'pane', needs: HLC }, (p) => new AtrKernel(p, false)),
  natr: entry({ type: 'natr', name: 'Normalized Average True Range', outputs: ['value'], defaults: { period: 14 }, placement: 'pane', needs: HLC }, (p) => new AtrKernel(p, true)),
  trange: entry({ type: 'trange', name: 'True Range', outputs: ['value'], defaults: {}, placement: 'pane', needs: HLC }, (p) => new TrangeKernel(p)),
  stddev: entry(
    { type: 'stddev', name: 'Standard Deviation', outputs: ['value'], defaults: { period: 20, deviation: 1, source: 'close' }, placement: 'pane', needs: ['source'] },
    (p, s) => new StdDevKernel(p, s),
  ),
  obv: entry({ type: 'obv', name: 'On-Balance Volume', outputs: ['value'], defaults: { source: 'close' }, placement: 'pane', needs: ['source', 'volume'] }, (p, s) => new ObvKernel(p, s)),
  ad: entry({ type: 'ad', name: 'Accumulation/Distribution', outputs: ['value'], defaults: {}, placement: 'pane', needs: [...HLC, 'volume'] }, (p) => new AdKernel(p)),
  cmf: entry({ type: 'cmf', name: 'Chaikin Money Flow', outputs: ['value'], defaults: { period: 20 }, placement: 'pane', needs: [...HLC, 'volume'], guides: [0] }, (p) => new CmfKernel(p)),
  mfi: entry(
    { type: 'mfi', name: 'Money Flow Index', outputs: ['value'], defaults: { period: 14 }, placement: 'pane', needs: [...HLC, 'volume'], guides: [20, 80], range: OSCILLATOR_0_100 },
    (p) => new MfiKernel(p),
  ),
  volume: entry(
    { type: 'volume', name: 'Volume', outputs: ['volume', 'average'], defaults: { period: 20 }, placement: 'pane', needs: ['volume'], styles: { volume: 'volume' } },
    (p) => new VolumeKernel(p),
  ),
};
