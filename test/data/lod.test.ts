import { expect } from '@esm-bundle/chai';
import { MinMaxPyramid, FIRST_LEVEL } from '../../src/data/lod.js';

function brute(values: Float64Array, i0: number, i1: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = i0; i <= i1; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo <= hi ? [lo, hi] : null;
}

describe('MinMaxPyramid', () => {
  it('answers range min/max like a scan, through appends, updates and gaps', () => {
    let s = 5;
    const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
    const n = 20_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = rnd() < 0.02 ? NaN : Math.round((rnd() - 0.5) * 1000) / 4;
    const p = new MinMaxPyramid(values[1]);
    p.build(values, 5000);
    for (let grow = 5000; grow <= n; grow += 2500) {
      if (grow > 5000) p.update(values, grow - 2500, grow);
      values[grow - 1] = 777.25; // an in-place update of the last row
      p.update(values, grow - 1, grow);
      for (let q = 0; q < 200; q++) {
        const a = Math.floor(rnd() * grow);
        const b = Math.min(grow - 1, a + Math.floor(rnd() * 3000));
        const got = p.rangeMinMax(values, a, b);
        const want = brute(values, a, b);
        if (want === null) expect(got).to.equal(null);
        else expect(got, `rows ${a}..${b}`).to.deep.equal(want);
      }
    }
  });

  it('keeps each bucket\'s extremes in the order they occur', () => {
    const values = Float64Array.from([5, 1, 9, 3, 2, 8, 0, 4]);
    const p = new MinMaxPyramid(0);
    p.build(values);
    const base = p.levelStart[FIRST_LEVEL] * 2;
    // Bucket 0 (5 1 9 3): min 1 comes before max 9; bucket 1 (2 8 0 4): max 8 before min 0.
    expect(Array.from(p.data.slice(base, base + 4))).to.deep.equal([1, 9, 8, 0]);
    const up = p.levelStart[FIRST_LEVEL + 1] * 2;
    expect(Array.from(p.data.slice(up, up + 2))).to.deep.equal([9, 0]); // 9 (row 2) comes before 0 (row 6)
    expect(MinMaxPyramid.levelFor(4, p.levels)).to.equal(0);
    expect(MinMaxPyramid.levelFor(64, 20)).to.equal(5);
  });
});
