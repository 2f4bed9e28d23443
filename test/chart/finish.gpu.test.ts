/**
 * Issue 14 (part A) behaviour: merged candles and the crosshair agree, bar bodies of odd widths
 * with a centred wick, hollow bodies without a wick through them, legends above the series,
 * one value format per series everywhere, candles' O/H/L/C in every readout, unique names.
 */
import { expect } from '@esm-bundle/chai';
import type { GpuChart } from '../../src/index.js';
import type { CrosshairReport } from '../../src/chart/interaction/options.js';
import { barBodyWidth } from '../../src/chart/layers/series/bars.js';
import { colorDistance, decodePng, hexToRgba, logAdapterOnce, nextFrame, saveImage, type Picture } from '../helpers/pixels.js';
import { makeChart, ohlcv, pointAt } from '../goldens/setup.js';

const UP = '#00a000';
const DOWN = '#d00000';
const BG = '#ffffff';
const colours = `--gpu-chart-up:${UP};--gpu-chart-down:${DOWN};--gpu-chart-background:${BG};--gpu-chart-grid:${BG}`;
const is = (p: Picture, x: number, y: number, hex: string, tol = 30) => colorDistance(p.at(x, y), hexToRgba(hex)) <= tol;

function lastCrosshair(chart: GpuChart): { get(): CrosshairReport | null } {
  let last: CrosshairReport | null = null;
  chart.addEventListener('gpu-crosshair', (e) => (last = (e as CustomEvent<CrosshairReport | null>).detail));
  return { get: () => last };
}

