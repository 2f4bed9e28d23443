/**
 * Data source telemetry (issue 21 item 3): each load's fetch, decompress, parse and cache times,
 * bytes and rows, in the worker and on the main thread; the stream's rows per second and
 * reconnects; User Timing entries only while telemetry is on; and the chart's metrics carry its
 * bound source's numbers.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/elements/datasource/define.js';
import '../../src/elements/chart/define.js';
import { ColumnCache } from '../../src/data/cache.js';
import { GpuChart } from '../../src/elements/chart/gpu-chart.js';
import { GpuDatasource } from '../../src/elements/datasource/gpu-datasource.js';
import { createSource, uniqueId, until } from './helpers.js';

const ready = (el: GpuDatasource) => until(() => el.status === 'ready' || el.status === 'error' || el.status === 'streaming', 'the load');
const measures = (name: string) => performance.getEntriesByType('measure').filter((m) => m.name === `gpu-datasource ${name}`);

describe('<gpu-datasource> telemetry', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('gpu-datasource, gpu-chart')) el.remove();
    GpuChart.telemetry = false;
    performance.clearMeasures();
  });

  it('times fetch, decompress and parse of a zstd file in the worker and on the main thread, with bytes and rows', async () => {
    const response = await fetch('/demo/data/candles.csv.zst');
    const size = (await response.arrayBuffer()).byteLength;
    for (const worker of ['on', 'off']) {
      const el = createSource({ src: '/demo/data/candles.csv.zst', worker });
      await ready(el);
      expect(el.status).to.equal('ready');
      const load = el.metrics().load!;
      expect(load, worker).to.not.equal(null);
      expect(load.decodedIn).to.equal(worker === 'on' ? 'worker' : 'main');
      expect(load.status).to.equal(200);
      expect(load.bytes, 'compressed bytes as sent').to.equal(size);
      expect(load.rows).to.equal(el.length).and.to.be.greaterThan(0);
      for (const key of ['fetchMs', 'decompressMs', 'parseMs', 'totalMs'] as const) expect(load[key], key).to.be.a('number').and.to.be.at.least(0);
      expect(load.decompressMs, 'zstd was decompressed').to.be.greaterThan(0);
      expect(load.parseMs, 'CSV was parsed').to.be.greaterThan(0);
      expect(load.totalMs + 0.05).to.be.at.least(load.fetchMs + load.decompressMs + load.parseMs - 0.05);
      expect(load.cacheReadMs, 'no cache, no cache time').to.equal(undefined);
      el.remove();
    }
    // A plain file: nothing to decompress.
    const plain = createSource({ src: '/demo/data/candles.json' });
    await ready(plain);
    expect(plain.metrics().load!.decompressMs).to.equal(0);
  });

  it('times the IndexedDB cache read and write, and a revalidation that finds the file unchanged', async () => {
    GpuDatasource.cacheDatabase = uniqueId('telemetry');
    try {
      const first = createSource({ src: '/demo/data/candles.gcol', cache: true });
      await ready(first);
      await first.loadComplete;
      const cold = first.metrics().load!;
      expect(cold.cacheReadMs, 'the read that found nothing').to.be.a('number');
      expect(cold.cacheWriteMs, 'rows written').to.be.a('number').and.to.be.at.least(0);
      first.remove();
      const second = createSource({ src: '/demo/data/candles.gcol', cache: true });
      await ready(second);
      await second.loadComplete;
      const warm = second.metrics().load!;
      expect(warm.cacheReadMs).to.be.a('number');
      // The dev server answers a conditional request with 304 (or sends the file again): either way the numbers say which.
      expect([200, 304]).to.include(warm.status);
      if (warm.status === 304) expect(warm.cacheWriteMs, 'nothing written on a 304').to.equal(undefined);
    } finally {
      await new ColumnCache(GpuDatasource.cacheDatabase).clear().catch(() => undefined);
      GpuDatasource.cacheDatabase = 'gpu-chart';
    }
  });

  it('writes User Timing entries only while telemetry is on (attribute or GpuChart.telemetry)', async () => {
    const off = createSource({ src: '/demo/data/candles.csv' });
    await ready(off);
    expect(off.metrics().load, 'numbers are kept either way').to.not.equal(null);
    expect(measures('load')).to.have.length(0);
    const on = createSource({ src: '/demo/data/candles.csv', telemetry: true });
    await ready(on);
    expect(measures('load')).to.have.length(1);
    expect(measures('fetch')).to.have.length(1);
    expect(measures('parse')).to.have.length(1);
    const [fetchEntry] = measures('fetch');
    const [parseEntry] = measures('parse');
    // The worker's clock is mapped onto the page's: the phases sit in order, inside this test's time.
    expect(parseEntry.startTime).to.be.at.least(fetchEntry.startTime + fetchEntry.duration - 0.5);
    expect(fetchEntry.startTime).to.be.greaterThan(0).and.to.be.lessThan(performance.now());
    performance.clearMeasures();
    GpuChart.telemetry = true;
    const page = createSource({ src: '/demo/data/candles.json' });
    await ready(page);
    expect(measures('load')).to.have.length(1);
  });

  it('counts stream rows per second and reconnects', async () => {
    const row = (i: number) => JSON.stringify({ time: 1_700_000_000_000 + i * 1000, v: i });
    const { port } = (await executeServerCommand('scripted-feed', {
      connections: [
        { messages: [row(1), row(2), row(3)], after: 'close' },
        { messages: [row(4), row(5)], after: 'stay' },
      ],
    })) as { port: number };
    try {
      const el = createSource({ stream: `ws://127.0.0.1:${port}/`, 'heartbeat-timeout': '0' });
      await until(() => el.length === 5 && el.streamStatus === 'open', 'five rows over two connections', 8_000);
      const stream = el.metrics().stream!;
      expect(stream.rows).to.equal(5);
      expect(stream.reconnects).to.equal(1);
      expect(stream.state).to.equal('open');
      expect(stream.rowsPerSecond).to.be.at.most(5);
      await until(() => el.metrics().stream!.rowsPerSecond === 0, 'the window to pass', 3_000);
      el.remove();
      expect(el.metrics().stream, 'no stream after disconnect').to.equal(null);
    } finally {
      await executeServerCommand('scripted-feed-stop', { port });
    }
  });

  it("a chart's metrics and gpu-telemetry carry its bound source's numbers", async () => {
    const id = uniqueId('src');
    const source = createSource({ id, src: '/demo/data/candles.csv' });
    await ready(source);
    const chart = document.createElement('gpu-chart');
    chart.setAttribute('source', id);
    chart.setAttribute('telemetry', '');
    chart.style.cssText = 'display:block;width:200px;height:120px';
    document.body.append(chart);
    const events: CustomEvent[] = [];
    chart.addEventListener('gpu-telemetry', (e) => events.push(e as CustomEvent));
    await (chart as GpuChart).updateComplete;
    // Frames for a little over a second: the event goes out with the frame after each second.
    const start = performance.now();
    while (!events.length && performance.now() - start < 5_000) {
      (chart as GpuChart).visibleRange = { from: source.data.time[1], to: source.data.time[source.length - 2 - (Math.round(performance.now()) % 5)] };
      await new Promise(requestAnimationFrame);
    }
    expect(events.length, 'a gpu-telemetry event').to.be.greaterThan(0);
    expect(events[0].detail.source.load.rows).to.equal(source.length);
    await until(() => chart.metrics() !== null, 'metrics');
    expect(chart.metrics()!.source!.load!.url).to.equal('/demo/data/candles.csv');
  });
});
