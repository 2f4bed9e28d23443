/**
 * Issue 20 item 6: the CSS custom properties inherit. A `--gpu-chart-…` value set on an ancestor
 * reaches the GPU picture and the DOM parts (legend), over the light and the dark theme's
 * defaults; one set on the element itself wins over the ancestor's; without either, the theme's
 * defaults apply.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { colorDistance, countColor, decodePng, hexToRgba, logAdapterOnce, nextFrame, type Picture } from '../helpers/pixels.js';
import { ohlcv } from '../goldens/setup.js';

const ANCESTOR_BG = '#203040';
const ANCESTOR_TEXT = '#f0e010';
const ANCESTOR_UP = '#00c8ff';
const OWN_BG = '#402010';

/** A candlestick chart inside a <div> with `ancestorCss`; the chart gets `ownCss` and `attrs`. */
async function chartIn(ancestorCss: string, ownCss = '', attrs: Record<string, string> = {}): Promise<{ chart: GpuChart; picture: Picture }> {
  const wrap = document.createElement('div');
  wrap.className = 'css-inherit';
  wrap.style.cssText = ancestorCss;
  // A nested level: the property is inherited through an element that does not set it.
  const inner = document.createElement('section');
  wrap.append(inner);
  const chart = document.createElement('gpu-chart');
  for (const [k, v] of Object.entries({ 'pixel-ratio': '1', 'time-zone': 'UTC', locale: 'en-US', kinetic: 'false', ...attrs })) chart.setAttribute(k, v);
  chart.style.cssText = `display:block;width:320px;height:200px;${ownCss}`;
  chart.data = ohlcv(60, 3) as unknown as GpuChart['data'];
  inner.append(chart);
  document.body.append(wrap);
  await chart.updateComplete;
  await nextFrame();
  await chart.updateComplete;
  return { chart, picture: await decodePng(await chart.toBlob()) };
}

const near = (p: Picture, x: number, y: number, hex: string, tol = 12) => colorDistance(p.at(x, y), hexToRgba(hex)) <= tol;

describe('issue 20: CSS custom properties inherit from ancestors', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('.css-inherit').forEach((c) => c.remove()));

  it('an ancestor’s background, text and up colour reach the picture and the legend', async () => {
    const { chart, picture } = await chartIn(`--gpu-chart-background:${ANCESTOR_BG};--gpu-chart-text:${ANCESTOR_TEXT};--gpu-chart-up:${ANCESTOR_UP}`);
    // A corner of the plot (top left, under the legend's line but left of the candles) is background.
    expect(near(picture, 2, picture.height - 2, ANCESTOR_BG), `bottom-left pixel ${picture.at(2, picture.height - 2)}`).to.equal(true);
    expect(countColor(picture, hexToRgba(ANCESTOR_UP), 20), 'rising candles in the ancestor’s up colour').to.be.greaterThan(20);
    expect(countColor(picture, hexToRgba('#26a69a'), 20), 'no candle in the default up colour').to.equal(0);
    const legend = chart.shadowRoot!.querySelector('[part~="legend"]')!;
    expect(getComputedStyle(legend).color).to.equal('rgb(240, 224, 16)');
  });

  it('the ancestor’s value wins over the dark theme’s default; the element’s own value wins over the ancestor’s', async () => {
    const dark = await chartIn(`--gpu-chart-background:${ANCESTOR_BG}`, '', { theme: 'dark' });
    expect(near(dark.picture, 2, dark.picture.height - 2, ANCESTOR_BG)).to.equal(true);
    const own = await chartIn(`--gpu-chart-background:${ANCESTOR_BG}`, `--gpu-chart-background:${OWN_BG}`);
    expect(near(own.picture, 2, own.picture.height - 2, OWN_BG), `own: ${own.picture.at(2, own.picture.height - 2)}`).to.equal(true);
  });

  it('without any value set, each theme’s defaults apply', async () => {
    const light = await chartIn('');
    expect(near(light.picture, 2, light.picture.height - 2, '#ffffff')).to.equal(true);
    expect(countColor(light.picture, hexToRgba('#26a69a'), 20)).to.be.greaterThan(20);
    const dark = await chartIn('', '', { theme: 'dark' });
    expect(near(dark.picture, 2, dark.picture.height - 2, '#131722')).to.equal(true);
    expect(getComputedStyle(dark.chart.shadowRoot!.querySelector('[part~="legend"]')!).color).to.equal('rgb(201, 206, 216)');
  });

  it('a change on the ancestor shows after refreshTheme()', async () => {
    const { chart } = await chartIn(`--gpu-chart-background:${ANCESTOR_BG}`);
    (chart.parentElement!.parentElement as HTMLElement).style.setProperty('--gpu-chart-background', OWN_BG);
    chart.refreshTheme();
    await chart.updateComplete;
    const p = await decodePng(await chart.toBlob());
    expect(near(p, 2, p.height - 2, OWN_BG)).to.equal(true);
  });
});
