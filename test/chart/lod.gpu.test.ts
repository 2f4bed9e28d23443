import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { buffersCreated, type GpuChart, type GpuDatasource } from '../../src/index.js';
import { bytesUploaded } from '../../src/gpu/buffers.js';
import type { TableGpu } from '../../src/chart/gpu-columns.js';
import type { ColumnTable } from '../../src/data/table.js';
import { decodePng, hexToRgba, colorDistance, saveImage, type Picture } from '../helpers/pixels.js';
import { expectGpuRowsMatch } from '../helpers/gpu-copy.js';

const RED = '#ff0000';
const T0 = Date.UTC(2026, 3, 1);

function makeChart(width: number, height: number): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.style.cssText = `width:${width}px;height:${height}px;--gpu-chart-series-1:${RED};--gpu-chart-grid:#ffffff;--gpu-chart-background:#ffffff`;
  return chart;
}

/** Vertical extent of series-coloured pixels in each pixel column of the plot. */
function columnExtents(p: Picture, x0: number, x1: number, y0: number, y1: number): Array<[number, number] | null> {
  const red = hexToRgba(RED);
  const out: Array<[number, number] | null> = [];
  for (let x = x0; x < x1; x++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let y = y0; y < y1; y++) {
      if (colorDistance(p.at(x, y), red) < 110) {
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    }
    out.push(lo <= hi ? [lo, hi] : null);
  }
  return out;
}

function internals(chart: GpuChart): { tables: Map<ColumnTable, { tg: TableGpu }>; device: GPUDevice } {
  const engine = (chart as unknown as { engine: { tables: Map<ColumnTable, { tg: TableGpu }> } }).engine;
  return { tables: engine.tables, device: chart.device! };
}

