/**
 * Issue 16: a live heatmap on a time x (a spectrogram): `appendHeatmapColumns` slides new columns
 * into a window of `capacity` columns. The new columns are drawn and the old ones gone (pixels),
 * no GPU buffer is asked for over many appends, the max pyramid follows (a lone hot cell in a
 * window wider than the plot shows until it slides out), the automatic colour range follows, and
 * bad input is a gpu-error naming the field with the last good picture kept.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { colorDistance, countColor, decodePng, logAdapterOnce, saveImage, setDevicePixelRatio, type RGBA } from '../helpers/pixels.js';
import { engineOf, errorsOf, newChart as chartOn, pixel, viridis } from './heatmap-helpers.js';
import { bufferRequests } from '../../src/gpu/buffers.js';

const newChart = (width?: number, height?: number) => chartOn('time', width, height);

const START = Date.UTC(2026, 11, 3, 9, 0, 0);
const STEP = 1000;

/** `columns` columns of `rows` rows, every cell `value`, row-major. */
function flatGrid(columns: number, rows: number, value: number) {
  return { x0: START, dx: STEP, y0: 0, dy: 1, columns, rows, values: new Float32Array(columns * rows).fill(value) };
}

/** k columns of `rows` cells, column after column, each cell its column's value. */
function columnsOf(values: number[], rows: number): Float32Array {
  const out = new Float32Array(values.length * rows);
  values.forEach((v, i) => out.fill(v, i * rows, (i + 1) * rows));
  return out;
}

