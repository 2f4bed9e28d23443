/**
 * Off-screen warm-up (issue 15), skipped: a page whose first chart connects before the page is
 * idle warms the code with that chart; no off-screen chart is drawn beside it.
 */
import { expect } from '@esm-bundle/chai';
import { gpuRegistry, type GpuChart } from '../../src/index.js';
import { whenWarmedUp } from '../../src/elements/chart/warm-up.js';

// Connected while this module runs: before the prewarm's device, long before the page is idle.
const chart = document.createElement('gpu-chart') as GpuChart;
chart.style.cssText = 'width:240px;height:140px';
chart.data = { time: [0, 1, 2].map((i) => Date.UTC(2026, 2, 1) + i * 60_000), value: [1, 3, 2] };
document.body.append(chart);

describe('off-screen warm-up, skipped', () => {
  it('draws nothing off screen when a chart came first', async () => {
    expect(await whenWarmedUp()).to.equal(false);
    await chart.updateComplete;
    expect(gpuRegistry().devicesCreated).to.equal(1);
    expect(gpuRegistry().clientCount, 'the chart alone').to.equal(1);
    chart.remove();
  });
});