describe('level of detail and the GPU data path', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  /** Adds the chart, then pictures it with level of detail and without (saved as name-lod-on/off.png). */
  async function withAndWithoutLod(chart: GpuChart, name: string): Promise<[Picture, Picture]> {
    document.body.append(chart);
    await chart.updateComplete;
    const lodBlob = await chart.toBlob();
    chart.levelOfDetail = false;
    await chart.updateComplete;
    const fullBlob = await chart.toBlob();
    await saveImage(`${name}-lod-on.png`, lodBlob);
    await saveImage(`${name}-lod-off.png`, fullBlob);
    return [await decodePng(lodBlob), await decodePng(fullBlob)];
  }

  /** Draws the data with and without level of detail and compares each pixel column's extent. */
  async function compareWithFullDetail(name: string, time: Float64Array, value: Float64Array, step = false, category = false) {
    const chart = makeChart(320, 200);
    if (category) chart.setAttribute('time-scale', 'category');
    chart.data = { time, value };
    chart.type = 'none';
    chart.series = [{ type: 'line', value: 'value', width: 1, lastValue: false, step }];
    const [lod, full] = await withAndWithoutLod(chart, name);
    const r = chart.paneRects[0];
    const a = columnExtents(lod, Math.ceil(r.x), Math.floor(r.x + r.width), Math.ceil(r.y), Math.floor(r.y + r.height));
    const b = columnExtents(full, Math.ceil(r.x), Math.floor(r.x + r.width), Math.ceil(r.y), Math.floor(r.y + r.height));
    // Within anti-aliasing: each LOD column lies inside the every-row column, and each every-row
    // column inside the LOD columns around it. (Drawn row by row, the soft edges of hundreds of
    // overlapping segments add up to full colour one pixel column further; the LOD line is the
    // line's exact coverage per column, so it may look a pixel leaner, never miss an extreme.)
    let worst = 0;
    let where = '';
    const span = (p: typeof a, i: number) => p[i] ?? [Infinity, -Infinity];
    for (let i = 0; i < a.length; i++) {
      // A gap's edge may move by one pixel column (anti-aliasing of the last segment).
      const edge = (p: typeof a) => p[i - 1] !== null || p[i + 1] !== null;
      if ((a[i] === null) !== (b[i] === null)) expect(a[i] === null ? edge(a) : edge(b), `column ${i} drawn in one picture only`).to.equal(true);
      if (!a[i] || !b[i]) continue;
      const near = [span(a, i - 1), span(a, i), span(a, i + 1)];
      const nearTop = Math.min(...near.map((x) => x[0]));
      const nearBottom = Math.max(...near.map((x) => x[1]));
      const d = Math.max(b[i]![0] - a[i]![0], a[i]![1] - b[i]![1], nearTop - b[i]![0], b[i]![1] - nearBottom);
      if (d > worst) {
        worst = d;
        where = `column ${i}: ${a[i]} with level of detail (${nearTop},${nearBottom} with its neighbours), ${b[i]} without`;
      }
    }
    expect(worst, `largest difference of a column extent in px (${where})`).to.be.at.most(2);
    return { chart, columns: a, plot: r };
  }

  function randomWalk(n: number, seed: number): { time: Float64Array; value: Float64Array } {
    const time = new Float64Array(n);
    const value = new Float64Array(n);
    let s = seed;
    const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
    let v = 0;
    for (let i = 0; i < n; i++) {
      time[i] = T0 + i * 1000;
      v += rnd() - 0.5;
      value[i] = v;
    }
    return { time, value };
  }

  it('the LOD picture equals drawing every row: spikes and gaps kept', async () => {
    const { time, value } = randomWalk(120_000, 3);
    const v = value[value.length - 1];
    // Single-sample spikes, and a gap of 3000 rows.
    value[20_000] = v + 400;
    value[70_001] = -400;
    for (let i = 90_000; i < 93_000; i++) value[i] = NaN;
    const { chart, columns: a, plot: r } = await compareWithFullDetail('lod', time, value);
    // The spikes reach the top and the bottom of the plot in both.
    const spikeUp = Math.round(chart.timeToX(time[20_000]) - Math.ceil(r.x));
    expect(a[spikeUp]![0]).to.be.lessThan(r.y + 20);
    // The gap is empty in both.
    const gapMid = Math.round(chart.timeToX(time[91_500]) - Math.ceil(r.x));
    expect(a[gapMid]).to.equal(null);
  });

  it('builds a big pyramid after the first frame (in the background, or at the second frame), with the same picture before and after', async () => {
    const { time, value } = randomWalk(300_000, 17);
    value[123_457] = value[123_456] + 300; // a spike the unbuilt rows must show too
    const chart = makeChart(320, 200);
    chart.data = { time, value };
    document.body.append(chart);
    await chart.updateComplete;
    const column = () => [...internals(chart).tables.values()][0].tg.value('value')!;
    expect(column().pyramid.complete, 'not built before the first frame').to.equal(false);
    // A picture from the rows the pyramid lacks: its build is held (background stopped, frames
    // not counted) while the picture is taken, then started again.
    const held = column() as unknown as { framesWhileBuilding: number; building: AbortController | null; scheduleBuild(): void };
    held.building?.abort();
    held.building = null;
    held.framesWhileBuilding = -1;
    const before = await chart.toBlob();
    expect(column().pyramid.complete, 'that picture read unbuilt rows').to.equal(false);
    held.scheduleBuild();
    const t0 = performance.now();
    while (!column().pyramid.complete && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(column().pyramid.complete, 'built in the background within 5 s').to.equal(true);
    const after = await chart.toBlob();
    const [a, b] = [await decodePng(before), await decodePng(after)];
    let differing = 0;
    for (let y = 0; y < a.height; y++) for (let x = 0; x < a.width; x++) if (colorDistance(a.at(x, y), b.at(x, y)) > 0) differing++;
    expect(differing, 'pixels that differ once the pyramid is built').to.equal(0);
    const spikeX = Math.round(chart.timeToX(time[123_457]));
    const r = chart.paneRects[0];
    expect(columnExtents(a, spikeX - 1, spikeX + 2, Math.ceil(r.y), Math.floor(r.y + r.height)).some((c) => c !== null && c[0] < r.y + 20), 'spike drawn from unbuilt rows').to.equal(true);

    // New rows: the first frame reads them unbuilt; a second frame soon after builds them at once.
    chart.data = { time: time.slice(), value: value.slice() };
    await chart.updateComplete;
    expect(column().pyramid.complete).to.equal(false);
    chart.visibleRange = { from: time[1000], to: time[250_000] };
    await chart.updateComplete;
    expect(column().pyramid.complete, 'built by the second frame').to.equal(true);

    // A removed chart's column stops building.
    chart.data = { time: time.slice(), value: value.slice() };
    await chart.updateComplete;
    const orphan = column().pyramid;
    chart.remove();
    await new Promise((r) => setTimeout(r, 400));
    expect(orphan.complete, 'no build after the chart is gone').to.equal(false);
  });

  it('the LOD picture equals drawing every row: a long segment over a pause in time, a step line, a category scale', async () => {
    // Dense rows, then nothing for 1/25 of the view (one segment spans many pixel columns).
    const { time, value } = randomWalk(40_000, 9);
    for (let i = 20_000; i < time.length; i++) time[i] += 2_000_000;
    value[20_000] = value[19_999] + 60;
    await compareWithFullDetail('lod-pause', time, value);
    document.querySelectorAll('gpu-chart').forEach((c) => c.remove());
    // Just above the density where lines turn into column spans (2 rows per pixel column).
    const few = randomWalk(900, 5);
    await compareWithFullDetail('lod-step', few.time, few.value, true);
    document.querySelectorAll('gpu-chart').forEach((c) => c.remove());
    // Category scale (x by row index): rows with long pauses in time sit side by side.
    const cat = randomWalk(30_000, 13);
    for (let i = 0; i < cat.time.length; i++) cat.time[i] += Math.floor(i / 500) * 86_400_000;
    await compareWithFullDetail('lod-category', cat.time, cat.value, false, true);
  });

  it('dense areas and bands equal drawing every row, column by column', async () => {
    const { time, value } = randomWalk(60_000, 21);
    const upper = value.map((v, i) => v + 12 + Math.sin(i / 500) * 6);
    const lower = value.map((v, i) => v - 12 - Math.cos(i / 700) * 6);
    for (let i = 30_000; i < 31_000; i++) value[i] = upper[i] = lower[i] = NaN;
    const white = hexToRgba('#ffffff');
    for (const spec of [{ type: 'area' as const, value: 'value' }, { type: 'band' as const, upper: 'upper', lower: 'lower' }]) {
      const chart = makeChart(320, 200);
      chart.data = { time, value, upper, lower };
      chart.type = 'none';
      chart.series = [{ ...spec, lastValue: false }];
      const [lod, full] = await withAndWithoutLod(chart, `lod-${spec.type}`);
      const r = chart.paneRects[0];
      // Topmost and bottommost non-background pixel of each plot column, in each picture.
      const x0 = Math.ceil(r.x) + 1;
      const x1 = Math.floor(r.x + r.width) - 1;
      const extents = (p: Picture) => {
        const out: Array<[number, number, number]> = [];
        for (let x = x0; x < x1; x++) {
          let top = Infinity;
          let bottom = -Infinity;
          let count = 0;
          for (let y = Math.ceil(r.y); y < Math.floor(r.y + r.height); y++) {
            if (colorDistance(p.at(x, y), white) > 25) {
              top = Math.min(top, y);
              bottom = Math.max(bottom, y);
              count++;
            }
          }
          out.push([top, bottom, count]);
        }
        return out;
      };
      const a = extents(lod);
      const b = extents(full);
      // Within anti-aliasing: each column of one picture lies within the other's column and its
      // two neighbours (a 2-px line reaches into the next column either way).
      const near = (p: typeof a, i: number): [number, number, number] => [
        Math.min(...[i - 1, i, i + 1].filter((j) => p[j]).map((j) => p[j][0])),
        Math.max(...[i - 1, i, i + 1].filter((j) => p[j]).map((j) => p[j][1])),
        0,
      ];
      let differing = 0;
      let painted = 0;
      const where: string[] = [];
      for (let i = 0; i < a.length; i++) {
        if (b[i][0] <= b[i][1]) painted++;
        const na = near(a, i);
        const nb = near(b, i);
        const inside = (c: [number, number, number], n: [number, number, number]) => c[0] > c[1] || (c[0] >= n[0] - 2 && c[1] <= n[1] + 2);
        // And no more background showing between the top and the bottom (a hole between a fill
        // and its lines) than drawing every row leaves.
        const holes = (c: [number, number, number]) => (c[0] > c[1] ? 0 : c[1] - c[0] + 1 - c[2]);
        const noNewHoles = holes(a[i]) <= holes(b[i]) + 2;
        if (!inside(a[i], nb) || !inside(b[i], na) || !noNewHoles) {
          differing++;
          where.push(`x ${x0 + i}: ${a[i]} vs ${b[i]} (top, bottom, pixels)`);
        }
      }
      expect(painted, `${spec.type}: columns painted`).to.be.greaterThan(250);
      // A gap's edge may move by a column.
      expect(differing, `${spec.type}: columns whose painted extent differs by more than 2 px: ${where.slice(0, 6).join('; ')}`).to.be.at.most(2);
      chart.remove();
    }
  });

  it('keeps the GPU copy equal to the CPU columns through appends, updates and a capacity ring', async () => {
    const ds = document.createElement('gpu-datasource') as GpuDatasource;
    ds.setAttribute('capacity', '3000');
    document.body.append(ds);
    const n0 = 2000;
    ds.data = { time: Array.from({ length: n0 }, (_, i) => T0 + i * 1000), value: Array.from({ length: n0 }, (_, i) => 100 + Math.sin(i / 50)) };
    const chart = makeChart(240, 140);
    chart.dataSource = ds;
    document.body.append(chart);
    await chart.updateComplete;
    // The GPU copy mirrors the table's backing arrays: row i of the table is GPU index offset + i.
    const check = async (label: string) => {
      await chart.updateComplete;
      const { tables, device } = internals(chart);
      const table = ds.table;
      const tg = tables.get(table)!.tg;
      return expectGpuRowsMatch(device, tg, table, 'value', label);
    };
    expect(await check('loaded')).to.equal(2000);
    for (let i = 0; i < 500; i++) ds.append({ time: T0 + (n0 + i) * 1000, value: 50 + i });
    ds.append({ time: T0 + (n0 + 499) * 1000, value: 7 }); // update the last row
    expect(await check('appended')).to.equal(2500);
    for (let i = 500; i < 1500; i++) ds.append({ time: T0 + (n0 + i) * 1000, value: 50 - i }); // past capacity
    expect(await check('ring')).to.equal(3000);
    expect(ds.table.time[0]).to.equal(T0 + 500 * 1000);
    // Once full, each append uploads only its tail: rows dropped at the start cost nothing.
    let i = 1500;
    let compactions = 0;
    let largest = 0;
    for (; i < 1600; i++) {
      const layout = ds.table.layoutVersion;
      const before = bytesUploaded();
      ds.append({ time: T0 + (n0 + i) * 1000, value: i });
      await chart.updateComplete;
      if (ds.table.layoutVersion !== layout) compactions++;
      else largest = Math.max(largest, bytesUploaded() - before);
    }
    expect(ds.table.length).to.equal(3000);
    expect(largest, 'bytes uploaded for one append while the window slides').to.be.lessThan(64 * 1024);
    expect(compactions).to.be.at.most(1);
    expect(await check('sliding')).to.equal(3000);
  });

  it('creates no GPU buffer while panning and zooming', async () => {
    const n = 200_000;
    const time = new Float64Array(n);
    const value = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      time[i] = T0 + i * 1000;
      value[i] = Math.sin(i / 300) * 10 + (i % 97) / 50;
    }
    const chart = makeChart(300, 160);
    chart.data = { time, value };
    document.body.append(chart);
    await chart.updateComplete;
    // One warm-up pass over zoom levels (a first view may size a buffer once).
    chart.visibleRange = { from: time[1000], to: time[1500] };
    await chart.updateComplete;
    const before = buffersCreated();
    for (let step = 0; step < 30; step++) {
      const span = 500 + step * 6000;
      const from = time[(step * 3000) % (n - span - 1)];
      chart.visibleRange = { from, to: from + span * 1000 };
      await chart.updateComplete;
    }
    chart.fitContent();
    await chart.updateComplete;
    expect(buffersCreated() - before).to.equal(0);
  });
});

