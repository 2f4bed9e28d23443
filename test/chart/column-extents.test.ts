import { expect } from '@esm-bundle/chai';
import { MinMaxPyramid } from '../../src/data/lod.js';
import { columnExtents, firstAtOrAfter, type ColumnExtentsSource } from '../../src/chart/series/column-extents.js';
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
});
