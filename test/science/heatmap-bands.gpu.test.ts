/**
 * Issue 16: a heatmap larger than one storage buffer binding. The page's charts get a device with
 * WebGPU's default limits (128 MiB a storage binding), so a 6000 × 6000 matrix (137 MiB of cells,
 * 183 MiB with its pyramid) is split into bands (chart/heatmap/cell-bands.ts): the pyramid is built
 * across them on the GPU, the cells where the bands meet draw as they are, and the automatic colour
 * range is measured over all of them.
 */
import { expect } from '@esm-bundle/chai';
import { GpuChart } from '../../src/index.js';
import { colorDistance, decodePng, logAdapterOnce, saveImage, setDevicePixelRatio, type RGBA } from '../helpers/pixels.js';
import { engineOf, newChart, pixel } from './heatmap-helpers.js';

const SIDE = 6000;
/** Floats in a band at the default 128 MiB binding limit: row 5592 of the cells holds the border. */
const BAND = (128 * 1048576) / 4;
const greys = (v: number): RGBA => {
  const g = Math.round(255 * (1 - v));
  return [g, g, g, 255];
};
const valueOf = (c: number, r: number) => ((r * 7 + c * 3) % 10) / 10;

describe('heatmap in bands of storage buffers (issue 16)', () => {
  let device: GPUDevice;
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
    const adapter = await navigator.gpu.requestAdapter();
    device = await adapter!.requestDevice(); // WebGPU's default limits
    expect(device.limits.maxStorageBufferBindingSize).to.equal(128 * 1048576);
    GpuChart.provideDevice(device);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('a 6000 × 6000 matrix over two bands: hot cells in each band, the cells at the border, the automatic range', async () => {
    const values = new Float32Array(SIDE * SIDE);
    for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) values[r * SIDE + c] = valueOf(c, r);
    // one low and one high cell: in band 0 and in band 1 (and its pyramid levels are in band 1 too)
    values[1000 * SIDE + 1500] = -3;
    values[5900 * SIDE + 4500] = 5;
    expect(SIDE * SIDE).to.be.greaterThan(BAND);
    const chart = newChart('linear', 400, 260);
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.series = [{ type: 'heatmap', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: SIDE, rows: SIDE, values }, colormap: 'greys' }];
    document.body.append(chart);
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('science-heatmap-bands.png', blob);
    expect(errors).to.deep.equal([]);
    const e = engineOf(chart);
    const pic = await decodePng(blob);
    // the range over every cell (GPU, both bands): -3 … 5; the hot cell (5, band 1) black, the
    // pyramid's max elsewhere: 0.9 → (0.9 + 3) / 8 of the way
    const near = (x: number, y: number, want: RGBA) => {
      let best = Infinity;
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) best = Math.min(best, colorDistance(pixel(pic, x + dx, y + dy), want));
      return best;
    };
    expect(near(chart.timeToX(4500.5), e.valueToY(5900.5), greys(1)), 'the hot cell in band 1').to.be.lessThan(12);
    expect(colorDistance(pixel(pic, chart.timeToX(3000), e.valueToY(3000)), greys(3.9 / 8)), 'the max of 0.9 elsewhere').to.be.lessThan(12);
    // zoomed in where the bands meet (row 5592): every cell from level 0, on both sides
    chart.visibleRange = { from: 10, to: 30 };
    const scale = (e as unknown as { seriesLayers: Array<{ scale: { autoScale: boolean; min: number; max: number } }> }).seriesLayers[0].scale;
    Object.assign(scale, { autoScale: false, min: 5585, max: 5600 });
    chart.series = [{ type: 'heatmap', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: SIDE, rows: SIDE, values }, colormap: 'greys', colorRange: [0, 1] }];
    await chart.updateComplete;
    const zoomedBlob = await chart.toBlob();
    await saveImage('science-heatmap-bands-border.png', zoomedBlob);
    const zoomed = await decodePng(zoomedBlob);
    const [y0, y1] = [e.valueToY(5600), e.valueToY(5585)].sort((a, b) => a - b);
    let checked = 0;
    for (let r = 5585; r < 5600; r++) {
      const y = e.valueToY(r + 0.5);
      if (y < y0 + 1 || y > y1 - 1) continue;
      for (const c of [12, 17, 25]) {
        expect(colorDistance(pixel(zoomed, chart.timeToX(c + 0.5), y), greys(valueOf(c, r))), `cell ${c}, ${r}`).to.be.lessThan(12);
        checked++;
      }
    }
    expect(checked, 'cells checked on both sides of row 5592').to.be.greaterThan(20);
  });
});
