import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { decodePng } from '../helpers/pixels.js';

// Its own page, so the page's device starts with a small quad index buffer.
const T0 = Date.UTC(2026, 3, 1);

function makeChart(width: number, height: number) {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.style.cssText = `width:${width}px;height:${height}px;--gpu-chart-series-1:#ff0000`;
  return chart;
}

describe('quad index buffer growth', () => {
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('grows in the middle of a frame without breaking draws recorded before it', async () => {
    const errors: string[] = [];
    const n = 60_000;
    const time = new Float64Array(n);
    const value = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      time[i] = T0 + i * 1000;
      value[i] = Math.sin(i / 7);
    }
    const chart = makeChart(300, 160);
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.type = 'none';
    // Grid rects first (few quads), then 30 000 markers: the index buffer grows mid-frame.
    chart.series = [{ type: 'scatter', value: 'value', size: 2 }];
    chart.data = { time, value };
    document.body.append(chart);
    await chart.updateComplete;
    chart.visibleRange = { from: time[0], to: time[40_000] };
    await chart.updateComplete;
    const pic = await decodePng(await chart.toBlob());
    await new Promise((r) => setTimeout(r, 300)); // GPU validation errors arrive asynchronously
    expect(errors).to.deep.equal([]);
    let red = 0;
    for (let i = 0; i < pic.data.length; i += 4) if (pic.data[i] > 200 && pic.data[i + 1] < 80) red++;
    expect(red).to.be.greaterThan(500);
  });
});
