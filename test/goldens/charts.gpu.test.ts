/**
 * Golden images of whole charts through `toBlob()` (plot, axes, labels, tags, crosshair and the
 * painted legend). Compared with test/goldens/<name>.png; update deliberately with
 * `npm run test:update-goldens` and look at every changed picture.
 */
import { expect } from '@esm-bundle/chai';
import type { GpuChart } from '../../src/index.js';
import { comparePictures, expectGolden } from '../helpers/golden.js';
import { decodePng, logAdapterOnce } from '../helpers/pixels.js';
import { DAY, HOUR, T0, indicator, makeChart, ohlcv, pointAt, rng } from './setup.js';

async function golden(name: string, chart: GpuChart): Promise<void> {
  await expectGolden(name, await chart.toBlob());
}

const daily = ohlcv(120, 7);
const values = (n: number, seed: number, step = DAY) => {
  const r = rng(seed);
  let v = 50;
  const time: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < n; i++) {
    v += (r() - 0.5) * 3;
    time.push(T0 + i * step);
    value.push(v);
  }
  return { time, value };
};

describe('golden images: charts (toBlob)', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('the comparison fails on a changed picture and names the actual and diff images', async () => {
    const chart = await makeChart({ data: values(40, 3), width: 320, height: 200 });
    const blob = await chart.toBlob();
    const a = await decodePng(blob);
    const changed = new OffscreenCanvas(a.width, a.height);
    const ctx = changed.getContext('2d')!;
    ctx.drawImage(await createImageBitmap(blob), 0, 0);
    ctx.fillStyle = '#ff00ff';
    ctx.fillRect(100, 80, 6, 6);
    const b = await decodePng(await changed.convertToBlob({ type: 'image/png' }));
    const same = await comparePictures(a, a, 0);
    expect(same.differing).to.equal(0);
    const diff = await comparePictures(b, a, 24);
    expect(diff.differing).to.equal(36);
    expect(diff.diff).to.not.equal(null);
  });

  it('line', async () => golden('line', await makeChart({ data: values(150, 11) })));

  it('area', async () => golden('area', await makeChart({ data: values(150, 12), attrs: { type: 'area' } })));

  it('baseline', async () => golden('baseline', await makeChart({ data: values(150, 13), attrs: { type: 'baseline' } })));

  it('band with its middle line', async () => {
    const v = values(150, 14);
    const data = { ...v, upper: v.value.map((x) => x + 4), lower: v.value.map((x) => x - 4) };
    await golden('band', await makeChart({ data, attrs: { type: 'none' }, series: [{ type: 'band' }, { type: 'line', value: 'value' }] }));
  });

  it('candlestick, sparse (30 bars)', async () => golden('candles-sparse', await makeChart({ data: ohlcv(30, 2) })));

  it('candlestick, 5 px per bar', async () => golden('candles-5px', await makeChart({ data: ohlcv(70, 3) })));

  it('candlestick, dense (1500 bars merged)', async () => golden('candles-dense', await makeChart({ data: ohlcv(1500, 4) })));

  it('candlestick, hollow', async () => golden('candles-hollow', await makeChart({ data: ohlcv(40, 5), attrs: { type: 'none' }, series: [{ type: 'candlestick', hollow: true }] })));

  it('ohlc bars', async () => golden('ohlc', await makeChart({ data: ohlcv(50, 6), attrs: { type: 'ohlc' } })));

  it('candles with a volume histogram pane', async () =>
    golden('volume-pane', await makeChart({ data: daily, height: 300, series: [{ type: 'histogram', value: 'volume', pane: 'volume', colorBy: 'direction' }] })));

  it('scatter markers', async () => {
    const v = values(60, 15);
    const data = { ...v, other: v.value.map((x, i) => x - 4 + Math.cos(i / 5)) };
    await golden('scatter', await makeChart({ data, attrs: { type: 'none' }, series: [{ type: 'scatter', marker: 'circle' }, { type: 'scatter', value: 'other', marker: 'triangle', size: 8, color: '#8e24aa' }] }));
  });

  it('indicator panes: RSI and MACD under candles', async () => {
    const chart = await makeChart({ data: ohlcv(200, 8), width: 480, height: 520, children: [indicator('rsi', { period: '14' }), indicator('macd')] });
    await golden('indicators-rsi-macd', chart);
  });

  it('dark theme', async () => golden('dark', await makeChart({ data: ohlcv(60, 9), attrs: { theme: 'dark' } })));

  it('device pixel ratio 2', async () => golden('dpr2', await makeChart({ data: ohlcv(40, 10), width: 320, height: 200, attrs: { 'pixel-ratio': '2' } })));

  it('log value scale', async () => {
    const time = Array.from({ length: 200 }, (_, i) => T0 + i * DAY);
    const value = time.map((_, i) => 2 * Math.pow(1.025, i));
    await golden('log-scale', await makeChart({ data: { time, value }, attrs: { 'value-scale': 'log' } }));
  });

  it('percent value scale with two series', async () => {
    const v = values(120, 16);
    const data = { ...v, other: v.value.map((x, i) => x * 0.5 + Math.sin(i / 9) * 2) };
    await golden('percent-scale', await makeChart({ data, attrs: { 'value-scale': 'percent' }, series: [{ type: 'line', value: 'other' }] }));
  });

  it('time axis across a daylight-saving change (New York, hourly)', async () => {
    const start = Date.UTC(2025, 2, 8, 12);
    const v = values(48, 17, HOUR);
    const data = { time: v.time.map((_, i) => start + i * HOUR), value: v.value };
    await golden('dst-axis', await makeChart({ data, attrs: { 'time-zone': 'America/New_York' } }));
  });

  it('time axis of 200 daily bars', async () => golden('time-axis-200-days', await makeChart({ data: ohlcv(200, 18), width: 480 })));

  it('time axis of a 10 ms view', async () => {
    const start = Date.UTC(2026, 5, 1, 12, 0, 1);
    const time = Array.from({ length: 100 }, (_, i) => start + i * 0.1);
    const value = time.map((_, i) => Math.sin(i / 7));
    await golden('time-axis-10ms', await makeChart({ data: { time, value } }));
  });

  it('crosshair in a 10 ms view: its time label shows milliseconds', async () => {
    const start = Date.UTC(2026, 5, 1, 12, 0, 1);
    const time = Array.from({ length: 100 }, (_, i) => start + i * 0.1);
    const value = time.map((_, i) => Math.sin(i / 7));
    const chart = await makeChart({ data: { time, value } });
    const plot = chart.paneRects[0];
    await pointAt(chart, plot.x + plot.width * 0.55, 120);
    await golden('crosshair-10ms', chart);
  });

  it('crosshair at the left edge', async () => {
    const chart = await makeChart({ data: ohlcv(60, 19) });
    await pointAt(chart, chart.paneRects[0].x + 1, 60);
    await golden('crosshair-left', chart);
  });

  it('crosshair at the right edge', async () => {
    const chart = await makeChart({ data: ohlcv(60, 19) });
    await pointAt(chart, chart.paneRects[0].x + chart.paneRects[0].width - 1, 180);
    await golden('crosshair-right', chart);
  });

  it('crosshair on merged candles', async () => {
    const chart = await makeChart({ data: ohlcv(1500, 4) });
    await pointAt(chart, chart.paneRects[0].x + chart.paneRects[0].width / 2, 100);
    await golden('crosshair-merged', chart);
  });

  it('last-value tags that would collide', async () => {
    const v = values(80, 20);
    const last = v.value[v.value.length - 1];
    const data = { ...v, b: v.value.map((x) => x + 0.15), c: v.value.map((x) => x - 0.2), d: v.value.map((x, i) => x + (i === 79 ? last - x + 0.05 : 1)) };
    await golden('tags-colliding', await makeChart({ data, series: [{ type: 'line', value: 'b', lastValue: true }, { type: 'line', value: 'c', lastValue: true }, { type: 'line', value: 'd', lastValue: true }] }));
  });

  it('a long legend (painted into toBlob)', async () => {
    const v = values(100, 21);
    const data: Record<string, number[]> = { ...v };
    const series: GpuChart['series'] = [];
    for (let k = 0; k < 9; k++) {
      data[`series${k}`] = v.value.map((x, i) => x + k * 1.5 + Math.sin(i / (3 + k)));
      series.push({ type: 'line', value: `series${k}`, title: `Series number ${k}` });
    }
    await golden('legend-long', await makeChart({ data, series, width: 480, height: 300, attrs: { legend: 'on' } }));
  });

  it('value axis on the left', async () => golden('value-axis-left', await makeChart({ data: ohlcv(60, 22), attrs: { 'value-axis': 'left' } })));

  it('category time scale (no gaps)', async () => {
    const d = ohlcv(60, 23);
    // weekdays only
    const time: number[] = [];
    for (let t = T0; time.length < 60; t += DAY) if (new Date(t).getUTCDay() % 6 !== 0) time.push(t);
    await golden('category-scale', await makeChart({ data: { ...d, time }, attrs: { 'time-scale': 'category' } }));
  });
});
