/**
 * The demo's two custom series (demo/plugins.js), as a user would define them: the volume
 * profile (bins computed from the visible rows each frame) and the heat line.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { GpuChart } from '../../src/index.js';
import type { GpuErrorDetail } from '../../src/elements/events.js';
import { decodePng, logAdapterOnce, saveImage, type Picture } from '../helpers/pixels.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2);
const demoModule = '../../demo/plugins.js';

async function defineDemo(): Promise<void> {
  const mod = (await import(/* @vite-ignore */ demoModule)) as { defineDemoPlugins(c: typeof GpuChart): void };
  mod.defineDemoPlugins(GpuChart);
}

async function make(data: Record<string, number[]>, series: object[]): Promise<{ chart: GpuChart; pic: Picture; errors: GpuErrorDetail[] }> {
  await defineDemo();
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.type = 'none';
  chart.style.cssText = 'width:320px;height:200px;--gpu-chart-background:#ffffff;--gpu-chart-grid:#ffffff';
  const errors: GpuErrorDetail[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
  chart.data = data as unknown as GpuChart['data'];
  chart.series = series as GpuChart['series'];
  document.body.append(chart);
  await chart.updateComplete;
  const blob = await chart.toBlob();
  await saveImage(`demo-plugins-${(series[series.length - 1] as { type: string }).type}.png`, blob);
  return { chart, pic: await decodePng(blob), errors };
}

describe('demo plugins', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('volume profile: one bar per price bin, as long as the volume traded there, growing from the value axis', async () => {
    // Half the rows at price 10 with volume 100, half at 20 with volume 300: the bin at 20 is 3× the bin at 10.
    const n = 40;
    const time = Array.from({ length: n }, (_, i) => T0 + i * HOUR);
    const close = time.map((_, i) => (i % 2 ? 20 : 10));
    const volume = time.map((_, i) => (i % 2 ? 300 : 100));
    const { chart, pic, errors } = await make({ time, close, volume }, [
      // The profile does not scale the pane (its extent is null): an invisible line does, drawn first.
      { type: 'line', value: 'close', color: '#ffffff', lastValue: false },
      { type: 'volume-profile', color: '#0000ff', downColor: '#0000ff', options: { bins: 10, width: 0.5 } },
    ]);
    expect(errors).to.deep.equal([]);
    const plot = chart.paneRects[0];
    const right = plot.x + plot.width;
    const lengthAt = (value: number): number => {
      const y = Math.round(chart.valueToY(value) + (value === 20 ? 3 : -3));
      let x = Math.floor(right) - 2;
      while (x > plot.x && pic.at(x, y)[2] > pic.at(x, y)[0] + 40) x--;
      return right - x;
    };
    const long = lengthAt(20);
    const short = lengthAt(10);
    expect(long, 'the busiest bin spans half the plot').to.be.within(plot.width * 0.5 - 4, plot.width * 0.5 + 4);
    expect(short / long).to.be.within(0.3, 0.37);
    // Nothing between the two prices: the middle bins are empty.
    const mid = Math.round(chart.valueToY(15));
    expect(pic.at(Math.floor(right) - 3, mid)[2] - pic.at(Math.floor(right) - 3, mid)[0]).to.be.lessThan(20);
    // Zoomed to rows at price 10 only: one full-length bin there.
    chart.visibleRange = { from: time[0] - HOUR / 4, to: time[0] + HOUR / 4 };
    await chart.updateComplete;
    const zoomed = await decodePng(await chart.toBlob());
    const y10 = Math.round(chart.valueToY(10));
    let x = Math.floor(right) - 2;
    while (x > plot.x && zoomed.at(x, y10)[2] > zoomed.at(x, y10)[0] + 40) x--;
    expect(right - x).to.be.within(plot.width * 0.5 - 4, plot.width * 0.5 + 4);
  });

  it('heat line: the colour follows the height, from the second colour at the bottom to the first at the top', async () => {
    const n = 200;
    const time = Array.from({ length: n }, (_, i) => T0 + i * HOUR);
    const value = time.map((_, i) => Math.sin(i / 15));
    const { chart, pic, errors } = await make({ time, value }, [{ type: 'heat-line', color: '#ff0000', downColor: '#0000ff', width: 4 }]);
    expect(errors).to.deep.equal([]);
    const top = time.findIndex((_, i) => Math.abs(Math.sin(i / 15) - 1) < 0.01);
    const bottom = time.findIndex((_, i) => Math.abs(Math.sin(i / 15) + 1) < 0.01);
    const atTop = pic.at(Math.round(chart.timeToX(time[top])), Math.round(chart.valueToY(value[top])));
    const atBottom = pic.at(Math.round(chart.timeToX(time[bottom])), Math.round(chart.valueToY(value[bottom])));
    expect(atTop[0] - atTop[2], `red at the top: ${atTop}`).to.be.greaterThan(120);
    expect(atBottom[2] - atBottom[0], `blue at the bottom: ${atBottom}`).to.be.greaterThan(120);
  });
});
