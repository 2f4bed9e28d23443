/**
 * Bad input through the real elements (issue 13, items 2, 3, 5, 6, 7): every case ends in a
 * clear gpu-error (or a documented repair) and the last good rows stay. Files are served as
 * blob: URLs (a real fetch with the blob's Content-Type); cache records are written with the
 * plain IndexedDB API, as other code on the origin could.
 */
import { expect } from '@esm-bundle/chai';
import { GpuDatasource } from '../../src/elements/datasource/define.js';
import '../../src/elements/indicator/define.js';
import type { GpuIndicator } from '../../src/elements/indicator/gpu-indicator.js';
import { ColumnCache, sharedColumnCache } from '../../src/data/cache.js';
import { encodeBinary, type Columns } from '../../src/data/load.js';
import { ColumnTable } from '../../src/data/table.js';
import { createSource, json, nextEvent, recordEvents, uniqueId, until } from './helpers.js';

const text = (s: string) => new TextEncoder().encode(s);

function blobUrl(bytes: Uint8Array, type: string): string {
  return URL.createObjectURL(new Blob([bytes.slice()], { type }));
}

const GOOD_CSV = 'time,close\n1704153600000,1\n1704153660000,2\n';

interface FileCase {
  name: string;
  bytes: () => Uint8Array;
  type: string;
  maxBytes?: string;
  /** A gpu-error with this phase and message, the good rows kept; or the rows and a note. */
  expect: { error: string; message: RegExp } | { close: number[]; note?: RegExp };
}

const FILE_CASES: FileCase[] = [
  { name: 'CSV with CR-only line ends', bytes: () => text('time,close\r1704153600000,5\r1704153660000,6\r1704153720000,7\r'), type: 'text/csv', expect: { close: [5, 6, 7] } },
  { name: 'CSV with mixed line ends', bytes: () => text('time,close\r1704153600000,5\n1704153660000,6\r\n1704153720000,7\r1704153780000,8\r'), type: 'text/csv', expect: { close: [5, 6, 7, 8] } },
  { name: 'CSV time 1e22', bytes: () => text('time,close\n1704153600000,5\n1e22,6\n'), type: 'text/csv', expect: { error: 'parse', message: /line 3: time "time" is 10000000000000000 ms since 1970, outside the range a date can hold/ } },
  { name: 'JSON time 1e22', bytes: () => text('[{"time": 1e22, "close": 5}]'), type: 'application/json', expect: { error: 'parse', message: /row 1: time "time" is .* outside the range/ } },
  { name: '.gcol time Infinity', bytes: () => encodeBinary({ time: Float64Array.of(1704153600000, Infinity), close: Float64Array.of(5, 6) }), type: 'application/vnd.gpu-chart.gcol', expect: { error: 'parse', message: /row 2: time "time" is Infinity/ } },
  {
    name: '.gcol close Infinity (a gap, with a note)',
    bytes: () => encodeBinary({ time: Float64Array.of(1704153600000, 1704153660000), close: Float64Array.of(5, Infinity) }),
    type: 'application/vnd.gpu-chart.gcol',
    expect: { close: [5, NaN], note: /infinite values in "close" were turned into gaps/ },
  },
  {
    name: 'zstd frame with a 1 GiB window, max-bytes 4e9',
    bytes: () => Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 20 << 3, 0x01, 0x00, 0x00),
    type: 'application/zstd',
    maxBytes: '4e9',
    expect: { error: 'decompress', message: /needs a 1 GiB \(1073741824 bytes\) window, over the 8 MiB/ },
  },
  {
    name: 'zstd frame declaring 3 GiB, max-bytes 5e9 (clamped to 2 GiB)',
    bytes: () => {
      const header = new Uint8Array(13);
      header.set([0x28, 0xb5, 0x2f, 0xfd, 0xe0]);
      new DataView(header.buffer).setBigUint64(5, BigInt(3 * 2 ** 30), true);
      return header;
    },
    type: 'application/zstd',
    maxBytes: '5e9',
    expect: { error: 'decompress', message: /declares 3 GiB .* over the limit of 2 GiB/ },
  },
  {
    name: '.gcol columns named __proto__, constructor, toString',
    bytes: () => {
      const columns = { time: Float64Array.of(1704153600000), close: Float64Array.of(5) } as Columns;
      for (const name of ['__proto__', 'constructor', 'toString']) Object.defineProperty(columns, name, { value: Float64Array.of(9), enumerable: true });
      return encodeBinary(columns);
    },
    type: 'application/vnd.gpu-chart.gcol',
    expect: { close: [5] },
  },
];