describe('live heatmap columns (issue 16: spectrogram append, capacity)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('appended columns are drawn on the right, the oldest slide out, the view follows, no new GPU buffer', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    const rows = 4;
    chart.series = [{ type: 'heatmap', title: 'power', grid: flatGrid(8, rows, 0), capacity: 8, colorRange: [0, 100] }];
    document.body.append(chart);
    await chart.updateComplete;
    await chart.toBlob();
    // GPU buffers asked for by the appends and their frames (toBlob's read-back buffer left out)
    let requests = bufferRequests();
    // 3 hot columns, then 40 appends of one column each (value = its number mod 2 × 100)
    chart.appendHeatmapColumns(0, { values: columnsOf([100, 100, 100], rows) });
    await chart.updateComplete;
    let asked = bufferRequests() - requests;
    let blob = await chart.toBlob();
    await saveImage('science-heatmap-live-3.png', blob);
    let pic = await decodePng(blob);
    const e = engineOf(chart);
    expect(chart.visibleRange.from).to.be.closeTo(START + 3 * STEP, 1);
    expect(chart.visibleRange.to).to.be.closeTo(START + 11 * STEP, 1);
    for (let c = 3; c < 11; c++) {
      const want = c >= 8 ? viridis(1) : viridis(0);
      expect(colorDistance(pixel(pic, chart.timeToX(START + (c + 0.5) * STEP), e.valueToY(2)), want), `column ${c}`).to.be.lessThan(12);
    }
    const appended: number[] = [];
    requests = bufferRequests();
    for (let i = 0; i < 40; i++) {
      const v = (i % 2) * 100;
      appended.push(v);
      chart.appendHeatmapColumns('power', { values: columnsOf([v], rows), time: [START + (11 + i) * STEP] });
      if (i % 8 === 0) await chart.updateComplete;
    }
    await chart.updateComplete;
    asked += bufferRequests() - requests;
    blob = await chart.toBlob();
    await saveImage('science-heatmap-live-43.png', blob);
    pic = await decodePng(blob);
    expect(errors).to.deep.equal([]);
    expect(asked, 'GPU buffers asked for while appending 43 columns').to.equal(0);
    // the window: columns 43 … 50 (the last 8 appended), alternating
    expect(chart.visibleRange.from).to.be.closeTo(START + 43 * STEP, 1);
    expect(chart.visibleRange.to).to.be.closeTo(START + 51 * STEP, 1);
    for (let c = 43; c < 51; c++) {
      const want = viridis(appended[c - 11] / 100);
      for (const y of [0.5, 3.5]) {
        expect(colorDistance(pixel(pic, chart.timeToX(START + (c + 0.5) * STEP), e.valueToY(y)), want), `column ${c}, row ${y}`).to.be.lessThan(12);
      }
    }
  });

  it('a window wider than the plot: a hot cell shows through the max pyramid until it slides out', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    const rows = 16;
    const capacity = 3000;
    chart.series = [{ type: 'heatmap', title: 'power', grid: flatGrid(capacity, rows, 0), capacity, colorRange: [0, 1] }];
    document.body.append(chart);
    await chart.updateComplete;
    const hot = new Float32Array(rows);
    hot[5] = 1;
    chart.appendHeatmapColumns(0, { values: hot });
    await chart.updateComplete;
    const yellow = viridis(1);
    let pic = await decodePng(await chart.toBlob());
    const plot = engineOf(chart).plotRect;
    const box = { x: plot.x, y: plot.y, width: plot.width, height: plot.height };
    expect(countColor(pic, yellow, 20, box), 'the hot cell, at the right end').to.be.greaterThan(0);
    // 1 500 more columns: the hot one is in the middle now
    chart.appendHeatmapColumns(0, { values: new Float32Array(1500 * rows) });
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-heatmap-live-pyramid.png', blob);
    pic = await decodePng(blob);
    const x = chart.timeToX(START + (capacity + 0.5) * STEP);
    let found = false;
    for (let dx = -2; dx <= 2; dx++) for (let y = plot.y; y < plot.y + plot.height; y++) found ||= colorDistance(pixel(pic, x + dx, y), yellow) < 20;
    expect(found, 'the hot cell where its column is').to.equal(true);
    // 1 500 more: it has slid out
    chart.appendHeatmapColumns(0, { values: new Float32Array(1500 * rows) });
    await chart.updateComplete;
    pic = await decodePng(await chart.toBlob());
    expect(countColor(pic, yellow, 20, box), 'no hot cell left').to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('the automatic colour range follows the new columns', async () => {
    const chart = newChart();
    const rows = 2;
    const grid = flatGrid(4, rows, 0);
    grid.values[0] = grid.values[4] = 1; // column 0: 1, the rest 0
    chart.series = [{ type: 'heatmap', title: 'power', grid, capacity: 4 }];
    document.body.append(chart);
    await chart.updateComplete;
    let pic = await decodePng(await chart.toBlob());
    const e = engineOf(chart);
    // window columns 0…3: column 0 (1) at the top of the range
    expect(colorDistance(pixel(pic, chart.timeToX(START + 0.5 * STEP), e.valueToY(1)), viridis(1))).to.be.lessThan(12);
    chart.appendHeatmapColumns(0, { values: columnsOf([2], rows) });
    await chart.updateComplete;
    pic = await decodePng(await chart.toBlob());
    // window columns 1…4: column 0 slid out, the range is 0 … 2 now
    expect(colorDistance(pixel(pic, chart.timeToX(START + 4.5 * STEP), e.valueToY(1)), viridis(1))).to.be.lessThan(12);
    expect(colorDistance(pixel(pic, chart.timeToX(START + 2.5 * STEP), e.valueToY(1)), viridis(0))).to.be.lessThan(12);
  });

  it('columns appended before the chart or the heatmap chunk is there wait for it, in order', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    chart.series = [{ type: 'heatmap', title: 'power', grid: flatGrid(4, 2, 0), capacity: 4, colorRange: [0, 1] }];
    chart.appendHeatmapColumns('power', { values: columnsOf([1], 2) });
    document.body.append(chart);
    chart.appendHeatmapColumns('power', { values: columnsOf([0, 1], 2) });
    await chart.updateComplete;
    await chart.updateComplete;
    expect(errors).to.deep.equal([]);
    expect(chart.visibleRange.to).to.be.closeTo(START + 7 * STEP, 1);
    const pic = await decodePng(await chart.toBlob());
    const y = engineOf(chart).valueToY(1);
    for (const [c, v] of [[3, 0], [4, 1], [5, 0], [6, 1]]) {
      expect(colorDistance(pixel(pic, chart.timeToX(START + (c + 0.5) * STEP), y), viridis(v)), `column ${c}`).to.be.lessThan(12);
    }
  });

  it('bad input: gpu-error naming the field, the last good picture stays', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    const rows = 3;
    chart.series = [
      { type: 'heatmap', title: 'live', grid: flatGrid(4, rows, 0), capacity: 4, colorRange: [0, 1] },
    ];
    document.body.append(chart);
    await chart.updateComplete;
    chart.appendHeatmapColumns(0, { values: columnsOf([1], rows) });
    await chart.updateComplete;
    const before = await decodePng(await chart.toBlob());
    const range = chart.visibleRange;
    chart.appendHeatmapColumns(0, { values: new Float32Array(4) });
    chart.appendHeatmapColumns(0, { values: columnsOf([1, 1], rows), time: [START + 5 * STEP, START + 5 * STEP] });
    chart.appendHeatmapColumns(0, { values: columnsOf([1], rows), time: [NaN] });
    chart.appendHeatmapColumns(0, { values: columnsOf([1], rows), time: [START + 2 * STEP] });
    chart.appendHeatmapColumns(3, { values: columnsOf([1], rows) });
    await chart.updateComplete;
    expect(errors).to.have.length(5);
    expect(errors[0]).to.match(/values has 4 values: it must be a whole number of columns of 3 rows/);
    expect(errors[1]).to.match(/time\[1\] .* is not after the column before it/);
    expect(errors[2]).to.match(/time\[0\] is NaN/);
    expect(errors[3]).to.match(/time\[0\] .* is not after/);
    expect(errors[4]).to.match(/appendHeatmapColumns\(3\): no heatmap series/);
    const after = await decodePng(await chart.toBlob());
    expect(chart.visibleRange).to.deep.equal(range);
    let differing = 0;
    for (let i = 0; i < after.data.length; i += 4) if (Math.abs(after.data[i] - before.data[i]) > 2) differing++;
    expect(differing, 'pixels changed by bad appends').to.equal(0);
  });

  it('a heatmap without capacity refuses appends; a bad capacity is a gpu-error naming it', async () => {
    const chart = newChart();
    const errors = errorsOf(chart);
    chart.series = [{ type: 'heatmap', title: 'still', grid: flatGrid(4, 2, 0) }];
    document.body.append(chart);
    await chart.updateComplete;
    chart.appendHeatmapColumns(0, { values: columnsOf([1], 2) });
    chart.series = [{ type: 'heatmap', title: 'still', grid: flatGrid(4, 2, 0), capacity: 0 }];
    await chart.updateComplete;
    expect(errors[0]).to.match(/has no capacity/);
    expect(errors[1]).to.match(/series\[0\]\.capacity is 0/);
  });
});
