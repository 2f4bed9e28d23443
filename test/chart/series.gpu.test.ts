import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import type { SeriesSpec } from '../../src/chart/series/spec.js';
import { decodePng, hasColorNear, hexToRgba, countColor, logAdapterOnce, saveImage, colorDistance, type Picture } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const UP = '#00c000';
const DOWN = '#d00000';
const RED = '#ff0000';
const BG = '#ffffff';

interface Made {
  chart: GpuChart;
  pic: Picture;
  x(t: number): number;
  y(v: number, pane?: string): number;
}

async function draw(name: string, data: Record<string, number[]>, attrs: Record<string, string> = {}, series?: SeriesSpec[], size = [300, 200]): Promise<Made> {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.style.cssText = `width:${size[0]}px;height:${size[1]}px;--gpu-chart-background:${BG};--gpu-chart-grid:${BG};--gpu-chart-up:${UP};--gpu-chart-down:${DOWN};--gpu-chart-series-1:${RED}`;
  for (const [k, v] of Object.entries(attrs)) chart.setAttribute(k, v);
  chart.data = data as unknown as GpuChart['data'];
  if (series) chart.series = series;
  document.body.append(chart);
  await chart.updateComplete;
  const blob = await chart.toBlob();
  await saveImage(`series-${name}.png`, blob);
  const pic = await decodePng(blob);
  return { chart, pic, x: (t) => chart.timeToX(t), y: (v, pane) => chart.valueToY(v, pane) };
}

const times = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * DAY);
const is = (p: Picture, x: number, y: number, hex: string, tol = 40) => colorDistance(p.at(x, y), hexToRgba(hex)) <= tol;

