/**
 * The live form against batch: rows appended one or several at a time, with forming-candle
 * updates of the last row in between, must give exactly what a fresh batch computation gives.
 */
import { expect } from '@esm-bundle/chai';
import {
  computeIndicator,
  createLiveIndicator,
  type IndicatorInputs,
  type IndicatorOutput,
  type IndicatorParams,
  indicatorTypes,
  INDICATORS,
} from '../../src/indicators/index.js';
import { close, DATASETS, firstRows, loadFixture, mulberry32 } from './helpers.js';


const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

/** A source that grows like a ColumnTable: the caller sees fresh column arrays each time. */
class GrowingSource {
  readonly cols: Record<string, Float64Array> = {};
  rows = 0;
  constructor(readonly truth: IndicatorInputs) {
    for (const [k, v] of Object.entries(truth)) if (v) this.cols[k] = new Float64Array(v.length);
  }
  view(): IndicatorInputs {
    const out = { time: this.cols.time.subarray(0, this.rows) } as IndicatorInputs;
    for (const [k, v] of Object.entries(this.cols)) out[k] = v.subarray(0, this.rows);
    return out;
  }
  copyTrue(row: number): void {
    for (const [k, v] of Object.entries(this.cols)) v[row] = this.truth[k]![row];
  }
  /** A made-up forming candle for the last row (sometimes a flat one, to hit zero ranges). */
  scribble(rand: () => number): void {
    const r = this.rows - 1;
    const base = this.truth.close![r];
    if (rand() < 0.2) {
      for (const k of PRICE_COLUMNS) this.cols[k][r] = this.cols.close[Math.max(0, r - 1)];
    } else {
      const a = base * (1 + 0.02 * (rand() - 0.5));
      const b = base * (1 + 0.02 * (rand() - 0.5));
      this.cols.open[r] = a;
      this.cols.close[r] = b;
      this.cols.high[r] = Math.max(a, b) * (1 + 0.005 * rand());
      this.cols.low[r] = Math.min(a, b) * (1 - 0.005 * rand());
    }
    this.cols.volume[r] = Math.round(10000 * rand());
  }
}

function sameOutputs(label: string, actual: IndicatorOutput, expected: IndicatorOutput, rows: number): string | null {
  for (const [name, e] of Object.entries(expected)) {
    const a = actual[name];
    if (!a || a.length !== rows) return `${label} ${name}: length ${a?.length}, expected ${rows}`;
    for (let i = 0; i < rows; i++) {
      if (!close(e[i], a[i])) return `${label} ${name} row ${i}: live ${a[i]}, batch ${e[i]}`;
    }
  }
  return null;
}

/** Streams `truth` through a live indicator; returns the first disagreement, or null. */
function stream(type: string, params: IndicatorParams | undefined, truth: IndicatorInputs, seed: number): string | null {
  const rand = mulberry32(seed);
  const src = new GrowingSource(truth);
  const live = createLiveIndicator(type, params);
  const n = truth.time.length;
  let lastIsScribbled = false;
  let before: IndicatorOutput = {};
  while (src.rows < n || lastIsScribbled) {
    let updatedLast = false;
    const r = rand();
    if (src.rows > 0 && (r < 0.35 || src.rows === n)) {
      // The forming candle changes (or settles to its true value).
      updatedLast = true;
      if (rand() < 0.5 || src.rows === n) {
        src.copyTrue(src.rows - 1);
        lastIsScribbled = false;
      } else {
        src.scribble(rand);
        lastIsScribbled = true;
      }
    } else {
      if (lastIsScribbled) {
        src.copyTrue(src.rows - 1);
        updatedLast = true;
        lastIsScribbled = false;
      }
      const add = Math.min(n - src.rows, r < 0.9 ? 1 : 2 + Math.floor(rand() * 6));
      for (let k = 0; k < add; k++) src.copyTrue(src.rows++);
      if (rand() < 0.3) {
        src.scribble(rand);
        lastIsScribbled = true;
      }
    }
    const view = src.view();
    const firstChanged = live.update(view, updatedLast);
    if (live.length !== src.rows) return `${type}: length ${live.length}, source has ${src.rows}`;
    // Rows before the reported first change must be untouched.
    for (const [name, old] of Object.entries(before)) {
      for (let i = 0; i < Math.min(firstChanged, old.length); i++) {
        const now = live.outputs[name][i];
        if (!(Object.is(now, old[i]) || now === old[i])) return `${type} ${name} row ${i} changed but first changed index was ${firstChanged}`;
      }
    }
    const batch = computeIndicator(type, firstRows(view, src.rows), params);
    const problem = sameOutputs(`${type} at ${src.rows} rows`, live.outputs, batch, src.rows);
    if (problem) return problem;
    before = Object.fromEntries(Object.entries(live.outputs).map(([k, v]) => [k, v.slice()]));
  }
  return null;
}

