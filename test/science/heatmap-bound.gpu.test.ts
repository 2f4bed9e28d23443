/**
 * Issue 16: a heatmap bound to a `<gpu-datasource>`'s columns (`cells`: each row one column of
 * cells at its time, each named column one row of cells). It draws the same pixels as the same
 * matrix given as a `grid`, follows the source's appends (a streamed spectrogram: with
 * `capacity` only the new columns go up, no GPU buffer is asked for), and a column the rows lack
 * is a gpu-error naming it, with the last good picture kept.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import { colorDistance, decodePng, logAdapterOnce, saveImage, setDevicePixelRatio, type Picture } from '../helpers/pixels.js';
import { engineOf, errorsOf, newChart, pixel, viridis } from './heatmap-helpers.js';
import { bufferRequests } from '../../src/gpu/buffers.js';

const T0 = Date.UTC(2026, 11, 3, 9, 0, 0);
const STEP = 1000;
const BINS = ['f0', 'f1', 'f2', 'f3'];

/** Cell value of row i (a time), bin r: 0 … 90, different in every cell. */
const cellValue = (i: number, r: number) => ((i * 7 + r * 3) % 10) * 10;

function rowsOf(first: number, count: number): Record<string, number[]> {
  const out: Record<string, number[]> = { time: [] };
  for (const b of BINS) out[b] = [];
  for (let i = first; i < first + count; i++) {
    out.time.push(T0 + i * STEP);
    BINS.forEach((b, r) => out[b].push(cellValue(i, r)));
  }
  return out;
}

function source(id: string, count: number): GpuDatasource {
  const ds = document.createElement('gpu-datasource') as GpuDatasource;
  ds.id = id;
  ds.data = rowsOf(0, count);
  return ds;
}

function boundChart(id: string, extra: Record<string, unknown> = {}): GpuChart {
  const chart = newChart('time');
  chart.setAttribute('source', id);
  chart.series = [{ type: 'heatmap', title: 'power', cells: { values: BINS, y0: 0, dy: 1 }, colorRange: [0, 90], ...extra }];
  return chart;
}

function samePixels(a: Picture, b: Picture): number {
  let differ = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 6) differ++;
  }
  return differ;
}

/** Each cell's middle has its value's colour (rows `first` … `last` of the source). */
function expectCells(chart: GpuChart, pic: Picture, first: number, last: number): void {
  const e = engineOf(chart);
  for (let i = first; i <= last; i++) {
    for (let r = 0; r < BINS.length; r++) {
      const got = pixel(pic, chart.timeToX(T0 + i * STEP), e.valueToY(r + 0.5));
      expect(colorDistance(got, viridis(cellValue(i, r) / 90)), `row ${i}, bin ${r}`).to.be.lessThan(12);
    }
  }
}

