/**
 * Issue 16: the colour bar agrees with the cells in the same frame. Its strip is drawn on the GPU
 * from the range the cells read (a range measured on the GPU: a density's binning, a heatmap of
 * more than 2^18 cells in view); only the tick labels wait for that range to be read back. The
 * read-backs are held here (GPUBuffer.mapAsync of those buffers waits until released), so the
 * pictures are exactly the frames drawn before a read-back arrives.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { colorDistance, decodePng, logAdapterOnce, saveImage, setDevicePixelRatio, type Picture, type RGBA } from '../helpers/pixels.js';
import { engineOf, newChart, pixel, viridis } from './heatmap-helpers.js';

/** Holds mapAsync of buffers with these labels until `release()` (then maps them as asked). */
function holdReadbacks(labels: string[]) {
  const original = GPUBuffer.prototype.mapAsync;
  const waiting: Array<() => void> = [];
  let held = true;
  GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
    if (!held || !labels.includes(this.label)) return original.apply(this, args);
    return new Promise<undefined>((resolve, reject) => waiting.push(() => original.apply(this, args).then(resolve, reject)));
  };
  return {
    get waiting() {
      return waiting.length;
    },
    release() {
      held = false;
      GPUBuffer.prototype.mapAsync = original;
      for (const go of waiting.splice(0)) go();
    },
  };
}

const WHITE: RGBA = [255, 255, 255, 255];

/** The strip's middle column right of the plot: the first run of 8+ coloured (not grey, not white) pixels on row y. */
function stripX(pic: Picture, plotRight: number, y: number): number {
  let run = 0;
  for (let x = Math.ceil(plotRight) + 2; x < pic.width; x++) {
    const [r, g, b] = pixel(pic, x, y);
    const colourful = Math.max(r, g, b) - Math.min(r, g, b) > 40;
    run = colourful ? run + 1 : 0;
    if (run === 8) return x - 4;
  }
  throw new Error('no colour bar strip');
}

/** Dark (text) pixels in a box: the tick labels right of the strip. */
function textPixels(pic: Picture, x0: number, x1: number, y0: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (colorDistance(pixel(pic, x, y), WHITE) > 120) n++;
  return n;
}

