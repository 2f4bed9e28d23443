import { expect } from '@esm-bundle/chai';
import { GpuDatasource } from '../../src/elements/datasource/define.js';
import { ColumnCache } from '../../src/data/cache.js';
import { createSource, json, recordEvents, uniqueId, until } from './helpers.js';

type ResourceStats = { version: number; requests: number; notModified: number };

describe('<gpu-datasource cache>', () => {
  before(() => {
    // Isolated from other test files that run at the same time in the same browser profile.
    GpuDatasource.cacheDatabase = uniqueId('gpu-chart-test-cache');
  });

  after(async () => {
    await GpuDatasource.clearCache();
  });

  afterEach(() => {
    for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
  });

  async function loadOnce(url: string) {
    const el = createSource({ src: url, cache: true });
    const data = recordEvents(el, 'gpu-data');
    const errors = recordEvents(el, 'gpu-error');
    await until(() => data.length > 0, 'first gpu-data');
    await el.loadComplete;
    return { el, data, errors };
  }

  it('shows cached rows at once, revalidates with a conditional request and keeps them on 304', async () => {
    const id = uniqueId('res');
    const url = `/test-api/resource.json?id=${id}&rows=20`;
    const first = await loadOnce(url);
    expect(first.data).to.deep.equal([{ reason: 'load', length: 20, added: 20, fromCache: false }]);
    expect(first.errors).to.deep.equal([]);
    let stats = await json<ResourceStats>(`/test-api/resource/stats?id=${id}`);
    expect(stats).to.include({ requests: 1, notModified: 0 });

    const second = await loadOnce(url);
    // Only the cached copy: the server answered 304 and nothing was replaced.
    expect(second.data).to.deep.equal([{ reason: 'load', length: 20, added: 20, fromCache: true }]);
    expect(second.el.status).to.equal('ready');
    expect([...second.el.data.value]).to.deep.equal([...first.el.data.value]);
    stats = await json<ResourceStats>(`/test-api/resource/stats?id=${id}`);
    expect(stats).to.include({ requests: 2, notModified: 1 });
  });

  it('replaces the cached rows when the file changed', async () => {
    const id = uniqueId('res');
    const url = `/test-api/resource.json?id=${id}&rows=5`;
    const first = await loadOnce(url);
    await json(`/test-api/resource/change?id=${id}`);
    const second = await loadOnce(url);
    expect(second.data.map((d) => d.fromCache)).to.deep.equal([true, false]);
    expect(second.el.data.value[1]).to.not.equal(first.el.data.value[1]);
    expect(second.el.data.value[1]).to.equal(1 * 2 + 0.2); // version 2 of the resource
    const stats = await json<ResourceStats>(`/test-api/resource/stats?id=${id}`);
    expect(stats).to.include({ requests: 2, notModified: 0, version: 2 });
    // The new content is what is cached now.
    const third = await loadOnce(url);
    expect(third.data.map((d) => d.fromCache)).to.deep.equal([true]);
    expect(third.el.data.value[1]).to.equal(2.2);
  });

  it('keeps the cached rows when revalidation fails', async () => {
    const id = uniqueId('res');
    const url = `/test-api/resource.json?id=${id}&rows=5`;
    const first = await loadOnce(url);
    // New content makes the server send a body, which max-bytes then refuses.
    await json(`/test-api/resource/change?id=${id}`);
    const el = createSource({ src: url, cache: true, 'max-bytes': '10' });
    const errors = recordEvents(el, 'gpu-error');
    await until(() => el.status === 'error', 'status error');
    expect(errors.map((e) => e.phase)).to.deep.equal(['fetch']);
    expect([...el.data.value]).to.deep.equal([...first.el.data.value]);
  });

  it('clearCache() empties it', async () => {
    const id = uniqueId('res');
    const url = `/test-api/resource.json?id=${id}&rows=3`;
    await loadOnce(url);
    await GpuDatasource.clearCache();
    const again = await loadOnce(url);
    expect(again.data.map((d) => d.fromCache)).to.deep.equal([false]);
  });

  it('ColumnCache stores columns by URL and variant', async () => {
    const cache = new ColumnCache(uniqueId('gpu-chart-test-unit'));
    const columns = { time: new Float64Array([1, 2]), close: new Float64Array([3, 4]) };
    await cache.put({ url: 'https://x/a', variant: 'json|', columns, etag: '"e"', lastModified: null, storedAt: 1 });
    const hit = await cache.get('https://x/a', 'json|');
    expect(hit!.etag).to.equal('"e"');
    expect([...hit!.columns.close]).to.deep.equal([3, 4]);
    expect(hit!.columns.close).to.be.instanceOf(Float64Array);
    expect(await cache.get('https://x/a', 'csv|')).to.equal(undefined);
    await cache.delete('https://x/a');
    expect(await cache.get('https://x/a', 'json|')).to.equal(undefined);
    await cache.close();
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(cache.dbName);
      request.onsuccess = request.onerror = () => resolve();
    });
  });
});