describe('heatmap bound to <gpu-datasource> columns (issue 16)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('draws the same pixels as the same matrix given as a grid, cells centred on their rows', async () => {
    const ds = source('spec', 12);
    const bound = boundChart('spec');
    const errors = errorsOf(bound);
    document.body.append(ds, bound);
    await bound.updateComplete;
    const boundBlob = await bound.toBlob();
    await saveImage('science-heatmap-bound.png', boundBlob);
    const boundPic = await decodePng(boundBlob);
    expectCells(bound, boundPic, 0, 11);
    const range = bound.visibleRange;
    bound.remove();

    // the same matrix as a grid: columns centred on the times, row-major values
    const values = new Float32Array(12 * BINS.length);
    for (let r = 0; r < BINS.length; r++) for (let i = 0; i < 12; i++) values[r * 12 + i] = cellValue(i, r);
    const xEdges = Array.from({ length: 13 }, (_, i) => T0 + (i - 0.5) * STEP);
    const matrix = newChart('time');
    matrix.series = [{ type: 'heatmap', title: 'power', grid: { xEdges, y0: 0, dy: 1, rows: BINS.length, values }, colorRange: [0, 90] }];
    document.body.append(matrix);
    await matrix.updateComplete;
    matrix.visibleRange = range;
    await matrix.updateComplete;
    const matrixBlob = await matrix.toBlob();
    await saveImage('science-heatmap-bound-matrix.png', matrixBlob);
    const matrixPic = await decodePng(matrixBlob);
    expect(samePixels(boundPic, matrixPic), 'pixels that differ from the grid form').to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  for (const how of ['the heatmap\'s capacity', 'the source\'s capacity'] as const) it(`follows a streamed spectrogram: appended rows slide in (${how}), no GPU buffer asked for`, async () => {
    const onSource = how.includes('source');
    const ds = source('stream', 8);
    if (onSource) ds.capacity = 8;
    const chart = boundChart('stream', onSource ? {} : { capacity: 8 });
    const errors = errorsOf(chart);
    document.body.append(ds, chart);
    await chart.updateComplete;
    await chart.toBlob();
    const requests = bufferRequests();
    for (let i = 8; i < 20; i++) {
      const row = rowsOf(i, 1);
      ds.appendColumns({ time: Float64Array.from(row.time), ...Object.fromEntries(BINS.map((b) => [b, Float64Array.from(row[b])])) });
      if (i % 4 === 0) await chart.updateComplete;
    }
    await chart.updateComplete;
    const asked = bufferRequests() - requests;
    const blob = await chart.toBlob();
    await saveImage(`science-heatmap-bound-stream${onSource ? '-source' : ''}.png`, blob);
    if (onSource) {
      // the view follows the source's window
      expect(chart.visibleRange.from).to.be.closeTo(T0 + 11.5 * STEP, STEP);
    }
    const pic = await decodePng(blob);
    expect(asked, 'GPU buffers asked for while 12 rows streamed in').to.equal(0);
    // the window: the last 8 rows (12 … 19), the newest on the right
    expectCells(chart, pic, 13, 19);
    const plot = engineOf(chart).plotRect;
    const oldX = chart.timeToX(T0 + 10 * STEP);
    expect(oldX < plot.x || colorDistance(pixel(pic, oldX, engineOf(chart).valueToY(0.5)), [255, 255, 255, 255]) < 12, 'row 10 slid out').to.equal(true);
    expect(errors).to.deep.equal([]);
  });

  it('without capacity, appends keep every row and go up alone (a window that grows); a load takes the matrix again', async () => {
    const ds = source('grow', 6);
    const chart = boundChart('grow');
    const errors = errorsOf(chart);
    document.body.append(ds, chart);
    await chart.updateComplete;
    ds.appendColumns({ time: Float64Array.of(T0 + 6 * STEP), f0: Float64Array.of(90), f1: Float64Array.of(90), f2: Float64Array.of(90), f3: Float64Array.of(90) });
    await chart.updateComplete;
    let pic = await decodePng(await chart.toBlob());
    const e = engineOf(chart);
    expect(colorDistance(pixel(pic, chart.timeToX(T0 + 6 * STEP), e.valueToY(2.5)), viridis(1)), 'the appended column').to.be.lessThan(12);
    expectCells(chart, pic, 0, 5);
    // 30 more rows, one by one: they slide into the window's room (no new GPU buffer, no matrix
    // taken again: that would ask for a buffer of the new size each time), none slides out
    const requests = bufferRequests();
    for (let i = 7; i < 37; i++) {
      const row = rowsOf(i, 1);
      ds.appendColumns({ time: Float64Array.from(row.time), ...Object.fromEntries(BINS.map((b) => [b, Float64Array.from(row[b])])) });
      if (i % 5 === 0) await chart.updateComplete;
    }
    await chart.updateComplete;
    expect(bufferRequests() - requests, 'GPU buffers asked for while 30 rows streamed in').to.equal(0);
    const streamed = await chart.toBlob();
    await saveImage('science-heatmap-bound-grow.png', streamed);
    pic = await decodePng(streamed);
    expectCells(chart, pic, 0, 5);
    expectCells(chart, pic, 7, 36);
    // past the window's 64 columns: the matrix is taken once more, into a window twice as large
    const before = bufferRequests();
    for (let i = 37; i < 80; i++) {
      const row = rowsOf(i, 1);
      ds.appendColumns({ time: Float64Array.from(row.time), ...Object.fromEntries(BINS.map((b) => [b, Float64Array.from(row[b])])) });
      if (i % 5 === 0) await chart.updateComplete;
    }
    await chart.updateComplete;
    expect(bufferRequests() - before, 'GPU buffers asked for while 43 more rows streamed in (one larger window)').to.be.within(1, 8);
    pic = await decodePng(await chart.toBlob());
    expectCells(chart, pic, 70, 79);
    expect(errors).to.deep.equal([]);
    ds.data = rowsOf(100, 5);
    await chart.updateComplete;
    pic = await decodePng(await chart.toBlob());
    expectCells(chart, pic, 100, 104);
    // cleared rows: no cells left
    ds.clear();
    await chart.updateComplete;
    pic = await decodePng(await chart.toBlob());
    const plot = e.plotRect;
    let coloured = 0;
    for (let y = Math.ceil(plot.y) + 1; y < plot.y + plot.height - 1; y++) {
      for (let x = Math.ceil(plot.x) + 1; x < plot.x + plot.width - 1; x++) {
        const [r, g, b] = pixel(pic, x, y);
        if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
      }
    }
    expect(coloured, 'coloured pixels in the plot after clear()').to.equal(0);
  });

  it('a column the rows lack is a gpu-error naming it; the last good picture stays', async () => {
    const ds = source('bad', 10);
    const chart = boundChart('bad');
    const errors = errorsOf(chart);
    document.body.append(ds, chart);
    await chart.updateComplete;
    const good = await decodePng(await chart.toBlob());
    const without = rowsOf(0, 10);
    delete without.f2;
    ds.data = without;
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-heatmap-bound-missing.png', blob);
    expect(errors.length).to.equal(1);
    expect(errors[0]).to.contain('cells.values[2]').and.to.contain('"f2"').and.to.contain('last good picture stays');
    expect(samePixels(good, await decodePng(blob)), 'pixels changed by the bad rows').to.equal(0);
    // bad bindings fail the spec's check: named, nothing drawn from them
    const errors2 = errorsOf(chart);
    chart.series = [{ type: 'heatmap', title: 'power', cells: { values: ['f0', 7 as unknown as string] } }];
    await chart.updateComplete;
    expect(errors2.some((m) => m.includes('series[0].cells.values[1]'))).to.equal(true);
    // good rows again: drawn, the strip goes
    ds.data = rowsOf(0, 10);
    chart.series = [{ type: 'heatmap', title: 'power', cells: { values: BINS, y0: 0, dy: 1 }, colorRange: [0, 90] }];
    await chart.updateComplete;
    expectCells(chart, await decodePng(await chart.toBlob()), 0, 9);
  });
});
