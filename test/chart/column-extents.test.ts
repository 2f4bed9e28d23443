import { expect } from '@esm-bundle/chai';
import { MinMaxPyramid } from '../../src/data/lod.js';
import { ColumnExtremaCache, columnExtents, firstAtOrAfter, type ColumnExtentsSource } from '../../src/chart/series/column-extents.js';
import { ValueScale, type PlotRect } from '../../src/chart/scales.js';

function walk(n: number, seed: number): { times: Float64Array; values: Float64Array } {
  let s = seed;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let t = Date.UTC(2026, 0, 1);
  let v = 100;
  for (let i = 0; i < n; i++) {
    t += rnd() < 0.001 ? 3_600_000 : 1000; // now and then a pause in time
    times[i] = t;
    v += rnd() - 0.5;
    values[i] = rnd() < 0.002 ? NaN : v;
  }
  return { times, values };
}

describe('column spans', () => {
  it('finds the first row at or after a time like a plain search', () => {
    const { times } = walk(5000, 4);
    for (const t of [times[0] - 1, times[0], times[17] + 1, times[2500], times[4999], times[4999] + 1]) {
      for (const lo of [0, 10, 2000]) {
        let want = lo;
        while (want < times.length && times[want] < t) want++;
        expect(firstAtOrAfter(times, t, lo, times.length), `t ${t} from ${lo}`).to.equal(want);
      }
    }
  });

  it('spans a column from its rows and from where the segments cross its edges (time and category x)', () => {
    // Rows at x = 10.25 + 0.5 i: two rows per pixel column 10..13, none on an edge; y = value.
    const values = Float64Array.from([0, 4, 1, 3, 9, 6, 5, 7]);
    const times = Float64Array.from(values, (_, i) => 1000 + i);
    const pyramid = new MinMaxPyramid(values[0]);
    pyramid.build(values);
    for (const byIndex of [false, true]) {
      const out = new Float32Array(8);
      const src: ColumnExtentsSource = {
        times, values, pyramid, first: 0, last: 7, step: false, valueScale: {},
        x: { origin: byIndex ? 0 : 1000, px0: 10.25, slope: 0.5 }, xByIndex: byIndex,
        valuePx: (v) => v, valueAffine: null,
      };
      columnExtents(src, 10, 4, out, new Int32Array(5), new Float64Array(5));
      // Column 11 reaches 6 where the segment from row 3 (3) to row 4 (9) crosses x = 12; column 12
      // reaches down to 5.5 where row 5 (6) to row 6 (5) crosses x = 13.
      expect(Array.from(out), byIndex ? 'category x' : 'time x').to.deep.equal([0, 4, 1, 6, 5.5, 9, 5, 7]);
    }
  });

  // The value map is inlined for linear and percent scales: it must give what valuePx gives.
  for (const [name, category, mode, step] of [
    ['time scale, linear values', false, 'linear', false],
    ['category scale, percent values', true, 'percent', false],
    ['time scale, step line', false, 'linear', true],
  ] as const) {
    it(`computes the same spans through the inline value map as through valuePx (${name})`, () => {
      const n = 60_000;
      const { times, values } = walk(n, 9);
      const pyramid = new MinMaxPyramid(values[0]);
      pyramid.prepare(n);
      pyramid.buildSome(values, 30_000); // half built: both reading paths
      const plot: PlotRect = { x: 40.5, y: 8, width: 700, height: 300 };
      const scale = new ValueScale();
      scale.mode = mode;
      scale.base = values[100];
      scale.fit(80, 130);
      const first = 3;
      const last = n - 5;
      const from = category ? 0 : times[first];
      const to = category ? n - 1 : times[last];
      const src: ColumnExtentsSource = {
        times,
        values,
        pyramid,
        first,
        last,
        x: { origin: from, px0: plot.x, slope: plot.width / (to - from) },
        xByIndex: category,
        valuePx: (v) => scale.toPx(v, plot),
        valueScale: scale,
        step,
      };
      const cols = 700;
      const run = (s: ColumnExtentsSource): Float32Array => {
        const out = new Float32Array(cols * 2);
        columnExtents(s, 41, cols, out, new Int32Array(cols + 1), new Float64Array(cols + 1));
        return out;
      };
      const byCallback = run({ ...src, valueAffine: null });
      const inline = run({ ...src, valueAffine: scale.affinePx(plot) });
      let worst = 0;
      let drawn = 0;
      for (let i = 0; i < byCallback.length; i++) {
        if (byCallback[i] < 1e30) drawn++;
        worst = Math.max(worst, Math.abs(byCallback[i] - inline[i]));
      }
      expect(drawn, 'columns with a span').to.be.greaterThan(cols);
      expect(worst, 'largest difference in px').to.be.lessThan(1e-3);
    });
  }

  it('has an affine map for linear and percent scales and none for log scales', () => {
    const plot: PlotRect = { x: 0, y: 10, width: 100, height: 200 };
    const scale = new ValueScale();
    for (const mode of ['linear', 'percent', 'log'] as const) {
      scale.mode = mode;
      scale.base = 50;
      scale.fit(20, 80);
      const m = scale.affinePx(plot);
      if (mode === 'log') {
        expect(m).to.equal(null);
        continue;
      }
      for (const v of [20, 33.3, 80]) expect(m!.px0 + (v - m!.origin) * m!.slope, `${mode} ${v}`).to.be.closeTo(scale.toPx(v, plot), 1e-9);
    }
  });

  it('keeps column extrema between frames and matches reading them afresh through appends, edits and view moves', () => {
    // A stream: rows appended each frame, the view stretched to hold them (every column edge moves
    // by a row or none), now and then a pan, a zoom, an edit of the last row or of a middle row.
    const total = 120_000;
    const { times, values } = walk(total, 21);
    let s = 5;
    const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
    let n = 80_000;
    const pyramid = new MinMaxPyramid(values[0]);
    pyramid.build(values.subarray(0, n), n, total);
    const cols = 500;
    const kept = new ColumnExtremaCache();
    const valuePx = (v: number) => 300 - (v - 60);
    let first = 0;
    let kinds = 0;
    let reads = 0;
    for (let frame = 0; frame < 400; frame++) {
      const roll = rnd();
      if (roll < 0.05) {
        // an edit inside the data: a spike in the middle, then the pyramid is told
        const i = 1000 + Math.floor(rnd() * (n - 2000));
        values[i] += rnd() < 0.5 ? 40 : -40;
        pyramid.update(values, i, n);
        kinds |= 1;
      } else if (roll < 0.1) {
        values[n - 1] += 3; // the last row replaced
        pyramid.update(values, n - 1, n);
        kinds |= 2;
      } else if (roll < 0.15) {
        first = Math.max(0, Math.min(n - 20_000, first + Math.round((rnd() - 0.5) * 4000))); // pan or zoom
        kinds |= 4;
      } else {
        const add = 1 + Math.floor(rnd() * 3);
        pyramid.update(values, n, n + add);
        n += add;
        kinds |= 8;
      }
      const last = n - 1;
      const src: ColumnExtentsSource = {
        times, values, pyramid, first, last, step: false, valueScale: {}, xByIndex: false, valueAffine: null, valuePx,
        x: { origin: times[first], px0: 10, slope: cols / (times[last] - times[first]) },
      };
      const withCache = new Float32Array(cols * 2);
      const afresh = new Float32Array(cols * 2);
      columnExtents(src, 10, cols, withCache, new Int32Array(cols + 1), new Float64Array(cols + 1), false, kept);
      columnExtents(src, 10, cols, afresh, new Int32Array(cols + 1), new Float64Array(cols + 1));
      for (let i = 0; i < afresh.length; i++) {
        // The pyramid stores float32 offsets: a kept raw value and a stored one differ by far less than a pixel.
        if (Math.abs(withCache[i] - afresh[i]) > 1e-3) expect(withCache[i], `frame ${frame}, column ${i >> 1}`).to.equal(afresh[i]);
        reads++;
      }
    }
    expect(kinds, 'every kind of change happened').to.equal(15);
    expect(reads).to.equal(400 * cols * 2);
  });
});
