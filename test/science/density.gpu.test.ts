/**
 * Issue 16 part 3: the `density` series. Points binned into screen cells by a compute shader on
 * every view change: every point in view counted exactly once (the read-back counts sum to the
 * points in view), count/sum/mean, colours through the colormap (log by default), the readout
 * under the pointer, and bad input naming the field.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { colorDistance, decodePng, logAdapterOnce, saveImage, setDevicePixelRatio, type Picture, type RGBA } from '../helpers/pixels.js';
import { colormapLut, lutColor } from '../../src/chart/colormaps.js';

interface DensityView {
  binnings: number;
  cpu: { counts: Uint32Array; sums: Float32Array | null; range: [number, number] } | null;
}
interface EngineView {
  valueToY(value: number): number;
  seriesLayers: DensityView[];
}
const engineOf = (chart: GpuChart) => (chart as unknown as { engine: EngineView }).engine;
const layerOf = (chart: GpuChart) => engineOf(chart).seriesLayers[0];

function newChart(width = 360, height = 220): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `position:fixed;left:0;top:0;display:block;width:${width}px;height:${height}px;--gpu-chart-background:#ffffff;`;
  chart.setAttribute('legend', 'off');
  chart.setAttribute('x-scale', 'linear');
  chart.type = 'none';
  return chart;
}

function pixel(p: Picture, x: number, y: number): RGBA {
  const i = (Math.round(y) * p.width + Math.round(x)) * 4;
  return [p.data[i], p.data[i + 1], p.data[i + 2], p.data[i + 3]];
}

/** Waits until the layer's read-back binning is there (it follows the frame by a map). */
async function readBack(chart: GpuChart): Promise<NonNullable<DensityView['cpu']>> {
  for (let i = 0; i < 100; i++) {
    await chart.updateComplete;
    const cpu = layerOf(chart)?.cpu;
    if (cpu) return cpu;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no read-back binning');
}

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** n points: 90 % in a tight cluster around (2, 2), 10 % spread over [0, 10] × [0, 10]; seeded. */
function points(n: number, weighted = false) {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dense = i % 10 !== 0;
    x[i] = dense ? 2 + (rnd() - 0.5) * 0.2 : rnd() * 10;
    y[i] = dense ? 2 + (rnd() - 0.5) * 0.2 : rnd() * 10;
    weight[i] = dense ? 2 : 10;
  }
  x[0] = 0;
  y[0] = 0;
  x[10] = 10;
  y[10] = 10;
  return weighted ? { x, y, weight } : { x, y };
}

