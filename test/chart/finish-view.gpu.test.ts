/**
 * Issue 14 part B, the view: `value-scale="percent"` compares each series from its own first
 * visible value; `right-offset` leaves bars of room after the last one.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { decodePng, hasColorNear, hexToRgba, logAdapterOnce, saveImage } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 2, 3);
const RED = '#ff0000';
const BLUE = '#0000ff';

const N = 60;
const TIME = Array.from({ length: N }, (_, i) => T0 + i * DAY);
const A = TIME.map((_, i) => 100 * (1 + (0.1 * i) / (N - 1)));
const B = TIME.map((_, i) => 50 * (1 + (0.1 * i) / (N - 1)) * (1 + 0.02 * Math.sin(i / 3)));

async function comparison(): Promise<GpuChart> {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('pixel-ratio', '1');
  chart.setAttribute('legend', 'off');
  chart.setAttribute('value-scale', 'percent');
  chart.style.cssText = `width:600px;height:320px;--gpu-chart-series-1:${RED};--gpu-chart-series-2:${BLUE}`;
  // Two instruments, one priced ~100 and one ~50, both up about 10 % over the period.
  chart.data = { time: TIME, value: A, other: B };
  chart.series = [{ type: 'line', value: 'other', title: 'other' }];
  document.body.append(chart);
  await chart.updateComplete;
  return chart;
}

describe('finish: the view', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('percent: each series from its own first visible value (a comparison chart)', async () => {
    const chart = await comparison();
    const blob = await chart.toBlob();
    await saveImage('finish/percent-comparison.png', blob);
    const pic = await decodePng(blob);
    const labels = chart.axisLabels().value.main.map((l) => l.text);
    expect(labels.every((t) => t.endsWith('%'))).to.equal(true);
    // Both start at 0 % and end at +10 %: the axis covers about 0…10 %, not −50 %.
    const values = labels.map((t) => parseFloat(t.replace('−', '-')));
    expect(Math.min(...values)).to.be.greaterThan(-5);
    expect(Math.max(...values)).to.be.lessThan(15);
    // Row 2 of each, as the change from its own row 0.
    const pct = (v: number[], i: number, from: number) => (v[i] / v[from] - 1) * 100;
    // valueToY takes a value of the main series (its own first value reads 0 %).
    const yOf = (percent: number, from: number) => chart.valueToY(A[from] * (1 + percent / 100));
    const x0 = chart.timeToX(TIME[2]);
    expect(hasColorNear(pic, x0, yOf(pct(A, 2, 0), 0), hexToRgba(RED), 1, 60), 'the first from its own start').to.equal(true);
    expect(hasColorNear(pic, x0, yOf(pct(B, 2, 0), 0), hexToRgba(BLUE), 1, 60), 'the second from its own start').to.equal(true);
    // Panning: both measured from the new first visible row.
    chart.visibleRange = { from: T0 + 30 * DAY, to: T0 + 59 * DAY };
    await chart.updateComplete;
    const panned = await decodePng(await chart.toBlob());
    const x1 = chart.timeToX(TIME[34]);
    expect(hasColorNear(panned, x1, yOf(pct(A, 34, 30), 30), hexToRgba(RED), 1, 60)).to.equal(true);
    expect(hasColorNear(panned, x1, yOf(pct(B, 34, 30), 30), hexToRgba(BLUE), 1, 60)).to.equal(true);
    // Not from the main series' first value: the second would then sit near −50 %.
    expect(Math.min(...chart.axisLabels().value.main.map((l) => parseFloat(l.text.replace('−', '-'))))).to.be.greaterThan(-5);
  });

  it('right-offset: room for N bars after the last one, kept while following new data, also in category mode', async () => {
    const chart = document.createElement('gpu-chart');
    chart.setAttribute('pixel-ratio', '1');
    chart.setAttribute('legend', 'off');
    chart.setAttribute('right-offset', '10');
    chart.style.cssText = `width:600px;height:240px;--gpu-chart-series-1:${RED}`;
    chart.data = { time: TIME, value: A };
    document.body.append(chart);
    await chart.updateComplete;
    const last = TIME[N - 1];
    expect(chart.visibleRange.to).to.be.closeTo(last + 10 * DAY, 1);
    const plot = chart.paneRects[0];
    const room = plot.x + plot.width - chart.timeToX(last);
    const bar = chart.timeToX(TIME[1]) - chart.timeToX(TIME[0]);
    expect(room / bar).to.be.closeTo(10, 0.01);
    const blob = await chart.toBlob();
    await saveImage('finish/right-offset.png', blob);
    const pic = await decodePng(blob);
    // Nothing drawn in the room (the line ends at the last bar).
    let red = 0;
    for (let x = Math.ceil(chart.timeToX(last) + 3); x < plot.x + plot.width; x++) for (let y = plot.y; y < plot.y + plot.height; y++) if (hasColorNear(pic, x, y, hexToRgba(RED), 0, 60)) red++;
    expect(red).to.equal(0);
    // New rows: the view follows and keeps the room.
    chart.data = { time: [...TIME, last + DAY], value: [...A, 111] };
    await chart.updateComplete;
    expect(chart.visibleRange.to).to.be.closeTo(last + DAY + 10 * DAY, 1);
    chart.setAttribute('time-scale', 'category');
    await chart.updateComplete;
    const catPlot = chart.paneRects[0];
    const catBar = chart.timeToX(TIME[1]) - chart.timeToX(TIME[0]);
    expect((catPlot.x + catPlot.width - chart.timeToX(last + DAY)) / catBar).to.be.closeTo(10.5, 0.01);
    // A bad value is refused with a message; the offset stays.
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.setAttribute('right-offset', '-3');
    await chart.updateComplete;
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('right-offset');
  });
});
