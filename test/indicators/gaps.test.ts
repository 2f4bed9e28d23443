/**
 * Gaps in the input (docs/indicators.md, "Gaps"): a row where any column an indicator reads is
 * NaN or ±Infinity splits the rows into segments; the gap row outputs NaN and every other row
 * equals the indicator computed over its segment alone. Checked for every indicator and every
 * column it reads, in batch and live (appends and last-row updates that open and close a gap).
 */
import { expect } from '@esm-bundle/chai';
import {
  computeIndicator,
  createLiveIndicator,
  type IndicatorInputs,
  type IndicatorOutput,
  indicatorTypes,
  INDICATORS,
} from '../../src/indicators/index.js';
import { firstRows, leadingNaN, loadFixture, mulberry32 } from './helpers.js';

/** The input columns `type` reads with default parameters (`source` is close). */
function readColumns(type: string): string[] {
  return [...new Set(INDICATORS[type].needs.map((n) => (n === 'source' ? 'close' : n)))].filter((n) => n !== 'time');
}

function rowsBetween(inputs: IndicatorInputs, from: number, to: number): IndicatorInputs {
  const out = { time: inputs.time.slice(from, to) } as IndicatorInputs;
  for (const [k, v] of Object.entries(inputs)) if (v) out[k] = v.slice(from, to);
  return out;
}

function withValue(inputs: IndicatorInputs, column: string, row: number, value: number): IndicatorInputs {
  const out = rowsBetween(inputs, 0, inputs.time.length);
  out[column]![row] = value;
  return out;
}

/** What the rule says: the segment before the gap alone, NaN at the gap, the segment after it alone. */
function expectedAroundGap(type: string, clean: IndicatorInputs, gap: number): IndicatorOutput {
  const n = clean.time.length;
  const before = computeIndicator(type, rowsBetween(clean, 0, gap));
  const after = computeIndicator(type, rowsBetween(clean, gap + 1, n));
  const out: IndicatorOutput = {};
  for (const name of INDICATORS[type].outputs) {
    const values = new Float64Array(n).fill(NaN);
    values.set(before[name], 0);
    values.set(after[name], gap + 1);
    out[name] = values;
  }
  return out;
}

/** The rule for any gaps: each run of rows without a non-finite read value, computed alone; NaN elsewhere. */
function bySegments(type: string, inputs: IndicatorInputs): IndicatorOutput {
  const n = inputs.time.length;
  const columns = readColumns(type).map((c) => inputs[c]!);
  const out: IndicatorOutput = {};
  for (const name of INDICATORS[type].outputs) out[name] = new Float64Array(n).fill(NaN);
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && columns.every((c) => Number.isFinite(c[i]))) continue;
    if (i > start) {
      const segment = computeIndicator(type, rowsBetween(inputs, start, i));
      for (const name of INDICATORS[type].outputs) out[name].set(segment[name], start);
    }
    start = i + 1;
  }
  return out;
}

function firstDifference(actual: IndicatorOutput, expected: IndicatorOutput, rows: number): string | null {
  for (const [name, e] of Object.entries(expected)) {
    const a = actual[name];
    if (!a || a.length !== rows) return `${name}: length ${a?.length}, expected ${rows}`;
    for (let i = 0; i < rows; i++) if (!Object.is(a[i], e[i])) return `${name} row ${i}: ${a[i]}, expected ${e[i]}`;
  }
  return null;
}