// Every file case in both places a file can be decoded: the decode worker and the main thread
// (issue 23: the same phases and messages).
for (const worker of ['auto', 'off'] as const) {
  describe(`<gpu-datasource worker="${worker}"> bad files (table)`, () => {
    const decodedIn = worker === 'auto' ? 'worker' : 'main';

    afterEach(() => {
      for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
    });

    for (const c of FILE_CASES) {
      it(c.name, async () => {
        const el = createSource({ src: blobUrl(text(GOOD_CSV), 'text/csv'), worker });
        await until(() => el.status === 'ready', 'the good file');
        expect(el.decodedIn).to.equal(decodedIn);
        const errors = recordEvents(el, 'gpu-error');
        if (c.maxBytes) el.setAttribute('max-bytes', c.maxBytes);
        await el.load(blobUrl(c.bytes(), c.type));
        const expectation = c.expect;
        if ('error' in expectation) {
          expect(errors.map((e) => e.phase), c.name).to.deep.equal([expectation.error]);
          expect(errors[0].message).to.match(expectation.message);
          expect(el.status).to.equal('error');
          expect(el.shadowRoot!.querySelector('[part=message]')!.textContent).to.match(expectation.message);
          // The last good rows stay.
          expect(Array.from(el.data.close)).to.deep.equal([1, 2]);
        } else {
          expect(errors, c.name).to.deep.equal([]);
          expect(el.status).to.equal('ready');
          expect(Array.from(el.data.close).map(String)).to.deep.equal(expectation.close.map(String));
          if (expectation.note) expect(el.notes.join('\n')).to.match(expectation.note);
        }
      });
    }

    it('keeps the columns named __proto__, constructor and toString of a .gcol file', async () => {
      const columns = { time: Float64Array.of(1704153600000) } as Columns;
      for (const [i, name] of ['__proto__', 'constructor', 'toString'].entries()) Object.defineProperty(columns, name, { value: Float64Array.of(i), enumerable: true });
      const el = createSource({ src: blobUrl(encodeBinary(columns), 'application/vnd.gpu-chart.gcol'), worker });
      await until(() => el.status !== 'loading' && el.status !== 'idle', 'load');
      expect(el.status).to.equal('ready');
      expect(el.decodedIn).to.equal(decodedIn);
      expect(el.table.columnNames).to.include.members(['__proto__', 'constructor', 'toString']);
      expect(Array.from(el.table.column('__proto__')!)).to.deep.equal([0]);
      expect(Array.from(el.table.column('toString')!)).to.deep.equal([2]);
    });
  });
}

