/** Drawing metadata and error handling of the indicator API. */
import { expect } from '@esm-bundle/chai';
import { computeIndicator, createLiveIndicator, indicatorTypes, INDICATORS, type IndicatorInputs } from '../../src/indicators/index.js';
import { firstRows, loadFixture } from './helpers.js';

const REQUIRED_TYPES = [
  'sma', 'ema', 'wma', 'dema', 'tema', 'kama', 'bollinger', 'keltner', 'donchian', 'psar', 'supertrend', 'ichimoku',
  'vwap', 'rsi', 'macd', 'stochastic', 'stochrsi', 'cci', 'willr', 'roc', 'momentum', 'trix', 'ppo', 'ultosc', 'ao',
  'adx', 'aroon', 'aroonosc', 'atr', 'natr', 'trange', 'stddev', 'obv', 'ad', 'cmf', 'mfi', 'volume', 'pivots',
];

const STYLES = ['line', 'dots', 'histogram', 'band-upper', 'band-lower', 'cloud-a', 'cloud-b', 'trend', 'volume'];

describe('indicator metadata', () => {
  it('lists exactly the required types, each under its own key', () => {
    expect(indicatorTypes().slice().sort()).to.deep.equal(REQUIRED_TYPES.slice().sort());
    for (const [key, spec] of Object.entries(INDICATORS)) expect(spec.type).to.equal(key);
  });

  it('gives every output a known style, and the customary names', () => {
    for (const spec of Object.values(INDICATORS)) {
      expect(spec.name.length, spec.type).to.be.greaterThan(1);
      expect(Object.keys(spec.styles).sort(), spec.type).to.deep.equal(spec.outputs.slice().sort());
      for (const style of Object.values(spec.styles)) expect(STYLES, spec.type).to.include(style);
      expect(['overlay', 'pane'], spec.type).to.include(spec.placement);
    }
    expect(INDICATORS.macd.outputs).to.deep.equal(['macd', 'signal', 'histogram']);
    expect(INDICATORS.macd.styles.histogram).to.equal('histogram');
    for (const t of ['bollinger', 'keltner', 'donchian']) {
      expect(INDICATORS[t].outputs).to.deep.equal(['upper', 'middle', 'lower']);
      expect(INDICATORS[t].styles.upper).to.equal('band-upper');
      expect(INDICATORS[t].styles.lower).to.equal('band-lower');
    }
    expect(INDICATORS.stochastic.outputs).to.deep.equal(['k', 'd']);
    expect(INDICATORS.stochrsi.outputs).to.deep.equal(['k', 'd']);
    expect(INDICATORS.adx.outputs).to.deep.equal(['adx', 'plusDI', 'minusDI']);
    expect(INDICATORS.aroon.outputs).to.deep.equal(['up', 'down']);
    expect(INDICATORS.ichimoku.outputs).to.deep.equal(['tenkan', 'kijun', 'senkouA', 'senkouB', 'chikou']);
    expect(INDICATORS.ichimoku.styles.senkouA).to.equal('cloud-a');
    expect(INDICATORS.ichimoku.styles.senkouB).to.equal('cloud-b');
    expect(INDICATORS.volume.outputs).to.deep.equal(['volume', 'average']);
    expect(INDICATORS.volume.styles.volume).to.equal('volume');
    expect(INDICATORS.supertrend.styles.value).to.equal('trend');
    expect(INDICATORS.pivots.outputs).to.deep.equal(['pp', 'r1', 'r2', 'r3', 's1', 's2', 's3']);
    expect(INDICATORS.supertrend.outputs).to.deep.equal(['value', 'direction']);
    expect(INDICATORS.supertrend.auxiliary).to.deep.equal(['direction']);
    expect(INDICATORS.psar.styles.value).to.equal('dots');
  });

  it('has the customary defaults, guides and scales', () => {
    expect(INDICATORS.rsi.defaults.period).to.equal(14);
    expect(INDICATORS.macd.defaults).to.include({ fast: 12, slow: 26, signal: 9 });
    expect(INDICATORS.bollinger.defaults).to.include({ period: 20, deviation: 2 });
    expect(INDICATORS.stochastic.defaults).to.include({ kPeriod: 14, smooth: 3, dPeriod: 3 });
    expect(INDICATORS.psar.defaults).to.include({ acceleration: 0.02, maximum: 0.2 });
    expect(INDICATORS.adx.defaults.period).to.equal(14);
    expect(INDICATORS.rsi.guides).to.deep.equal([30, 70]);
    expect(INDICATORS.stochastic.guides).to.deep.equal([20, 80]);
    expect(INDICATORS.willr.guides).to.deep.equal([-80, -20]);
    expect(INDICATORS.cci.guides).to.deep.equal([-100, 100]);
    expect(INDICATORS.mfi.guides).to.deep.equal([20, 80]);
    expect(INDICATORS.stochrsi.guides).to.deep.equal([20, 80]);
    expect(INDICATORS.ultosc.guides).to.deep.equal([30, 70]);
    for (const t of ['rsi', 'stochastic', 'mfi', 'stochrsi', 'ultosc', 'aroon']) expect(INDICATORS[t].range, t).to.deep.equal([0, 100]);
    expect(INDICATORS.willr.range).to.deep.equal([-100, 0]);
    const overlays = Object.values(INDICATORS).filter((s) => s.placement === 'overlay').map((s) => s.type);
    expect(overlays.sort()).to.deep.equal(
      ['sma', 'ema', 'wma', 'dema', 'tema', 'kama', 'bollinger', 'keltner', 'donchian', 'psar', 'supertrend', 'ichimoku', 'vwap', 'pivots'].sort(),
    );
  });

  it('declares exactly the columns each type reads', async () => {
    const f = await loadFixture('random-walk');
    for (const spec of Object.values(INDICATORS)) {
      const needed = spec.needs.map((n) => (n === 'source' ? 'close' : n));
      const inputs = { time: f.inputs.time } as IndicatorInputs;
      for (const n of needed) inputs[n] = f.inputs[n];
      const out = computeIndicator(spec.type, inputs);
      expect(Object.keys(out), spec.type).to.deep.equal(spec.outputs);
      // Every output gets defined somewhere on 300 rows with default params.
      for (const name of spec.outputs) expect(out[name].some((v) => !Number.isNaN(v)), `${spec.type}.${name}`).to.equal(true);
      for (const n of needed) {
        if (n === 'time') continue;
        const missing = { ...inputs, [n]: undefined } as IndicatorInputs;
        expect(() => computeIndicator(spec.type, missing), `${spec.type} without ${n}`).to.throw(`"${n}"`);
      }
    }
  });
});

