/**
 * Issue 20 item 2: the shipped CDN build (dist/cdn, made by the `npm test` build step before the
 * browser tests) draws. Every other browser test runs the sources, whose WGSL the dev server
 * serves as written; the build minifies it, so this draws every built-in pipeline family (line,
 * fill, bars, scatter, rects, text, markers) and an indicator (its lazy chunk) from the build.
 * The build also shortens lit's css`…` templates (scripts/css-plugin.mjs): the rules the browser
 * reads from them are the same as from the sources.
 */
import { expect } from '@esm-bundle/chai';
import { countColor, decodePng, hexToRgba, logAdapterOnce, nextFrame } from '../helpers/pixels.js';
import { chartStyles } from '../../src/elements/chart/gpu-chart.styles.js';

const CDN = '/dist/cdn/gpu-chart.js';
const DAY = 86_400_000;
const SERIES = '#d02090';

interface BuiltChart extends HTMLElement {
  data: unknown;
  series: unknown[];
  markers: unknown[];
  updateComplete: Promise<boolean>;
  toBlob(): Promise<Blob>;
}

function bars(n: number) {
  const d = { time: [] as number[], open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[], value: [] as number[] };
  let p = 100;
  for (let i = 0; i < n; i++) {
    const c = p + Math.sin(i / 3) * 2;
    d.time.push(Date.UTC(2025, 0, 1) + i * DAY);
    d.open.push(p);
    d.close.push(c);
    d.high.push(Math.max(p, c) + 1);
    d.low.push(Math.min(p, c) - 1);
    d.value.push(c);
    p = c;
  }
  return d;
}

describe('issue 20: the CDN build draws with its minified WGSL', () => {
  before(async () => {
    await logAdapterOnce();
    await import(/* @vite-ignore */ CDN);
  });
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  for (const type of ['line', 'area', 'baseline', 'band', 'candlestick', 'ohlc', 'histogram', 'scatter']) {
    it(`${type}: drawn, no gpu-error`, async () => {
      const errors: string[] = [];
      const chart = document.createElement('gpu-chart') as BuiltChart;
      chart.addEventListener('gpu-error', (e) => errors.push((e as CustomEvent<{ message: string }>).detail.message));
      for (const [k, v] of Object.entries({ type: 'none', 'pixel-ratio': '1', 'time-zone': 'UTC', legend: 'off' })) chart.setAttribute(k, v);
      chart.style.cssText = `display:block;width:300px;height:200px;--gpu-chart-series-1:${SERIES};--gpu-chart-up:${SERIES};--gpu-chart-down:${SERIES}`;
      const d = bars(40);
      chart.data = { ...d, upper: d.high, lower: d.low };
      chart.series = [{ type, ...(type === 'scatter' ? { size: 8 } : {}) }];
      if (type === 'candlestick') chart.markers = [{ time: d.time[20], position: 'aboveBar', shape: 'circle', color: SERIES, text: 'm' }];
      document.body.append(chart);
      await chart.updateComplete;
      await nextFrame();
      await chart.updateComplete;
      const picture = await decodePng(await chart.toBlob());
      expect(errors).to.deep.equal([]);
      expect(countColor(picture, hexToRgba(SERIES), 60), `${type} pixels`).to.be.greaterThan(50);
    });
  }

  it('its minified styles are the same rules as the sources\' (as the browser parses them)', async () => {
    const chart = document.createElement('gpu-chart') as BuiltChart;
    document.body.append(chart);
    await chart.updateComplete;
    const rules = (sheets: readonly CSSStyleSheet[]) => sheets.flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText));
    const built = rules(chart.shadowRoot!.adoptedStyleSheets);
    // The element's own styles (the loading panel's come with its lazy chunk).
    const source = rules([chartStyles].map((s) => s.styleSheet!));
    expect(built.length).to.be.greaterThan(20);
    expect(built).to.deep.equal(source);
  });

  it('an indicator (the lazy chunk) draws', async () => {
    const errors: string[] = [];
    const chart = document.createElement('gpu-chart') as BuiltChart;
    chart.addEventListener('gpu-error', (e) => errors.push((e as CustomEvent<{ message: string }>).detail.message));
    for (const [k, v] of Object.entries({ type: 'line', 'pixel-ratio': '1', 'time-zone': 'UTC', legend: 'off' })) chart.setAttribute(k, v);
    chart.style.cssText = 'display:block;width:300px;height:200px';
    chart.data = bars(60);
    const indicator = document.createElement('gpu-indicator') as HTMLElement & { computed: Promise<unknown>; values: Record<string, Float64Array> };
    indicator.setAttribute('type', 'sma');
    indicator.setAttribute('period', '5');
    indicator.setAttribute('color', SERIES);
    chart.append(indicator);
    document.body.append(chart);
    await chart.updateComplete;
    await indicator.computed;
    await nextFrame();
    await chart.updateComplete;
    expect(Number.isFinite(indicator.values.value[59])).to.equal(true);
    const picture = await decodePng(await chart.toBlob());
    expect(errors).to.deep.equal([]);
    expect(countColor(picture, hexToRgba(SERIES), 60)).to.be.greaterThan(50);
  });
});
