// A tiled <gpu-datasource> asks the server for the view's own pixel columns only once the view has
// rested EXACT_DELAY_MS (no request per frame of a gesture). An answer that costs no request — held
// in memory, or fresh in the browser's HTTP cache — is used at once: the view change settles, exact,
// without that wait. Order, not speed: the loader counts the rests it waits out (`stats.rests`), and
// a view change whose answers cost no request must not add one (a wall-clock timer raced the
// loader on a loaded machine).
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart, GpuDatasource } from '../../src/index.js';
import { freshInCache } from '../../src/elements/datasource/tiled-loader.js';
import { differingPixels, lineChartElement, picture, redPixels, tiledSource } from './pictures.js';
import { WALK_ROWS, WALK_T0 } from './walk.js';

const SPAN = WALK_ROWS * 1000;
const VIEW_A = { from: WALK_T0 + 0.4 * SPAN + 123.25, to: WALK_T0 + 0.41 * SPAN };
const VIEW_B = { from: WALK_T0 + 0.7 * SPAN, to: WALK_T0 + 0.705 * SPAN + 77 };

function pair(id: string, path: string): { source: GpuDatasource; chart: GpuChart } {
  const source = tiledSource(id, path, 'walk');
  const chart = lineChartElement();
  chart.setAttribute('source', id);
  document.body.append(source, chart);
  return { source, chart };
}

async function ready(source: GpuDatasource, chart: GpuChart): Promise<void> {
  const started = performance.now();
  while (source.length === 0 && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
  await source.tilesSettled();
  await chart.updateComplete;
}

/** Network requests for tiles of `path` so far (an answer from the HTTP cache transfers nothing). */
function networkRequests(path: string): number {
  return performance.getEntriesByType('resource').filter((e) => e.name.includes(path) && (e as PerformanceResourceTiming).transferSize > 0).length;
}

/** The source's tile loader's counters (tiled-loader.ts `stats`). */
function loaderStats(source: GpuDatasource): { rests: number; requests: number } {
  return (source as unknown as { tiled: { stats: { rests: number; requests: number } } }).tiled.stats;
}

/** Shows `range` and says whether the source settled without waiting for the view to rest. */
async function showAndTime(chart: GpuChart, source: GpuDatasource, range: { from: number; to: number }): Promise<{ beforeRest: boolean }> {
  const rests = loaderStats(source).rests;
  const ranged = new Promise((r) => chart.addEventListener('gpu-range', r, { once: true }));
  chart.visibleRange = range;
  // The source hears the chart's gpu-range first (it listened first) and asks in the next task;
  // settled() waits for that too.
  await ranged;
  await source.tilesSettled();
  const beforeRest = loaderStats(source).rests === rests;
  await chart.updateComplete;
  return { beforeRest };
}

describe('tiled source: answers that cost no request skip the rest delay', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('takes a cached answer as costing no request only within its max-age', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    const headers = (h: Record<string, string>) => new Headers(h);
    const date = new Date(now - 100_000).toUTCString(); // 100 s old
    expect(freshInCache(headers({ 'cache-control': 'public, max-age=3600', date }), now)).to.equal(true);
    expect(freshInCache(headers({ 'cache-control': 'public, max-age=60', date }), now), 'stale').to.equal(false);
    expect(freshInCache(headers({ 'cache-control': 'max-age=3600', date, age: '3550' }), now), 'aged in a proxy').to.equal(false);
    expect(freshInCache(headers({ 'cache-control': 'no-cache', date }), now), 'no-cache').to.equal(false);
    expect(freshInCache(headers({ 'cache-control': 'max-age=3600' }), now), 'no Date').to.equal(false);
    expect(freshInCache(headers({ date }), now), 'no max-age').to.equal(false);
  });

  it('a return to a view whose answers are held settles, exact, before the rest delay', async function () {
    this.timeout(180_000);
    const { source, chart } = pair('rest-held', '/tiles/walk/m4');
    await ready(source, chart);
    // A first visit waits for the rest delay (its own columns come from the server).
    const first = await showAndTime(chart, source, VIEW_A);
    expect(first.beforeRest, 'a first visit asks the server after the view rested').to.equal(false);
    const exactA = await picture(chart, 'tiles-rest-held-first.png');
    await showAndTime(chart, source, VIEW_B);
    const requests = networkRequests('/tiles/walk/m4');
    const back = await showAndTime(chart, source, VIEW_A);
    expect(back.beforeRest, 'the held answers are drawn without waiting for the view to rest').to.equal(true);
    expect(networkRequests('/tiles/walk/m4'), 'no request').to.equal(requests);
    const again = await picture(chart, 'tiles-rest-held-back.png');
    expect(redPixels(again), 'the line is drawn').to.be.greaterThan(200);
    expect(differingPixels(again, exactA), 'the same exact picture as on the first visit').to.equal(0);
  });

  it("a view whose own columns are fresh in the HTTP cache is drawn exact before the rest delay, by a new source", async function () {
    this.timeout(180_000);
    const path = '/tiles/walk-cached/m4';
    // A first page's source visits view A: its answers (max-age: an hour) enter the HTTP cache.
    const one = pair('rest-http-1', path);
    await ready(one.source, one.chart);
    await showAndTime(one.chart, one.source, VIEW_A);
    const exactA = await picture(one.chart, 'tiles-rest-http-first.png');
    one.chart.remove();
    one.source.remove();

    // A new source (nothing held in memory, no IndexedDB) bound to a new chart.
    const two = pair('rest-http-2', path);
    await ready(two.source, two.chart);
    const requests = networkRequests(path);
    const shown = await showAndTime(two.chart, two.source, VIEW_A);
    expect(shown.beforeRest, "the view's own columns come from the HTTP cache at once").to.equal(true);
    expect(networkRequests(path), 'no request reached the server').to.equal(requests);
    const again = await picture(two.chart, 'tiles-rest-http-second.png');
    expect(redPixels(again), 'the line is drawn').to.be.greaterThan(200);
    expect(differingPixels(again, exactA), 'the exact picture of the first source').to.equal(0);
  });
});
