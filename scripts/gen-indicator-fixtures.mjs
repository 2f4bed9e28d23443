// Generates the expected indicator outputs in test/fixtures/indicators/ from TA-Lib itself.
//
// Needs the npm package `talib` (v1, TA-Lib's C sources behind a Node binding) in .oracle/:
//   mkdir -p .oracle && cd .oracle && echo '{"name":"oracle","private":true}' > package.json \
//     && npm install talib@1 --foreground-scripts   # then: node scripts/gen-indicator-fixtures.mjs
// The tests only read the JSON files; they never need talib.
//
// Indicators TA-Lib lacks (keltner, donchian, ao, ichimoku, supertrend, vwap, cmf, volume,
// pivots) get expected values built here from TA-Lib pieces (EMA, ATR, SMA, MAX, MIN, MEDPRICE)
// or written straight from the published definition, independently of src/indicators.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, '.oracle', 'package.json'));
const talib = require('talib');
const outDir = join(root, 'test', 'fixtures', 'indicators');

// ---- datasets ---------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** OHLCV random walk; `shape(i, prevClose)` may force a gap (returns a new open) or a flat bar. */
function makeDataset(seed, rows, startTime, stepMs, shape) {
  const rand = mulberry32(seed);
  const d = { time: [], open: [], high: [], low: [], close: [], volume: [] };
  let prev = 100;
  for (let i = 0; i < rows; i++) {
    const s = shape(i, prev);
    let open, high, low, close, volume;
    if (s && s.flat) {
      open = high = low = close = prev;
      volume = s.volume;
    } else {
      open = s && s.open !== undefined ? s.open : prev;
      close = open * Math.exp(0.012 * gaussian(rand));
      high = Math.max(open, close) * (1 + Math.abs(0.006 * gaussian(rand)));
      low = Math.min(open, close) * (1 - Math.abs(0.006 * gaussian(rand)));
      volume = Math.round(1000 + 9000 * rand());
    }
    d.time.push(startTime + i * stepMs);
    d.open.push(open);
    d.high.push(high);
    d.low.push(low);
    d.close.push(close);
    d.volume.push(volume);
    prev = close;
  }
  return d;
}

const HOUR = 3_600_000;
const datasets = {
  // Hourly bars over ~12 days.
  'random-walk': makeDataset(42, 300, Date.UTC(2024, 0, 1, 0), HOUR, () => null),
  // 4-hour bars over 50 days, with price gaps and 40 identical bars (rows 120..159).
  'gaps-flat': makeDataset(7, 300, Date.UTC(2024, 2, 4, 0), 4 * HOUR, (i, prev) => {
    if (i === 60) return { open: prev * 1.12 };
    if (i === 90) return { open: prev * 0.85 };
    if (i >= 120 && i < 160) return { flat: true, volume: 5000 };
    if (i === 230) return { open: prev * 1.2 };
    return null;
  }),
};

// ---- TA-Lib calls -------------------------------------------------------------------------

function ta(d, name, inputs, opts) {
  const n = d.time.length;
  const r = talib.execute({ name, startIdx: 0, endIdx: n - 1, ...inputs, ...opts });
  if (r.error) throw new Error(`${name}: ${r.error}`);
  const out = {};
  for (const [k, values] of Object.entries(r.result)) {
    const full = new Array(n).fill(NaN);
    for (let j = 0; j < r.nbElement; j++) full[r.begIndex + j] = values[j];
    out[k] = full;
  }
  return out;
}

const real = (d) => ({ inReal: d.close });
const hl = (d) => ({ high: d.high, low: d.low });
const hlc = (d) => ({ high: d.high, low: d.low, close: d.close });
const hlcv = (d) => ({ high: d.high, low: d.low, close: d.close, volume: d.volume });
const one = (name, inputs, opts) => (d) => ({ value: ta(d, name, inputs(d), opts).outReal });
/** TA_MAType of an indicator's `maType` parameter (SMA when absent, as the catalog's default). */
const MA_TYPE = { sma: 0, ema: 1, wma: 2, dema: 3, tema: 4, trima: 5, kama: 6, t3: 8 };
const maType = (p) => MA_TYPE[p.maType ?? 'sma'];