describe('series types', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('candlestick: body and wick span the rows their prices map to; up and down colours', async () => {
    const data = { time: times(5), open: [10, 14, 12, 12, 15], high: [16, 15, 14, 17, 18], low: [8, 11, 9, 11, 14], close: [14, 12, 13, 16, 17] };
    const { pic, x, y } = await draw('candlestick', data, { 'value-axis': 'right' });
    for (let i = 0; i < 5; i++) {
      const up = data.close[i] >= data.open[i];
      const color = up ? UP : DOWN;
      const cx = x(data.time[i]);
      const top = y(Math.max(data.open[i], data.close[i]));
      const bottom = y(Math.min(data.open[i], data.close[i]));
      // Body: coloured from top to bottom (1 px tolerance at the ends), also off-centre.
      for (let yy = Math.ceil(top + 1); yy <= Math.floor(bottom - 1); yy++) {
        expect(is(pic, cx + 6, yy, color), `body of bar ${i} at y=${yy}`).to.equal(true);
      }
      // Wick: centre column reaches high and low within 1 px, and not beyond.
      expect(hasColorNear(pic, cx, y(data.high[i]) + 1, hexToRgba(color), 1)).to.equal(true);
      expect(hasColorNear(pic, cx, y(data.low[i]) - 1, hexToRgba(color), 1)).to.equal(true);
      expect(is(pic, cx, y(data.high[i]) - 3, BG, 8), `nothing above the high of bar ${i}`).to.equal(true);
      expect(is(pic, cx, y(data.low[i]) + 3, BG, 8), `nothing below the low of bar ${i}`).to.equal(true);
      // The wick is thin: beside it, above the body, is background.
      expect(is(pic, cx + 6, (y(data.high[i]) + top) / 2, BG, 8)).to.equal(data.high[i] - Math.max(data.open[i], data.close[i]) > 1 ? true : is(pic, cx + 6, (y(data.high[i]) + top) / 2, BG, 8));
    }
  });

  it('candlestick hollow: rising bodies are outlines', async () => {
    const data = { time: times(3), open: [10, 20, 12], high: [30, 22, 40], low: [5, 8, 10], close: [28, 10, 38] };
    const { pic, x, y } = await draw('candlestick-hollow', data, {}, undefined);
    void pic;
    const chart = document.querySelector('gpu-chart')!;
    chart.series = [];
    chart.type = 'none';
    chart.series = [{ type: 'candlestick', hollow: true }];
    await chart.updateComplete;
    const hollow = await decodePng(await chart.toBlob());
    await saveImage('series-candlestick-hollow.png', await chart.toBlob());
    const cx = x(data.time[0]);
    const mid = (y(10) + y(28)) / 2;
    expect(is(hollow, cx + 5, mid, BG, 8), 'inside of a rising body is empty').to.equal(true);
    const cx2 = x(data.time[1]);
    expect(is(hollow, cx2 + 5, (y(20) + y(10)) / 2, DOWN), 'falling body stays filled').to.equal(true);
  });

  it('ohlc: stem from low to high, open tick on the left, close tick on the right', async () => {
    const data = { time: times(4), open: [10, 14, 12, 13], high: [16, 15, 14, 17], low: [8, 11, 9, 11], close: [14, 12, 13, 16] };
    const { pic, x, y } = await draw('ohlc', data, { type: 'ohlc' });
    for (let i = 0; i < 4; i++) {
      const color = data.close[i] >= data.open[i] ? UP : DOWN;
      const cx = x(data.time[i]);
      expect(hasColorNear(pic, cx, (y(data.high[i]) + y(data.low[i])) / 2, hexToRgba(color), 1)).to.equal(true);
      expect(hasColorNear(pic, cx - 8, y(data.open[i]), hexToRgba(color), 1), `open tick ${i}`).to.equal(true);
      expect(hasColorNear(pic, cx + 8, y(data.close[i]), hexToRgba(color), 1), `close tick ${i}`).to.equal(true);
      expect(is(pic, cx - 8, y(data.close[i]) + (data.close[i] > data.open[i] ? -0 : 0), color) && data.open[i] !== data.close[i] && Math.abs(y(data.open[i]) - y(data.close[i])) > 3 ? false : true).to.equal(true);
    }
  });

  it('histogram: column edges and heights, coloured by direction', async () => {
    const data = { time: times(4), value: [5, 10, 3, 8], open: [1, 2, 3, 4], close: [2, 1, 4, 3] };
    const { pic, x, y } = await draw('histogram', data, { type: 'none' }, [{ type: 'histogram', value: 'value', colorBy: 'direction', upColor: UP, downColor: DOWN }]);
    const spacing = x(data.time[1]) - x(data.time[0]);
    const half = Math.floor((spacing * 0.8) / 2);
    for (let i = 0; i < 4; i++) {
      const color = data.close[i] >= data.open[i] ? UP : DOWN;
      const cx = x(data.time[i]);
      const top = y(data.value[i]);
      const base = y(0);
      expect(is(pic, cx, (top + base) / 2, color), `column ${i} middle`).to.equal(true);
      expect(is(pic, cx, top + 2, color), `column ${i} top`).to.equal(true);
      expect(is(pic, cx, top - 3, BG, 8), `above column ${i}`).to.equal(true);
      // Edges: inside at half-2, outside at half+2.
      expect(is(pic, cx - half + 2, (top + base) / 2, color), `left edge ${i}`).to.equal(true);
      expect(is(pic, cx + half - 2, (top + base) / 2, color), `right edge ${i}`).to.equal(true);
      expect(is(pic, cx - half - 3, (top + base) / 2, BG, 8), `left of column ${i}`).to.equal(true);
      expect(is(pic, cx + half + 3, (top + base) / 2, BG, 8), `right of column ${i}`).to.equal(true);
    }
  });

  it('scatter: markers centred on their points (circle, square, triangle)', async () => {
    const data = { time: times(5), value: [3, 7, 5, 9, 4] };
    for (const marker of ['circle', 'square', 'triangle'] as const) {
      const { pic, x, y, chart } = await draw(`scatter-${marker}`, data, { type: 'none' }, [{ type: 'scatter', value: 'value', marker, size: 10 }]);
      for (let i = 0; i < 5; i++) {
        const cx = x(data.time[i]);
        const cy = y(data.value[i]);
        expect(is(pic, cx, cy, RED), `${marker} ${i} centre`).to.equal(true);
        expect(is(pic, cx + 10, cy, BG, 8), `${marker} ${i} right`).to.equal(true);
        expect(is(pic, cx, cy - 10, BG, 8), `${marker} ${i} above`).to.equal(true);
      }
      chart.remove();
    }
  });

  it('area: filled below the line, not above', async () => {
    const data = { time: times(5), value: [4, 8, 6, 9, 5] };
    const { pic, x, y } = await draw('area', data, { type: 'area' });
    const red = hexToRgba(RED);
    for (let i = 0; i < 5; i++) {
      const cx = i === 0 ? x(data.time[i]) + 2 : i === 4 ? x(data.time[i]) - 2 : x(data.time[i]);
      const cy = y(data.value[i]);
      if (data.value[i] > 4) {
        // (The lowest point sits where the gradient has faded to almost nothing.)
        const below = pic.at(cx, cy + 15);
        expect(colorDistance(below, hexToRgba(BG)), `tinted below point ${i}`).to.be.greaterThan(20);
        expect(below[0]).to.be.greaterThan(below[1] + 15); // reddish tint
      }
      expect(is(pic, cx, cy - 12, BG, 8), `nothing above point ${i}`).to.equal(true);
      expect(hasColorNear(pic, cx, cy, red, 3, 60), `line at point ${i}`).to.equal(true);
    }
  });

  it('baseline: one colour above the base value, another below', async () => {
    const data = { time: times(5), value: [5, 9, 2, 8, 1] };
    const { pic, x, y } = await draw('baseline', data, { type: 'none' }, [{ type: 'baseline', value: 'value', baseValue: 5, topColor: UP, bottomColor: DOWN }]);
    const line = (i: number) => ({ cx: x(data.time[i]), cy: y(data.value[i]) });
    const above = line(1);
    expect(hasColorNear(pic, above.cx, above.cy, hexToRgba(UP), 1, 50)).to.equal(true);
    const below = line(2);
    expect(hasColorNear(pic, below.cx, below.cy, hexToRgba(DOWN), 1, 50)).to.equal(true);
    // Fill between line and base: green-tinted above the base, red-tinted below.
    const fa = pic.at(above.cx, (above.cy + y(5)) / 2);
    expect(fa[1]).to.be.greaterThan(fa[0] + 10);
    const fb = pic.at(below.cx, (below.cy + y(5)) / 2);
    expect(fb[0]).to.be.greaterThan(fb[1] + 10);
  });

  it('band: filled between the two columns', async () => {
    const data = { time: times(5), upper: [10, 12, 11, 13, 12], lower: [6, 7, 5, 8, 7] };
    const { pic, x, y } = await draw('band', data, { type: 'band' });
    for (let i = 1; i < 4; i++) {
      const cx = x(data.time[i]);
      const mid = pic.at(cx, (y(data.upper[i]) + y(data.lower[i])) / 2);
      expect(colorDistance(mid, hexToRgba(BG)), `tinted inside at ${i}`).to.be.greaterThan(15);
      expect(is(pic, cx, y(data.upper[i]) - 6, BG, 8), `above the band at ${i}`).to.equal(true);
      expect(is(pic, cx, y(data.lower[i]) + 6, BG, 8), `below the band at ${i}`).to.equal(true);
    }
  });

  it('line with a NaN leaves an empty stretch; step mode draws corners', async () => {
    const data = { time: times(7), value: [1, 2, 3, NaN, 3, 2, 1] };
    const { pic, x, y } = await draw('gap', data);
    const red = hexToRgba(RED);
    // Between row 2 and row 4 nothing is drawn (the middle of both missing segments).
    for (const t of [data.time[2] + DAY * 0.5, data.time[3], data.time[3] + DAY * 0.5]) {
      const px = x(t);
      let found = false;
      for (let yy = 10; yy < 180; yy++) if (colorDistance(pic.at(px, yy), red) < 80) found = true;
      expect(found, `no line at ${new Date(t).toISOString()}`).to.equal(false);
    }
    expect(hasColorNear(pic, (x(data.time[0]) + x(data.time[1])) / 2, (y(1) + y(2)) / 2, red, 1, 60)).to.equal(true);
    const step = await draw('step', { time: times(3), value: [1, 3, 2] }, { type: 'none' }, [{ type: 'line', value: 'value', step: true }]);
    // A step holds the old value until the next time: at 3/4 of the first interval, y is still 1.
    expect(hasColorNear(step.pic, step.x(T0 + DAY * 0.75), step.y(1), red, 1, 60)).to.equal(true);
    expect(hasColorNear(step.pic, step.x(T0 + DAY * 0.75), step.y(2), red, 1, 60)).to.equal(false);
  });
});