describe('colour bar in the same frame as the cells (issue 16)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('density: the first frame has the strip, its top the densest cell\'s colour; the labels come with the read-back', async () => {
    const hold = holdReadbacks(['density readback']);
    let chart: GpuChart | null = null;
    try {
      chart = newChart('linear');
      // 900 points at (2, 2), 100 spread: the densest cell is the top of the log range
      const n = 1000;
      const x = new Float64Array(n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        x[i] = i % 10 ? 2 : (i * 7.3) % 10;
        y[i] = i % 10 ? 2 : (i * 3.1) % 10;
      }
      chart.series = [{ type: 'density', points: { x, y }, binSize: 4 }];
      document.body.append(chart);
      await chart.updateComplete;
      const blob = await chart.toBlob();
      await saveImage('science-color-bar-density-first.png', blob);
      const pic = await decodePng(blob);
      expect(hold.waiting, 'read-backs held').to.be.greaterThan(0);
      const e = engineOf(chart);
      const plot = e.plotRect;
      const mid = plot.y + plot.height / 2;
      const sx = stripX(pic, plot.x + plot.width, mid);
      const top = plot.y + 6;
      const bottom = plot.y + plot.height - 6;
      // the densest cell and the strip's top: the colormap's end, in this very frame
      let dense: RGBA = WHITE;
      for (let py = Math.ceil(plot.y); py < plot.y + plot.height; py++) {
        for (let px = Math.ceil(plot.x); px < plot.x + plot.width; px++) {
          const c = pixel(pic, px, py);
          if (colorDistance(c, viridis(1)) < colorDistance(dense, viridis(1))) dense = c;
        }
      }
      expect(colorDistance(dense, viridis(1)), 'the densest cell').to.be.lessThan(16);
      expect(colorDistance(pixel(pic, sx, top), dense), 'strip top vs densest cell').to.be.lessThan(16);
      expect(colorDistance(pixel(pic, sx, bottom), viridis(0)), 'strip bottom').to.be.lessThan(16);
      // no labels before the range is read back
      expect(textPixels(pic, sx + 8, pic.width, plot.y, plot.y + plot.height), 'label pixels before the read-back').to.equal(0);
      hold.release();
      for (let i = 0; i < 50 && !(e as unknown as { seriesLayers: Array<{ cpu: unknown }> }).seriesLayers[0].cpu; i++) await new Promise((r) => setTimeout(r, 10));
      await chart.updateComplete;
      const after = await decodePng(await chart.toBlob());
      await saveImage('science-color-bar-density-read.png', await chart.toBlob());
      // (the bar's room is reserved for an automatic range: the strip stays where it was)
      const sx2 = stripX(after, e.plotRect.x + e.plotRect.width, mid);
      expect(sx2, 'the strip did not move when the labels came').to.equal(sx);
      expect(textPixels(after, sx2 + 8, after.width, plot.y, plot.y + plot.height), 'label pixels after the read-back').to.be.greaterThan(20);
      expect(colorDistance(pixel(after, sx2, top), viridis(1))).to.be.lessThan(16);
    } finally {
      hold.release();
    }
  });

  it('heatmap, range measured on the GPU: before the read-back, each label sits beside the colour its value has in the cells', async () => {
    const chart = newChart('linear', 420, 240);
    const columns = 600;
    const rows = 500; // 300k cells in view: the range is measured on the GPU
    const gridOf = (scale: number) => {
      const values = new Float32Array(columns * rows);
      for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) values[r * columns + c] = (scale * c) / (columns - 1);
      return { x0: 0, dx: 1, y0: 0, dy: 1, columns, rows, values };
    };
    chart.series = [{ type: 'heatmap', grid: gridOf(1) }];
    document.body.append(chart);
    await chart.updateComplete;
    // the first range read back: labels 0 … 1
    for (let i = 0; i < 50; i++) {
      await chart.updateComplete;
      await new Promise((r) => setTimeout(r, 10));
    }
    const e = engineOf(chart);
    const plot = e.plotRect;
    let pic = await decodePng(await chart.toBlob());
    const sx = stripX(pic, plot.x + plot.width, plot.y + plot.height / 2);
    const top = plot.y + 5;
    expect(colorDistance(pixel(pic, sx, top), viridis(1)), 'strip top, range 0 … 1').to.be.lessThan(16);

    // values × 100: the cells use the GPU's new range (0 … 100) at once; the labels still say 0 … 1
    const hold = holdReadbacks(['heatmap range readback']);
    try {
      chart.series = [{ type: 'heatmap', grid: gridOf(100) }];
      await chart.updateComplete;
      const blob = await chart.toBlob();
      await saveImage('science-color-bar-heatmap-held.png', blob);
      pic = await decodePng(blob);
      expect(hold.waiting, 'read-backs held').to.be.greaterThan(0);
      const y = e.valueToY(250);
      expect(colorDistance(pixel(pic, chart.timeToX(599), y), viridis(1)), 'the cells: 100 at the top of the new range').to.be.lessThan(16);
      // value 1 (the top label, still) is drawn as viridis(0.01) in the cells: the strip's top says so too
      const one = pixel(pic, chart.timeToX(6), y);
      expect(colorDistance(one, viridis(0.01)), 'a cell of value 1').to.be.lessThan(16);
      expect(colorDistance(pixel(pic, sx, top), one), 'strip top (label 1) vs the cell of value 1').to.be.lessThan(16);
      // the label "1" is still there (text right of the strip's top)
      expect(textPixels(pic, sx + 8, pic.width, plot.y, plot.y + 16)).to.be.greaterThan(5);
    } finally {
      hold.release();
    }
    // the range read back: labels 0 … 100, the plain colormap again
    for (let i = 0; i < 50; i++) {
      await chart.updateComplete;
      await new Promise((r) => setTimeout(r, 10));
    }
    pic = await decodePng(await chart.toBlob());
    await saveImage('science-color-bar-heatmap-read.png', await chart.toBlob());
    // (the room is reserved for an automatic range's labels: the strip stays)
    const sx2 = stripX(pic, e.plotRect.x + e.plotRect.width, plot.y + plot.height / 2);
    expect(sx2, 'the strip did not move when the labels came').to.equal(sx);
    expect(colorDistance(pixel(pic, sx2, top), viridis(1)), 'strip top, range 0 … 100').to.be.lessThan(16);
  });
});