describe('live indicators: appends and last-row updates equal batch', () => {
  for (const dataset of DATASETS) {
    it(`every type, default params and the fixture params, on ${dataset}`, async function () {
      // ~140 streams, each re-checked against a batch computation after every step: about
      // 15 s alone on the 2-core test machine, more while other browsers share it.
      this.timeout(120_000);
      const f = await loadFixture(dataset);
      const failures: string[] = [];
      let seed = 1;
      for (const type of indicatorTypes()) {
        const problem = stream(type, undefined, f.inputs, seed++);
        if (problem) failures.push(problem);
      }
      for (const c of f.cases) {
        const problem = stream(c.type, c.params, f.inputs, seed++);
        if (problem) failures.push(`${problem} (params ${JSON.stringify(c.params)})`);
      }
      expect(failures).to.deep.equal([]);
    });
  }

  it('agrees with batch after a long stream (20,000 rows) for the running-sum indicators', async function () {
    // Most of the time goes into copying every column for each of ~800 updates (a source that
    // reallocates), which in headless Chromium on the 2-core test machine takes close to the
    // default 30 s, before and after the gap rule alike.
    this.timeout(120_000);
    const f = await loadFixture('gaps-flat');
    const n = 20_000;
    const base = f.inputs.time.length;
    const rand = mulberry32(99);
    const long = {} as IndicatorInputs;
    for (const k of Object.keys(f.inputs)) long[k] = new Float64Array(n);
    let scale = 1;
    for (let i = 0; i < n; i++) {
      const j = i % base;
      if (j === 0 && i > 0) scale *= 0.5 + rand() * 3; // regime jumps across repeats
      long.time![i] = f.inputs.time[0] + i * 3_600_000;
      for (const k of PRICE_COLUMNS) long[k]![i] = f.inputs[k]![j] * scale;
      long.volume![i] = f.inputs.volume![j];
    }
    for (const type of ['sma', 'wma', 'stddev', 'bollinger', 'cmf', 'mfi', 'vwap', 'ultosc', 'obv', 'ad', 'volume']) {
      const params = type === 'vwap' ? { anchor: 'none' } : undefined;
      const live = createLiveIndicator(type, params);
      const view = (rows: number) => firstRows(long, rows);
      for (let rows = 1; rows <= n; rows += 1 + Math.floor(rand() * 50)) live.update(view(rows), false);
      live.update(view(n), false);
      const batch = computeIndicator(type, long, params);
      expect(sameOutputs(type, live.outputs, batch, n)).to.equal(null);
    }
  });

  it('reset starts over and handles a source that lost rows', async () => {
    const f = await loadFixture('random-walk');
    const live = createLiveIndicator('macd');
    live.update(firstRows(f.inputs, 200), false);
    expect(live.length).to.equal(200);
    // A capacity window dropped the oldest 50 rows: the caller resets on the remaining ones.
    const window: IndicatorInputs = { time: f.inputs.time.slice(50, 250) };
    for (const k of Object.keys(f.inputs)) window[k] = f.inputs[k]!.slice(50, 250);
    live.reset(window);
    expect(live.length).to.equal(200);
    expect(sameOutputs('macd after reset', live.outputs, computeIndicator('macd', window), 200)).to.equal(null);
    // Fewer rows than before without a reset: recomputed from scratch rather than left stale.
    const shorter = firstRows(window, 120);
    expect(live.update(shorter, false)).to.equal(0);
    expect(sameOutputs('macd after shrink', live.outputs, computeIndicator('macd', shorter), 120)).to.equal(null);
  });

  it('reports how far back a new row reaches (Ichimoku lagging span)', async () => {
    const f = await loadFixture('random-walk');
    const live = createLiveIndicator('ichimoku');
    live.update(firstRows(f.inputs, 100), false);
    const displacement = INDICATORS.ichimoku.defaults.displacement as number;
    expect(live.update(firstRows(f.inputs, 101), false)).to.equal(100 - displacement);
    expect(live.outputs.chikou[100 - displacement]).to.equal(f.inputs.close![100]);
    expect(live.update(firstRows(f.inputs, 101), true)).to.equal(100 - displacement);
    const sma = createLiveIndicator('sma');
    sma.update(firstRows(f.inputs, 100), false);
    expect(sma.update(firstRows(f.inputs, 103), false)).to.equal(100);
    expect(sma.update(firstRows(f.inputs, 103), true)).to.equal(102);
  });
});
