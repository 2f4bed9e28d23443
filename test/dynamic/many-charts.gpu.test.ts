/**
 * Issue 24, item 5: on a page of 16 and 32 charts being created and updated every display frame,
 * every chart gets its first frame, and every later change, within a bounded number of display
 * frames. The rule (frame-scheduler.ts): a chart has at most one frame on the GPU; a change made
 * meanwhile is drawn in the first display frame after that frame is done. So the GPU never queues
 * more than one frame per chart, and a chart waits behind at most one frame of each other chart.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { logAdapterOnce, setDevicePixelRatio } from '../helpers/pixels.js';

const T0 = Date.UTC(2026, 0, 5);
const ROWS = 10_000;

interface Tracked {
  chart: GpuChart;
  createdAt: number;
  readyAt: number;
  /** Display frame of its last frame submitted, and the most display frames between two of them once it is on screen. */
  lastSubmit: number;
  worstGap: number;
  submits: number;
  maxInFlight: number;
}

/**
 * Counts, per chart, its frames queued on the GPU and not yet done: a frame takes its canvas'
 * texture and then submits, so each submit belongs to the canvas that last took a texture.
 */
const byCanvas = new Map<HTMLCanvasElement | OffscreenCanvas, Tracked>();
let drawing: Tracked | null = null;
let watching = false;
let displayFrame = 0;
function watchFrames(): void {
  if (watching) return;
  watching = true;
  const getTexture = GPUCanvasContext.prototype.getCurrentTexture;
  GPUCanvasContext.prototype.getCurrentTexture = function (this: GPUCanvasContext) {
    drawing = byCanvas.get(this.canvas) ?? null;
    return getTexture.call(this);
  };
  const submit = GPUQueue.prototype.submit;
  const inFlight = new Map<Tracked, number>();
  GPUQueue.prototype.submit = function (this: GPUQueue, buffers: Iterable<GPUCommandBuffer>) {
    submit.call(this, buffers);
    const t = drawing;
    drawing = null;
    if (!t) return;
    t.submits++;
    if (t.readyAt >= 0) t.worstGap = Math.max(t.worstGap, displayFrame - t.lastSubmit);
    t.lastSubmit = displayFrame;
    const n = (inFlight.get(t) ?? 0) + 1;
    inFlight.set(t, n);
    t.maxInFlight = Math.max(t.maxInFlight, n);
    void this.onSubmittedWorkDone().then(() => inFlight.set(t, (inFlight.get(t) ?? 1) - 1));
  };
}

async function manyCharts(count: number, updateFrames: number): Promise<Tracked[]> {
  const time = Float64Array.from({ length: ROWS }, (_, i) => T0 + i * 60_000);
  const grid = document.createElement('div');
  grid.style.cssText = 'display:grid;grid-template-columns:repeat(8, 120px);gap:2px';
  document.body.append(grid);
  const tracked: Tracked[] = [];
  watchFrames();
  displayFrame = 0;
  await new Promise<void>((done) => {
    const tick = (): void => {
      const frame = ++displayFrame;
      // two new charts per display frame until there are `count`
      for (let k = 0; k < 2 && tracked.length < count; k++) {
        const chart = document.createElement('gpu-chart');
        chart.style.cssText = 'display:block;width:120px;height:80px';
        chart.setAttribute('legend', 'off');
        chart.data = { time, value: Float64Array.from({ length: ROWS }, (_, i) => Math.sin(i / 200 + tracked.length)) };
        const t: Tracked = { chart, createdAt: frame, readyAt: -1, lastSubmit: frame, worstGap: 0, submits: 0, maxInFlight: 0 };
        chart.addEventListener('gpu-ready', () => (t.readyAt = displayFrame));
        tracked.push(t);
        grid.append(chart);
      }
      // every chart's values move every display frame
      for (const t of tracked) {
        const canvas = t.chart.shadowRoot?.querySelector('canvas');
        if (canvas && !byCanvas.has(canvas)) byCanvas.set(canvas, t);
        if (t.readyAt < 0) continue;
        t.chart.data = { time, value: Float64Array.from({ length: ROWS }, (_, i) => Math.sin(i / 200 + frame / 10 + t.createdAt)) };
      }
      if (frame < updateFrames) requestAnimationFrame(tick);
      else done();
    };
    requestAnimationFrame(tick);
  });
  return tracked;
}

describe('dynamic data: many charts created and updated (issue 24 item 5)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
    // The device and its pipelines first: a page's first chart waits for them (issue 15), not for other charts.
    const warm = document.createElement('gpu-chart');
    warm.style.cssText = 'display:block;width:120px;height:80px';
    warm.data = { time: [T0, T0 + 1000], value: [1, 2] };
    document.body.append(warm);
    await warm.updateComplete;
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  for (const count of [16, 32]) {
    it(`${count} charts: each one's first frame is on screen within a bounded number of display frames`, async function () {
      this.timeout(180_000);
      const tracked = await manyCharts(count, 150);
      const waits = tracked.map((t) => (t.readyAt < 0 ? Infinity : t.readyAt - t.createdAt));
      const gaps = tracked.map((t) => t.worstGap);
      await executeServerCommand('log', { text: `[many charts] ${count} charts: display frames from creation to first frame on screen: ${waits.join(' ')}; most display frames between two frames of a chart: ${Math.max(...gaps)}; most frames in flight on the GPU per chart: ${Math.max(...tracked.map((t) => t.maxInFlight))}` });
      for (const t of tracked) expect(t.maxInFlight, 'frames of one chart queued on the GPU at once').to.be.at.most(1);
      // The bound: the first frame is submitted when the chart has its size and is behind at most
      // one frame of each other chart; 12 display frames leave room for a busy 2-core machine.
      for (const w of waits) expect(w, 'display frames from creation to the first frame on screen').to.be.at.most(12);
      for (const t of tracked) expect(t.submits, 'frames drawn while updated every display frame').to.be.greaterThan(10);
      for (const g of gaps) expect(g, 'display frames between two frames of an updated chart').to.be.at.most(12);
    });
  }
});
