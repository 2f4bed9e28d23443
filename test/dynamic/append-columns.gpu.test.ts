/**
 * Issue 24, item 3: typed columnar appends, `chart.appendColumns` and
 * `<gpu-datasource>.appendColumns`: many rows at once, FIFO with `capacity`, one change per block,
 * drawn; a bad block fires `gpu-error` and leaves the rows as they were.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import { countColor, decodePng, hasColorNear, hexToRgba, logAdapterOnce, saveImage, setDevicePixelRatio } from '../helpers/pixels.js';

const T0 = Date.UTC(2026, 0, 5);
const RED = '#ff0000';

function block(from: number, n: number, value: (i: number) => number): { time: Float64Array; value: Float64Array } {
  return { time: Float64Array.from({ length: n }, (_, k) => T0 + (from + k) * 1000), value: Float64Array.from({ length: n }, (_, k) => value(from + k)) };
}

interface EngineView {
  dataTable: { length: number; time: Float64Array; column(name: string): Float64Array | undefined };
  plotRect: { x: number; y: number; width: number; height: number };
  valueToY(value: number): number;
  timeToX(t: number): number;
}
const engineOf = (chart: GpuChart) => (chart as unknown as { engine: EngineView }).engine;

function newChart(): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `display:block;width:400px;height:220px;--gpu-chart-series-1:${RED};--gpu-chart-background:#fff;`;
  chart.setAttribute('legend', 'off');
  return chart;
}

describe('dynamic data: columnar appends (issue 24 item 3)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('chart.appendColumns: blocks of 1000 rows into a FIFO of 5000, drawn, the oldest rows gone', async () => {
    const chart = newChart();
    chart.capacity = 5000;
    chart.data = block(0, 3000, () => 0);
    document.body.append(chart);
    await chart.updateComplete;
    for (let b = 0; b < 5; b++) {
      // values step up with each block: the last block is at 5
      const result = chart.appendColumns(block(3000 + b * 1000, 1000, () => b + 1));
      expect(result?.added).to.equal(1000);
      await chart.updateComplete;
    }
    const engine = engineOf(chart);
    const table = engine.dataTable;
    expect(table.length).to.equal(5000);
    expect(table.time[0]).to.equal(T0 + 3000 * 1000);
    expect(table.time[4999]).to.equal(T0 + 7999 * 1000);
    expect(table.column('value')![4999]).to.equal(5);
    const blob = await chart.toBlob();
    await saveImage('dynamic-append-chart.png', blob);
    const pic = await decodePng(blob);
    const red = hexToRgba(RED);
    // The last block's level (5) at its middle, and nothing of the dropped rows' level (0) at the left edge.
    const r = engine.plotRect;
    expect(hasColorNear(pic, engine.timeToX(T0 + 7500 * 1000), engine.valueToY(5), red, 3)).to.equal(true);
    expect(hasColorNear(pic, r.x + 3, engine.valueToY(0), red, 2)).to.equal(false);
    expect(countColor(pic, red)).to.be.greaterThan(300);
  });

  it('chart.appendColumns before the chart has started waits for it; into a chart without data it makes the default series', async () => {
    const chart = newChart();
    chart.appendColumns(block(0, 2000, (i) => Math.sin(i / 100)));
    document.body.append(chart);
    await chart.updateComplete;
    chart.appendColumns(block(2000, 2000, (i) => Math.sin(i / 100)));
    await chart.updateComplete;
    expect(engineOf(chart).dataTable.length).to.equal(4000);
    const pic = await decodePng(await chart.toBlob());
    expect(countColor(pic, hexToRgba(RED))).to.be.greaterThan(300);
  });

  it('a bad block fires gpu-error and changes nothing; ±Infinity values are gaps, reported', async () => {
    const chart = newChart();
    chart.data = block(0, 100, () => 1);
    document.body.append(chart);
    await chart.updateComplete;
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    expect(chart.appendColumns({ time: new Float64Array([T0 + 200_000, T0 + 201_000]), value: new Float64Array([1]) })).to.equal(null);
    expect(chart.appendColumns({ value: new Float64Array(2) } as never)).to.equal(null);
    expect(engineOf(chart).dataTable.length).to.equal(100);
    expect(errors[0]).to.match(/column "value" has 1 values but time has 2/);
    expect(errors[1]).to.match(/needs a "time" column/);
    chart.appendColumns({ time: new Float64Array([T0 + 300_000, T0 + 301_000]), value: new Float64Array([Infinity, 2]) });
    expect(errors[2]).to.match(/1 value\(s\) were ±Infinity/);
    const values = engineOf(chart).dataTable.column('value')!;
    expect(Number.isNaN(values[100])).to.equal(true);
    expect(values[101]).to.equal(2);
  });

  it('<gpu-datasource>.appendColumns: one gpu-data per block, FIFO with capacity, and the bound chart draws it', async () => {
    const source = document.createElement('gpu-datasource') as GpuDatasource;
    source.id = 'dyn-src';
    source.setAttribute('capacity', '3000');
    document.body.append(source);
    const chart = newChart();
    chart.setAttribute('source', 'dyn-src');
    document.body.append(chart);
    await source.updateComplete;
    const events: Array<{ reason: string; added: number; length: number }> = [];
    source.addEventListener('gpu-data', (e) => events.push(e.detail));
    for (let b = 0; b < 4; b++) source.appendColumns(block(b * 1000, 1000, (i) => i / 1000));
    await chart.updateComplete;
    expect(events.map((e) => e.added)).to.deep.equal([1000, 1000, 1000, 1000]);
    expect(events.every((e) => e.reason === 'append')).to.equal(true);
    expect(source.length).to.equal(3000);
    expect(source.table.time[0]).to.equal(T0 + 1000 * 1000);
    const engine = engineOf(chart);
    expect(engine.dataTable.length).to.equal(3000);
    const blob = await chart.toBlob();
    await saveImage('dynamic-append-source.png', blob);
    const pic = await decodePng(blob);
    expect(hasColorNear(pic, engine.timeToX(T0 + 3500 * 1000), engine.valueToY(3.5), hexToRgba(RED), 3)).to.equal(true);
  });
});
