/**
 * Issue 16: a density zoom step is binned, coloured and drawn in the frame in which the view
 * changed — one frame of the engine before `updateComplete`, one binning — and the colour bar's
 * labels, which follow the range read back after that frame, never change the plot's width (the
 * bar's room is reserved), so they never make the layer bin a second time.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { decodePng, logAdapterOnce, saveImage, setDevicePixelRatio } from '../helpers/pixels.js';
import { engineOf, newChart, pixel } from './heatmap-helpers.js';

interface DensityView {
  binnings: number;
  cpu: { range: [number, number] } | null;
}
const layerOf = (chart: GpuChart) => (engineOf(chart) as unknown as { seriesLayers: DensityView[] }).seriesLayers[0];

/** Counts the frames drawn into any canvas (each frame takes the canvas's texture once; toBlob does not). */
function countFrames() {
  const original = GPUCanvasContext.prototype.getCurrentTexture;
  let frames = 0;
  GPUCanvasContext.prototype.getCurrentTexture = function (this: GPUCanvasContext) {
    frames++;
    return original.call(this);
  };
  return {
    get frames() {
      return frames;
    },
    restore() {
      GPUCanvasContext.prototype.getCurrentTexture = original;
    },
  };
}

/**
 * Holds the GPU's "work done" of every frame after the first from now on (`queue.onSubmittedWorkDone`
 * as the engine calls it once per frame), until `release()`: `updateComplete` resolves only if it
 * does not wait for a later frame than the one of the change.
 */
function holdLaterFrames(counter: { frames: number }) {
  const original = GPUQueue.prototype.onSubmittedWorkDone;
  const first = counter.frames;
  const waiting: Array<() => void> = [];
  GPUQueue.prototype.onSubmittedWorkDone = function (this: GPUQueue) {
    const done = original.call(this);
    if (counter.frames - first < 2) return done;
    return new Promise<undefined>((resolve) => waiting.push(() => done.then(resolve)));
  };
  return {
    release() {
      GPUQueue.prototype.onSubmittedWorkDone = original;
      for (const go of waiting.splice(0)) go();
    },
  };
}

/** Waits until no frame is drawn for a while (read-backs and the frames they ask for are done). */
async function settle(chart: GpuChart, counter: { frames: number }): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    await chart.updateComplete;
    await new Promise((r) => setTimeout(r, 40));
    if (counter.frames === last && layerOf(chart).cpu) return;
    last = counter.frames;
  }
  throw new Error('the chart never settled');
}

/** 90 % of the points in a tight cluster (a count range that grows by decades as the view narrows). */
function points(n: number) {
  let seed = 99;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dense = i % 10 !== 0;
    x[i] = dense ? 5 + (rnd() - 0.5) * 0.4 : rnd() * 10;
    y[i] = dense ? 5 + (rnd() - 0.5) * 0.4 : rnd() * 10;
  }
  return { x, y };
}

describe('density zoom step in one frame (issue 16)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('each zoom step: binned and drawn in one frame, all updateComplete waits for; the labels that follow keep the plot width', async () => {
    const counter = countFrames();
    try {
      const chart = newChart('linear', 480, 280);
      chart.series = [{ type: 'density', points: points(300_000), binSize: 2 }];
      document.body.append(chart);
      await settle(chart, counter);
      const layer = layerOf(chart);
      const width0 = engineOf(chart).plotRect.width;
      const { from, to } = chart.visibleRange!;
      const ranges: string[] = [];
      for (let k = 1; k <= 5; k++) {
        const half = ((to - from) / 2) * 0.3 ** k;
        const frames = counter.frames;
        const binnings = layer.binnings;
        const hold = holdLaterFrames(counter);
        try {
          chart.visibleRange = { from: 5 - half, to: 5 + half };
          const outcome = await Promise.race([chart.updateComplete.then(() => 'complete'), new Promise((r) => setTimeout(r, 4000)).then(() => 'waited for a later frame')]);
          expect(outcome, `step ${k}: updateComplete after the change's own frame`).to.equal('complete');
          expect(counter.frames - frames, `step ${k}: frames drawn`).to.be.at.least(1);
          expect(layer.binnings - binnings, `step ${k}: binnings`).to.equal(1);
        } finally {
          hold.release();
        }
        // the range read back and its labels: drawn in a later frame, without binning again
        await settle(chart, counter);
        expect(layer.binnings - binnings, `step ${k}: binnings once the labels arrived`).to.equal(1);
        expect(engineOf(chart).plotRect.width, `step ${k}: plot width once the labels arrived`).to.equal(width0);
        ranges.push(layer.cpu!.range.join("…"));
      }
      // the zoom changed the count range (so the labels did change), never the plot width
      expect(new Set(ranges).size, ranges.join(' / ')).to.be.greaterThan(2);
      const blob = await chart.toBlob();
      await saveImage('science-density-zoom-step.png', blob);
      const pic = await decodePng(blob);
      const plot = engineOf(chart).plotRect;
      // the cluster fills the middle of the zoomed view with colour (not the white background)
      const [r, g, b] = pixel(pic, plot.x + plot.width / 2, plot.y + plot.height / 2);
      expect(r + g + b, 'the cluster in the middle').to.be.lessThan(600);
    } finally {
      counter.restore();
    }
  });
});
