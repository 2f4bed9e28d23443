/**
 * Faults on the chart side (issue "Hardening"): device-loss storms, errors that must clear once
 * their cause is fixed, out-of-range views and values, colours that are not colours, and a page
 * whose Content-Security-Policy forbids inline styles.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { gpuRegistry, type GpuChart } from '../../src/index.js';
import type { GpuErrorDetail } from '../../src/elements/events.js';
import { countColor, decodePng, hexToRgba, logAdapterOnce, saveImage } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const RED = '#ff0000';

function chartWith(values: number[], attrs: Record<string, string> = {}): { chart: GpuChart; errors: GpuErrorDetail[] } {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  for (const [k, v] of Object.entries(attrs)) chart.setAttribute(k, v);
  chart.style.cssText = `width:240px;height:140px;--gpu-chart-series-1:${RED}`;
  const errors: GpuErrorDetail[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
  chart.data = { time: values.map((_, i) => T0 + i * DAY), value: values };
  document.body.append(chart);
  return { chart, errors };
}

const errorStrip = (chart: GpuChart) => chart.shadowRoot!.querySelector('[part="error"]');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('chart hardening', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('survives a device-loss storm: each new device lost while the charts rebuild on it, three times', async () => {
    const pageErrors: unknown[] = [];
    const onError = (e: Event) => pageErrors.push(e);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    const a = chartWith([1, 5, 2, 4, 3]);
    const b = chartWith([3, 1, 4, 1, 5]);
    await Promise.all([a.chart.updateComplete, b.chart.updateComplete]);
    const before = await decodePng(await a.chart.toBlob());
    let device = gpuRegistry().device!;
    const created = gpuRegistry().devicesCreated;
    device.destroy();
    // Twice more: as soon as the registry has the next device (the charts are building on it), it goes too.
    for (let storm = 0; storm < 2; storm++) {
      const deadline = performance.now() + 10_000;
      while ((gpuRegistry().device === null || gpuRegistry().device === device) && performance.now() < deadline) await sleep(1);
      device = gpuRegistry().device!;
      expect(device, `device ${storm + 2} arrived`).to.not.equal(null);
      device.destroy();
    }
    await sleep(50);
    await Promise.all([a.chart.updateComplete, b.chart.updateComplete]);
    expect(gpuRegistry().devicesCreated - created).to.equal(3);
    expect(a.chart.device).to.equal(gpuRegistry().device);
    const blob = await a.chart.toBlob();
    await saveImage('hardening-device-storm.png', blob);
    const after = await decodePng(blob);
    let differing = 0;
    for (let i = 0; i < before.data.length; i += 4) if (Math.abs(before.data[i] - after.data[i]) > 2 || Math.abs(before.data[i + 1] - after.data[i + 1]) > 2) differing++;
    expect(differing, 'pixels that differ after the storm').to.equal(0);
    expect(countColor(await decodePng(await b.chart.toBlob()), hexToRgba(RED), 60)).to.be.greaterThan(50);
    // Nothing keeps failing afterwards: frames on the new device raise no GPU errors.
    const errorsNow = a.errors.length + b.errors.length;
    a.chart.visibleRange = { from: T0 + DAY, to: T0 + 3 * DAY };
    b.chart.visibleRange = { from: T0 + DAY, to: T0 + 3 * DAY };
    await Promise.all([a.chart.updateComplete, b.chart.updateComplete]);
    await sleep(100);
    expect([...a.errors, ...b.errors].slice(errorsNow).map((e) => e.message)).to.deep.equal([]);
    expect([...a.errors, ...b.errors].filter((e) => e.phase === 'render').map((e) => e.message)).to.deep.equal([]);
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onError);
    expect(pageErrors).to.have.length(0);
  });

  for (const [attr, bad, good] of [
    ['time-zone', 'Mars/Base', 'UTC'],
    ['locale', 'not a locale!', 'en-GB'],
  ] as const) {
    it(`the error strip clears once a bad ${attr} is fixed`, async () => {
      const { chart, errors } = chartWith([1, 2, 3], { [attr]: bad });
      await chart.updateComplete;
      expect(errors.length, 'an error for the bad value').to.be.greaterThan(0);
      expect(errorStrip(chart)).to.not.equal(null);
      chart.setAttribute(attr, good);
      await chart.updateComplete;
      await chart.updateComplete;
      expect(errorStrip(chart), 'strip gone').to.equal(null);
      expect(countColor(await decodePng(await chart.toBlob()), hexToRgba(RED), 60)).to.be.greaterThan(50);
    });
  }

  it('a pixel ratio too big for a GPU texture is lowered to fit: no error, the chart draws', async () => {
    const { chart, errors } = chartWith([1, 2, 3], { 'pixel-ratio': '64' });
    await chart.updateComplete;
    expect(errors).to.deep.equal([]);
    const canvas = chart.shadowRoot!.querySelector('canvas')!;
    expect(Math.max(canvas.width, canvas.height)).to.be.at.most(8192);
    expect(canvas.width).to.be.greaterThan(240 * 30);
    chart.setAttribute('pixel-ratio', '1');
    await chart.updateComplete;
    expect(countColor(await decodePng(await chart.toBlob()), hexToRgba(RED), 60)).to.be.greaterThan(50);
  });

  it('a non-finite visible range is refused with a gpu-error and the view stays', async () => {
    const { chart, errors } = chartWith([1, 2, 3, 4]);
    await chart.updateComplete;
    const view = chart.visibleRange;
    for (const bad of [{ from: -Infinity, to: Infinity }, { from: NaN, to: T0 }, { from: T0 + DAY, to: T0 }, { from: 0, to: 1e22 }]) {
      chart.visibleRange = bad;
      await chart.updateComplete;
      expect(chart.visibleRange).to.deep.equal(view);
    }
    expect(errors.map((e) => e.phase)).to.deep.equal(['data', 'data', 'data', 'data']);
    expect(chart.axisLabels().time.length).to.be.greaterThan(0);
  });

  it('chart.data with a time outside the range of dates is refused, and the last good rows stay', async () => {
    const { chart, errors } = chartWith([1, 2, 3]);
    await chart.updateComplete;
    chart.data = { time: [T0, T0 + DAY, 1e22], value: [1, 2, 3] };
    await chart.updateComplete;
    expect(errors.map((e) => e.phase)).to.deep.equal(['data']);
    expect(errors[0].message).to.contain('time[2]');
    expect(countColor(await decodePng(await chart.toBlob()), hexToRgba(RED), 60)).to.be.greaterThan(50);
  });

  it('an Infinity among the values is a gap: the value axis keeps its labels and the rest draws', async () => {
    const { chart, errors } = chartWith([1, 2, Infinity, 3, -Infinity, 4]);
    await chart.updateComplete;
    expect(errors).to.deep.equal([]);
    const labels = chart.axisLabels().value.main.map((l) => Number(l.text));
    expect(labels.length).to.be.greaterThan(1);
    // Labels of the finite values' range (1..4), none of them infinite.
    expect(labels.every(Number.isFinite), labels.join(' ')).to.equal(true);
    expect(Math.min(...labels)).to.be.within(0.5, 2.5);
    expect(Math.max(...labels)).to.be.within(3, 4.5);
  });

  it('a series colour that is not a colour (url(), var()) is reported and replaced; nothing is fetched', async () => {
    const fetched: string[] = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => e.name.includes('evil') && fetched.push(e.name)));
    observer.observe({ type: 'resource', buffered: false });
    const { chart, errors } = chartWith([1, 2, 3]);
    chart.setAttribute('legend', 'on');
    chart.type = 'none';
    chart.series = [{ type: 'line', value: 'value', color: 'url(/evil.png)' }, { type: 'line', value: 'value', color: 'var(--x)', title: 'second' }];
    await chart.updateComplete;
    await sleep(200);
    observer.disconnect();
    expect(errors.filter((e) => e.phase === 'data').length).to.equal(2);
    expect(errors[0].message).to.contain('not a CSS colour');
    expect(fetched).to.deep.equal([]);
    const swatch = chart.shadowRoot!.querySelector<HTMLElement>('.legend .swatch')!;
    expect(getComputedStyle(swatch).backgroundImage).to.equal('none');
    expect(getComputedStyle(swatch).backgroundColor).to.not.equal('rgba(0, 0, 0, 0)');
  });

  it('works under a Content-Security-Policy without inline styles: legend placed and coloured, no violation', async () => {
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:400px;height:300px;border:0';
    frame.srcdoc = `<!doctype html><html><head>
      <meta http-equiv="Content-Security-Policy" content="style-src 'self'">
      </head><body>
      <gpu-chart id="c" time-zone="UTC"></gpu-chart>
      <script type="module">
        const violations = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
        window.violations = violations;
        await import('/src/index.ts');
        const c = document.getElementById('c');
        c.data = { time: [${T0}, ${T0 + DAY}, ${T0 + 2 * DAY}], value: [1, 3, 2] };
        c.series = [{ type: 'line', value: 'value', color: '#00aa00', title: 'green' }];
        await c.updateComplete;
        window.ready = true;
      </script></body></html>`;
    document.body.append(frame);
    const win = frame.contentWindow as Window & { ready?: boolean; violations?: string[] };
    const deadline = performance.now() + 20_000;
    while (!win.ready && performance.now() < deadline) await sleep(20);
    expect(win.ready, 'the chart in the CSP page is ready').to.equal(true);
    const chart = frame.contentDocument!.getElementById('c') as GpuChart;
    const legends = [...chart.shadowRoot!.querySelectorAll<HTMLElement>('.legend')];
    expect(legends.length).to.equal(1);
    const plot = chart.paneRects[0];
    const box = legends[0].getBoundingClientRect();
    const host = chart.getBoundingClientRect();
    expect(box.left - host.left, 'legend beside the plot').to.be.closeTo(plot.x + 6, 1);
    expect(box.top - host.top).to.be.closeTo(plot.y + 2, 1);
    const swatches = [...chart.shadowRoot!.querySelectorAll<HTMLElement>('.swatch')];
    expect(swatches.map((s) => frame.contentWindow!.getComputedStyle(s).backgroundColor)).to.include('rgb(0, 170, 0)');
    expect(win.violations).to.deep.equal([]);
    frame.remove();
  });
});
