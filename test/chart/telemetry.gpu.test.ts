/**
 * Telemetry: off, nothing is measured (no User Timing entries, no events, metrics() null); on,
 * a gpu-telemetry event at most once a second with frames, CPU ms percentiles, uploads, rows,
 * GPU bytes and dropped frames, GPU ms only where the device has timestamp queries, and a
 * `gpu-chart frame` measure per frame.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import { GpuChart } from '../../src/index.js';
import type { GpuTelemetryDetail } from '../../src/elements/events.js';
import { logAdapterOnce, nextFrame } from '../helpers/pixels.js';
import { FrameTelemetry } from '../../src/chart/telemetry.js';

const T0 = Date.UTC(2026, 0, 5);
const N = 5000;

function makeChart(telemetry: boolean): { chart: GpuChart; events: GpuTelemetryDetail[] } {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = 'display:block;width:300px;height:180px';
  chart.telemetry = telemetry;
  const events: GpuTelemetryDetail[] = [];
  chart.addEventListener('gpu-telemetry', (e) => events.push(e.detail));
  const time = Array.from({ length: N }, (_, i) => T0 + i * 1000);
  chart.data = { time, value: time.map((_, i) => Math.sin(i / 50)) } as unknown as GpuChart['data'];
  document.body.append(chart);
  return { chart, events };
}

/** Moves the view every animation frame for `ms`: one frame each. */
async function animate(chart: GpuChart, ms: number): Promise<number> {
  const start = performance.now();
  let frames = 0;
  while (performance.now() - start < ms) {
    const shift = (frames % 50) * 1000;
    chart.visibleRange = { from: T0 + shift, to: T0 + shift + 2000 * 1000 };
    await nextFrame();
    frames++;
  }
  await chart.updateComplete;
  return frames;
}

const frameMeasures = () => performance.getEntriesByName('gpu-chart frame', 'measure').length;

describe('telemetry', () => {
  before(logAdapterOnce);
  afterEach(() => {
    document.querySelectorAll('gpu-chart').forEach((c) => c.remove());
    GpuChart.telemetry = false;
    performance.clearMeasures('gpu-chart frame');
  });

  it('measures nothing when off', async () => {
    const { chart, events } = makeChart(false);
    await chart.updateComplete;
    await animate(chart, 1200);
    expect(chart.metrics()).to.equal(null);
    expect(events).to.deep.equal([]);
    expect(frameMeasures()).to.equal(0);
  });

  it('reports frames, CPU ms, uploads, rows and GPU bytes at most once a second, and GPU ms only with timestamp queries', async () => {
    const { chart, events } = makeChart(true);
    await chart.updateComplete;
    const drawn = await animate(chart, 2300);
    expect(events.length).to.be.within(1, 3);
    const e = events[0];
    expect(e.frames).to.be.greaterThan(5);
    expect(e.cpuMs!.median).to.be.greaterThan(0);
    expect(e.cpuMs!.p95).to.be.at.least(e.cpuMs!.median);
    expect(e.rows).to.equal(N);
    expect(e.gpuBytes).to.be.greaterThan(0);
    expect(e.to - e.from).to.be.at.least(1000);
    expect('gpuMs' in e).to.equal(chart.device!.features.has('timestamp-query'));
    const total = chart.metrics()!;
    expect(total.frames).to.be.at.least(events.reduce((n, x) => n + x.frames, 0));
    expect(total.frames).to.be.at.most(drawn + 2);
    expect(total.bytesUploaded).to.be.greaterThan(0);
    // Entries of the last second stay (older ones are cleared as each event is sent).
    expect(frameMeasures()).to.be.within(1, total.frames - events[0].frames);
    await executeServerCommand('log', { text: `[telemetry] ${JSON.stringify(total)}` });
  });

  it('costs one boolean check per frame when off (measured, not asserted)', async () => {
    const t = new FrameTelemetry(() => 0, () => {});
    const run = (on: boolean) => {
      t.enabled = on;
      const start = performance.now();
      for (let i = 0; i < 20_000; i++) {
        const timed = t.enabled;
        if (timed) t.begin();
        if (timed) t.end(0);
      }
      return ((performance.now() - start) * 1000) / 20_000;
    };
    run(true);
    const off = run(false);
    const on = run(true);
    performance.clearMeasures('gpu-chart frame');
    await executeServerCommand('log', { text: `[telemetry] per frame: off ${off.toFixed(3)} µs, on ${on.toFixed(3)} µs (bookkeeping and User Timing, without the GPU timer)` });
    expect(t.metrics()!.frames).to.equal(20_000);
  });

  it('counts a frame drawn long after its change as dropped, and GpuChart.telemetry turns every chart on', async () => {
    const { chart } = makeChart(false);
    await chart.updateComplete;
    GpuChart.telemetry = true;
    await chart.updateComplete; // its chunk is installed (on a loaded machine the import can take frames)
    await nextFrame();
    await nextFrame();
    chart.visibleRange = { from: T0, to: T0 + 100_000 };
    const until = performance.now() + 60;
    while (performance.now() < until) {
      /* the page is busy: the frame waits */
    }
    await chart.updateComplete;
    const m = chart.metrics()!;
    expect(m.frames).to.equal(1);
    expect(m.droppedFrames).to.equal(1);
    chart.visibleRange = { from: T0, to: T0 + 200_000 };
    await chart.updateComplete;
    expect(chart.metrics()!.droppedFrames).to.equal(1);
    GpuChart.telemetry = false;
    expect(chart.metrics()).to.equal(null);
  });
});
