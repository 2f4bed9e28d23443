/**
 * Golden images where DOM parts matter (tooltip, legend): page screenshots of the chart's box,
 * compared with test/goldens/<name>.png. Update deliberately with `npm run test:update-goldens`.
 */
import { expectGolden, screenshotElement } from '../helpers/golden.js';
import { logAdapterOnce, nextFrame } from '../helpers/pixels.js';
import { indicator, makeChart, ohlcv, pointAt } from './setup.js';

describe('golden images: DOM parts (page screenshots)', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  for (const edge of ['left', 'right'] as const) {
    it(`tooltip at the ${edge} edge stays inside the chart`, async () => {
      const chart = await makeChart({ data: ohlcv(60, 31), width: 400, height: 250, attrs: { tooltip: '' } });
      const plot = chart.paneRects[0];
      await pointAt(chart, edge === 'left' ? plot.x + 2 : plot.x + plot.width - 2, edge === 'left' ? 40 : 200);
      await nextFrame();
      await expectGolden(`dom-tooltip-${edge}`, await screenshotElement(chart));
    });
  }

  it('legend rows of candles with indicators, kept above the series', async () => {
    const chart = await makeChart({
      data: ohlcv(150, 32),
      width: 480,
      height: 320,
      attrs: { legend: 'on' },
      children: [indicator('sma', { period: '10' }), indicator('ema', { period: '30' }), indicator('bollinger'), indicator('rsi')],
    });
    await nextFrame();
    await chart.updateComplete;
    await expectGolden('dom-legend', await screenshotElement(chart));
  });
});
