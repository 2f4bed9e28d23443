/**
 * Issue 24, item 4: a scatter keeps every row in any order, repeated times included (on the
 * chart's own data and on a datasource with order="data"), and a line with `order: 'data'` is
 * drawn in the order of its rows (a parametric curve whose x goes back and forth), on the time axis.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import { colorDistance, countColor, decodePng, hasColorNear, hexToRgba, logAdapterOnce, saveImage, setDevicePixelRatio } from '../helpers/pixels.js';

const T0 = Date.UTC(2026, 0, 5);
const RED = '#ff0000';
const HOUR = 3_600_000;

interface EngineView {
  dataTable: { length: number; time: Float64Array; column(name: string): Float64Array | undefined };
  valueToY(value: number): number;
  timeToX(t: number): number;
}
const engineOf = (chart: GpuChart) => (chart as unknown as { engine: EngineView }).engine;

function newChart(width = 400, height = 240): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `display:block;width:${width}px;height:${height}px;--gpu-chart-series-1:${RED};--gpu-chart-background:#fff;`;
  chart.setAttribute('legend', 'off');
  return chart;
}

/** 2000 points at shuffled times, 500 of them sharing their time with another point (another value). */
function scatterRows(): { time: Float64Array; value: Float64Array } {
  const n = 2000;
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < n; i++) {
    time[i] = T0 + Math.floor(rnd() * 100) * HOUR;
    value[i] = rnd() * 10;
  }
  // the duplicates: row 2k + 1 takes row 2k's time, for the first 500 pairs
  for (let k = 0; k < 500; k++) time[2 * k + 1] = time[2 * k];
  // one known pair far apart in value, and a row in the middle alone at its time
  time[1000] = T0 + 77.5 * HOUR;
  time[0] = time[1] = T0 + 50 * HOUR;
  value[0] = 1;
  value[1] = 9;
  return { time, value };
}

