import { expect } from '@esm-bundle/chai';
import { MinMaxPyramid, FIRST_LEVEL, GAP } from '../../src/data/lod.js';

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

  it('treats ±Infinity as gaps, in unbuilt rows as in built buckets', () => {
    const n = 5000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = i % 97 === 5 ? Infinity : i % 89 === 3 ? -Infinity : Math.round(Math.sin(i / 50) * 40) / 4 + 0; // no -0; exact in float32, as the pyramid stores
    const unbuilt = new MinMaxPyramid(values[0]);
    unbuilt.build(values, 0);
    const built = new MinMaxPyramid(values[0]);
    built.build(values, n);
    for (const [a, b] of [[0, n - 1], [5, 5], [3, 400], [100, 4999], [1000, 1100]]) {
      const want = brute(values, a, b);
      expect(unbuilt.rangeMinMax(values, a, b), `unbuilt ${a}..${b}`).to.deep.equal(want);
      expect(built.rangeMinMax(values, a, b), `built ${a}..${b}`).to.deep.equal(want);
    }
  });

  it('grows by keeping its buckets: after appends past its room it equals a fresh build of the same room, built or half built', () => {
    let s = 3;
    const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
    const values = new Float64Array(40_000);
    for (let i = 0; i < values.length; i++) values[i] = rnd() < 0.01 ? NaN : Math.round((rnd() - 0.5) * 1000) / 8;
    const p = new MinMaxPyramid(values[0]);
    p.build(values, 3000);
    const room = p.levels;
    let n = 3000;
    for (; n + 7 <= 9000; n += 7) p.update(values, n, n + 7);
    expect(p.levels, 'a bigger layout').to.be.greaterThan(room);
    expect(p.complete).to.equal(true);
    const fresh = new MinMaxPyramid(values[0]);
    fresh.build(values, n, 12_288); // the same room: 3072 rows (3000 in whole blocks) doubled twice
    expect(fresh.levelStart).to.deep.equal(p.levelStart);
    expect(Array.from(p.data), 'every bucket as a fresh build has it').to.deep.equal(Array.from(fresh.data));

    // Growing while half built keeps the built rows and builds the rest later.
    const q = new MinMaxPyramid(values[0]);
    q.prepare(20_000);
    q.buildSome(values, 12_000);
    const built = q.builtRows;
    q.update(values, 20_000, 30_000);
    expect(q.builtRows).to.equal(built);
    expect(q.rangeMinMax(values, 100, 29_000)).to.deep.equal(brute(values, 100, 29_000));
    while (!q.buildSome(values, 5000));
    for (const [a, b] of [[0, 29_999], [5, 11_999], [12_345, 23_456], [29_000, 29_999]]) expect(q.rangeMinMax(values, a, b), `${a}..${b}`).to.deep.equal(brute(values, a, b));
  });

  it('holds each bucket\'s min and max, and gap buckets as (GAP, -GAP)', () => {
    const values = Float64Array.from([5, 1, 9, 3, 2, 8, 0, 4, NaN, NaN, NaN, NaN, 7, NaN, 6, NaN]);
    const p = new MinMaxPyramid(0);
    p.build(values);
    const base = p.levelStart[FIRST_LEVEL] * 2;
    expect(Array.from(p.data.slice(base, base + 8))).to.deep.equal([1, 9, 0, 8, Math.fround(GAP), -Math.fround(GAP), 6, 7]);
    const up = p.levelStart[FIRST_LEVEL + 1] * 2;
    expect(Array.from(p.data.slice(up, up + 4))).to.deep.equal([0, 9, 6, 7]); // a gap bucket never wins
    expect(p.rangeMinMax(values, 8, 11)).to.equal(null);
    expect(MinMaxPyramid.levelFor(4, p.levels)).to.equal(0);
    expect(MinMaxPyramid.levelFor(64, 20)).to.equal(5);
  });

  it('answers exactly while it is built in slices, through appends and updates meanwhile', () => {
    let s = 11;
    const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
    const n = 50_000;
    const values = new Float64Array(n + 5000);
    for (let i = 0; i < values.length; i++) values[i] = rnd() < 0.01 ? NaN : Math.round((rnd() - 0.5) * 1000) / 8;
    const p = new MinMaxPyramid(values[0]);
    p.prepare(n);
    expect(p.complete).to.equal(false);
    let rows = n;
    const check = (label: string) => {
      for (let q = 0; q < 150; q++) {
        const a = Math.floor(rnd() * rows);
        const b = Math.min(rows - 1, a + Math.floor(rnd() * 20_000));
        const got = p.rangeMinMax(values, a, b);
        const want = brute(values, a, b);
        if (want === null) expect(got, `${label} rows ${a}..${b}`).to.equal(null);
        else expect(got, `${label} rows ${a}..${b}`).to.deep.equal(want);
      }
    };
    check('nothing built');
    p.buildSome(values, 10_000);
    expect(p.builtRows).to.be.within(10_000, 11_264);
    check('a fifth built');
    values[500] = 9999; // an update inside the built part
    p.update(values, 500, n);
    expect(p.builtRows).to.equal(500);
    check('after an update');
    p.buildSome(values, 30_000);
    rows = n + 5000; // appends while it is being built
    p.update(values, n, rows);
    check('after appends');
    while (!p.buildSome(values, 7000));
    expect(p.complete).to.equal(true);
    check('complete');
  });
});