describe('indicators: gaps (NaN or ±Infinity) in the input', () => {
  const GAP = 150;

  it('every indicator, a gap in each column it reads: segment before + NaN + segment after', async () => {
    const f = await loadFixture('random-walk');
    const failures: string[] = [];
    for (const type of indicatorTypes()) {
      const expected = expectedAroundGap(type, f.inputs, GAP);
      for (const column of readColumns(type)) {
        for (const value of [NaN, Infinity, -Infinity]) {
          const problem = firstDifference(computeIndicator(type, withValue(f.inputs, column, GAP, value)), expected, f.inputs.time.length);
          if (problem) failures.push(`${type}, ${value} in ${column}: ${problem}`);
        }
      }
    }
    expect(failures).to.deep.equal([]);
  });

  it('a gap makes exactly the rows whose lookback window holds it NaN; earlier rows keep their values', async () => {
    const f = await loadFixture('random-walk');
    const n = f.inputs.time.length;
    const failures: string[] = [];
    for (const type of indicatorTypes()) {
      // Pivots look back to the previous calendar period, which the gap cuts short: not a fixed window.
      if (type === 'pivots') continue;
      const clean = computeIndicator(type, f.inputs);
      const gapped = computeIndicator(type, withValue(f.inputs, readColumns(type)[0], GAP, NaN));
      const reach = type === 'ichimoku' ? (INDICATORS.ichimoku.defaults.displacement as number) : 0;
      for (const name of INDICATORS[type].outputs) {
        // The lookback: how many rows an output needs before it is defined.
        const lookback = leadingNaN(clean[name]);
        // Chikou looks forward (close `displacement` rows later): its window ends before the gap.
        const firstHit = name === 'chikou' ? GAP - reach : GAP;
        const lastHit = name === 'chikou' ? GAP : GAP + lookback;
        for (let i = 0; i < n; i++) {
          const hit = i >= firstHit && i <= lastHit;
          const a = gapped[name][i];
          if (hit && !Number.isNaN(a)) failures.push(`${type} ${name} row ${i}: ${a}, expected NaN (window holds the gap)`);
          else if (!hit && i < firstHit && !Object.is(a, clean[name][i])) failures.push(`${type} ${name} row ${i}: ${a}, expected ${clean[name][i]} as without the gap`);
          else if (!hit && i > lastHit && Number.isNaN(a) && !Number.isNaN(clean[name][i])) failures.push(`${type} ${name} row ${i}: NaN after the window`);
          if (failures.length > 20) break;
        }
      }
    }
    expect(failures).to.deep.equal([]);
  });

  it('windowed highs and lows never keep a gap: %R, %K, Donchian and Aroon stay in range', async () => {
    const f = await loadFixture('random-walk');
    const inputs = withValue(withValue(f.inputs, 'high', 40, NaN), 'low', 90, NaN);
    const inRange = (values: Float64Array, low: number, high: number) => Array.from(values).filter((v) => !Number.isNaN(v) && !(v >= low && v <= high));
    expect(inRange(computeIndicator('willr', inputs).value, -100, 0)).to.deep.equal([]);
    const stochastic = computeIndicator('stochastic', inputs, { smooth: 1, dPeriod: 1 });
    expect(inRange(stochastic.k, 0, 100)).to.deep.equal([]);
    const aroon = computeIndicator('aroon', inputs);
    expect(inRange(aroon.up, 0, 100)).to.deep.equal([]);
    expect(inRange(aroon.down, 0, 100)).to.deep.equal([]);
    const donchian = computeIndicator('donchian', inputs, { period: 20 });
    for (let i = 0; i < inputs.time.length; i++) {
      const low = donchian.lower[i];
      if (Number.isNaN(low)) continue;
      const window = Array.from(inputs.low!.subarray(i - 19, i + 1));
      expect(window, `Donchian low at row ${i} is a low of its window`).to.include(low);
      expect(low, `row ${i}`).to.equal(Math.min(...window));
    }
  });

  it('live equals batch while gaps open and close, in appends and in last-row updates', async function () {
    // Every type streamed with a batch recomputation after each step: ~5 s alone on the 2-core
    // test machine, past the default 30 s when the whole suite and other browsers share it.
    this.timeout(120_000);
    const f = await loadFixture('random-walk');
    const n = f.inputs.time.length;
    const failures: string[] = [];
    let seed = 7;
    for (const type of indicatorTypes()) {
      const columns = readColumns(type);
      // Gaps of one and of several rows, in different columns.
      let truth = withValue(f.inputs, columns[0], 60, NaN);
      truth = withValue(truth, columns[columns.length - 1], 61, NaN);
      truth = withValue(truth, columns[0], 140, Infinity);
      truth = withValue(truth, columns[0], 141, NaN);
      truth = withValue(truth, columns[0], 142, NaN);
      const rand = mulberry32(seed++);
      const shown = rowsBetween(truth, 0, n);
      const live = createLiveIndicator(type);
      let rows = 0;
      while (rows < n && failures.length === 0) {
        let updatedLast = false;
        if (rows > 0 && rand() < 0.4) {
          // The last row re-forms: sometimes into a gap, then back to its real value.
          const r = rows - 1;
          const column = columns[Math.floor(rand() * columns.length)];
          shown[column]![r] = rand() < 0.5 ? NaN : truth[column]![r] * (1 + 0.01 * (rand() - 0.5));
          live.update(firstRows(shown, rows), true);
          for (const c of columns) shown[c]![r] = truth[c]![r];
          updatedLast = true;
        } else {
          rows += Math.min(n - rows, 1 + Math.floor(rand() * 3));
        }
        live.update(firstRows(shown, rows), updatedLast);
        const problem = firstDifference(live.outputs, computeIndicator(type, firstRows(shown, rows)), rows);
        if (problem) failures.push(`${type} at ${rows} rows: ${problem}`);
      }
      const problem = firstDifference(live.outputs, bySegments(type, truth), n);
      if (problem) failures.push(`${type}, live, against its segments: ${problem}`);
    }
    expect(failures).to.deep.equal([]);
  });
});