/** Expected outputs straight from a TA-Lib function, per indicator type and params. */
const TALIB = {
  sma: (p) => one('SMA', real, { optInTimePeriod: p.period }),
  ema: (p) => one('EMA', real, { optInTimePeriod: p.period }),
  wma: (p) => one('WMA', real, { optInTimePeriod: p.period }),
  dema: (p) => one('DEMA', real, { optInTimePeriod: p.period }),
  tema: (p) => one('TEMA', real, { optInTimePeriod: p.period }),
  kama: (p) => one('KAMA', real, { optInTimePeriod: p.period }),
  bollinger: (p) => (d) => {
    const r = ta(d, 'BBANDS', real(d), { optInTimePeriod: p.period, optInNbDevUp: p.deviation, optInNbDevDn: p.deviation, optInMAType: maType(p) });
    return { upper: r.outRealUpperBand, middle: r.outRealMiddleBand, lower: r.outRealLowerBand };
  },
  stddev: (p) => one('STDDEV', real, { optInTimePeriod: p.period, optInNbDev: p.deviation }),
  psar: (p) => one('SAR', hl, { optInAcceleration: p.acceleration, optInMaximum: p.maximum }),
  rsi: (p) => one('RSI', real, { optInTimePeriod: p.period }),
  macd: (p) => (d) => {
    const r = ta(d, 'MACD', real(d), { optInFastPeriod: p.fast, optInSlowPeriod: p.slow, optInSignalPeriod: p.signal });
    return { macd: r.outMACD, signal: r.outMACDSignal, histogram: r.outMACDHist };
  },
  stochastic: (p) => (d) => {
    const r = ta(d, 'STOCH', hlc(d), {
      optInFastK_Period: p.kPeriod,
      optInSlowK_Period: p.smooth,
      optInSlowK_MAType: maType(p),
      optInSlowD_Period: p.dPeriod,
      optInSlowD_MAType: maType(p),
    });
    return { k: r.outSlowK, d: r.outSlowD };
  },
  stochrsi: (p) => (d) => {
    if (p.smooth === 1) {
      const r = ta(d, 'STOCHRSI', real(d), { optInTimePeriod: p.period, optInFastK_Period: p.kPeriod, optInFastD_Period: p.dPeriod, optInFastD_MAType: 0 });
      return { k: r.outFastK, d: r.outFastD };
    }
    // Smoothed %K: TA-Lib STOCH run on the defined part of TA-Lib's RSI, shifted back into place.
    const rsi = ta(d, 'RSI', real(d), { optInTimePeriod: p.period }).outReal;
    const first = rsi.findIndex((v) => !Number.isNaN(v));
    const defined = rsi.slice(first);
    const sub = { time: d.time.slice(first) };
    const r = ta(sub, 'STOCH', { high: defined, low: defined, close: defined }, {
      optInFastK_Period: p.kPeriod,
      optInSlowK_Period: p.smooth,
      optInSlowK_MAType: 0,
      optInSlowD_Period: p.dPeriod,
      optInSlowD_MAType: 0,
    });
    const pad = nan(first);
    return { k: pad.concat(r.outSlowK), d: pad.concat(r.outSlowD) };
  },
  cci: (p) => one('CCI', hlc, { optInTimePeriod: p.period }),
  willr: (p) => one('WILLR', hlc, { optInTimePeriod: p.period }),
  roc: (p) => one('ROC', real, { optInTimePeriod: p.period }),
  momentum: (p) => one('MOM', real, { optInTimePeriod: p.period }),
  trix: (p) => one('TRIX', real, { optInTimePeriod: p.period }),
  ppo: (p) => one('PPO', real, { optInFastPeriod: p.fast, optInSlowPeriod: p.slow, optInMAType: maType(p) }),
  ultosc: (p) => one('ULTOSC', hlc, { optInTimePeriod1: p.fast, optInTimePeriod2: p.medium, optInTimePeriod3: p.slow }),
  adx: (p) => (d) => ({
    adx: ta(d, 'ADX', hlc(d), { optInTimePeriod: p.period }).outReal,
    plusDI: ta(d, 'PLUS_DI', hlc(d), { optInTimePeriod: p.period }).outReal,
    minusDI: ta(d, 'MINUS_DI', hlc(d), { optInTimePeriod: p.period }).outReal,
  }),
  aroon: (p) => (d) => {
    const r = ta(d, 'AROON', hl(d), { optInTimePeriod: p.period });
    return { up: r.outAroonUp, down: r.outAroonDown };
  },
  aroonosc: (p) => one('AROONOSC', hl, { optInTimePeriod: p.period }),
  atr: (p) => one('ATR', hlc, { optInTimePeriod: p.period }),
  natr: (p) => one('NATR', hlc, { optInTimePeriod: p.period }),
  trange: () => one('TRANGE', hlc, {}),
  obv: () => one('OBV', (d) => ({ inReal: d.close, volume: d.volume }), {}),
  ad: () => one('AD', hlcv, {}),
  mfi: (p) => one('MFI', hlcv, { optInTimePeriod: p.period }),
};

