/**
 * Loading in the decode worker (issue 23): the same columns as the main thread for every
 * format, pyramids built there and adopted, progress, cancelling on a src change (the worker's
 * download is aborted at the server), and the fallback to the main thread when a Content-
 * Security-Policy forbids the worker (while `worker-src 'self'` allows it).
 */
import { expect } from '@esm-bundle/chai';
import '../../src/elements/datasource/define.js';
import { MinMaxPyramid, takePyramid } from '../../src/data/lod.js';
import { ColumnCache } from '../../src/data/cache.js';
import { GpuDatasource } from '../../src/elements/datasource/gpu-datasource.js';
import { createSource, json, nextEvent, recordEvents, uniqueId, until } from './helpers.js';

const SAMPLES = ['candles.json', 'candles.csv', 'candles.gcol', 'candles.json.zst', 'candles.csv.zst', 'candles.gcol.zst'];

async function loaded(attributes: Record<string, string | boolean>): Promise<GpuDatasource> {
  const el = createSource(attributes);
  await until(() => el.status !== 'idle' && el.status !== 'loading', `load of ${attributes.src}`);
  return el;
}

describe('<gpu-datasource> decode worker', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
  });

  it('decodes every sample format in the worker to the same columns and notes as the main thread', async () => {
    for (const name of SAMPLES) {
      const inWorker = await loaded({ src: `/demo/data/${name}` });
      const onMain = await loaded({ src: `/demo/data/${name}`, worker: 'off' });
      expect(inWorker.decodedIn, name).to.equal('worker');
      expect(onMain.decodedIn, name).to.equal('main');
      expect(inWorker.status).to.equal('ready');
      expect(inWorker.table.columnNames).to.deep.equal(onMain.table.columnNames);
      for (const column of onMain.table.columnNames) {
        expect([...inWorker.data[column]], `${name} ${column}`).to.deep.equal([...onMain.data[column]]);
      }
      expect(inWorker.notes).to.deep.equal(onMain.notes);
      inWorker.remove();
      onMain.remove();
    }
  });

  it('transfers the columns and a finished pyramid for big value columns', async () => {
    const rows = 20_000;
    let csv = 'time,close\n';
    for (let i = 0; i < rows; i++) csv += `${1_700_000_000_000 + i * 60_000},${Math.sin(i / 300) * 50 + (i % 7)}\n`;
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const el = await loaded({ src: url });
    expect(el.decodedIn).to.equal('worker');
    const close = el.table.backingColumn('close')!;
    const pyramid = takePyramid(close.subarray(0, el.length));
    expect(pyramid, 'pyramid offered with the columns').to.be.instanceOf(MinMaxPyramid);
    expect(pyramid!.complete).to.equal(true);
    // The same answers as a pyramid built here.
    const local = new MinMaxPyramid(close[0]);
    local.build(close.subarray(0, el.length));
    for (const [a, b] of [[0, rows - 1], [17, 4099], [1000, 1003], [5123, 19_876]]) {
      expect(pyramid!.rangeMinMax(close, a, b), `rows ${a}..${b}`).to.deep.equal(local.rangeMinMax(close, a, b));
    }
    // Offered once: the next sync of that column builds its own.
    expect(takePyramid(close.subarray(0, el.length))).to.equal(null);
  });

  it('reports progress from the worker up to the full size', async () => {
    const el = createSource({ src: '/demo/data/candles.json' });
    const progress = recordEvents(el, 'gpu-progress');
    await nextEvent(el, 'gpu-data');
    expect(el.decodedIn).to.equal('worker');
    const size = (await (await fetch('/demo/data/candles.json')).arrayBuffer()).byteLength;
    expect(progress.length).to.be.greaterThan(0);
    expect(progress.at(-1)).to.deep.equal({ loaded: size, total: size });
  });

  for (const worker of ['auto', 'off']) {
    it(`changing src aborts the running download (worker="${worker}") and only the new file lands`, async () => {
      const id = uniqueId('slow');
      const el = createSource({ src: `/test-api/slow.csv?id=${id}&rows=20000&chunks=40&chunkMs=100`, worker });
      const data = recordEvents(el, 'gpu-data');
      const errors = recordEvents(el, 'gpu-error');
      await nextEvent(el, 'gpu-progress');
      el.src = '/demo/data/candles.csv';
      await until(() => data.length > 0 && el.status === 'ready', 'the new file');
      expect(data.map((d) => d.length)).to.deep.equal([2000]);
      expect(errors).to.deep.equal([]);
      let stats: { aborted: boolean; finished: boolean } | null = null;
      for (let i = 0; i < 50 && !stats?.aborted; i++) {
        stats = await json(`/test-api/slow/stats?id=${id}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(stats, `server stats ${JSON.stringify(stats)}`).to.include({ aborted: true, finished: false });
      // Nothing from the aborted load arrives later.
      await new Promise((r) => setTimeout(r, 300));
      expect(data.map((d) => d.length)).to.deep.equal([2000]);
    });
  }

  for (const worker of ['auto', 'off'] as const) {
    it(`cache="on" worker="${worker}": the columns are stored and read ${worker === 'auto' ? 'in the worker, never cloned by the page' : 'by the page'}`, async () => {
      const database = GpuDatasource.cacheDatabase;
      GpuDatasource.cacheDatabase = uniqueId('gpu-chart-test-worker-cache');
      const pagePuts: string[] = [];
      const pageGets: string[] = [];
      const { put, get } = ColumnCache.prototype;
      ColumnCache.prototype.put = function (entry) {
        pagePuts.push(entry.url);
        return put.call(this, entry);
      };
      ColumnCache.prototype.get = function (url, variant) {
        pageGets.push(url);
        return get.call(this, url, variant);
      };
      try {
        const el = createSource({ src: '/demo/data/candles.gcol', cache: true, worker });
        await until(() => el.status === 'ready', 'the load');
        await el.loadComplete;
        expect(el.decodedIn).to.equal(worker === 'auto' ? 'worker' : 'main');
        const absolute = new URL('/demo/data/candles.gcol', document.baseURI).href;
        expect(pagePuts).to.deep.equal(worker === 'auto' ? [] : [absolute]);
        // The record is there either way, with the rows the page holds.
        const reader = new ColumnCache(GpuDatasource.cacheDatabase);
        const entry = await reader.get(absolute, '|time');
        await reader.close();
        expect(entry, 'stored').to.not.equal(undefined);
        expect([...entry!.columns.close]).to.deep.equal([...el.data.close]);
        pageGets.length = 0;
        // A second load shows the cached rows first, read where the file is decoded.
        const again = createSource({ src: '/demo/data/candles.gcol', cache: true, worker });
        const data = recordEvents(again, 'gpu-data');
        await until(() => again.status === 'ready', 'the second load');
        await again.loadComplete;
        expect(data[0]?.fromCache, JSON.stringify(data)).to.equal(true);
        expect(pageGets).to.deep.equal(worker === 'auto' ? [] : [absolute]);
        expect([...again.data.close]).to.deep.equal([...el.data.close]);
      } finally {
        ColumnCache.prototype.put = put;
        ColumnCache.prototype.get = get;
        await GpuDatasource.clearCache();
        GpuDatasource.cacheDatabase = database;
      }
    });
  }

  async function inCspFrame(policy: string): Promise<{ decodedIn: string | null; rows: number; violations: string[] }> {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html><head>
      <meta http-equiv="Content-Security-Policy" content="${policy}">
      </head><body>
      <gpu-datasource id="d" src="/demo/data/candles.gcol.zst"></gpu-datasource>
      <script type="module">
        const violations = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
        await import('/src/elements/datasource/define.ts');
        const d = document.getElementById('d');
        await customElements.whenDefined('gpu-datasource');
        while (d.status === 'idle' || d.status === 'loading') await new Promise((r) => setTimeout(r, 20));
        window.result = { decodedIn: d.decodedIn, rows: d.length, violations };
      </script></body></html>`;
    document.body.append(frame);
    const win = frame.contentWindow as Window & { result?: { decodedIn: string | null; rows: number; violations: string[] } };
    await until(() => win.result !== undefined, 'the framed load', 20_000);
    frame.remove();
    return win.result!;
  }

  it("uses the worker under worker-src 'self'", async () => {
    const result = await inCspFrame("worker-src 'self'");
    expect(result).to.deep.equal({ decodedIn: 'worker', rows: 2000, violations: [] });
  });

  it("falls back to the main thread when worker-src 'none' refuses the worker", async () => {
    const result = await inCspFrame("worker-src 'none'");
    expect(result.decodedIn).to.equal('main');
    expect(result.rows).to.equal(2000);
    expect(result.violations).to.include('worker-src');
  });
});