describe('dynamic data: any order (issue 24 item 4)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('scatter on chart.data: every row kept in the order given, repeated times included, all drawn', async () => {
    const chart = newChart();
    chart.type = 'scatter';
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    const rows = scatterRows();
    chart.data = rows;
    document.body.append(chart);
    await chart.updateComplete;
    expect(errors).to.deep.equal([]);
    const engine = engineOf(chart);
    expect(engine.dataTable.length).to.equal(2000);
    expect([...engine.dataTable.time]).to.deep.equal([...rows.time]);
    const blob = await chart.toBlob();
    await saveImage('dynamic-scatter-any-order.png', blob);
    const pic = await decodePng(blob);
    const red = hexToRgba(RED);
    const x = engine.timeToX(T0 + 50 * HOUR);
    expect(hasColorNear(pic, x, engine.valueToY(1), red, 2), 'the first of two points at one time').to.equal(true);
    expect(hasColorNear(pic, x, engine.valueToY(9), red, 2), 'the second of two points at one time').to.equal(true);
    // The hit test finds a row by its time with the rows unsorted (no bisection).
    const row = 1000;
    const hit = chart.hitTest(engine.timeToX(rows.time[row]), engine.valueToY(rows.value[row]));
    expect(hit, 'a hit on row 1000').to.not.equal(null);
    expect(hit!.index).to.equal(row);
    // Appending out of order keeps going to the end.
    chart.appendColumns({ time: new Float64Array([T0, T0 + 99 * HOUR, T0]), value: new Float64Array([5, 5, 6]) });
    await chart.updateComplete;
    expect(engine.dataTable.length).to.equal(2003);
    expect(engine.dataTable.column('value')![2002]).to.equal(6);
  });

  it('<gpu-datasource order="data">: data columns are neither sorted nor thinned of repeated times', async () => {
    const source = document.createElement('gpu-datasource') as GpuDatasource;
    source.id = 'xy-src';
    source.setAttribute('order', 'data');
    document.body.append(source);
    await source.updateComplete;
    const rows = scatterRows();
    source.data = rows;
    expect(source.length).to.equal(2000);
    expect([...source.table.time]).to.deep.equal([...rows.time]);
    const chart = newChart();
    chart.type = 'scatter';
    chart.setAttribute('source', 'xy-src');
    document.body.append(chart);
    await chart.updateComplete;
    const pic = await decodePng(await chart.toBlob());
    const engine = engineOf(chart);
    const x = engine.timeToX(T0 + 50 * HOUR);
    expect(hasColorNear(pic, x, engine.valueToY(1), hexToRgba(RED), 2)).to.equal(true);
    expect(hasColorNear(pic, x, engine.valueToY(9), hexToRgba(RED), 2)).to.equal(true);
  });

  it("a line with order: 'data' draws a circle of 100k rows as a circle (x goes back and forth)", async () => {
    const chart = newChart(300, 300);
    chart.type = 'none';
    chart.series = [{ type: 'line', order: 'data', width: 2 }];
    const n = 100_000;
    const time = new Float64Array(n);
    const value = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = (i / (n - 1)) * 2 * Math.PI;
      time[i] = T0 + Math.cos(a) * 100 * HOUR;
      value[i] = Math.sin(a);
    }
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.data = { time, value };
    document.body.append(chart);
    await chart.updateComplete;
    expect(errors).to.deep.equal([]);
    const blob = await chart.toBlob();
    await saveImage('dynamic-line-data-order.png', blob);
    const pic = await decodePng(blob);
    const red = hexToRgba(RED);
    const engine = engineOf(chart);
    const at = (a: number) => [engine.timeToX(T0 + Math.cos(a) * 100 * HOUR), engine.valueToY(Math.sin(a))] as const;
    for (const a of [0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4, Math.PI, (5 * Math.PI) / 4, (3 * Math.PI) / 2, (7 * Math.PI) / 4]) {
      const [x, y] = at(a);
      expect(hasColorNear(pic, x, y, red, 3), `on the circle at ${a.toFixed(2)} rad (${x.toFixed(0)}, ${y.toFixed(0)})`).to.equal(true);
    }
    // Inside the circle nothing is drawn (joined by time, rows would cross it).
    const [cx, cy] = [engine.timeToX(T0), engine.valueToY(0)];
    expect(countColor(pic, red, 60, { x: Math.round(cx - 30), y: Math.round(cy - 30), width: 60, height: 60 })).to.equal(0);
    // Drawn from the rows at least half a pixel apart (far fewer), and the same picture as every row.
    const kept = (engine as unknown as { seriesLayers: Array<{ thinning: { kept: { length: number } } | null }> }).seriesLayers[0].thinning!.kept.length;
    expect(kept).to.be.below(n / 20);
    chart.levelOfDetail = false;
    chart.requestUpdate();
    await chart.updateComplete;
    const everyBlob = await chart.toBlob();
    await saveImage('dynamic-line-data-order-every-row.png', everyBlob);
    const everyRow = await decodePng(everyBlob);
    // Every red pixel of one picture has a red pixel within a pixel in the other (edges differ in
    // shade: a hundred thousand tiny anti-aliased segments overlap more than a thousand do).
    let missing = 0;
    let drawn = 0;
    for (let y = 0; y < pic.height; y++) {
      for (let x = 0; x < pic.width; x++) {
        for (const [a, b] of [[pic, everyRow], [everyRow, pic]] as const) {
          if (colorDistance(a.at(x, y), red) > 60) continue;
          drawn++;
          if (!hasColorNear(b, x, y, red, 1, 100)) missing++;
        }
      }
    }
    expect(missing, `red pixels with no red neighbour in the other picture (all ${n} rows against ${kept} kept, ${drawn} red pixels)`).to.be.below(drawn * 0.01);
  });

  it('a time-ordered line still refuses times that go back (gpu-error, last good rows stay)', async () => {
    const chart = newChart();
    chart.data = { time: [T0, T0 + HOUR], value: [1, 2] };
    document.body.append(chart);
    await chart.updateComplete;
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.data = { time: [T0 + HOUR, T0], value: [1, 2] };
    await chart.updateComplete;
    expect(errors[0]).to.match(/must increase/);
    expect(engineOf(chart).dataTable.time[0]).to.equal(T0);
  });
});