// ---- references for indicators TA-Lib lacks ----------------------------------------------

const nan = (n) => new Array(n).fill(NaN);
const DAY = 86_400_000;
const dayKey = (t) => Math.floor(t / DAY);
const weekKey = (t) => Math.floor((Math.floor(t / DAY) + 3) / 7);
const anchorKey = { day: dayKey, week: weekKey };

const REFERENCE = {
  // Raschke's Keltner: EMA(period) of close ± multiplier × ATR(atrPeriod).
  keltner: (p) => (d) => {
    const mid = ta(d, 'EMA', real(d), { optInTimePeriod: p.period }).outReal;
    const atr = ta(d, 'ATR', hlc(d), { optInTimePeriod: p.atrPeriod }).outReal;
    const ok = (i) => !Number.isNaN(mid[i]) && !Number.isNaN(atr[i]);
    return {
      upper: mid.map((m, i) => (ok(i) ? m + p.multiplier * atr[i] : NaN)),
      middle: mid.map((m, i) => (ok(i) ? m : NaN)),
      lower: mid.map((m, i) => (ok(i) ? m - p.multiplier * atr[i] : NaN)),
    };
  },
  donchian: (p) => (d) => {
    const upper = ta(d, 'MAX', { inReal: d.high }, { optInTimePeriod: p.period }).outReal;
    const lower = ta(d, 'MIN', { inReal: d.low }, { optInTimePeriod: p.period }).outReal;
    return { upper, middle: upper.map((u, i) => (u + lower[i]) / 2), lower };
  },
  ao: (p) => (d) => {
    const median = ta(d, 'MEDPRICE', hl(d), {}).outReal;
    const fast = ta(d, 'SMA', { inReal: median }, { optInTimePeriod: p.fast }).outReal;
    const slow = ta(d, 'SMA', { inReal: median }, { optInTimePeriod: p.slow }).outReal;
    return { value: fast.map((f, i) => f - slow[i]) };
  },
  ichimoku: (p) => (d) => {
    const n = d.time.length;
    const mid = (period) => {
      const out = nan(n);
      for (let i = period - 1; i < n; i++) {
        let hi = -Infinity;
        let lo = Infinity;
        for (let r = i - period + 1; r <= i; r++) {
          hi = Math.max(hi, d.high[r]);
          lo = Math.min(lo, d.low[r]);
        }
        out[i] = (hi + lo) / 2;
      }
      return out;
    };
    const tenkan = mid(p.tenkanPeriod);
    const kijun = mid(p.kijunPeriod);
    const spanB = mid(p.senkouBPeriod);
    const k = p.displacement;
    const senkouA = nan(n);
    const senkouB = nan(n);
    const chikou = nan(n);
    for (let i = 0; i < n; i++) {
      if (i >= k) {
        senkouA[i] = (tenkan[i - k] + kijun[i - k]) / 2;
        senkouB[i] = spanB[i - k];
      }
      if (i + k < n) chikou[i] = d.close[i + k];
    }
    return { tenkan, kijun, senkouA, senkouB, chikou };
  },
  supertrend: (p) => (d) => {
    const n = d.time.length;
    const atr = ta(d, 'ATR', hlc(d), { optInTimePeriod: p.period }).outReal;
    const value = nan(n);
    const direction = nan(n);
    let upper = NaN;
    let lower = NaN;
    let dir = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(atr[i])) continue;
      const hl2 = (d.high[i] + d.low[i]) / 2;
      const basicUpper = hl2 + p.multiplier * atr[i];
      const basicLower = hl2 - p.multiplier * atr[i];
      if (dir === 0) {
        upper = basicUpper;
        lower = basicLower;
        dir = -1;
      } else {
        const pc = d.close[i - 1];
        upper = basicUpper < upper || pc > upper ? basicUpper : upper;
        lower = basicLower > lower || pc < lower ? basicLower : lower;
        dir = dir === -1 ? (d.close[i] > upper ? 1 : -1) : d.close[i] < lower ? -1 : 1;
      }
      direction[i] = dir;
      value[i] = dir === 1 ? lower : upper;
    }
    return { value, direction };
  },
  vwap: (p) => (d) => {
    const n = d.time.length;
    const key = p.anchor === 'none' ? () => 0 : anchorKey[p.anchor];
    const value = nan(n);
    for (let i = 0; i < n; i++) {
      let pv = 0;
      let v = 0;
      for (let r = i; r >= 0 && key(d.time[r]) === key(d.time[i]); r--) {
        pv += ((d.high[r] + d.low[r] + d.close[r]) / 3) * d.volume[r];
        v += d.volume[r];
      }
      value[i] = v !== 0 ? pv / v : NaN;
    }
    return { value };
  },
  cmf: (p) => (d) => {
    const n = d.time.length;
    const value = nan(n);
    for (let i = p.period - 1; i < n; i++) {
      let mfv = 0;
      let v = 0;
      for (let r = i - p.period + 1; r <= i; r++) {
        const range = d.high[r] - d.low[r];
        if (range > 0) mfv += ((d.close[r] - d.low[r] - (d.high[r] - d.close[r])) / range) * d.volume[r];
        v += d.volume[r];
      }
      value[i] = v !== 0 ? mfv / v : NaN;
    }
    return { value };
  },
  volume: (p) => (d) => ({ volume: d.volume.slice(), average: ta(d, 'SMA', { inReal: d.volume }, { optInTimePeriod: p.period }).outReal }),
  pivots: (p) => (d) => {
    const n = d.time.length;
    const names = ['pp', 'r1', 'r2', 'r3', 's1', 's2', 's3'];
    const out = Object.fromEntries(names.map((k) => [k, nan(n)]));
    const key = anchorKey[p.anchor];
    for (let i = 0; i < n; i++) {
      // Previous period: the rows with the largest key below this row's key.
      let r = i;
      while (r >= 0 && key(d.time[r]) === key(d.time[i])) r--;
      if (r < 0) continue;
      const prevKey = key(d.time[r]);
      let h = -Infinity;
      let l = Infinity;
      const c = d.close[r];
      for (; r >= 0 && key(d.time[r]) === prevKey; r--) {
        h = Math.max(h, d.high[r]);
        l = Math.min(l, d.low[r]);
      }
      const pp = (h + l + c) / 3;
      out.pp[i] = pp;
      out.r1[i] = 2 * pp - l;
      out.s1[i] = 2 * pp - h;
      out.r2[i] = pp + (h - l);
      out.s2[i] = pp - (h - l);
      out.r3[i] = h + 2 * (pp - l);
      out.s3[i] = l - 2 * (h - pp);
    }
    return out;
  },
};