describe('issue 14: candles, crosshair, formats', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('bar bodies: about 80 % of the spacing, odd around a 1 px wick, as thin as the wick', () => {
    expect([2, 3, 3.9, 4, 5, 6, 7, 7.5, 10, 20].map((s) => barBodyWidth(s, 1))).to.deep.equal([1, 1, 3, 3, 3, 3, 5, 5, 7, 15]);
    for (const s of [2, 3, 3.6, 4.7, 5, 7.5, 12, 33]) {
      const w = barBodyWidth(s, 1);
      expect((w - 1) % 2, `spacing ${s}`).to.equal(0);
      expect(w).to.be.at.most(Math.floor(s));
    }
    expect(barBodyWidth(9, 2) % 2).to.equal(0);
  });

  for (const dpr of [1, 2]) it(`merged candles at pixel ratio ${dpr}: crosshair line on the drawn bar’s wick; readout is the bucket’s OHLC and span`, async () => {
    const d = ohlcv(1500, 4);
    const chart = await makeChart({ data: d, css: colours, attrs: { legend: 'on', 'pixel-ratio': String(dpr) } });
    const report = lastCrosshair(chart);
    const plot = chart.paneRects[0];
    await pointAt(chart, plot.x + plot.width * 0.43, 100);
    const c = report.get()!;
    expect(c.last - c.first, 'a merged bar spans several rows').to.be.at.least(3);
    expect(c.time).to.equal(d.time[c.first]);
    expect(c.timeTo).to.equal(d.time[c.last]);
    const rows = (k: keyof typeof d) => d[k].slice(c.first, c.last + 1);
    const price = c.series.price;
    expect(price.open).to.equal(d.open[c.first]);
    expect(price.close).to.equal(d.close[c.last]);
    expect(price.high).to.equal(Math.max(...rows('high')));
    expect(price.low).to.equal(Math.min(...rows('low')));
    expect(c.values.price).to.equal(d.close[c.last]);
    // the legend shows the same bar
    const legend = chart.shadowRoot!.querySelector('.legend')!.textContent!;
    expect(legend).to.contain(`H ${price.high.toFixed(2)}`);
    expect(legend).to.contain(`L ${price.low.toFixed(2)}`);
    // the crosshair line is drawn on the column(s) of the merged bar's wick
    chart.setAttribute('legend', 'off');
    await pointAt(chart, plot.x + plot.width * 0.43, 100);
    const withLine = await decodePng(await chart.toBlob());
    const x = Math.floor(c.x * dpr);
    const lineRow = Math.round(plot.y * dpr) + 2;
    const lineColumns: number[] = [];
    for (let xx = x - 4; xx <= x + 4; xx++) if (!is(withLine, xx, lineRow, BG, 12)) lineColumns.push(xx);
    expect(lineColumns.length, `crosshair columns ${lineColumns}`).to.equal(dpr);
    expect(lineColumns).to.include(x);
    // and that column is the wick: candle colour from the bar's high to its low
    chart.setAttribute('crosshair', 'hidden');
    await pointAt(chart, plot.x + plot.width * 0.43, 100);
    const blob = await chart.toBlob();
    await saveImage(`finish-merged-crosshair-dpr${dpr}.png`, blob);
    const pic = await decodePng(blob);
    const colour = price.close >= price.open ? UP : DOWN;
    const top = chart.valueToY(price.high) * dpr;
    const bottom = chart.valueToY(price.low) * dpr;
    for (let y = Math.ceil(top) + 1; y <= Math.floor(bottom) - 1; y++) expect(is(pic, x, y, colour), `wick at x=${x}, y=${y}`).to.equal(true);
    const top2 = top / dpr;
    const bottom2 = bottom / dpr;
    // and the hit test finds the bar there
    expect(chart.hitTest(c.x, (top2 + bottom2) / 2)).to.include({ series: 'close' });
  });

  it('sparse candles: odd body with the wick in its middle; hollow bodies have no wick inside', async () => {
    const d = { time: [0, 1, 2, 3, 4].map((i) => Date.UTC(2025, 0, 6 + i)), open: [10, 20, 10, 20, 10], high: [30, 30, 30, 30, 30], low: [0, 0, 0, 0, 0], close: [20, 10, 20, 10, 20] };
    const chart = await makeChart({ data: d, css: colours, width: 320, height: 200, attrs: { type: 'none' }, series: [{ type: 'candlestick', hollow: true }] });
    const blob = await chart.toBlob();
    await saveImage('finish-hollow.png', blob);
    const pic = await decodePng(blob);
    const yMid = Math.round(chart.valueToY(15));
    // a solid (falling) body: its coloured columns are symmetric around the wick's column
    const solidX = Math.floor(chart.timeToX(d.time[1]));
    let left = solidX;
    while (left > 0 && !is(pic, left - 1, yMid, BG, 8)) left--;
    let right = solidX;
    while (right < pic.width - 1 && !is(pic, right + 1, yMid, BG, 8)) right++;
    const width = right - left + 1;
    expect(width % 2, `body width ${width}`).to.equal(1);
    expect(width).to.be.greaterThan(5);
    expect(is(pic, solidX, Math.round(chart.valueToY(25)), DOWN), 'wick above the body, in its middle').to.equal(true);
    expect(is(pic, left + (width - 1) / 2, Math.round(chart.valueToY(25)), DOWN)).to.equal(true);
    // a hollow (rising) body: border coloured, inside empty where the wick would run
    const wickX = Math.floor(chart.timeToX(d.time[2]));
    const half = (width - 1) / 2;
    expect(is(pic, wickX - half, yMid, UP), 'left border').to.equal(true);
    expect(is(pic, wickX + half, yMid, UP), 'right border').to.equal(true);
    expect(is(pic, wickX, yMid, BG, 8), 'no wick through the hollow body').to.equal(true);
    expect(is(pic, wickX, Math.round(chart.valueToY(25)), UP), 'upper wick').to.equal(true);
    expect(is(pic, wickX, Math.round(chart.valueToY(5)), UP), 'lower wick').to.equal(true);
  });

  it('candles and volume: one format per series in legend, tooltip, event, live region and name', async () => {
    const d = ohlcv(60, 5);
    d.volume[30] = 494_661;
    d.close[58] = 100;
    d.close[59] = 99.7921;
    const chart = await makeChart({
      data: d,
      attrs: { legend: 'on', tooltip: '', label: 'ACME' },
      series: [{ type: 'histogram', value: 'volume', pane: 'volume' }, { type: 'line', value: 'close', title: 'price', format: { minMove: 0.25 } }],
    });
    const report = lastCrosshair(chart);
    await pointAt(chart, chart.timeToX(d.time[30]), 60);
    const c = report.get()!;
    expect(c.index).to.equal(30);
    expect(Object.keys(c.values)).to.deep.equal(['price', 'volume', 'price 2']);
    expect(c.text.volume).to.equal('494.66K');
    expect(c.text.price).to.match(/^O [\d.]+ H [\d.]+ L [\d.]+ C [\d.]+ [+−][\d.]+\s%$/);
    expect(c.series.price).to.have.keys(['open', 'high', 'low', 'close', 'change']);
    expect(c.text['price 2']).to.equal((Math.round(d.close[30] * 4) / 4).toFixed(2));
    const legend = [...chart.shadowRoot!.querySelectorAll('.legend')].map((l) => l.textContent!.replace(/\s+/g, ' ')).join(' | ');
    expect(legend).to.contain('volume 494.66K');
    expect(legend).to.contain('price 2');
    const tip = chart.shadowRoot!.querySelector('[part="tooltip"]')!.textContent!.replace(/\s+/g, ' ');
    expect(tip).to.contain('494.66K');
    expect(tip).to.contain(c.text.price.replace(/\s+/g, ' '));
    expect(tip).to.not.match(/12:00/);
    // accessible name: the change in percent with two decimals
    const name = chart.getAttribute('aria-label')!;
    expect(name).to.match(/change [+−]\d+\.\d\d % over the period/);
    // keyboard: the live region reads the same names and values
    chart.focus();
    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await nextFrame();
    await chart.updateComplete;
    const live = chart.shadowRoot!.querySelector('[role="status"]')!.textContent!;
    expect(live).to.match(/price O [\d.]+ H [\d.]+ L [\d.]+ C [\d.]+ [+−]?[\d.]+\s%, volume [\d.]+K, price 2 [\d.]+/);
  });

  it('the legend never covers the series: the pane keeps its height free at the top', async () => {
    const d = ohlcv(80, 6);
    const chart = await makeChart({ data: d, attrs: { legend: 'on' }, width: 320, height: 220 });
    await nextFrame();
    await chart.updateComplete;
    const legend = chart.shadowRoot!.querySelector<HTMLElement>('.legend')!;
    const bottom = legend.getBoundingClientRect().bottom - chart.getBoundingClientRect().top;
    expect(bottom).to.be.greaterThan(10);
    expect(chart.valueToY(Math.max(...d.high))).to.be.greaterThan(bottom);
  });

  it('a legend that wraps because its values grew (crosshair, stream) still keeps the series clear', async () => {
    // Three lines over one value range: row 0 holds long values, the last row short ones. Only the
    // values change as the crosshair moves (no restyle, no forced layout): the box's resize is observed.
    const n = 40;
    const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2025, 0, 1) + i * 86_400_000);
    const col = (k: number) => Float64Array.from({ length: n }, (_, i) => (i === 0 ? 123_456_789.25 + k : 1 + k + (i % 3)));
    const chart = await makeChart({
      data: { time, alpha: col(0), beta: col(1), gamma: col(2) },
      attrs: { legend: 'on', type: 'none' },
      series: [{ type: 'line', value: 'alpha' }, { type: 'line', value: 'beta' }, { type: 'line', value: 'gamma' }],
      width: 365,
      height: 240,
    });
    const legend = chart.shadowRoot!.querySelector<HTMLElement>('.legend')!;
    const short = legend.offsetHeight;
    await pointAt(chart, chart.timeToX(time[0]) + 1, 150);
    await nextFrame();
    await nextFrame();
    await chart.updateComplete;
    expect(legend.textContent).to.contain('123.46M');
    expect(legend.offsetHeight, 'the long values wrap the legend').to.be.greaterThan(short);
    const bottom = legend.getBoundingClientRect().bottom - chart.getBoundingClientRect().top;
    expect(chart.valueToY(123_456_791.25)).to.be.greaterThan(bottom);
  });
});