describe('indicator errors and params', () => {
  const inputs = (): IndicatorInputs => ({ time: new Float64Array([1, 2, 3]), close: new Float64Array([1, 2, 3]) });

  it('rejects unknown types and bad or unknown params with a clear message', () => {
    expect(() => computeIndicator('nope', inputs())).to.throw('unknown indicator type "nope"');
    expect(() => createLiveIndicator('nope')).to.throw('unknown indicator type');
    expect(() => computeIndicator('sma', inputs(), { period: 1 })).to.throw('"period"');
    expect(() => computeIndicator('sma', inputs(), { period: 2.5 })).to.throw('integer');
    expect(() => computeIndicator('sma', inputs(), { period: '5' })).to.throw('"period"');
    expect(() => computeIndicator('sma', inputs(), { lenght: 5 })).to.throw('no parameter "lenght"');
    expect(() => computeIndicator('bollinger', inputs(), { deviation: Infinity })).to.throw('"deviation"');
    expect(() => computeIndicator('vwap', inputs(), { anchor: 'year' })).to.throw('"anchor"');
    expect(() => computeIndicator('rsi', inputs(), { source: 'typo' })).to.throw('"typo"');
    expect(() => computeIndicator('atr', inputs())).to.throw('"high"');
  });

  it('reads another column through `source`', async () => {
    const f = await loadFixture('random-walk');
    const fromOpen = computeIndicator('ema', f.inputs, { source: 'open', period: 5 }).value;
    const renamed = computeIndicator('ema', { time: f.inputs.time, close: f.inputs.open }, { period: 5 }).value;
    expect(Array.from(fromOpen)).to.deep.equal(Array.from(renamed));
  });

  it('handles fewer rows than the lookback: all NaN, right length', () => {
    const out = computeIndicator('macd', inputs());
    expect(out.macd.length).to.equal(3);
    expect(Array.from(out.signal).every(Number.isNaN)).to.equal(true);
    expect(computeIndicator('sma', { time: new Float64Array(0), close: new Float64Array(0) }).value.length).to.equal(0);
  });

  it('live outputs are views of the current length that grow with the source', async () => {
    const f = await loadFixture('random-walk');
    const live = createLiveIndicator('bollinger');
    expect(live.length).to.equal(0);
    for (let rows = 1; rows <= 300; rows++) {
      live.update(firstRows(f.inputs, rows), false);
      expect(live.outputs.upper.length).to.equal(rows);
    }
    expect(Array.from(live.outputs.middle)).to.deep.equal(Array.from(computeIndicator('bollinger', f.inputs).middle));
  });
});
