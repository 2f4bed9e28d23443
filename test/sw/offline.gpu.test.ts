/**
 * dist/sw.js in a real browser: a page with the CDN build and a datasource registers it in one
 * line; after a visit, the site goes offline (the server drops every connection) and a reload
 * brings the page, the library and the data back from the worker's caches, chart drawn; a new
 * library version is cached whole and the old version's cache is deleted.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { logAdapterOnce } from '../helpers/pixels.js';

interface PageReport {
  type: string;
  controlled: boolean;
  rows: number;
  ink: number;
  caches: string[];
  data: string[];
}

function next(type: string, timeout = 30_000): Promise<PageReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} message`)), timeout);
    const on = (e: MessageEvent) => {
      if (e.data?.type !== type) return;
      clearTimeout(timer);
      removeEventListener('message', on);
      resolve(e.data as PageReport);
    };
    addEventListener('message', on);
  });
}

describe('Service Worker (dist/sw.js)', () => {
  before(logAdapterOnce);

  it('brings the page, the library and the data back offline, and replaces an old library version', async function () {
    this.timeout(120_000);
    const { port } = (await executeServerCommand('sw-site', { offline: false, versionSuffix: '' })) as { port: number };
    const origin = `http://127.0.0.1:${port}`;
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:340px;height:220px;border:0';
    let report = next('sw-page');
    frame.src = `${origin}/sw/page.html`;
    document.body.append(frame);
    const first = await report;
    expect(first.rows).to.equal(120);
    expect(first.ink, 'drawn on the first visit').to.be.greaterThan(50);
    // A second visit runs under the worker (the page and the data go into its caches).
    report = next('sw-page');
    frame.src = `${origin}/sw/page.html?visit=2`;
    const second = await report;
    expect(second.controlled).to.equal(true);
    const libCaches = second.caches.filter((k) => k.startsWith('gpu-chart-lib-') && !k.endsWith('-staging'));
    expect(libCaches.length).to.equal(1);
    expect(second.caches).to.include.members(['gpu-chart-data', 'gpu-chart-pages']);

    // Offline: every connection to the site is dropped.
    await executeServerCommand('sw-site', { offline: true });
    report = next('sw-page');
    frame.src = `${origin}/sw/page.html?visit=2`;
    const offline = await report;
    expect(offline.rows, 'the data came from the cache').to.equal(120);
    expect(offline.ink, 'the chart is drawn offline').to.be.greaterThan(50);

    // Online again, with a new library version: it is cached whole, the old cache goes.
    await executeServerCommand('sw-site', { offline: false, versionSuffix: '-next' });
    report = next('sw-page');
    frame.src = `${origin}/sw/page.html?visit=2`;
    await report;
    let keys: string[] = [];
    const deadline = performance.now() + 20_000;
    while (performance.now() < deadline) {
      const r = next('sw-report', 5000);
      frame.contentWindow!.postMessage('report', origin);
      keys = (await r).caches.filter((k) => k.startsWith('gpu-chart-lib-'));
      if (keys.length === 1 && keys[0].endsWith('-next')) break;
      await new Promise((r2) => setTimeout(r2, 200));
    }
    expect(keys).to.deep.equal([libCaches[0] + '-next']);

    // A datasource with its own IndexedDB cache: the worker does not store the same file again.
    report = next('sw-page');
    frame.src = `${origin}/sw/page.html?idb&visit=3`;
    const idb = await report;
    expect(idb.rows).to.equal(120);
    expect(idb.data).to.deep.equal([`${origin}/sw/data.json`]);
    await executeServerCommand('sw-site', { offline: false, versionSuffix: '' });
    frame.remove();
  });
});