// ---- cases: defaults (as in src/indicators/catalog.ts) and some other settings ------------

const CASES = [
  ['sma', { period: 20 }], ['sma', { period: 7 }],
  ['ema', { period: 20 }], ['ema', { period: 5 }],
  ['wma', { period: 20 }], ['wma', { period: 9 }],
  ['dema', { period: 20 }], ['dema', { period: 6 }],
  ['tema', { period: 20 }], ['tema', { period: 5 }],
  ['kama', { period: 10 }], ['kama', { period: 21 }],
  ['bollinger', { period: 20, deviation: 2 }], ['bollinger', { period: 10, deviation: 1 }], ['bollinger', { period: 14, deviation: 2.5 }],
  ['keltner', { period: 20, atrPeriod: 10, multiplier: 2 }], ['keltner', { period: 10, atrPeriod: 14, multiplier: 1.5 }],
  ['donchian', { period: 20 }], ['donchian', { period: 5 }],
  ['psar', { acceleration: 0.02, maximum: 0.2 }], ['psar', { acceleration: 0.04, maximum: 0.3 }],
  ['supertrend', { period: 10, multiplier: 3 }], ['supertrend', { period: 7, multiplier: 2 }],
  ['ichimoku', { tenkanPeriod: 9, kijunPeriod: 26, senkouBPeriod: 52, displacement: 26 }], ['ichimoku', { tenkanPeriod: 5, kijunPeriod: 13, senkouBPeriod: 30, displacement: 10 }],
  ['vwap', { anchor: 'day' }], ['vwap', { anchor: 'week' }], ['vwap', { anchor: 'none' }],
  ['rsi', { period: 14 }], ['rsi', { period: 5 }],
  ['macd', { fast: 12, slow: 26, signal: 9 }], ['macd', { fast: 5, slow: 13, signal: 4 }], ['macd', { fast: 26, slow: 12, signal: 9 }],
  ['stochastic', { kPeriod: 14, smooth: 3, dPeriod: 3 }], ['stochastic', { kPeriod: 5, smooth: 1, dPeriod: 3 }], ['stochastic', { kPeriod: 9, smooth: 4, dPeriod: 5 }],
  ['stochrsi', { period: 14, kPeriod: 14, smooth: 1, dPeriod: 3 }], ['stochrsi', { period: 14, kPeriod: 5, smooth: 1, dPeriod: 3 }],
  ['stochrsi', { period: 14, kPeriod: 14, smooth: 3, dPeriod: 3 }], ['stochrsi', { period: 9, kPeriod: 7, smooth: 2, dPeriod: 4 }],
  ['cci', { period: 20 }], ['cci', { period: 14 }], ['cci', { period: 40 }],
  ['willr', { period: 14 }], ['willr', { period: 5 }],
  ['roc', { period: 10 }], ['roc', { period: 1 }],
  ['momentum', { period: 10 }], ['momentum', { period: 3 }],
  ['trix', { period: 15 }], ['trix', { period: 5 }],
  ['ppo', { fast: 12, slow: 26 }], ['ppo', { fast: 5, slow: 10 }],
  ['ultosc', { fast: 7, medium: 14, slow: 28 }], ['ultosc', { fast: 20, medium: 5, slow: 10 }],
  ['ao', { fast: 5, slow: 34 }], ['ao', { fast: 3, slow: 10 }],
  ['adx', { period: 14 }], ['adx', { period: 7 }],
  ['aroon', { period: 14 }], ['aroon', { period: 25 }],
  ['aroonosc', { period: 14 }], ['aroonosc', { period: 25 }],
  ['atr', { period: 14 }], ['atr', { period: 1 }], ['atr', { period: 5 }],
  ['natr', { period: 14 }], ['natr', { period: 5 }],
  ['trange', {}],
  ['stddev', { period: 20, deviation: 1 }], ['stddev', { period: 10, deviation: 2 }],
  ['obv', {}],
  ['ad', {}],
  ['cmf', { period: 20 }], ['cmf', { period: 7 }],
  ['mfi', { period: 14 }], ['mfi', { period: 5 }],
  ['volume', { period: 20 }], ['volume', { period: 5 }],
  ['pivots', { anchor: 'day' }], ['pivots', { anchor: 'week' }],
  // TA-Lib's moving-average types where an indicator takes one (`ma-type`).
  ...['ema', 'wma', 'dema', 'tema', 'trima', 'kama', 't3'].flatMap((maType) => [
    ['ppo', { fast: 12, slow: 26, maType }],
    ['bollinger', { period: 20, deviation: 2, maType }],
    ['stochastic', { kPeriod: 14, smooth: 3, dPeriod: 3, maType }],
  ]),
  ['ppo', { fast: 5, slow: 10, maType: 'trima' }], ['bollinger', { period: 7, deviation: 1, maType: 'trima' }],
  ['stochastic', { kPeriod: 5, smooth: 1, dPeriod: 4, maType: 't3' }], ['stochastic', { kPeriod: 9, smooth: 4, dPeriod: 1, maType: 'kama' }],
];

// JSON has no NaN: undefined values are written as null.
const encode = (arr) => arr.map((v) => (Number.isNaN(v) ? null : v));

mkdirSync(outDir, { recursive: true });
for (const [name, d] of Object.entries(datasets)) {
  const cases = CASES.map(([type, params]) => {
    const make = TALIB[type] ?? REFERENCE[type];
    if (!make) throw new Error(`no oracle for ${type}`);
    const expected = make(params)(d);
    return {
      type,
      params,
      reference: TALIB[type] ? 'talib' : 'definition',
      expected: Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, encode(v)])),
    };
  });
  const file = join(outDir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ dataset: name, talibVersion: talib.version, inputs: d, cases }));
  console.log(`wrote ${file}: ${d.time.length} rows, ${cases.length} cases`);
}
