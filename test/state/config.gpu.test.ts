/**
 * Chart state: chart.config read and hot-reloaded (no GPU buffers made again), the schema's
 * errors by path, indicators as children both ways, the config slot and config-src,
 * persistence (restore before the first frame, persist-parts, a version-1 state, a corrupted
 * entry, a future version, a full storage), two charts with one key following each other, and
 * resetConfig.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { buffersCreated, type GpuChart } from '../../src/index.js';
import type { GpuConfigDetail, GpuErrorDetail } from '../../src/elements/events.js';
import { countColor, decodePng, hexToRgba, logAdapterOnce, saveImage } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function candles(n = 80) {
  const c = { time: [] as number[], open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[] };
  for (let i = 0; i < n; i++) {
    const mid = 100 + 8 * Math.sin(i / 7);
    c.time.push(T0 + i * DAY);
    c.open.push(mid - 1);
    c.close.push(mid + 1);
    c.high.push(mid + 2);
    c.low.push(mid - 2);
  }
  return c;
}

interface Made {
  chart: GpuChart;
  errors: GpuErrorDetail[];
  configs: GpuConfigDetail[];
}

async function makeChart(setup: (c: GpuChart) => void = () => {}, append = true): Promise<Made> {
  const chart = document.createElement('gpu-chart');
  chart.pixelRatio = 1;
  chart.style.width = '360px';
  chart.style.height = '240px';
  const errors: GpuErrorDetail[] = [];
  const configs: GpuConfigDetail[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
  chart.addEventListener('gpu-config', (e) => configs.push(e.detail));
  chart.data = candles() as unknown as GpuChart['data'];
  setup(chart);
  if (append) {
    document.body.append(chart);
    await chart.updateComplete;
  }
  return { chart, errors, configs };
}

const key = (name: string) => `test-${name}-${Math.random().toString(36).slice(2)}`;

describe('chart state', () => {
  before(logAdapterOnce);
  afterEach(() => {
    document.querySelectorAll('gpu-chart').forEach((c) => c.remove());
    for (let i = localStorage.length - 1; i >= 0; i--) if (localStorage.key(i)?.startsWith('gpu-chart:test-')) localStorage.removeItem(localStorage.key(i)!);
  });

  it('reads everything a user can set, and hot-reloads only what differs: no GPU buffer is made again', async () => {
    const { chart, configs } = await makeChart();
    const before = chart.config;
    expect(before).to.deep.include({ version: 2, valueScale: 'linear', timeScale: 'time', theme: 'light', crosshair: 'normal', legend: 'on', visibleRange: null });
    expect(before.drawings).to.deep.equal([]);
    // Setting what it already has changes nothing.
    chart.config = before;
    expect(configs).to.deep.equal([]);
    await chart.updateComplete;
    const buffers = buffersCreated();
    chart.config = {
      valueScale: 'log',
      crosshair: 'magnet',
      tooltip: true,
      colors: { background: '#102030', up: '#00ff00' },
      drawings: [{ id: 'h', type: 'hline', anchors: [{ time: T0, value: 101 }], style: { color: '#ff00ff', width: 2 } }],
      visibleRange: { from: T0 + 10 * DAY, to: T0 + 40 * DAY },
    };
    await chart.updateComplete;
    expect(configs.at(-1)).to.deep.equal({ changed: ['scales', 'theme', 'interaction', 'drawings', 'range'], source: 'property' });
    expect(buffersCreated() - buffers, 'GPU buffers made by the reload').to.equal(0);
    const after = chart.config;
    expect(after).to.deep.include({ valueScale: 'log', crosshair: 'magnet', tooltip: true, visibleRange: { from: T0 + 10 * DAY, to: T0 + 40 * DAY } });
    expect(after.colors).to.deep.equal({ background: '#102030', up: '#00ff00' });
    expect(chart.valueScale).to.equal('log');
    const blob = await chart.toBlob();
    await saveImage('state-hot-reload.png', blob);
    const pic = await decodePng(blob);
    expect(countColor(pic, hexToRgba('#102030'), 8), 'new background').to.be.greaterThan(10_000);
    expect(countColor(pic, hexToRgba('#00ff00'), 60), 'up colour').to.be.greaterThan(50);
    expect(countColor(pic, hexToRgba('#ff00ff'), 60), 'the drawing').to.be.greaterThan(50);
    // null range: all the data again, following it.
    chart.config = { visibleRange: null };
    expect(chart.config.visibleRange).to.equal(null);
  });

  it('names each invalid field by its path in one gpu-error (phase config) and applies the valid rest', async () => {
    const { chart, errors } = await makeChart();
    chart.config = { valueScale: 'sideways', tooltip: true, panes: [{ id: 'main', height: -3 }], colors: { up: 'url(https://evil.example/x)' }, nonsense: 1 } as never;
    await chart.updateComplete;
    expect(errors.length).to.equal(1);
    expect(errors[0].phase).to.equal('config');
    for (const path of ['$.valueScale', '$.panes[0].height', '$.colors.up', '$.nonsense']) expect(errors[0].message).to.contain(path);
    expect(chart.tooltip).to.equal(true);
    expect(chart.valueScale).to.equal('linear');
    expect(chart.style.getPropertyValue('--gpu-chart-up')).to.equal('');
    chart.config = 'not an object' as never;
    chart.config = { version: 7 };
    expect(errors.slice(1).map((e) => e.message)).to.deep.equal([
      'The config was not applied: the config is not an object.',
      'The config was not applied: config version 7 is newer than this library understands (2); update gpu-chart.',
    ]);
  });

  it('keeps indicators in the config and <gpu-indicator> children in step, both ways', async () => {
    const { chart } = await makeChart();
    chart.config = { indicators: [{ type: 'sma', period: 10 }, { type: 'rsi', period: 14 }] };
    await chart.updateComplete;
    const children = () => [...chart.querySelectorAll('gpu-indicator')].map((el) => `${el.getAttribute('type')}:${el.getAttribute('period')}`);
    expect(children()).to.deep.equal(['sma:10', 'rsi:14']);
    const el = document.createElement('gpu-indicator');
    el.setAttribute('type', 'ema');
    el.setAttribute('period', '5');
    chart.append(el);
    await chart.updateComplete;
    expect(chart.config.indicators).to.deep.equal([{ type: 'sma', period: '10' }, { type: 'rsi', period: '14' }, { type: 'ema', period: '5' }]);
    // Same settings, other key order and number types: nothing is touched.
    const first = chart.querySelector('gpu-indicator')!;
    chart.config = { indicators: [{ period: '10', type: 'sma' }, { type: 'rsi', period: 14 }] };
    expect(chart.querySelector('gpu-indicator')).to.equal(first);
    expect(children()).to.deep.equal(['sma:10', 'rsi:14']);
  });

  it('applies a config slot, hot-reloads it when its text changes, and loads config-src', async () => {
    const { chart } = await makeChart((c) => {
      const script = document.createElement('script');
      script.type = 'application/json';
      script.slot = 'config';
      script.textContent = JSON.stringify({ valueScale: 'log', legend: 'off' });
      c.append(script);
    });
    expect(chart.valueScale).to.equal('log');
    expect(chart.legend).to.equal('off');
    const changed = new Promise<GpuConfigDetail>((r) => chart.addEventListener('gpu-config', (e) => r(e.detail), { once: true }));
    chart.querySelector('script')!.textContent = JSON.stringify({ valueScale: 'percent', legend: 'off' });
    expect(await changed).to.deep.equal({ changed: ['scales'], source: 'slot' });
    expect(chart.valueScale).to.equal('percent');
    const fromSrc = new Promise<GpuConfigDetail>((r) => chart.addEventListener('gpu-config', (e) => r(e.detail), { once: true }));
    const url = URL.createObjectURL(new Blob([JSON.stringify({ theme: 'dark' })], { type: 'application/json' }));
    chart.configSrc = url;
    expect(await fromSrc).to.deep.equal({ changed: ['theme'], source: 'src' });
    expect(chart.theme).to.equal('dark');
  });

  it('saves to localStorage and restores before the first frame; persist-parts limits what is saved', async () => {
    const k = key('restore');
    const a = await makeChart((c) => (c.persist = k));
    a.chart.drawings = [{ id: 'd1', type: 'trendline', anchors: [{ time: T0 + 5 * DAY, value: 95 }, { time: T0 + 30 * DAY, value: 105 }], style: { color: '#ff00ff' } }];
    a.chart.valueScale = 'log';
    a.chart.visibleRange = { from: T0 + 20 * DAY, to: T0 + 50 * DAY };
    await a.chart.updateComplete;
    await sleep(450);
    const saved = JSON.parse(localStorage.getItem(`gpu-chart:${k}`)!);
    expect(saved).to.deep.include({ format: 'gpu-chart-state', version: 2 });
    expect(saved.config.drawings.map((d: { id: string }) => d.id)).to.deep.equal(['d1']);
    a.chart.remove();
    // A new chart with the key comes back as it was left; its very first frame shows it.
    const b = await makeChart((c) => (c.persist = k), false);
    let firstRange: unknown = null;
    b.chart.addEventListener('gpu-ready', () => (firstRange = b.chart.visibleRange), { once: true });
    document.body.append(b.chart);
    await b.chart.updateComplete;
    await sleep(50);
    expect(b.chart.valueScale).to.equal('log');
    expect(b.chart.drawings.map((d) => d.id)).to.deep.equal(['d1']);
    expect(firstRange).to.deep.equal({ from: T0 + 20 * DAY, to: T0 + 50 * DAY });
    b.chart.remove();
    // Only drawings: the scale stays the page's.
    const c = await makeChart((x) => {
      x.persist = k;
      x.setAttribute('persist-parts', 'drawings');
    });
    expect(c.chart.valueScale).to.equal('linear');
    expect(c.chart.drawings.map((d) => d.id)).to.deep.equal(['d1']);
    expect(c.chart.config.visibleRange).to.equal(null);
  });

  it('migrates a version-1 state, and survives a corrupted entry, a future version and a full storage', async () => {
    const k1 = key('v1');
    localStorage.setItem(`gpu-chart:${k1}`, JSON.stringify({ format: 'gpu-chart-state', version: 1, config: { version: 1, range: [T0 + 3 * DAY, T0 + 9 * DAY], theme: 'dark' }, clocks: {} }));
    const a = await makeChart((c) => (c.persist = k1));
    expect(a.errors).to.deep.equal([]);
    expect(a.chart.theme).to.equal('dark');
    expect(a.chart.visibleRange).to.deep.equal({ from: T0 + 3 * DAY, to: T0 + 9 * DAY });

    const k2 = key('bad');
    localStorage.setItem(`gpu-chart:${k2}`, '{"format":"gpu-chart-state","config":');
    const b = await makeChart((c) => (c.persist = k2));
    expect(b.errors.map((e) => `${e.phase}: ${e.message}`)).to.have.length(1);
    expect(b.errors[0].message).to.match(/could not be read/);
    expect(countColor(await decodePng(await b.chart.toBlob()), hexToRgba('#26a69a'), 40), 'candles drawn').to.be.greaterThan(50);

    const k3 = key('future');
    localStorage.setItem(`gpu-chart:${k3}`, JSON.stringify({ format: 'gpu-chart-state', version: 5, config: { theme: 'dark' }, clocks: {} }));
    const c = await makeChart((x) => (x.persist = k3));
    expect(c.errors[0].message).to.match(/version 5 is newer/);
    expect(c.chart.theme).to.equal('light');

    // A really full storage: fill it, then make the chart save.
    const filler: string[] = [];
    const chunk = 'x'.repeat(256 * 1024);
    try {
      for (let i = 0; i < 100; i++) {
        localStorage.setItem(`gpu-chart:test-filler-${i}`, chunk);
        filler.push(`gpu-chart:test-filler-${i}`);
      }
    } catch {
      // nearly full: fill what is left in small pieces
      try {
        for (let i = 0; i < 2000; i++) {
          localStorage.setItem(`gpu-chart:test-filler-small-${i}`, 'x'.repeat(2048));
          filler.push(`gpu-chart:test-filler-small-${i}`);
        }
      } catch {
        /* full */
      }
    }
    try {
      const d = await makeChart((x) => (x.persist = key('full')));
      d.chart.drawings = Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, type: 'text', anchors: [{ time: T0 + i * DAY, value: 100 }], style: { text: 'y'.repeat(400) } }));
      await sleep(450);
      expect(d.errors.map((e) => e.message).join(' ')).to.match(/could not be saved \(QuotaExceededError/);
      expect(d.chart.drawings.length, 'the chart keeps working').to.equal(40);
    } finally {
      for (const f of filler) localStorage.removeItem(f);
    }
  });

  it('charts with one key follow each other (BroadcastChannel); last writer wins per part', async () => {
    const k = key('sync');
    const a = await makeChart((c) => (c.persist = k));
    const b = await makeChart((c) => (c.persist = k));
    const got = new Promise<GpuConfigDetail>((r) => b.chart.addEventListener('gpu-config', (e) => r(e.detail), { once: true }));
    a.chart.drawings = [{ id: 'x', type: 'vline', anchors: [{ time: T0 + 9 * DAY, value: 0 }], style: {} }];
    expect(await got).to.deep.equal({ changed: ['drawings'], source: 'tab' });
    expect(b.chart.drawings.map((d) => d.id)).to.deep.equal(['x']);
    // Both edit at once: each a different part (both kept), and the same part (they end equal).
    a.chart.valueScale = 'log';
    b.chart.theme = 'dark';
    a.chart.tooltip = true;
    b.chart.tooltip = false;
    b.chart.crosshair = 'hidden';
    await sleep(1200);
    expect(a.chart.valueScale).to.equal('log');
    expect(b.chart.valueScale).to.equal('log');
    expect(a.chart.theme).to.equal('dark');
    expect(b.chart.theme).to.equal('dark');
    expect(a.chart.config.tooltip).to.equal(b.chart.config.tooltip);
    expect(a.chart.config.crosshair).to.equal(b.chart.config.crosshair);
  });

  it('resetConfig forgets what was saved and goes back to the page configuration', async () => {
    const k = key('reset');
    const { chart } = await makeChart((c) => {
      c.persist = k;
      c.theme = 'dark';
    });
    chart.valueScale = 'log';
    chart.theme = 'light';
    await chart.updateComplete;
    await sleep(450);
    expect(localStorage.getItem(`gpu-chart:${k}`)).to.not.equal(null);
    chart.resetConfig();
    await chart.updateComplete;
    expect(localStorage.getItem(`gpu-chart:${k}`)).to.equal(null);
    expect(chart.valueScale).to.equal('linear');
    expect(chart.theme).to.equal('dark');
  });
});