describe('density series (issue 16 part 3)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('200k points: every point counted once; the dense cluster at the top of the (log) colormap; a zoom bins again, exactly', async () => {
    const chart = newChart();
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    const pts = points(200_000);
    chart.series = [{ type: 'density', points: pts, title: 'points' }];
    document.body.append(chart);
    const cpu = await readBack(chart);
    const blob = await chart.toBlob();
    await saveImage('science-density.png', blob);
    expect(errors).to.deep.equal([]);
    expect(sum(cpu.counts), 'every point, once').to.equal(200_000);
    const pic = await decodePng(blob);
    const viridis = colormapLut('viridis');
    const top = lutColor(viridis, 1).map((c) => Math.round(c * 255)) as RGBA;
    expect(colorDistance(pixel(pic, chart.timeToX(2), engineOf(chart).valueToY(2)), top), 'the cluster').to.be.lessThan(40);
    // no points: the background
    expect(colorDistance(pixel(pic, chart.timeToX(6), engineOf(chart).valueToY(10.4)), [255, 255, 255, 255])).to.be.lessThan(10);

    // zoom to x 0 … 5: binned again; the counts are the points inside the view
    const before = layerOf(chart).binnings;
    chart.visibleRange = { from: 0, to: 5 };
    await chart.updateComplete;
    expect(layerOf(chart).binnings).to.be.greaterThan(before);
    // The colour bar's labels follow the range read back after the binning and may widen once,
    // narrowing the plot and binning again: wait until the plot, the binning count and the read
    // back counts stay the same, then compare the last counts with the last plot.
    const plotNow = () => (engineOf(chart) as unknown as { plotRect: { x: number; y: number; width: number; height: number } }).plotRect;
    let settledKey = '';
    for (let i = 0; i < 100; i++) {
      await chart.updateComplete;
      await new Promise((r) => setTimeout(r, 30));
      const key = `${JSON.stringify(plotNow())} ${layerOf(chart).binnings}`;
      if (key === settledKey && layerOf(chart).cpu !== cpu) break;
      settledKey = key;
    }
    const cpu2 = layerOf(chart).cpu!;
    // the points whose pixel position (dpr 1: CSS px) is inside the plot, counted on the CPU
    const plot = plotNow();
    let inView = 0;
    for (let i = 0; i < pts.x.length; i++) {
      const px = chart.timeToX(pts.x[i]) - plot.x;
      const py = engineOf(chart).valueToY(pts.y[i]) - plot.y;
      if (px >= 0 && py >= 0 && px < plot.width && py < plot.height) inView++;
    }
    expect(inView).to.be.lessThan(200_000).and.greaterThan(150_000);
    // float32 on the GPU may place a point within 1e-4 px of an edge on its other side
    expect(Math.abs(sum(cpu2.counts) - inView)).to.be.at.most(2);
    // a frame with no change does not bin again
    const n = layerOf(chart).binnings;
    await chart.toBlob();
    expect(layerOf(chart).binnings).to.equal(n);
  });

  it('weighted: sum and mean of the weight per cell; the readout under the pointer', async () => {
    const chart = newChart();
    chart.tooltip = true;
    chart.series = [{ type: 'density', points: points(20_000, true), reduce: 'mean', colorScale: 'linear', title: 'w' }];
    document.body.append(chart);
    const cpu = await readBack(chart);
    await saveImage('science-density-mean.png', await chart.toBlob());
    expect(sum(cpu.counts)).to.equal(20_000);
    // means are 2 (cluster) … 10 (spread), a mix in between
    expect(cpu.range[0]).to.be.at.least(2);
    expect(cpu.range[1]).to.be.at.most(10);
    expect(cpu.range[1]).to.equal(10);
    expect(sum(cpu.sums!)).to.be.closeTo(18_000 * 2 + 2_000 * 10, 1);
    const details: Array<{ series: Record<string, Record<string, number>> }> = [];
    chart.addEventListener('gpu-crosshair', (e) => e.detail && details.push(e.detail));
    chart.dispatchEvent(new PointerEvent('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: chart.timeToX(2), clientY: engineOf(chart).valueToY(2), bubbles: true, composed: true }));
    for (let i = 0; i < 40 && !details.length; i++) await new Promise((r) => requestAnimationFrame(r));
    expect(details.length).to.be.greaterThan(0);
    const w = details.at(-1)!.series.w;
    expect(w.count).to.be.greaterThan(10);
    expect(w.mean).to.equal(2);
  });

  it('bad input: gpu-error names the field', async () => {
    const chart = newChart();
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    document.body.append(chart);
    chart.series = [{ type: 'density', points: { x: [1, 2], y: [1] } }];
    await chart.updateComplete;
    expect(errors.at(-1)).to.match(/series\[0\]\.points\.y has 1 values but points\.x has 2/);
    chart.series = [{ type: 'density', points: { x: [1, 2], y: [1, 2] }, reduce: 'mean' }];
    await chart.updateComplete;
    expect(errors.at(-1)).to.match(/series\[0\]\.reduce "mean" needs points\.weight/);
    chart.series = [{ type: 'density', points: { x: [1, 2], y: [1, 2] }, colormap: 'jet' as never }];
    await chart.updateComplete;
    expect(errors.at(-1)).to.match(/series\[0\]\.colormap "jet" is not a colormap/);
  });
});
