/**
 * Chart state across pages and origins: a reload restores what was saved; two pages of one
 * origin with one key follow each other; config messages are taken from allowed origins only
 * (real cross-origin frames: 127.0.0.1 and a second server on another port), both ways.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import type { GpuErrorDetail } from '../../src/elements/events.js';
import { logAdapterOnce } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Framed = Window & { chart: GpuChart; firstRange: { from: number; to: number }; firstDrawings: string[] };

function message<T>(match: (d: Record<string, unknown>) => boolean, timeout = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message')), timeout);
    const on = (e: MessageEvent) => {
      if (!e.data || typeof e.data !== 'object' || !match(e.data)) return;
      clearTimeout(timer);
      removeEventListener('message', on);
      resolve(e.data as T);
    };
    addEventListener('message', on);
  });
}

async function frame(src: string, name: string): Promise<HTMLIFrameElement> {
  const f = document.createElement('iframe');
  f.style.cssText = 'width:340px;height:220px;border:0';
  const ready = message((d) => d.type === 'chart-ready' && d.name === name);
  f.src = `${src}${src.includes('?') ? '&' : '?'}name=${name}`;
  document.body.append(f);
  await ready;
  return f;
}

const framed = (f: HTMLIFrameElement) => f.contentWindow as Framed;

describe('chart state across pages and origins', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('iframe, gpu-chart').forEach((e) => e.remove()));

  it('restores drawings and the view after a reload, before the first frame', async () => {
    const key = `test-reload-${Math.random().toString(36).slice(2)}`;
    const f = await frame(`/test/state/fixtures/chart.html?persist=${key}`, 'a');
    const chart = framed(f).chart;
    chart.drawings = [{ id: 'kept', type: 'hline', anchors: [{ time: T0, value: 104 }], style: {} }];
    chart.visibleRange = { from: T0 + 10 * DAY, to: T0 + 30 * DAY };
    await sleep(450);
    const ready = message((d) => d.type === 'chart-ready' && d.name === 'a');
    framed(f).location.reload();
    await ready;
    expect(framed(f).chart.drawings.map((d) => d.id)).to.deep.equal(['kept']);
    expect(framed(f).firstDrawings).to.deep.equal(['kept']);
    expect(framed(f).firstRange).to.deep.equal({ from: T0 + 10 * DAY, to: T0 + 30 * DAY });
    framed(f).chart.resetConfig();
  });

  it('two pages of one origin with one key follow each other', async () => {
    const key = `test-pages-${Math.random().toString(36).slice(2)}`;
    const [a, b] = await Promise.all([frame(`/test/state/fixtures/chart.html?persist=${key}`, 'a'), frame(`/test/state/fixtures/chart.html?persist=${key}`, 'b')]);
    const followed = new Promise<void>((r) => framed(b).chart.addEventListener('gpu-config', () => r(), { once: true }));
    framed(a).chart.drawings = [{ id: 'shared', type: 'vline', anchors: [{ time: T0 + 20 * DAY, value: 0 }], style: {} }];
    framed(a).chart.valueScale = 'log';
    await followed;
    await sleep(100);
    expect(framed(b).chart.drawings.map((d) => d.id)).to.deep.equal(['shared']);
    expect(framed(b).chart.valueScale).to.equal('log');
    framed(a).chart.resetConfig();
  });

  it('takes config messages from allowed origins only, and answers with its state', async () => {
    const { port } = (await executeServerCommand('other-origin')) as { port: number };
    const allowed = `http://127.0.0.1:${location.port}`;
    const refused = `http://127.0.0.1:${port}`;
    expect(allowed).to.not.equal(location.origin);
    const chart = document.createElement('gpu-chart');
    chart.id = 'target-chart';
    chart.setAttribute('config-origins', allowed);
    chart.style.cssText = 'display:block;width:320px;height:200px';
    chart.data = { time: [T0, T0 + DAY, T0 + 2 * DAY], value: [1, 3, 2] } as unknown as GpuChart['data'];
    const errors: GpuErrorDetail[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
    document.body.append(chart);
    await chart.updateComplete;
    const send = (origin: string, config: unknown) => {
      const f = document.createElement('iframe');
      f.src = `${origin}/test/state/fixtures/sender.html?target=target-chart&config=${encodeURIComponent(JSON.stringify(config))}`;
      document.body.append(f);
    };
    // From the allowed origin: applied, and the sender gets the state back.
    const answer = message<{ from: string; state: { type: string; config: { valueScale: string } } }>((d) => d.type === 'sender-got');
    send(allowed, { valueScale: 'log', theme: 'dark' });
    const got = await answer;
    expect(got.from).to.equal(allowed);
    expect(got.state.type).to.equal('gpu-chart:state');
    expect(got.state.config.valueScale).to.equal('log');
    expect(chart.theme).to.equal('dark');
    // From another origin: ignored and counted.
    send(refused, { valueScale: 'percent' });
    const deadline = performance.now() + 15_000;
    while (chart.rejectedMessages === 0 && performance.now() < deadline) await sleep(20);
    expect(chart.rejectedMessages).to.equal(1);
    expect(chart.valueScale).to.equal('log');
    expect(errors).to.deep.equal([]);
  });

  it('a parent page configures a chart inside a cross-origin frame', async () => {
    const other = `http://127.0.0.1:${location.port}`;
    const f = await frame(`${other}/test/state/fixtures/chart.html?origins=${encodeURIComponent(location.origin)}`, 'x');
    const answer = message<{ type: string; target: string; config: { crosshair: string; tooltip: boolean } }>((d) => d.type === 'gpu-chart:state');
    f.contentWindow!.postMessage({ type: 'gpu-chart:config', target: 'framed', config: { crosshair: 'magnet', tooltip: true } }, other);
    const state = await answer;
    expect(state.target).to.equal('framed');
    expect(state.config).to.deep.include({ crosshair: 'magnet', tooltip: true });
    // A huge payload from the allowed origin is refused with a clear error, never applied.
    const refusal = message<{ type: string; config: { legend: string } }>((d) => d.type === 'gpu-chart:state', 5000).catch(() => null);
    f.contentWindow!.postMessage({ type: 'gpu-chart:config', target: 'framed', config: { legend: 'off', series: [{ type: 'line', title: 'x'.repeat(2_000_000) }] } }, other);
    expect(await refusal).to.equal(null);
    const after = message<{ type: string; config: { legend: string; crosshair: string } }>((d) => d.type === 'gpu-chart:state');
    f.contentWindow!.postMessage({ type: 'gpu-chart:get-state', target: 'framed' }, other);
    expect((await after).config).to.deep.include({ legend: 'on', crosshair: 'magnet' });
  });

  it('refuses a cyclic config from an allowed origin with a clear error', async () => {
    const chart = document.createElement('gpu-chart');
    chart.id = 'self-chart';
    chart.setAttribute('config-origins', location.origin);
    chart.style.cssText = 'display:block;width:320px;height:200px';
    const errors: GpuErrorDetail[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
    document.body.append(chart);
    await chart.updateComplete;
    const cyclic: Record<string, unknown> = { theme: 'dark' };
    cyclic.self = cyclic;
    postMessage({ type: 'gpu-chart:config', target: 'self-chart', config: cyclic }, location.origin);
    const deadline = performance.now() + 5000;
    while (!errors.length && performance.now() < deadline) await sleep(10);
    expect(errors.map((e) => e.phase)).to.deep.equal(['config']);
    expect(errors[0].message).to.match(/cannot be read as JSON/);
    expect(chart.theme).to.equal('light');
    expect(chart.rejectedMessages).to.equal(1);
  });
});