/** Writes `record` into the cache database the way any code of the origin could. */
function writeRecord(dbName: string, record: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('columns', { keyPath: 'url' });
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction('columns', 'readwrite');
      tx.objectStore('columns').put(record);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

const CORRUPT_RECORDS: [string, (rows: number) => Record<string, unknown>, RegExp][] = [
  ['a string time column', (n) => ({ time: 'not numbers', value: new Float64Array(n) }), /column "time" is string, not a Float64Array/],
  ['all-NaN times', (n) => ({ time: new Float64Array(n).fill(NaN), value: new Float64Array(n) }), /time at row 1 is NaN, not a time/],
  ['reversed times', (n) => ({ time: Float64Array.from({ length: n }, (_, i) => 1704153600000 - i * 60000), value: new Float64Array(n) }), /times are not increasing at row 2/],
  ['{time: {length: 5e7}}', () => ({ time: { length: 5e7 } }), /column "time" is an object, not a Float64Array/],
  ['{time: {length: 1e9}}', () => ({ time: { length: 1e9 }, value: { length: 1e9 } }), /column "time" is an object, not a Float64Array/],
  ['columns of unequal length', (n) => ({ time: Float64Array.from({ length: n }, (_, i) => 1704153600000 + i), value: new Float64Array(n + 1) }), /column "value" has \d+ rows but "time" has \d+/],
  ['a plain array for a column', (n) => ({ time: Float64Array.from({ length: n }, (_, i) => 1704153600000 + i), value: Array(n).fill(1) }), /column "value" is an array, not a Float64Array/],
  ['no time column', (n) => ({ value: new Float64Array(n) }), /it has no "time" column/],
  ['time 1e16 ms', (n) => ({ time: Float64Array.from({ length: n }, (_, i) => 1e16 + i), value: new Float64Array(n) }), /time at row 1 is 10000000000000000, not a time/],
];

// Read in the decode worker (worker="auto") or by the page ("off"): the same reports.
for (const worker of ['auto', 'off'] as const) {
  describe(`<gpu-datasource cache worker="${worker}"> damaged records (table)`, () => {
    before(() => {
      GpuDatasource.cacheDatabase = uniqueId(`gpu-chart-test-damaged-${worker}`);
    });

    after(async () => {
      await GpuDatasource.clearCache();
    });

    afterEach(() => {
      for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
    });

    for (const [name, columns, message] of CORRUPT_RECORDS) {
      it(`drops a record with ${name}, reports it and loads fresh rows`, async () => {
        const id = uniqueId('res');
        const url = `/test-api/resource.json?id=${id}&rows=5`;
        // The record claims the server's current ETag: trusted, it would be pinned by every 304.
        await writeRecord(GpuDatasource.cacheDatabase, {
          url: new URL(url, document.baseURI).href,
          variant: '|time',
          columns: columns(5),
          etag: `"${id}-v1"`,
          lastModified: null,
          storedAt: Date.now(),
        });
        const el = createSource({ src: url, cache: true, worker });
        const errors = recordEvents(el, 'gpu-error');
        const data = recordEvents(el, 'gpu-data');
        await until(() => data.length > 0, 'rows');
        await el.loadComplete;
        expect(errors.map((e) => e.phase)).to.deep.equal(['cache']);
        expect(errors[0].message).to.match(message);
        expect(errors[0].message).to.match(/was damaged .* it was deleted, and the file is loaded from the network/);
        // Never drawn: the only rows are the fresh ones.
        expect(data).to.deep.equal([{ reason: 'load', length: 5, added: 5, fromCache: false }]);
        expect(el.status).to.equal('ready');
        const stats = await json<{ requests: number; notModified: number }>(`/test-api/resource/stats?id=${id}`);
        expect(stats).to.include({ requests: 1, notModified: 0 });
        // The good copy replaced it: the next load is served from the cache and revalidated.
        const again = createSource({ src: url, cache: true, worker });
        const againData = recordEvents(again, 'gpu-data');
        await until(() => againData.length > 0, 'cached rows');
        await again.loadComplete;
        expect(againData.map((d) => d.fromCache)).to.deep.equal([true]);
        expect(Array.from(again.data.value)).to.deep.equal(Array.from(el.data.value));
      });
    }
  });
}

describe('<gpu-datasource cache> blocked database', () => {
  it('loads from the network while the cache database cannot open (blocked by another connection)', async () => {
    const name = uniqueId('gpu-chart-test-blocked');
    await writeRecord(name, { url: 'https://x/unused', variant: '', columns: { time: new Float64Array(0) }, etag: null, lastModified: null, storedAt: 0 });
    // Another tab holds version 1 open and ignores the request to upgrade to version 2, which
    // therefore waits; every later open of this database waits behind it.
    const holder = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const upgrade = indexedDB.open(name, 2);
    const upgraded = new Promise<void>((resolve) => {
      upgrade.onsuccess = () => {
        upgrade.result.close();
        resolve();
      };
      upgrade.onerror = () => resolve();
    });
    try {
      // A cache that would wait a minute for the open: reads and writes go on without it.
      const cache = new ColumnCache(name, { openTimeoutMs: 60_000 });
      expect(await cache.get('https://x/a')).to.equal(undefined);
      await cache.put({ url: 'https://x/a', variant: '', columns: { time: Float64Array.of(1) }, etag: null, lastModified: null, storedAt: 1 });
      expect(cache.disabledReason).to.equal(null);

      // The element: its rows arrive while the database is still opening (before its 3 s timeout).
      GpuDatasource.cacheDatabase = name;
      const el = createSource({ src: '/demo/data/candles.csv', cache: true });
      await nextEvent(el, 'gpu-data');
      expect(el.length).to.equal(2000);
      const shared = sharedColumnCache(name);
      expect(shared.disabledReason, 'rows arrived before the open gave up').to.equal(null);
      el.remove();
    } finally {
      holder.close();
      await upgraded;
      await new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      });
    }
  });
});

describe('<gpu-indicator> names', () => {
  function indicatorOn(table: ColumnTable, type: string): GpuIndicator {
    const el = document.createElement('gpu-indicator') as GpuIndicator;
    el.setAttribute('type', type);
    el.setAttribute('period', '2');
    document.body.append(el);
    el.attach(table, () => undefined);
    return el;
  }

  function closes(): ColumnTable {
    const table = new ColumnTable();
    table.replace({ time: Float64Array.of(1, 2, 3, 4), close: Float64Array.of(1, 2, 3, 4) });
    return table;
  }

  for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`type="${type}" is an unknown type, and the last good outputs stay`, async () => {
      const el = indicatorOn(closes(), 'sma');
      await el.computed;
      expect(Array.from(el.values.value)).to.deep.equal([NaN, 1.5, 2.5, 3.5]);
      const errors = recordEvents(el, 'gpu-error');
      el.setAttribute('type', type);
      await until(() => errors.length > 0, 'gpu-error');
      await el.computed;
      expect(errors.map((e) => e.phase)).to.deep.equal(['indicator']);
      expect(errors[0].message).to.match(new RegExp(`^Unknown indicator type "${type}"\\. Known types: sma, `));
      expect(Array.from(el.values.value)).to.deep.equal([NaN, 1.5, 2.5, 3.5]);
      el.remove();
    });
  }

  it('a parameter named constructor is unknown, not silently accepted', async () => {
    const el = indicatorOn(closes(), 'sma');
    await el.computed;
    const errors = recordEvents(el, 'gpu-error');
    el.setAttribute('constructor', '5');
    await until(() => errors.length > 0, 'gpu-error');
    expect(errors[0].message).to.match(/indicator "sma" has no parameter "constructor" \(parameters: period, source\)/);
    el.remove();
  });
});
