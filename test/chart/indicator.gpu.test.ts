import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuIndicator, GpuDatasource } from '../../src/index.js';
import { computeIndicator } from '../../src/indicators/index.js';
import { decodePng, countColor, hexToRgba, saveImage, type Picture } from '../helpers/pixels.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 1, 2, 9, 30);

function candles(n: number, seed = 7) {
  let s = seed;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const time: number[] = [], open: number[] = [], high: number[] = [], low: number[] = [], close: number[] = [], volume: number[] = [];
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = o + (rnd() - 0.5) * 4;
    time.push(T0 + i * MIN);
    open.push(o);
    close.push(c);
    high.push(Math.max(o, c) + rnd() * 2);
    low.push(Math.min(o, c) - rnd() * 2);
    volume.push(1000 + rnd() * 500);
    p = c;
  }
  return { time, open, high, low, close, volume };
}

const OVERLAY = '#0000ff';
const OSC = '#ff00ff';

function inPane(chart: GpuChart, pic: Picture, paneIndex: number, hex: string): number {
  const r = chart.paneRects[paneIndex];
  return countColor(pic, hexToRgba(hex), 60, { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) });
}

describe('<gpu-indicator> in a chart', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('computes TA-Lib values, fires gpu-indicator, draws an overlay and an oscillator pane', async () => {
    const data = candles(120);
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'width:420px;height:320px';
    chart.data = data;
    const sma = document.createElement('gpu-indicator');
    sma.setAttribute('type', 'sma');
    sma.setAttribute('period', '10');
    sma.setAttribute('color', OVERLAY);
    const rsi = document.createElement('gpu-indicator');
    rsi.setAttribute('type', 'rsi');
    rsi.setAttribute('color', OSC);
    const events: CustomEvent[] = [];
    chart.addEventListener('gpu-indicator', (e) => events.push(e));
    chart.append(sma, rsi);
    document.body.append(chart);
    await chart.updateComplete;
    await sma.computed;
    await rsi.computed;
    await chart.updateComplete;
    expect(sma.outputs).to.deep.equal(['value']);
    const cols = { time: Float64Array.from(data.time), close: Float64Array.from(data.close), high: Float64Array.from(data.high), low: Float64Array.from(data.low) };
    const expected = computeIndicator('sma', cols, { period: 10 }).value;
    const got = sma.values.value;
    expect(got.length).to.equal(120);
    for (let i = 0; i < 120; i++) {
      if (Number.isNaN(expected[i])) expect(Number.isNaN(got[i]), `row ${i} undefined`).to.equal(true);
      else expect(got[i]).to.be.closeTo(expected[i], 1e-9);
    }
    expect(events.some((e) => e.detail.type === 'rsi' && e.detail.length === 120)).to.equal(true);
    expect(chart.paneRects.length).to.equal(2);
    const blob = await chart.toBlob();
    await saveImage('indicators-sma-rsi.png', blob);
    const pic = await decodePng(blob);
    expect(inPane(chart, pic, 0, OVERLAY), 'SMA over the candles').to.be.greaterThan(80);
    expect(inPane(chart, pic, 1, OSC), 'RSI in its pane').to.be.greaterThan(80);
    expect(inPane(chart, pic, 1, OVERLAY)).to.equal(0);
    // RSI pane: fixed 0–100 scale with guides at 30 and 70.
    const labels = chart.axisLabels().value[chart.paneRects[1].id].map((l) => l.text);
    expect(labels.length).to.be.greaterThan(1);
  });

  it('adding and removing an indicator at runtime updates the chart only', async () => {
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'width:360px;height:260px';
    chart.data = candles(80);
    document.body.append(chart);
    await chart.updateComplete;
    expect(chart.paneRects.length).to.equal(1);
    const macd = document.createElement('gpu-indicator');
    macd.setAttribute('type', 'macd');
    chart.append(macd);
    await new Promise((r) => setTimeout(r, 0));
    await macd.computed;
    await chart.updateComplete;
    expect(chart.paneRects.length).to.equal(2);
    expect(macd.outputs).to.deep.equal(['macd', 'signal', 'histogram']);
    macd.setAttribute('fast', '5');
    await new Promise((r) => setTimeout(r, 0));
    await macd.computed;
    const expected = computeIndicator('macd', { time: chart.dataSource ? new Float64Array(0) : Float64Array.from(candles(80).time), close: Float64Array.from(candles(80).close) }, { fast: 5 });
    expect(macd.values.macd[60]).to.be.closeTo(expected.macd[60], 1e-9);
    macd.remove();
    await new Promise((r) => setTimeout(r, 0));
    await chart.updateComplete;
    expect(chart.paneRects.length).to.equal(1);
  });

  it('keeps up with a streaming datasource: values equal a batch computation', async () => {
    const all = candles(200, 11);
    const ds = document.createElement('gpu-datasource') as GpuDatasource;
    ds.id = 'ind-src';
    document.body.append(ds);
    ds.data = { time: all.time.slice(0, 100), open: all.open.slice(0, 100), high: all.high.slice(0, 100), low: all.low.slice(0, 100), close: all.close.slice(0, 100), volume: all.volume.slice(0, 100) };
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'width:300px;height:220px';
    chart.setAttribute('source', 'ind-src');
    const ema = document.createElement('gpu-indicator') as GpuIndicator;
    ema.setAttribute('type', 'ema');
    ema.setAttribute('period', '12');
    chart.append(ema);
    document.body.append(chart);
    await chart.updateComplete;
    await ema.computed;
    for (let i = 100; i < 200; i++) {
      const row = { time: all.time[i], open: all.open[i], high: all.high[i], low: all.low[i], close: all.close[i] - 1, volume: all.volume[i] };
      ds.append(row);
      ds.append({ ...row, close: all.close[i] }); // the forming candle settles
    }
    await chart.updateComplete;
    const expected = computeIndicator('ema', { time: Float64Array.from(all.time), close: Float64Array.from(all.close) }, { period: 12 }).value;
    const got = ema.values.value;
    expect(got.length).to.equal(200);
    for (let i = 11; i < 200; i++) expect(got[i]).to.be.closeTo(expected[i], 1e-9 * Math.abs(expected[i]));
  });

  it('on a line chart (a value column, no close) reads value; an error repeated on every row fires once', async () => {
    const all = candles(120, 5);
    const ds = document.createElement('gpu-datasource') as GpuDatasource;
    document.body.append(ds);
    ds.data = { time: all.time.slice(0, 60), value: all.close.slice(0, 60) };
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'width:300px;height:200px';
    const sma = document.createElement('gpu-indicator') as GpuIndicator;
    sma.setAttribute('type', 'sma');
    sma.setAttribute('period', '5');
    const atr = document.createElement('gpu-indicator') as GpuIndicator; // needs high, low, close
    atr.setAttribute('type', 'atr');
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.append(sma, atr);
    chart.dataSource = ds;
    document.body.append(chart);
    await chart.updateComplete;
    await sma.computed;
    for (let i = 60; i < 120; i++) ds.append({ time: all.time[i], value: all.close[i] });
    await chart.updateComplete;
    const expected = computeIndicator('sma', { time: Float64Array.from(all.time), close: Float64Array.from(all.close) }, { period: 5 }).value;
    const got = sma.values.value;
    expect(got.length).to.equal(120);
    for (let i = 4; i < 120; i++) expect(got[i]).to.be.closeTo(expected[i], 1e-9 * Math.abs(expected[i]));
    const atrErrors = errors.filter((m) => m.includes('"atr"'));
    expect(atrErrors.length, atrErrors.join(' | ')).to.equal(1);
    expect(atrErrors[0]).to.contain('high');
  });
});

