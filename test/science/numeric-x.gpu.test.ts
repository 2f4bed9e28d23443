/**
 * Issue 16 part 1: numeric x axes. `x-scale="linear"` and `"log"` with a column bound as x
 * (`series: [{ x: 'freq', value: 'power' }]`): engineering-notation tick labels, positions on a
 * log axis, ranges/crosshair/tooltip/a11y in data x, sorted-x checks, and the errors of bad input.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { decodePng, hasColorNear, hexToRgba, logAdapterOnce, saveImage, setDevicePixelRatio } from '../helpers/pixels.js';

const RED = '#ff0000';

interface EngineView {
  valueToY(value: number): number;
  axisLabels(): { time: Array<{ text: string; x: number }> };
  plotRect: { x: number; y: number; width: number; height: number };
}
const engineOf = (chart: GpuChart) => (chart as unknown as { engine: EngineView }).engine;

function newChart(width = 420, height = 240): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `position:fixed;left:0;top:0;display:block;width:${width}px;height:${height}px;--gpu-chart-series-1:${RED};--gpu-chart-background:#fff;`;
  chart.setAttribute('legend', 'off');
  return chart;
}

function errorsOf(chart: GpuChart): string[] {
  const errors: string[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
  return errors;
}

/** A spectrum: 401 frequencies 10 Hz … 100 kHz, log spaced; power falls by a decade per decade. */
function spectrum(): { freq: Float64Array; power: Float64Array } {
  const n = 401;
  const freq = new Float64Array(n);
  const power = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    freq[i] = 10 ** (1 + (4 * i) / (n - 1));
    power[i] = 100 / Math.log10(freq[i]);
  }
  return { freq, power };
}

