// A return to a view whose answers the tiled source still holds in memory, though they left the
// table (more than its kept answers were asked for since), is drawn exact in one frame: the
// answers go back into the table when the view is set, before that view's frame, with no request.
// Before, they were gone and asked again once the view had rested, and their rows came a frame
// (or more) after the step's own.
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import { differingPixels, lineChartElement, picture, redPixels, tiledSource } from './pictures.js';
import { WALK_ROWS, WALK_T0 } from './walk.js';

const PATH = '/tiles/walk/m4';
const SPAN = WALK_ROWS * 1000;
const VIEW_A = { from: WALK_T0 + 0.4 * SPAN + 123.25, to: WALK_T0 + 0.41 * SPAN };
/**
 * Views visited between the two visits of A: their answers push A's out of the kept ones, and
 * their rows make the table compact itself (it is rebuilt from the kept answers), so A's rows
 * leave the table too.
 */
const OTHERS = Array.from({ length: 28 }, (_, k) => {
  const from = WALK_T0 + (0.02 + 0.033 * k) * SPAN + 311 * k;
  return { from, to: from + (0.004 + 0.002 * (k % 4)) * SPAN };
});

/** Frames the page drew so far: each takes its canvas' texture once (one chart on the page). */
let frames = 0;
const getTexture = GPUCanvasContext.prototype.getCurrentTexture;
before(() => {
  GPUCanvasContext.prototype.getCurrentTexture = function (this: GPUCanvasContext) {
    frames++;
    return getTexture.call(this);
  };
});
after(() => {
  GPUCanvasContext.prototype.getCurrentTexture = getTexture;
});

function networkRequests(): number {
  return performance.getEntriesByType('resource').filter((e) => e.name.includes(PATH) && (e as PerformanceResourceTiming).responseStatus !== 0).length;
}

async function show(chart: GpuChart, source: GpuDatasource, range: { from: number; to: number }): Promise<void> {
  const ranged = new Promise((r) => chart.addEventListener('gpu-range', r, { once: true }));
  chart.visibleRange = range;
  await ranged;
  await new Promise((r) => setTimeout(r, 0)); // the source asks in the task after gpu-range
  await source.tilesSettled();
  await chart.updateComplete;
}

describe('tiled source: a warm step is drawn once', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('answers that left the table go back into it before the view frame: one frame, exact, no request', async function () {
    this.timeout(300_000);
    performance.setResourceTimingBufferSize(10_000);
    const source = tiledSource('one-frame', PATH, 'walk');
    const chart = lineChartElement();
    chart.setAttribute('source', source.id);
    document.body.append(source, chart);
    const started = performance.now();
    while (source.length === 0 && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    await source.tilesSettled();
    await chart.updateComplete;

    await show(chart, source, VIEW_A);
    const exactA = await picture(chart, 'tiles-one-frame-first.png');
    for (const view of OTHERS) await show(chart, source, view);
    // A's answers are now out of the table (the kept answers are the others'), held in memory.
    const requests = networkRequests();
    const framesBefore = frames;
    chart.visibleRange = VIEW_A;
    await chart.updateComplete;
    expect(frames - framesBefore, 'the step drew one frame').to.equal(1);
    await new Promise((r) => setTimeout(r, 0));
    await source.tilesSettled();
    await chart.updateComplete;
    // Past the rest delay: a request the loader would send after it has been sent by now.
    await new Promise((r) => setTimeout(r, 300));
    await source.tilesSettled();
    await chart.updateComplete;
    expect(frames - framesBefore, 'no second frame: the answers were in the first').to.equal(1);
    expect(networkRequests(), 'no request').to.equal(requests);
    const back = await picture(chart, 'tiles-one-frame-back.png');
    expect(redPixels(back), 'the line is drawn').to.be.greaterThan(200);
    expect(differingPixels(back, exactA), 'the exact picture of the first visit').to.equal(0);
  });
});
