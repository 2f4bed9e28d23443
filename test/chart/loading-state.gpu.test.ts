/**
 * The chart's loading state (issue 23, item 3): while its bound <gpu-datasource> loads, a
 * progress bar (determinate when the size is known) and a status text over the previous
 * picture, `aria-busy`, `slot="loading"` to replace it; gone when the load ends. Screenshots of
 * the page (the panel is DOM, which toBlob leaves out) are saved under test-results/screens/loading/.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import { countColor, hexToRgba, savePageScreenshot } from '../helpers/pixels.js';
import { nextEvent, uniqueId, until } from '../datasource/helpers.js';

const RED = '#ff0000';

function setup(src: string): { chart: GpuChart; source: GpuDatasource } {
  const source = document.createElement('gpu-datasource') as GpuDatasource;
  source.id = uniqueId('loading');
  source.setAttribute('src', src);
  const chart = document.createElement('gpu-chart') as GpuChart;
  chart.style.cssText = `width:360px;height:220px;--gpu-chart-series-1:${RED}`;
  chart.setAttribute('legend', 'off');
  chart.setAttribute('type', 'line');
  chart.setAttribute('source', source.id);
  document.body.append(source, chart);
  return { chart, source };
}

const slowUrl = (query: string) => `/test-api/slow.csv?id=${uniqueId('slow')}&rows=20000&chunks=40&chunkMs=80${query}`;

function panel(chart: GpuChart) {
  const root = chart.shadowRoot!;
  return {
    box: root.querySelector<HTMLElement>('[part=loading]'),
    progress: root.querySelector<HTMLProgressElement>('[part=progress]'),
    status: root.querySelector<HTMLElement>('[part=loading-status]')?.textContent?.trim() ?? null,
  };
}

describe('<gpu-chart> loading state', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((el) => el.remove()));

  it('shows a determinate progress bar and status text over the previous picture, with aria-busy, until the load ends', async () => {
    const { chart, source } = setup('/demo/data/candles.csv');
    await until(() => source.status === 'ready', 'the first file');
    await chart.updateComplete;
    expect(panel(chart).box).to.equal(null);
    expect(chart.hasAttribute('aria-busy')).to.equal(false);
    const before = await savePageScreenshot('loading/before.png', chart);
    const redBefore = countColor(before, hexToRgba(RED), 60);
    expect(redBefore, 'the first picture').to.be.greaterThan(100);

    source.src = slowUrl('');
    await nextEvent(source, 'gpu-progress', (p) => p.loaded > 0);
    await chart.updateComplete;
    const { box, progress, status } = panel(chart);
    expect(box).to.not.equal(null);
    expect(chart.getAttribute('aria-busy')).to.equal('true');
    expect(progress!.position, 'determinate').to.be.within(0, 1);
    expect(progress!.max).to.be.greaterThan(300_000);
    expect(status).to.match(/^Loading \d+ KB of \d+ KB$/);
    const during = await savePageScreenshot('loading/progress.png', chart);
    // The previous picture stays under the panel (the line shows around it).
    expect(countColor(during, hexToRgba(RED), 60), 'the previous line under the panel').to.be.greaterThan(redBefore / 3);

    await until(() => source.status === 'ready', 'the slow file', 20_000);
    await chart.updateComplete;
    expect(panel(chart).box).to.equal(null);
    expect(chart.hasAttribute('aria-busy')).to.equal(false);
    expect(source.length).to.equal(20_000);
    await savePageScreenshot('loading/after.png', chart);
  });

  it('is indeterminate when the size is unknown, over the empty plot of a first load', async () => {
    const { chart, source } = setup(slowUrl('&length=0'));
    await nextEvent(source, 'gpu-progress', (p) => p.loaded > 0);
    await chart.updateComplete;
    const { progress, status } = panel(chart);
    expect(progress!.position, 'indeterminate').to.equal(-1);
    expect(status).to.match(/^Loading \d+ KB$/);
    await savePageScreenshot('loading/indeterminate.png', chart);
    await until(() => source.status === 'ready', 'the slow file', 20_000);
  });

  it('slot="loading" replaces the panel while loading', async () => {
    const { chart, source } = setup(slowUrl(''));
    const own = document.createElement('div');
    own.slot = 'loading';
    own.textContent = 'Fetching prices';
    chart.append(own);
    await nextEvent(source, 'gpu-progress', (p) => p.loaded > 0);
    await chart.updateComplete;
    const slot = chart.shadowRoot!.querySelector<HTMLSlotElement>('slot[name=loading]')!;
    expect(slot.assignedElements()).to.deep.equal([own]);
    expect(own.getBoundingClientRect().height, 'shown').to.be.greaterThan(0);
    expect(panel(chart).progress!.getBoundingClientRect().height, 'the default bar is not shown').to.equal(0);
    await savePageScreenshot('loading/slot.png', chart);
    await until(() => source.status === 'ready', 'the slow file', 20_000);
    await chart.updateComplete;
    expect(own.getBoundingClientRect().height, 'hidden after the load').to.equal(0);
  });
});
