import { expect } from '@esm-bundle/chai';
import { GpuDatasource } from '../../src/elements/datasource/define.js';
import { ColumnCache } from '../../src/data/cache.js';
import { createSource, nextEvent, recordEvents, uniqueId, until } from './helpers.js';

/** Creates a database at a newer version than the cache expects, so opening it fails. */
function createNewerDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 99);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe('<gpu-datasource cache> when IndexedDB cannot be used', () => {
  it('reports phase "cache", turns the cache off and still loads', async () => {
    GpuDatasource.cacheDatabase = uniqueId('gpu-chart-test-broken');
    const db = await createNewerDatabase(GpuDatasource.cacheDatabase);
    db.close();
    const el = createSource({ src: '/demo/data/candles.csv', cache: true });
    const errors = recordEvents(el, 'gpu-error');
    await nextEvent(el, 'gpu-data');
    await el.loadComplete;
    expect(errors).to.have.length(1);
    expect(errors[0].phase).to.equal('cache');
    expect(errors[0].message).to.match(/caching is off/);
    expect(el.status).to.equal('ready');
    expect(el.length).to.equal(2000);

    // A second element learns at once that the cache is off, and loads too.
    const other = createSource({ src: '/demo/data/candles.json', cache: true });
    const otherErrors = recordEvents(other, 'gpu-error');
    await until(() => other.length === 2000, 'second element loaded');
    expect(otherErrors.map((e) => e.phase)).to.deep.equal(['cache']);

    // clearCache() deletes the broken database, which turns caching back on.
    await GpuDatasource.clearCache();
    const third = createSource({ src: '/demo/data/candles.gcol', cache: true });
    const thirdErrors = recordEvents(third, 'gpu-error');
    await nextEvent(third, 'gpu-data');
    await third.loadComplete;
    expect(thirdErrors).to.deep.equal([]);
    await GpuDatasource.clearCache();
  });

  it('turns itself off when the database exists without its store', async () => {
    const name = uniqueId('gpu-chart-test-foreign');
    // Some other code created a database of that name (version 1, no "columns" store), and keeps it open.
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const cache = new ColumnCache(name, { openTimeoutMs: 1000 });
    let error: unknown;
    try {
      await cache.get('https://x/a');
    } catch (e) {
      error = e;
    }
    expect((error as { phase?: string }).phase).to.equal('cache');
    expect(String((error as Error).message)).to.match(/no "columns" store/);
    expect(cache.disabledReason).to.equal(error);
    old.close();
    await cache.clear();
    expect(cache.disabledReason).to.equal(null);
  });
});
