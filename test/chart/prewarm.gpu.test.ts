/**
 * Prewarm (issue 15): defining <gpu-chart> requests the shared device and compiles the common
 * pipelines before any chart exists; the first chart takes that device over (no second device);
 * an application that provides its own device afterwards still can.
 */
import { expect } from '@esm-bundle/chai';
import { gpuRegistry, type GpuChart } from '../../src/index.js';
import { hasLabelAtlas } from '../../src/chart/labels.js';
import { whenWarmedUp } from '../../src/elements/chart/warm-up.js';
import { decodePng, hexToRgba, countColor, logAdapterOnce } from '../helpers/pixels.js';

const RED = '#ff0000';
const T0 = Date.UTC(2026, 2, 1);
const until = async (check: () => boolean, what: string, ms = 10_000) => {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

function chartWith(values: number[]): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `width:240px;height:140px;--gpu-chart-series-1:${RED}`;
  chart.data = { time: values.map((_, i) => T0 + i * 60_000), value: values };
  document.body.append(chart);
  return chart;
}

describe('GPU prewarm', () => {
  before(logAdapterOnce);

  it('requests the device when the element is defined, before any chart; the first chart takes it over', async () => {
    expect(document.querySelector('gpu-chart')).to.equal(null);
    await until(() => gpuRegistry().device !== null, 'the prewarmed device');
    const device = gpuRegistry().device!;
    // The label atlas (texture, Canvas2D context, font) is made off the first chart's frame.
    await until(() => hasLabelAtlas(device), 'the prewarmed label atlas');
    // The off-screen warm-up chart (warm-up.test) shares the device and leaves the hold in place.
    await whenWarmedUp();
    const created = gpuRegistry().devicesCreated;
    expect(created, 'one device, made for no chart').to.equal(1);
    expect(gpuRegistry().clientCount, 'only the prewarm hold').to.equal(1);
    const chart = chartWith([1, 3, 2, 5, 4]);
    await chart.updateComplete;
    expect(chart.device).to.equal(device);
    expect(gpuRegistry().devicesCreated).to.equal(created);
    expect(gpuRegistry().clientCount, 'the chart alone holds it now').to.equal(1);
    const png = await decodePng(await chart.toBlob());
    expect(countColor(png, hexToRgba(RED), 60)).to.be.greaterThan(50);
    chart.remove();
    // The device goes as after any last chart (the hold ended when the chart came).
    await gpuRegistry().settled();
    expect(gpuRegistry().device).to.equal(null);
  });
});