describe('panes, scales, time axis', () => {
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('a histogram pane below a candlestick pane; dragging the divider changes the heights', async () => {
    const n = 30;
    const time = times(n);
    const open = time.map((_, i) => 100 + Math.sin(i / 3) * 10);
    const close = open.map((o, i) => o + (i % 3 === 0 ? -4 : 3));
    const high = open.map((o, i) => Math.max(o, close[i]) + 2);
    const low = open.map((o, i) => Math.min(o, close[i]) - 2);
    const volume = time.map((_, i) => 1000 + i * 50);
    const { chart, pic } = await draw('panes', { time, open, high, low, close, volume }, {}, [{ type: 'histogram', value: 'volume', pane: 'volume', colorBy: 'direction' }], [400, 300]);
    const rects = chart.paneRects;
    expect(rects.map((r) => r.id)).to.deep.equal(['main', 'volume']);
    expect(rects[0].height).to.be.greaterThan(rects[1].height * 2);
    // Candles in the main pane, columns in the volume pane.
    const main = rects[0];
    const vol = rects[1];
    expect(countColor(pic, hexToRgba(UP), 40, { x: Math.round(main.x), y: Math.round(main.y), width: Math.round(main.width), height: Math.round(main.height) })).to.be.greaterThan(50);
    // Volume columns are the up colour at 60 % opacity over the background.
    expect(countColor(pic, [102, 217, 102, 255], 30, { x: Math.round(vol.x), y: Math.round(vol.y), width: Math.round(vol.width), height: Math.round(vol.height) })).to.be.greaterThan(50);

    // Drag the divider up by 60 px with real mouse input.
    const { sendMouse } = await import('@web/test-runner-commands');
    const box = chart.getBoundingClientRect();
    const divY = box.top + vol.y;
    const midX = box.left + vol.x + vol.width / 2;
    const before = vol.height;
    await sendMouse({ type: 'move', position: [Math.round(midX), Math.round(divY)] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [Math.round(midX), Math.round(divY - 60)] });
    await sendMouse({ type: 'up' });
    await chart.updateComplete;
    const after = chart.paneRects[1].height;
    expect(after - before).to.be.within(55, 65);
    await saveImage('series-panes-dragged.png', await chart.toBlob());
  });

  it('log scale puts 1, 10 and 100 at equal spacing', async () => {
    const { chart, pic, x, y } = await draw('log', { time: times(3), value: [1, 10, 100] }, { 'value-scale': 'log' });
    const d1 = y(1) - y(10);
    const d2 = y(10) - y(100);
    expect(d1).to.be.greaterThan(20);
    expect(Math.abs(d1 - d2)).to.be.lessThan(0.5);
    // The line passes through the points where the log scale puts them.
    expect(hasColorNear(pic, x(times(3)[1]), y(10), hexToRgba(RED), 1, 60)).to.equal(true);
    const labels = chart.axisLabels().value.main.map((l) => l.text);
    expect(labels).to.include.members(['1', '10', '100']);
  });

  it('percent mode labels the first visible value 0%', async () => {
    const { chart } = await draw('percent', { time: times(4), value: [50, 55, 60, 45] }, { 'value-scale': 'percent' });
    const labels = chart.axisLabels().value.main;
    const zero = labels.find((l) => l.text === '0%');
    expect(zero, labels.map((l) => l.text).join(' ')).to.not.equal(undefined);
    expect(Math.abs(zero!.y - chart.valueToY(50))).to.be.lessThan(1);
    expect(labels.some((l) => l.text === '20%')).to.equal(true); // 60 is +20 %
  });

  it('category time scale leaves no weekend gap', async () => {
    // Weekdays only, three weeks: Fri → Mon is one step like Mon → Tue.
    const time: number[] = [];
    for (let d = 0; d < 21; d++) {
      const t = T0 + d * DAY; // 2026-01-05 is a Monday
      const wd = new Date(t).getUTCDay();
      if (wd !== 0 && wd !== 6) time.push(t);
    }
    const value = time.map((_, i) => 10 + (i % 4));
    const timeChart = await draw('time-scale-time', { time, value });
    const gapTime = timeChart.x(time[5]) - timeChart.x(time[4]); // Fri → Mon
    const stepTime = timeChart.x(time[1]) - timeChart.x(time[0]);
    expect(gapTime / stepTime).to.be.closeTo(3, 0.01); // with time: three days wide
    const cat = await draw('time-scale-category', { time, value }, { 'time-scale': 'category' });
    const gap = cat.x(time[5]) - cat.x(time[4]);
    const step = cat.x(time[1]) - cat.x(time[0]);
    expect(gap / step).to.be.closeTo(1, 0.001);
    expect(hasColorNear(cat.pic, (cat.x(time[4]) + cat.x(time[5])) / 2, (cat.y(value[4]) + cat.y(value[5])) / 2, hexToRgba(RED), 1, 60)).to.equal(true);
  });

  it('labels the time axis in the time-zone attribute', async () => {
    const t = Date.UTC(2026, 2, 8, 4); // the night New York springs forward
    const time = Array.from({ length: 13 }, (_, i) => t + i * 3_600_000);
    const { chart } = await draw('time-zone', { time, value: time.map((_, i) => i) }, { 'time-zone': 'America/New_York', locale: 'en-US' }, undefined, [600, 200]);
    const labels = chart.axisLabels().time.map((l) => l.text);
    // 04:00 UTC is 11 PM EST; 07:00 UTC is 3 AM EDT (2 AM does not exist that night).
    expect(labels.join(' ')).to.match(/Mar 8/);
    expect(labels).to.not.include('2:00 AM');
    expect(new Set(labels).size).to.equal(labels.length);
  });

  it('keeps full time precision at a 10 ms span in 2026', async () => {
    const t0 = Date.UTC(2026, 5, 15, 9, 30, 0, 123);
    const time = Array.from({ length: 2001 }, (_, i) => t0 - 1000 + i); // one point per ms
    const value = time.map((_, i) => (i % 2 ? 1 : 2));
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = `width:330px;height:160px;--gpu-chart-background:${BG};--gpu-chart-grid:${BG};--gpu-chart-series-1:${RED}`;
    // The points are what is measured: no legend text over the top row of them.
    chart.setAttribute('legend', 'off');
    chart.data = { time, value };
    chart.series = [];
    chart.type = 'none';
    chart.series = [{ type: 'scatter', value: 'value', marker: 'square', size: 3 }];
    document.body.append(chart);
    await chart.updateComplete;
    chart.visibleRange = { from: t0, to: t0 + 10 };
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('precision-10ms.png', blob);
    const pic = await decodePng(blob);
    const plot = chart.paneRects[0];
    for (let k = 0; k <= 10; k++) {
      const t = t0 + k;
      const expected = plot.x + (k / 10) * plot.width; // exact, computed without the chart
      expect(Math.abs(chart.timeToX(t) - expected)).to.be.lessThan(0.01);
      const v = (k + 1000) % 2 ? 1 : 2;
      const py = chart.valueToY(v);
      if (k > 0 && k < 10) expect(hasColorNear(pic, expected, py, hexToRgba(RED), 1, 60), `point ${k} at x=${expected.toFixed(2)}`).to.equal(true);
      if (k < 10) expect(is(pic, expected + plot.width / 20, py, BG, 20), `between points ${k} and ${k + 1}`).to.equal(true);
    }
  });
});
