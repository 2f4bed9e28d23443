/**
 * Issue 14, part B: the focus ring is seen, labels follow a web font once it loads, and bad
 * input (a bad first `data`, an unknown `type`, a `source` naming nothing) says so instead of
 * drawing empty 1970 axes.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import type { GpuErrorDetail } from '../../src/elements/events.js';
import { colorDistance, countColor, decodePng, hexToRgba, logAdapterOnce, saveImage, type Picture } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function makeChart(attrs: Record<string, string> = {}, css = ''): { chart: GpuChart; errors: GpuErrorDetail[] } {
  const chart = document.createElement('gpu-chart');
  for (const [k, v] of Object.entries(attrs)) chart.setAttribute(k, v);
  chart.style.cssText = `display:block;width:320px;height:180px;${css}`;
  const errors: GpuErrorDetail[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
  return { chart, errors };
}

const rows = (n: number) => ({ time: Array.from({ length: n }, (_, i) => T0 + i * DAY), value: Array.from({ length: n }, (_, i) => 10 + Math.sin(i / 3) * 4) });
const errorText = (chart: GpuChart) => chart.shadowRoot!.querySelector('[part="error"]')?.textContent ?? null;

async function pageShot(name: string, el: Element): Promise<Picture> {
  const r = el.getBoundingClientRect();
  const base64 = (await executeServerCommand('page-screenshot', { name, clip: { x: r.x, y: r.y, width: r.width, height: r.height } })) as string;
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return decodePng(new Blob([bytes], { type: 'image/png' }));
}

describe('finish: focus, fonts and bad input', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('the keyboard focus ring is drawn above the opaque chart', async () => {
    const { chart } = makeChart({ legend: 'off' }, '--gpu-chart-focus:#ff00ff;margin:8px');
    chart.data = rows(40);
    document.body.prepend(chart);
    await chart.updateComplete;
    const ring = hexToRgba('#ff00ff');
    const before = await pageShot('finish/focus-before.png', chart);
    expect(countColor(before, ring, 30), 'no ring before focus').to.equal(0);
    await sendKeys({ press: 'Tab' });
    expect(chart.matches(':focus-visible'), 'focused from the keyboard').to.equal(true);
    await chart.updateComplete;
    const after = await pageShot('finish/focus-after.png', chart);
    const w = after.width;
    const h = after.height;
    // Every edge of the chart shows the ring, over the canvas.
    for (const [x, y] of [[w / 2, 0], [w / 2, h - 1], [0, h / 2], [w - 1, h / 2]]) {
      expect(colorDistance(after.at(x, y), ring), `ring at ${x},${y}`).to.be.at.most(30);
    }
    expect(countColor(after, ring, 30)).to.be.greaterThan(2 * (w + h));
  });

  it('labels are drawn again in a web font once it has loaded, with no interaction', async function () {
    const base64 = (await executeServerCommand('system-font', {})) as string | null;
    if (!base64) this.skip();
    const bytes = Uint8Array.from(atob(base64!), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'font/ttf' }));
    const family = `FinishTestFont${Date.now()}`;
    // The page asks for the font first; it arrives later (as a web font does).
    const { chart } = makeChart({ legend: 'off', 'pixel-ratio': '1', 'time-zone': 'UTC', locale: 'en-US' }, `--gpu-chart-font:'${family}', serif;--gpu-chart-font-size:14px`);
    chart.data = rows(40);
    document.body.append(chart);
    await chart.updateComplete;
    // What the screen shows (toBlob would draw the frame anew, hiding a missing redraw).
    const a = await pageShot('finish/font-fallback.png', chart);
    const face = new FontFace(family, `url(${url})`);
    document.fonts.add(face);
    await face.load();
    await sleep(100);
    await chart.updateComplete;
    const b = await pageShot('finish/font-loaded.png', chart);
    // A chart made after the font loaded is the reference.
    chart.remove();
    const { chart: fresh } = makeChart({ legend: 'off', 'pixel-ratio': '1', 'time-zone': 'UTC', locale: 'en-US' }, `--gpu-chart-font:'${family}', serif;--gpu-chart-font-size:14px`);
    fresh.data = rows(40);
    document.body.append(fresh);
    await fresh.updateComplete;
    const c = await pageShot('finish/font-reference.png', fresh);
    let changed = 0;
    let different = 0;
    for (let i = 0; i < a.data.length; i += 4) {
      if (Math.abs(a.data[i] - b.data[i]) > 40) changed++;
      if (Math.abs(b.data[i] - c.data[i]) > 40) different++;
    }
    expect(changed, 'the labels changed font').to.be.greaterThan(100);
    expect(different, 'as drawn by a chart made after the font loaded').to.be.at.most(20);
    document.fonts.delete(face);
    URL.revokeObjectURL(url);
  });

  it('an invalid first data: an error strip, no axis labels, one update (no change-in-update)', async () => {
    const { chart, errors } = makeChart();
    // Lit (dev mode in these tests) warns when an update is requested from within an update.
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      warn.apply(console, args);
    };
    try {
      chart.data = { time: [T0 + DAY, T0], value: [1, 2] };
      document.body.append(chart);
      await chart.updateComplete;
      await sleep(50);
    } finally {
      console.warn = warn;
    }
    expect(errors.map((e) => e.phase)).to.deep.equal(['data']);
    expect(errorText(chart)).to.contain('must increase');
    expect(warnings.filter((w) => w.includes('change-in-update'))).to.deep.equal([]);
    const labels = chart.axisLabels();
    expect(labels.time, 'no 1970 dates').to.deep.equal([]);
    expect(labels.value.main, 'no 0…1 values').to.deep.equal([]);
    chart.data = rows(30);
    await chart.updateComplete;
    expect(errorText(chart)).to.equal(null);
    expect(chart.axisLabels().time.length).to.be.greaterThan(0);
    expect(chart.axisLabels().time.some((l) => l.text.includes('1970'))).to.equal(false);
  });

  it('an unknown type is reported with the valid types; the last good drawing stays', async () => {
    const { chart, errors } = makeChart({ type: 'candlestik', legend: 'off', 'pixel-ratio': '1' }, '--gpu-chart-series-1:#ff0000');
    chart.data = rows(30);
    document.body.append(chart);
    await chart.updateComplete;
    expect(errors).to.have.length(1);
    expect(errors[0].message).to.contain('"candlestik"');
    for (const t of ['line', 'candlestick', 'ohlc', 'none']) expect(errors[0].message).to.contain(t);
    expect(errorText(chart)).to.contain('candlestik');
    // The default series (a line of value) is drawn meanwhile.
    const red = hexToRgba('#ff0000');
    expect(countColor(await decodePng(await chart.toBlob()), red, 60)).to.be.greaterThan(50);
    chart.type = 'area';
    await chart.updateComplete;
    expect(errorText(chart)).to.equal(null);
    chart.type = 'histogrm';
    await chart.updateComplete;
    expect(errors).to.have.length(2);
    expect(errors[1].message).to.contain('"area" stays drawn');
    expect(chart.hitTest(160, 90) ?? chart.axisLabels().time.length).to.not.equal(null);
    chart.type = 'line';
    await chart.updateComplete;
    expect(errorText(chart)).to.equal(null);
  });

  it('source naming no datasource: a message and a gpu-error after a grace period; one inserted in time binds quietly', async () => {
    const { chart, errors } = makeChart({ source: 'nope' });
    document.body.append(chart);
    await chart.updateComplete;
    expect(errors, 'nothing during the grace period').to.deep.equal([]);
    await sleep(1300);
    await chart.updateComplete;
    expect(errors.map((e) => e.phase)).to.deep.equal(['data']);
    expect(errors[0].message).to.contain('source="nope"');
    expect(errorText(chart)).to.contain('nope');
    expect(chart.axisLabels().time, 'no empty 1970 axis').to.deep.equal([]);
    // It appears later: the chart binds it and the message goes.
    const ds = document.createElement('gpu-datasource') as HTMLElement & { table: { appendRows?: unknown } };
    ds.id = 'nope';
    document.body.append(ds);
    await sleep(50);
    await chart.updateComplete;
    expect(errorText(chart)).to.equal(null);

    // A datasource inserted within the grace period: no error at all.
    const { chart: late, errors: lateErrors } = makeChart({ source: 'later' });
    document.body.append(late);
    await sleep(300);
    const ds2 = document.createElement('gpu-datasource');
    ds2.id = 'later';
    document.body.append(ds2);
    await sleep(1300);
    expect(lateErrors).to.deep.equal([]);
    expect(errorText(late)).to.equal(null);
  });
});
