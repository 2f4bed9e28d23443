import { expect } from '@esm-bundle/chai';
import { gpuRegistry, type GpuChart } from '../../src/index.js';
import { decodePng, hexToRgba, countColor, logAdapterOnce, saveImage } from '../helpers/pixels.js';

const T0 = Date.UTC(2026, 2, 1);
const RED = '#ff0000';

function chartWith(values: number[]): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `width:240px;height:140px;--gpu-chart-series-1:${RED}`;
  chart.data = { time: values.map((_, i) => T0 + i * 60_000), value: values };
  document.body.append(chart);
  return chart;
}

describe('GPU device registry', () => {
  before(logAdapterOnce);
  afterEach(async () => {
    document.querySelectorAll('gpu-chart').forEach((c) => c.remove());
    await gpuRegistry().settled();
  });

  it('gives two charts on one page the same GPUDevice', async () => {
    const a = chartWith([1, 3, 2]);
    const b = chartWith([5, 4, 6]);
    await Promise.all([a.updateComplete, b.updateComplete]);
    expect(a.device).to.not.equal(null);
    expect(a.device).to.equal(b.device);
    expect(gpuRegistry().device).to.equal(a.device);
    expect(gpuRegistry().clientCount).to.equal(2);
  });

  it('releases the device when the last chart is removed, and a new chart gets a working one', async () => {
    const a = chartWith([1, 2, 3]);
    const b = chartWith([3, 2, 1]);
    await Promise.all([a.updateComplete, b.updateComplete]);
    const first = a.device!;
    a.remove();
    await gpuRegistry().settled();
    expect(gpuRegistry().device, 'one chart still holds it').to.equal(first);
    b.remove();
    await gpuRegistry().settled();
    expect(gpuRegistry().device).to.equal(null);
    expect(gpuRegistry().clientCount).to.equal(0);
    const info = await first.lost;
    expect(info.reason).to.equal('destroyed');

    const c = chartWith([2, 4, 3]);
    await c.updateComplete;
    expect(c.device).to.not.equal(null);
    expect(c.device).to.not.equal(first);
    const pic = await decodePng(await c.toBlob());
    expect(countColor(pic, hexToRgba(RED), 60)).to.be.greaterThan(100);
  });

  it('keeps the device when a chart is moved in the DOM', async () => {
    const a = chartWith([1, 2, 3]);
    await a.updateComplete;
    const device = a.device;
    const created = gpuRegistry().devicesCreated;
    const holder = document.createElement('div');
    document.body.append(holder);
    holder.append(a); // disconnect + connect in one task
    await a.updateComplete;
    await gpuRegistry().settled();
    expect(a.device).to.equal(device);
    expect(gpuRegistry().devicesCreated).to.equal(created);
    holder.remove();
  });

  it('recovers from device loss: new device, same pixels, no unhandled error', async () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => errors.push(e);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    const chartErrors: Event[] = [];
    const a = chartWith([1, 5, 2, 4, 3]);
    a.addEventListener('gpu-error', (e) => chartErrors.push(e));
    await a.updateComplete;
    const before = await decodePng(await a.toBlob());
    const lostDevice = a.device!;
    lostDevice.destroy(); // behind the registry's back
    await lostDevice.lost;
    await new Promise((r) => setTimeout(r, 0));
    await a.updateComplete;
    expect(a.device).to.not.equal(null);
    expect(a.device).to.not.equal(lostDevice);
    const blob = await a.toBlob();
    await saveImage('device-loss-after.png', blob);
    const after = await decodePng(blob);
    let differing = 0;
    for (let i = 0; i < before.data.length; i += 4) {
      if (Math.abs(before.data[i] - after.data[i]) > 2 || Math.abs(before.data[i + 1] - after.data[i + 1]) > 2) differing++;
    }
    expect(differing, 'pixels that differ after recovery').to.equal(0);
    expect(countColor(after, hexToRgba(RED), 60)).to.be.greaterThan(100);
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
    expect(errors).to.have.length(0);
    expect(chartErrors).to.have.length(0);
  });

  it('uses a device the application provides, and never destroys it', async () => {
    await gpuRegistry().settled();
    expect(gpuRegistry().device).to.equal(null);
    const adapter = await navigator.gpu.requestAdapter();
    const own = await adapter!.requestDevice();
    const { GpuChart } = await import('../../src/index.js');
    GpuChart.provideDevice(own, adapter!.info);
    const a = chartWith([1, 2, 1]);
    await a.updateComplete;
    expect(a.device).to.equal(own);
    a.remove();
    await gpuRegistry().settled();
    // Still usable: a buffer can be created and no loss was reported.
    const lost = await Promise.race([own.lost.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]);
    expect(lost).to.equal(false);
    own.destroy();
  });
});
