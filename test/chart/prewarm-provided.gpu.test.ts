/**
 * An application that provides its own device right after importing the library (while the
 * prewarmed one is still being made) gets its device used, and the prewarmed one is dropped.
 */
import { expect } from '@esm-bundle/chai';
import { gpuRegistry, GpuChart } from '../../src/index.js';

describe('GPU prewarm and provideDevice', () => {
  it('gives way to a device the application provides', async () => {
    const adapter = await navigator.gpu.requestAdapter();
    const own = await adapter!.requestDevice();
    expect(() => GpuChart.provideDevice(own, adapter!.info)).to.not.throw();
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'width:200px;height:120px';
    chart.data = { time: [1, 2, 3].map((i) => Date.UTC(2026, 0, i)), value: [1, 3, 2] };
    document.body.append(chart);
    await chart.updateComplete;
    expect(chart.device).to.equal(own);
    expect(gpuRegistry().device).to.equal(own);
    chart.remove();
    own.destroy();
  });
});
