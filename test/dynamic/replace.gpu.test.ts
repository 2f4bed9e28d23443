/**
 * Issue 24, item 1: every value of a column replaced each frame (same rows) is an upload into the
 * buffers the chart has, not a rebuild: no GPU buffer is asked for, the table keeps its layout,
 * the column keeps its pyramid object (taken as unbuilt, built again once the values settle), and
 * every frame draws and scales to the new values exactly.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import { bufferRequests } from '../../src/gpu/buffers.js';
import type { MinMaxPyramid } from '../../src/data/lod.js';
import type { ColumnTable } from '../../src/data/table.js';
import { countColor, decodePng, hasColorNear, hexToRgba, logAdapterOnce, saveImage, setDevicePixelRatio } from '../helpers/pixels.js';

const T0 = Date.UTC(2026, 0, 5);
const RED = '#ff0000';

interface EngineView {
  dataTable: ColumnTable;
  plotRect: { x: number; y: number; width: number; height: number };
  valueToY(value: number): number;
  tables: { get(table: ColumnTable): { tg: { value(name: string): { pyramid: MinMaxPyramid } | undefined } | null } | undefined };
}
const engineOf = (chart: GpuChart) => (chart as unknown as { engine: EngineView }).engine;

function wave(n: number, phase: number, amplitude: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => amplitude * Math.sin(i / 900 + phase));
}

async function makeChart(type: string, n: number): Promise<{ chart: GpuChart; time: Float64Array }> {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `display:block;width:400px;height:220px;--gpu-chart-series-1:${RED};--gpu-chart-background:#fff;`;
  chart.setAttribute('legend', 'off');
  chart.type = type as GpuChart['type'];
  const time = Float64Array.from({ length: n }, (_, i) => T0 + i * 1000);
  chart.data = { time, value: wave(n, 0, 1) };
  document.body.append(chart);
  await chart.updateComplete;
  return { chart, time };
}

describe('dynamic data: all values replaced every frame (issue 24 item 1)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  for (const type of ['line', 'scatter']) {
    it(`${type}: 100k values replaced 12 times ask for no GPU buffer, keep the table's layout and the pyramid, and draw the new values`, async function () {
      this.timeout(120_000);
      const n = 100_000;
      const { chart, time } = await makeChart(type, n);
      const engine = engineOf(chart);
      const table = engine.dataTable;
      // One replacement first: the scatter's rows are read one by one (its GPU rows exist from then on).
      chart.data = { time, value: wave(n, 1, 2) };
      await chart.updateComplete;
      const pyramid = engine.tables.get(table)!.tg!.value('value')!.pyramid;
      const layout = table.layoutVersion;
      const requests = bufferRequests();
      let amplitude = 2;
      for (let k = 0; k < 12; k++) {
        amplitude = 3 + k;
        // a new time array every other frame, with the same times: still the same rows
        chart.data = { time: k % 2 ? time : time.slice(), value: wave(n, k, amplitude) };
        await chart.updateComplete;
      }
      expect(bufferRequests() - requests, 'GPU buffers asked for while replacing values').to.equal(0);
      expect(engine.dataTable).to.equal(table);
      expect(table.layoutVersion, 'rows stayed where they were').to.equal(layout);
      expect(engine.tables.get(table)!.tg!.value('value')!.pyramid, 'the same pyramid, no new allocation').to.equal(pyramid);
      // The last frame scaled to the last values exactly (rows read directly while the pyramid is unbuilt).
      const r = engine.plotRect;
      const top = engine.valueToY(amplitude);
      const bottom = engine.valueToY(-amplitude);
      expect(top).to.be.within(r.y - 1, r.y + r.height * 0.2);
      expect(bottom).to.be.within(r.y + r.height * 0.8, r.y + r.height + 1);
      const blob = await chart.toBlob();
      await saveImage(`dynamic-replace-${type}.png`, blob);
      const pic = await decodePng(blob);
      const red = hexToRgba(RED);
      expect(countColor(pic, red, 60)).to.be.greaterThan(500);
      // The wave's crest at its row: x of row i, y of the last amplitude × sin(i / 900 + 11).
      const i = Math.round((Math.PI / 2 - 11 + 8 * Math.PI) * 900);
      const x = r.x + ((time[i] - time[0]) / (time[n - 1] - time[0])) * r.width;
      expect(hasColorNear(pic, x, top, red, 4, 80), `crest near (${x.toFixed(0)}, ${top.toFixed(0)})`).to.equal(true);
    });
  }

  it('a datasource given the same columns and rows again keeps its layout and still announces a load', async () => {
    const source = document.createElement('gpu-datasource') as GpuDatasource;
    document.body.append(source);
    await source.updateComplete;
    const reasons: string[] = [];
    source.addEventListener('gpu-data', (e) => reasons.push(e.detail.reason));
    const time = Float64Array.from({ length: 5000 }, (_, i) => T0 + i * 1000);
    source.data = { time, value: wave(5000, 0, 1) };
    const layout = source.table.layoutVersion;
    source.data = { time, value: wave(5000, 1, 2) };
    expect(source.table.layoutVersion).to.equal(layout);
    expect(reasons).to.deep.equal(['load', 'load']);
    expect(source.table.column('value')![0]).to.be.closeTo(2 * Math.sin(1), 1e-12);
    source.remove();
  });

  it('the pyramid is built again once the values stop changing (two frames without a change)', async function () {
    this.timeout(60_000);
    const n = 200_000;
    const { chart, time } = await makeChart('line', n);
    const engine = engineOf(chart);
    chart.data = { time, value: wave(n, 2, 5) };
    await chart.updateComplete;
    const column = () => engine.tables.get(engine.dataTable)!.tg!.value('value')!;
    expect(column().pyramid.complete, 'unbuilt right after the replacement').to.equal(false);
    // Frames without a data change (a pan): the second one finishes the build.
    chart.visibleRange = { from: time[1000], to: time[150_000] };
    await chart.updateComplete;
    chart.visibleRange = { from: time[2000], to: time[160_000] };
    await chart.updateComplete;
    expect(column().pyramid.complete).to.equal(true);
    const mm = column().pyramid.rangeMinMax(engine.dataTable.column('value')!, 0, n - 1)!;
    expect(mm[0]).to.be.closeTo(-5, 1e-3);
    expect(mm[1]).to.be.closeTo(5, 1e-3);
  });
});
