/**
 * GPU buffer pooling and accounting: charts that come and go reuse their buffers (a thousand
 * create/remove cycles of a 100k-row chart create a few dozen buffers in all), and
 * gpuBytesAllocated() stays exact: a lost device's buffers leave the count, and it reads 0 when
 * no chart holds the device.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { buffersCreated, gpuBytesAllocated, gpuRegistry, type GpuChart } from '../../src/index.js';
import { pooledBytes, sizeClass, trimBufferPool } from '../../src/gpu/buffers.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { logAdapterOnce } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const ROWS = 100_000;
const time = Float64Array.from({ length: ROWS }, (_, i) => T0 + i * 60_000);
const value = Float64Array.from({ length: ROWS }, (_, i) => 100 + Math.sin(i / 500) * 10 + (i % 7));

async function cycle(): Promise<void> {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = 'display:block;width:200px;height:120px';
  chart.setAttribute('legend', 'off');
  // a copy per chart: each chart uploads its own table, as separate charts do
  chart.data = { time: time.slice(), value: value.slice() } as unknown as GpuChart['data'];
  document.body.append(chart);
  await chart.updateComplete;
  chart.remove();
}

describe('GPU buffer pooling and accounting', () => {
  before(logAdapterOnce);

  it('size classes are quarter octaves: at most 25 % over the request', () => {
    expect([1, 256, 257, 320, 321, 1000, 4096, 5000, 40_000_000].map(sizeClass)).to.deep.equal([256, 256, 320, 320, 384, 1024, 4096, 5120, 41_943_040]);
    for (let n = 256; n < 5_000_000; n = Math.ceil(n * 1.37)) expect(sizeClass(n) / n).to.be.at.most(1.25);
  });

  it('a thousand create/remove cycles of a 100k-row chart create a few dozen GPU buffers in all', async function () {
    this.timeout(240_000);
    await cycle(); // the device and the pipelines
    const before = buffersCreated();
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await cycle();
    const made = buffersCreated() - before;
    await executeServerCommand('log', { text: `[pooling] 1000 cycles of a ${ROWS}-row chart: ${made} GPU buffers created, ${(performance.now() - started).toFixed(0)} ms, ${(pooledBytes() / 1024).toFixed(0)} KB pooled` });
    expect(made).to.be.at.most(40);
  });

  it('counts only buffers that exist: a lost device leaves the count, and no chart means 0 bytes', async () => {
    await gpuRegistry().settled();
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'display:block;width:200px;height:120px';
    chart.data = { time: [T0, T0 + DAY, T0 + 2 * DAY], value: [1, 2, 3] } as unknown as GpuChart['data'];
    document.body.append(chart);
    await chart.updateComplete;
    trimBufferPool();
    const held = gpuBytesAllocated();
    expect(held).to.be.greaterThan(0);
    const device = gpuRegistry().device!;
    device.destroy(); // as a driver reset would
    const deadline = performance.now() + 10_000;
    while ((gpuRegistry().device === null || gpuRegistry().device === device) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await chart.updateComplete;
    trimBufferPool();
    // Only the new device's buffers: the same chart holds about the same again, not twice.
    expect(gpuBytesAllocated()).to.be.greaterThan(0);
    expect(gpuBytesAllocated()).to.be.at.most(held * 1.1);
    chart.remove();
    await gpuRegistry().settled();
    expect(gpuBytesAllocated()).to.equal(0);
    expect(pooledBytes()).to.equal(0);
  });
});
