// A narrow bucket's own rows, on demand (issue 22): `bucketRows(from, to)` of a tiled
// <gpu-datasource> fetches them from the tile server (scripts/tiles-middleware.mjs, DuckDB), and
// the bound chart's tooltip lists them under "bucket N rows (M4 tile)" when N is small.
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { makeWalk, WALK_ROWS, WALK_T0 } from './walk.js';
import { tiledSource } from './pictures.js';

const SPAN = WALK_ROWS * 1000;
const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));

describe('a narrow bucket\'s rows on demand', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('bucketRows fetches the series\' own rows of a range; the tooltip lists a few-row bucket\'s rows', async function () {
    this.timeout(180_000);
    const walk = makeWalk();
    const source = tiledSource('walk-bucket-rows', '/tiles/walk/m4', 'walk');
    const chart = document.createElement('gpu-chart') as GpuChart;
    chart.setAttribute('legend', 'off');
    chart.setAttribute('source', 'walk-bucket-rows');
    chart.style.cssText = 'display:block;width:420px;height:220px';
    chart.series = [{ type: 'line', value: 'value', width: 1, lastValue: false }];
    chart.type = 'none';
    chart.tooltip = true;
    document.body.append(source, chart);
    await source.loadComplete;
    await source.tilesSettled();

    // The API: exactly the rows in [from, to), as the walk holds them.
    const from = WALK_T0 + 0.4 * SPAN + 0.5;
    const to = from + 37_000;
    const rows = await source.bucketRows(from, to);
    const lo = walk.time.findIndex((t) => t >= from);
    const hi = walk.time.findIndex((t) => t >= to);
    expect(Array.from(rows.time)).to.deep.equal(Array.from(walk.time.subarray(lo, hi)));
    expect(Array.from(rows.value)).to.deep.equal(Array.from(walk.value.subarray(lo, hi)));
    // More rows than one request may hold as rows: refused, not buckets passed off as rows.
    let refused = '';
    await source.bucketRows(WALK_T0, WALK_T0 + SPAN).catch((e: Error) => (refused = e.message));
    expect(refused).to.match(/more than 16384 rows/);

    // A view of ~2 400 rows over the plot's ~400 columns: buckets of about six rows.
    const viewFrom = WALK_T0 + 0.25 * SPAN;
    chart.visibleRange = { from: viewFrom, to: viewFrom + 2_400_000 };
    await new Promise((r) => setTimeout(r, 50));
    await source.tilesSettled();
    await chart.updateComplete;
    const box = chart.getBoundingClientRect();
    const plot = chart.paneRects[0];
    const tip = chart.shadowRoot!.querySelector<HTMLElement>('[part=tooltip]')!;
    const lines = () => [...tip.querySelectorAll('.tooltip-row')].map((r) => [r.querySelector('.tooltip-name')!.textContent!, r.querySelector('.tooltip-value')!.textContent!]);
    let listed: string[][] = [];
    let bucketRowsShown = 0;
    for (let i = 0; i < 60 && !listed.length; i++) {
      chart.dispatchEvent(new PointerEvent('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: box.left + plot.x + plot.width / 2 + (i % 10), clientY: box.top + plot.y + plot.height / 2, bubbles: true }));
      await frame();
      await frame();
      // The rows arrive from the server, then the tooltip is drawn again.
      for (let k = 0; k < 40 && lines().some(([, v]) => v === 'loading…'); k++) await new Promise((r) => setTimeout(r, 25));
      const all = lines();
      const b = all.findIndex(([name]) => name === 'bucket');
      if (b < 0) continue;
      bucketRowsShown = Number(/^[\d,]+/.exec(all[b][1])?.[0].replace(/,/g, ''));
      listed = all.slice(b + 1);
    }
    expect(bucketRowsShown, 'a bucket of a few rows under the pointer').to.be.within(2, 12);
    expect(listed.length, `the bucket's ${bucketRowsShown} rows listed: ${JSON.stringify(listed)}`).to.equal(bucketRowsShown);
    // Each listed value is the walk's value at a row in view.
    const inView = new Map<string, number>();
    for (let i = 0; i < WALK_ROWS; i++) if (walk.time[i] >= viewFrom && walk.time[i] < viewFrom + 2_400_000) inView.set(String(i), walk.value[i]);
    const values = new Set([...inView.values()].map((v) => new Intl.NumberFormat().format(v)));
    for (const [, value] of listed) expect(values.has(value), `${value} is a row's value`).to.equal(true);
    expect(tip.textContent).to.match(/bucket\s*\d+ rows \(M4 tile\)/);
  });
});
