import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { countColor, decodePng, hexToRgba, logAdapterOnce } from '../helpers/pixels.js';

// Its own file, so its own page and device: no pipeline made by another test is cached yet.
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const UP = '#00c000';

const made: string[] = [];
const createAsync = GPUDevice.prototype.createRenderPipelineAsync;
GPUDevice.prototype.createRenderPipelineAsync = function (descriptor: GPURenderPipelineDescriptor) {
  made.push(String(descriptor.label).split(':')[0]);
  return createAsync.call(this, descriptor);
};

describe('pipelines per chart', () => {
  before(logAdapterOnce);

  it('makes only the pipelines its series need, and draws a new series type only once its pipeline is ready', async () => {
    const n = 60;
    const time = Array.from({ length: n }, (_, i) => T0 + i * DAY);
    const close = time.map((_, i) => 100 + 10 * Math.sin(i / 5));
    const chart = document.createElement('gpu-chart') as GpuChart;
    chart.setAttribute('legend', 'off');
    chart.style.cssText = `width:240px;height:140px;--gpu-chart-up:${UP};--gpu-chart-down:${UP}`;
    chart.data = { time, open: close.map((c) => c - 2), high: close.map((c) => c + 3), low: close.map((c) => c - 3), close };
    chart.type = 'line';
    document.body.append(chart);
    await chart.updateComplete;
    expect([...new Set(made)].sort(), 'pipelines for a line chart').to.deep.equal(['line', 'rects', 'text']);

    // Every frame drawn from now on must have the bars pipeline when it shows candles.
    const engine = (chart as unknown as { engine: { frame(): boolean; state: { families: { bars?: unknown } } | null } }).engine;
    const frame = engine.frame.bind(engine);
    let framesWithoutBars = 0;
    engine.frame = () => {
      const drew = frame();
      if (drew && chart.type === 'candlestick' && !engine.state?.families.bars) framesWithoutBars++;
      return drew;
    };
    chart.type = 'candlestick';
    await chart.updateComplete;
    expect(made).to.include('bars');
    expect(made, 'no area, band or scatter pipeline').to.not.include.members(['fill', 'scatter']);
    expect(framesWithoutBars, 'frames drawn before the candles could be').to.equal(0);
    const pic = await decodePng(await chart.toBlob());
    expect(countColor(pic, hexToRgba(UP), 60), 'candle pixels').to.be.greaterThan(200);

    // A lost device: the chart makes its pipelines again on the new one, candles included.
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    const lost = chart.device!;
    lost.destroy();
    await lost.lost;
    await new Promise((r) => setTimeout(r, 0));
    await chart.updateComplete;
    expect(chart.device).to.not.equal(lost);
    const again = await decodePng(await chart.toBlob());
    expect(countColor(again, hexToRgba(UP), 60), 'candle pixels on the new device').to.be.greaterThan(200);
    expect(errors).to.deep.equal([]);
    chart.remove();
  });
});
