/**
 * Off-screen warm-up (issue 15): when the page is idle after the library loaded and no chart
 * exists, a chart is drawn once into a canvas that is never attached, then dropped. It draws
 * real frames on the prewarmed device, adds nothing to the page, fires no event, ends holding
 * nothing but the prewarm's own hold, and the first real chart takes that same device over.
 */
import { expect } from '@esm-bundle/chai';
import { sheetsParsed } from './stylesheet-spy.js';
import { gpuRegistry, type GpuChart } from '../../src/index.js';
import { whenWarmedUp } from '../../src/elements/chart/warm-up.js';
import { decodePng, hexToRgba, countColor, logAdapterOnce } from '../helpers/pixels.js';

const RED = '#ff0000';
const T0 = Date.UTC(2026, 2, 1);

describe('off-screen warm-up before the first chart', () => {
  before(logAdapterOnce);

  it('draws its frames on the prewarmed device off the page, then the first chart takes the device over', async () => {
    const events: string[] = [];
    for (const type of ['gpu-ready', 'gpu-error', 'gpu-unsupported', 'gpu-range']) document.addEventListener(type, () => events.push(type));
    const nodesBefore = document.body.querySelectorAll('*').length;
    expect(await whenWarmedUp(), 'the warm-up drew its frames').to.equal(true);
    expect(document.body.querySelectorAll('*').length, 'nothing added to the page').to.equal(nodesBefore);
    expect(events, 'no event from the warm-up chart').to.deep.equal([]);
    const device = gpuRegistry().device;
    expect(device, 'the prewarmed device stays').to.not.equal(null);
    expect(gpuRegistry().devicesCreated).to.equal(1);
    expect(gpuRegistry().clientCount, 'only the prewarm hold is left').to.equal(1);
    // The element's stylesheets were parsed by the warm-up, not by the first chart.
    const parsedByWarmUp = sheetsParsed.count;
    expect(parsedByWarmUp, 'stylesheets parsed before any chart').to.be.greaterThan(0);

    const chart = document.createElement('gpu-chart') as GpuChart;
    chart.style.cssText = `width:240px;height:140px;--gpu-chart-series-1:${RED}`;
    chart.data = { time: [0, 1, 2, 3, 4].map((i) => T0 + i * 60_000), value: [1, 3, 2, 5, 4] };
    document.body.append(chart);
    await chart.updateComplete;
    expect(chart.device, 'the same device').to.equal(device);
    expect(gpuRegistry().devicesCreated).to.equal(1);
    const png = await decodePng(await chart.toBlob());
    expect(countColor(png, hexToRgba(RED), 60), 'the chart draws its line').to.be.greaterThan(50);
    expect(events).to.include('gpu-ready');
    expect(sheetsParsed.count, 'the first chart parsed no stylesheet of its own').to.equal(parsedByWarmUp);
    chart.remove();
  });
});
