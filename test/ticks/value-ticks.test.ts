import { expect } from '@esm-bundle/chai';
import { formatCompact, formatValue, logValueTicks, niceValueTicks } from '../../src/chart/ticks/value-ticks.js';

describe('niceValueTicks', () => {
  it('uses 1/2/5 steps within the range and at most maxCount ticks', () => {
    const { step, ticks, decimals } = niceValueTicks(-3.7, 123.4, 5);
    expect(step).to.equal(50);
    expect(ticks).to.deep.equal([0, 50, 100]);
    expect(Object.is(ticks[0], -0)).to.equal(false);
    expect(decimals).to.equal(0);
  });

  it('picks the smallest step that fits', () => {
    expect(niceValueTicks(0, 100, 11).step).to.equal(10);
    expect(niceValueTicks(0, 100, 10).step).to.equal(20);
    expect(niceValueTicks(0, 100, 6).step).to.equal(20);
    expect(niceValueTicks(0, 100, 5).step).to.equal(50);
    expect(niceValueTicks(0, 1, 3).ticks).to.deep.equal([0, 0.5, 1]);
  });

  it('never exceeds maxCount and stays inside the range for many ranges', () => {
    for (const [min, max] of [[0.0013, 0.0091], [-1e6, 3e7], [99.5, 100.25], [1e-12, 5e-12], [-7, -3]] as const) {
      for (const maxCount of [2, 5, 8, 13]) {
        const { ticks, step } = niceValueTicks(min, max, maxCount);
        expect(ticks.length, `${min}..${max} / ${maxCount}`).to.be.within(1, maxCount);
        const tolerance = step * 1e-9;
        for (const tick of ticks) expect(tick).to.be.within(min - tolerance, max + tolerance);
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
        expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-9), `step ${step}`).to.equal(true);
      }
    }
  });

  it('prints ticks without float noise', () => {
    const { ticks, decimals } = niceValueTicks(0.1 + 0.2, 1, 8);
    expect(ticks).to.deep.equal([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(ticks.map(String)).to.deep.equal(['0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1']);
    expect(decimals).to.equal(1);
    const small = niceValueTicks(1.0001, 1.0009, 5);
    expect(small.step).to.equal(0.0002);
    expect(small.decimals).to.equal(4);
    expect(small.ticks.map(String)).to.deep.equal(['1.0002', '1.0004', '1.0006', '1.0008']);
  });

  it('handles a flat or reversed range', () => {
    expect(niceValueTicks(2.5, 2.5, 5)).to.deep.equal({ step: 0, ticks: [2.5], decimals: 1 });
    expect(niceValueTicks(10, 0, 3).ticks).to.deep.equal([0, 5, 10]);
    expect(niceValueTicks(NaN, 1, 3).ticks).to.deep.equal([]);
  });
});

describe('logValueTicks', () => {
  it('gives powers of ten, adding 2× and 5× when they fit', () => {
    expect(logValueTicks(1, 100, 5)).to.deep.equal([1, 10, 100]);
    expect(logValueTicks(1, 100, 10)).to.deep.equal([1, 2, 5, 10, 20, 50, 100]);
    expect(logValueTicks(0.01, 1, 3)).to.deep.equal([0.01, 0.1, 1]);
  });

  it('thins powers of ten over many decades', () => {
    const ticks = logValueTicks(0.002, 3e6, 5);
    expect(ticks).to.deep.equal([0.01, 1, 100, 1e4, 1e6]);
  });

  it('falls back to linear ticks within a decade', () => {
    expect(logValueTicks(2, 8, 5)).to.deep.equal([2, 5]);
    expect(logValueTicks(3, 4, 5)).to.deep.equal([3, 3.5, 4]);
    expect(logValueTicks(0, 10, 5)).to.deep.equal([]);
  });
});

describe('formatValue / formatCompact', () => {
  it('formats with fixed decimals per locale', () => {
    expect(formatValue(1234.5, 2, 'en-US')).to.equal('1,234.50');
    expect(formatValue(1234.5, 2, 'de-DE')).to.equal('1.234,50');
    expect(formatValue(0.30000000000000004, 1, 'en-US')).to.equal('0.3');
    expect(formatValue(-0.0001, 2, 'en-US')).to.equal('0.00');
    expect(formatValue(-1.5, 0, 'en-US')).to.equal('-2');
  });

  it('shortens big numbers', () => {
    expect(formatCompact(1_234_567, 'en-US')).to.equal('1.2M');
    expect(formatCompact(45_600, 'en-US')).to.equal('45.6K');
    expect(formatCompact(980, 'en-US')).to.equal('980');
    expect(formatCompact(1_234_567, 'de-DE').replace(/\s/g, ' ')).to.equal('1,2 Mio.');
  });
});
