/**
 * Every value of a large heatmap replaced goes up through mapped staging buffers
 * (gpu/staged-writes.ts) rather than writeBuffer: the copies are made on the GPU, the staging
 * buffers are reused (no buffer asked for once they exist), and each picture shows the values of
 * its own replacement, also when replacements come faster than the GPU hands the buffers back.
 * A 3D surface's z stays on writeBuffer (cell-bands.ts says why) and its picture follows too.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { decodePng, logAdapterOnce, setDevicePixelRatio } from '../helpers/pixels.js';
import { engineOf, newChart, pixel } from './heatmap-helpers.js';
import { bufferRequests } from '../../src/gpu/buffers.js';
import { STAGED_MIN_BYTES } from '../../src/gpu/staged-writes.js';

/** Counts copies recorded by the staged uploads' encoders. */
let stagedCopies = 0;
const copy = GPUCommandEncoder.prototype.copyBufferToBuffer;
GPUCommandEncoder.prototype.copyBufferToBuffer = function counted(this: GPUCommandEncoder, ...args: unknown[]) {
  if (this.label.endsWith(' upload')) stagedCopies++;
  return (copy as (...a: unknown[]) => void).apply(this, args);
} as typeof copy;

const columns = 700;
const rows = 500; // 350 000 cells, 1.4 MB: above STAGED_MIN_BYTES
const grid = (value: number) => ({ x0: 0, dx: 1, y0: 0, dy: 1, columns, rows, values: new Float32Array(columns * rows).fill(value) });

describe('large replacements through staging buffers (issue 16)', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('a heatmap replaced again and again: copied on the GPU from reused staging buffers, each picture its own values', async () => {
    expect(columns * rows * 4).to.be.greaterThan(STAGED_MIN_BYTES);
    const chart = newChart('linear', 240, 160);
    const show = (value: number) => (chart.series = [{ type: 'heatmap', grid: grid(value), colormap: 'greys', colorRange: [0, 1] }]);
    show(0);
    document.body.append(chart);
    await chart.updateComplete;
    const grey = async () => {
      const pic = await decodePng(await chart.toBlob());
      return pixel(pic, chart.timeToX(350), engineOf(chart).valueToY(250))[0];
    };
    expect(await grey(), 'value 0: white').to.be.greaterThan(245);
    const copiesBefore = stagedCopies;
    // buffers asked for by the replacements after the second (toBlob's read-back asks its own)
    let requested = 0;
    for (let k = 1; k <= 6; k++) {
      const value = k % 2 ? 1 : 0.5;
      const before = bufferRequests();
      show(value);
      await chart.updateComplete;
      if (k > 2) requested += bufferRequests() - before;
      const g = await grey();
      if (value === 1) expect(g, `replacement ${k}: black`).to.be.lessThan(8);
      else expect(Math.abs(g - 128), `replacement ${k}: mid grey (${g})`).to.be.lessThan(24);
    }
    expect(stagedCopies - copiesBefore, 'replacements copied from staging buffers').to.be.at.least(6);
    expect(requested, 'buffers asked for once the staging buffers exist').to.equal(0);
  });

  it('replacements faster than the GPU returns the staging buffers: the last one is what is drawn', async () => {
    const chart = newChart('linear', 240, 160);
    chart.series = [{ type: 'heatmap', grid: grid(0), colormap: 'greys', colorRange: [0, 1] }];
    document.body.append(chart);
    await chart.updateComplete;
    // several replacements, each drawn (a frame each) without waiting for the GPU in between
    for (let k = 0; k < 5; k++) {
      chart.series = [{ type: 'heatmap', grid: grid(k === 4 ? 1 : 0.25 * k), colormap: 'greys', colorRange: [0, 1] }];
      await new Promise((r) => requestAnimationFrame(r));
    }
    await chart.updateComplete;
    const pic = await decodePng(await chart.toBlob());
    expect(pixel(pic, chart.timeToX(350), engineOf(chart).valueToY(250))[0], 'the last values: black').to.be.lessThan(8);
  });

  it('a surface whose z is replaced stays on writeBuffer (staging measured slower there) and follows', async () => {
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'position:fixed;left:0;top:0;display:block;width:240px;height:160px;--gpu-chart-background:#ffffff;';
    chart.setAttribute('legend', 'off');
    const side = 600; // 360 000 z values
    const surface = (phase: number) => {
      const values = new Float64Array(side * side);
      for (let i = 0; i < values.length; i++) values[i] = Math.sin((i % side) / 40 + phase);
      return [{ type: 'surface' as const, color: '#ff0000', grid: { x0: 0, dx: 1, y0: 0, dy: 1, columns: side, rows: side, values } }];
    };
    chart.series = surface(0);
    document.body.append(chart);
    await chart.updateComplete;
    const first = await chart.toBlob();
    const copiesBefore = stagedCopies;
    chart.series = surface(Math.PI);
    await chart.updateComplete;
    expect(stagedCopies - copiesBefore, 'z not copied from a staging buffer').to.equal(0);
    const second = await chart.toBlob();
    const [a, b] = [await decodePng(first), await decodePng(second)];
    let differ = 0;
    for (let i = 0; i < a.data.length; i += 4) if (Math.abs(a.data[i + 1] - b.data[i + 1]) > 16) differ++;
    expect(differ, 'pixels that changed with z').to.be.greaterThan(200);
    chart.series = surface(0);
    await chart.updateComplete;
    const third = await decodePng(await chart.toBlob());
    let same = 0;
    for (let i = 0; i < a.data.length; i += 4) if (Math.abs(a.data[i + 1] - third.data[i + 1]) <= 2) same++;
    expect(same / (a.data.length / 4), 'back to the first z: the first picture').to.be.greaterThan(0.995);
  });
});