function pointerMove(chart: HTMLElement, x: number, y: number): void {
  chart.dispatchEvent(new PointerEvent('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: x, clientY: y, bubbles: true, composed: true }));
}

describe('numeric x axes (issue 16 part 1)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('x-scale="linear": a bound x column, engineering labels, the line where its x is', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    chart.setAttribute('x-scale', 'linear');
    chart.type = 'none';
    const n = 201;
    const freq = Float64Array.from({ length: n }, (_, i) => i * 10); // 0 … 2000
    const power = Float64Array.from(freq, (f) => Math.sin(f / 300) * 10);
    chart.series = [{ type: 'line', x: 'freq', value: 'power' }];
    chart.data = { freq, power } as never;
    document.body.append(chart);
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-numeric-x-linear.png', blob);
    expect(errors).to.deep.equal([]);
    const range = chart.visibleRange;
    expect(range.from).to.equal(0);
    expect(range.to).to.equal(2000);
    const labels = engineOf(chart).axisLabels().time.map((l) => l.text);
    expect(labels).to.include.members(['0', '500', '1k', '1.5k', '2k']);
    // the line passes through (1000, sin(1000/300) * 10)
    const pic = await decodePng(blob);
    const x = chart.timeToX(1000);
    const y = engineOf(chart).valueToY(Math.sin(1000 / 300) * 10);
    expect(hasColorNear(pic, x, y, hexToRgba(RED), 3), 'the line at x = 1000').to.equal(true);
    expect(chart.xToTime(x)).to.be.closeTo(1000, 1e-6);
  });

  it('x-scale="log": decades evenly spaced, labels 100 … 10k, ranges and events in data x', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    chart.setAttribute('x-scale', 'log');
    chart.setAttribute('locale', 'en-US');
    chart.tooltip = true;
    chart.type = 'none';
    chart.series = [{ type: 'line', x: 'freq', value: 'power', title: 'Power' }];
    chart.data = spectrum() as never;
    document.body.append(chart);
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-numeric-x-log.png', blob);
    expect(errors).to.deep.equal([]);
    const range = chart.visibleRange;
    expect(range.from).to.be.closeTo(10, 1e-9);
    expect(range.to).to.be.closeTo(100_000, 1e-6);
    // each decade takes the same width
    const d1 = chart.timeToX(100) - chart.timeToX(10);
    const d2 = chart.timeToX(10_000) - chart.timeToX(1000);
    expect(d1).to.be.greaterThan(50);
    expect(d2).to.be.closeTo(d1, 1e-6);
    const labels = engineOf(chart).axisLabels().time;
    const texts = labels.map((l) => l.text);
    expect(texts).to.include.members(['100', '1k', '10k']);
    const at1k = labels.find((l) => l.text === '1k')!;
    expect(at1k.x).to.be.closeTo(chart.timeToX(1000), 0.5);
    // the line at 1 kHz: power 100 / 3
    const pic = await decodePng(blob);
    expect(hasColorNear(pic, chart.timeToX(1000), engineOf(chart).valueToY(100 / 3), hexToRgba(RED), 3)).to.equal(true);

    // a range set in data x reads back in data x, and gpu-range reports data x
    const ranges: Array<{ from: number; to: number }> = [];
    chart.addEventListener('gpu-range', (e) => ranges.push(e.detail));
    chart.visibleRange = { from: 100, to: 10_000 };
    await chart.updateComplete;
    expect(chart.visibleRange.from).to.be.closeTo(100, 1e-9);
    expect(chart.visibleRange.to).to.be.closeTo(10_000, 1e-9);
    expect(ranges.at(-1)!.from).to.be.closeTo(100, 1e-9);
    expect(chart.timeToX(100)).to.be.closeTo(engineOf(chart).plotRect.x, 0.5);
    // log: x ≤ 0 in a range is refused
    chart.visibleRange = { from: 0, to: 10 };
    expect(errors.at(-1)).to.match(/visibleRange needs x values > 0/);
    expect(chart.visibleRange.from).to.be.closeTo(100, 1e-9);

    // crosshair and tooltip at x = 1 kHz: the row nearest, reported and shown as a number
    const crosshairs: Array<{ time: number; index: number }> = [];
    chart.addEventListener('gpu-crosshair', (e) => e.detail && crosshairs.push(e.detail));
    const plot = engineOf(chart).plotRect;
    pointerMove(chart, chart.timeToX(1000), plot.y + plot.height / 2);
    for (let i = 0; i < 40 && !crosshairs.length; i++) await new Promise((r) => requestAnimationFrame(r));
    expect(crosshairs.length, 'a gpu-crosshair').to.be.greaterThan(0);
    expect(crosshairs.at(-1)!.time).to.be.closeTo(1000, 1e-6);
    expect(crosshairs.at(-1)!.index).to.equal(200);
    const tooltip = chart.shadowRoot!.querySelector('.tooltip, [part~="tooltip"]') as HTMLElement | null;
    expect(tooltip?.textContent ?? '').to.contain('1k');
  });

  it('unsorted x: a line gets gpu-error naming the column, a scatter takes any order; log x ≤ 0 and unknown scales are refused', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    chart.setAttribute('x-scale', 'linear');
    chart.type = 'none';
    chart.series = [{ type: 'line', x: 'f', value: 'v' }];
    chart.data = { f: new Float64Array([1, 2, 3]), v: new Float64Array([1, 2, 3]) } as never;
    document.body.append(chart);
    await chart.updateComplete;
    expect(errors).to.deep.equal([]);
    chart.data = { f: new Float64Array([1, 3, 2]), v: new Float64Array([1, 2, 3]) } as never;
    await chart.updateComplete;
    expect(errors.at(-1)).to.match(/chart\.data\.f must increase .*row 2 \(2\) comes before row 1 \(3\)/);
    // the last good data stays
    expect(chart.visibleRange).to.deep.equal({ from: 1, to: 3 });

    chart.type = 'scatter';
    chart.series = [{ type: 'scatter', x: 'f', value: 'v' }];
    chart.data = { f: new Float64Array([5, 1, 3]), v: new Float64Array([1, 2, 3]) } as never;
    await chart.updateComplete;
    expect(errors.filter((m) => /must increase/.test(m)).length).to.equal(1);
    expect(chart.visibleRange.from).to.be.lessThan(1.01);
    expect(chart.visibleRange.to).to.be.greaterThan(4.99);

    chart.setAttribute('x-scale', 'log');
    chart.data = { f: new Float64Array([5, 0, 3]), v: new Float64Array([1, 2, 3]) } as never;
    await chart.updateComplete;
    expect(errors.at(-1)).to.equal('chart.data.f[1] is 0: a log x axis needs x > 0');
    chart.setAttribute('x-scale', 'sideways');
    await chart.updateComplete;
    expect(errors.at(-1)).to.match(/x-scale "sideways" is not one of time, linear, log/);
    chart.series = [{ type: 'scatter', x: 'f', value: 'v' }, { type: 'scatter', x: 'g', value: 'v' }];
    chart.setAttribute('x-scale', 'linear');
    await chart.updateComplete;
    expect(errors.at(-1)).to.match(/series\[1\]\.x is "g" but series\[0\]\.x is "f"/);
  });

  it('x-scale="log" with a bound <gpu-datasource>: decades evenly spaced, appended rows follow, x ≤ 0 refused', async () => {
    const source = document.createElement('gpu-datasource') as HTMLElement & { data: unknown; table: { time: Float64Array }; appendColumns(c: object): unknown };
    source.id = 'log-src';
    // x as given (order="data": without it, numeric times below 1e11 are read as seconds)
    source.setAttribute('order', 'data');
    document.body.append(source);
    await (source as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const { freq, power } = spectrum();
    source.data = { time: freq.slice(0, 301), value: power.slice(0, 301) }; // 10 Hz … 10 kHz
    const chart = newChart();
    const errors = errorsOf(chart);
    chart.setAttribute('x-scale', 'log');
    chart.setAttribute('source', 'log-src');
    chart.type = 'line';
    document.body.append(chart);
    await chart.updateComplete;
    expect(errors).to.deep.equal([]);
    // the source keeps x; the chart draws it on the log axis
    expect(source.table.time[300]).to.be.closeTo(10_000, 1e-6);
    expect(chart.visibleRange.from).to.be.closeTo(10, 1e-9);
    expect(chart.visibleRange.to).to.be.closeTo(10_000, 1e-6);
    const d1 = chart.timeToX(100) - chart.timeToX(10);
    expect(chart.timeToX(10_000) - chart.timeToX(1000)).to.be.closeTo(d1, 1e-6);
    let pic = await decodePng(await chart.toBlob());
    expect(hasColorNear(pic, chart.timeToX(1000), engineOf(chart).valueToY(100 / 3), hexToRgba(RED), 3), 'the line at 1 kHz').to.equal(true);
    // rows appended to the source (10 kHz … 100 kHz) follow
    source.appendColumns({ time: freq.slice(301), value: power.slice(301) });
    chart.visibleRange = { from: 10, to: 100_000 };
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-numeric-x-log-datasource.png', blob);
    pic = await decodePng(blob);
    expect(hasColorNear(pic, chart.timeToX(31_623), engineOf(chart).valueToY(100 / 4.5), hexToRgba(RED), 3), 'an appended row at 31.6 kHz').to.equal(true);
    // a row at x ≤ 0 in the source: gpu-error naming it, the last good rows stay
    source.data = { time: new Float64Array([0, 10, 100]), value: new Float64Array([1, 2, 3]) };
    await chart.updateComplete;
    expect(errors.at(-1)).to.match(/row 0 has x 0; a log x axis needs x > 0/);
    pic = await decodePng(await chart.toBlob());
    expect(hasColorNear(pic, chart.timeToX(1000), engineOf(chart).valueToY(100 / 3), hexToRgba(RED), 3), 'the last good line').to.equal(true);
    // back to a linear x: the source's own rows
    chart.setAttribute('x-scale', 'linear');
    await chart.updateComplete;
    expect(chart.visibleRange.to).to.be.closeTo(100, 1e-9);
    source.remove();
  });

  it('sync: two charts on a log x share their range in data x', async () => {
    const a = newChart(300, 160);
    const b = newChart(300, 160);
    b.style.top = '170px';
    for (const c of [a, b]) {
      c.setAttribute('x-scale', 'log');
      c.setAttribute('sync', 'science-sync');
      c.type = 'none';
      c.series = [{ type: 'line', x: 'freq', value: 'power' }];
      c.data = spectrum() as never;
      document.body.append(c);
    }
    await Promise.all([a.updateComplete, b.updateComplete]);
    a.visibleRange = { from: 50, to: 5000 };
    await Promise.all([a.updateComplete, b.updateComplete]);
    expect(b.visibleRange.from).to.be.closeTo(50, 1e-6);
    expect(b.visibleRange.to).to.be.closeTo(5000, 1e-6);
  });

  it('a heatmap on a log x: cells where their x is; x ≤ 0 refused', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    chart.setAttribute('x-scale', 'log');
    chart.type = 'none';
    // three columns with edges 1, 10, 100, 1000: equally wide on a log axis
    chart.series = [{ type: 'heatmap', grid: { xEdges: [1, 10, 100, 1000], yEdges: [0, 1], values: Float32Array.of(0, 1, 2) }, colormap: ['#000000', '#ff0000'], colorRange: [0, 2] }];
    document.body.append(chart);
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-heatmap-log-x.png', blob);
    expect(errors).to.deep.equal([]);
    const w1 = chart.timeToX(10) - chart.timeToX(1);
    const w2 = chart.timeToX(1000) - chart.timeToX(100);
    expect(w2).to.be.closeTo(w1, 1e-6);
    const pic = await decodePng(blob);
    const y = engineOf(chart).valueToY(0.5);
    expect(hasColorNear(pic, chart.timeToX(31.6), y, [128, 0, 0, 255], 1, 12), 'the middle column, value 1').to.equal(true);
    expect(hasColorNear(pic, chart.timeToX(316), y, [255, 0, 0, 255], 1, 12), 'the last column, value 2').to.equal(true);
    // x ≤ 0 edges on a log axis: refused, naming the field
    chart.series = [{ type: 'heatmap', grid: { xEdges: [0, 10], yEdges: [0, 1], values: Float32Array.of(1) } }];
    await chart.updateComplete;
    expect(errors.at(-1)).to.match(/series\[0\]\.grid\.xEdges\[0\] is 0: a log x axis needs x > 0; the last good one stays drawn/);
  });

  it('a11y: the summary and the data table read x as numbers', async () => {
    const chart = newChart();
    chart.setAttribute('x-scale', 'log');
    chart.setAttribute('locale', 'en-US');
    chart.a11yTable = true;
    chart.type = 'none';
    chart.series = [{ type: 'line', x: 'freq', value: 'power', title: 'Power' }];
    chart.data = spectrum() as never;
    document.body.append(chart);
    await chart.updateComplete;
    await chart.toBlob();
    const summary = chart.getAttribute('aria-label') ?? '';
    expect(summary).to.contain('from 10 to 100k');
    const rowHeads = () => [...chart.shadowRoot!.querySelectorAll('table tbody th[scope="row"]')].map((c) => c.textContent ?? '');
    for (let i = 0; i < 100 && !rowHeads().length; i++) await new Promise((r) => setTimeout(r, 20));
    const heads = rowHeads();
    // the first row's x (10 Hz), and no dates anywhere
    expect(heads[0]).to.equal('10');
    expect(heads.join(' ')).to.not.match(/19(69|70)|Jan/);
  });
});
