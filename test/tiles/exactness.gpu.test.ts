// A 1M-row series drawn from M4 tiles (a tiled <gpu-datasource> against the DuckDB-backed tile
// endpoint of the test server, scripts/tiles-middleware.mjs) and from the same rows held in
// memory: the pictures are identical, pixel for pixel, at several zooms (docs/tiles.md says why).
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { decodePng, saveImage, type Picture } from '../helpers/pixels.js';
import { makeWalk, WALK_ROWS, WALK_T0 } from './walk.js';
import { lineChartElement, redPixels, tiledSource } from './pictures.js';

const SPAN = WALK_ROWS * 1000;

/** Pixels that differ, the largest difference of a channel, and the columns where they are. */
function differing(a: Picture, b: Picture): { count: number; largest: number; columns: string } {
  let count = 0;
  let largest = 0;
  const columns = new Set<number>();
  for (let i = 0; i < a.data.length; i += 4) {
    const d = Math.max(Math.abs(a.data[i] - b.data[i]), Math.abs(a.data[i + 1] - b.data[i + 1]), Math.abs(a.data[i + 2] - b.data[i + 2]));
    if (d === 0) continue;
    count++;
    largest = Math.max(largest, d);
    columns.add((i / 4) % a.width);
  }
  const xs = [...columns].sort((p, q) => p - q);
  return { count, largest, columns: xs.length > 12 ? `${xs.length} columns ${xs[0]}…${xs.at(-1)}` : xs.join(',') };
}

describe('M4 tiles draw exactly what every row draws', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('identical pixels at several zooms, from tiles and from the 1M rows in memory', async function () {
    this.timeout(240_000);
    const source = tiledSource('walk-tiles', '/tiles/walk/m4', 'walk');
    const tiled = lineChartElement();
    tiled.setAttribute('source', 'walk-tiles');
    const memory = lineChartElement();
    memory.data = makeWalk();
    document.body.append(source, tiled, memory);
    await Promise.all([tiled.updateComplete, memory.updateComplete]);
    await source.loadComplete;
    const started = performance.now();
    while (source.length === 0 && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    expect(source.length, 'the overview arrived').to.be.greaterThan(0);

    const walk = memory.data as { time: Float64Array; value: Float64Array };

    // Without a range set, both fit the data: the first picture becomes exact by itself once
    // the chart has laid out its plot and the view's own columns have arrived.
    await source.tilesSettled();
    await Promise.all([tiled.updateComplete, memory.updateComplete]);
    {
      const [a, b] = await Promise.all([tiled.toBlob(), memory.toBlob()]);
      await saveImage('tiles-exact-fitted-tiles.png', a);
      const diff = differing(await decodePng(a), await decodePng(b));
      expect(diff.count, `fitted: pixels that differ (largest ${diff.largest}, in ${diff.columns})`).to.equal(0);
    }
    const views: Array<[string, number, number]> = [
      ['all', WALK_T0 - 5_000, WALK_T0 + SPAN + 5_000],
      ['tenth', WALK_T0 + 0.3 * SPAN + 123.5, WALK_T0 + 0.4 * SPAN],
      ['hundredth', WALK_T0 + 0.555 * SPAN, WALK_T0 + 0.565 * SPAN + 77],
      ['narrow', WALK_T0 + 0.7 * SPAN, WALK_T0 + 0.7 * SPAN + 150_000], // 150 rows: raw rows
      ['thousandth', WALK_T0 + 0.9 * SPAN - 20_000, WALK_T0 + 0.901 * SPAN],
    ];
    for (const [name, from, to] of views) {
      tiled.visibleRange = { from, to };
      memory.visibleRange = { from, to };
      await new Promise((r) => setTimeout(r, 50));
      await source.tilesSettled();
      await Promise.all([tiled.updateComplete, memory.updateComplete]);
      const [a, b] = await Promise.all([tiled.toBlob(), memory.toBlob()]);
      await saveImage(`tiles-exact-${name}-tiles.png`, a);
      await saveImage(`tiles-exact-${name}-memory.png`, b);
      const [pa, pb] = await Promise.all([decodePng(a), decodePng(b)]);
      expect(redPixels(pb), `${name}: the line is drawn`).to.be.greaterThan(200);
      const diff = differing(pa, pb);
      if (name !== 'narrow') {
        expect(diff.count, `${name}: pixels that differ (largest ${diff.largest}, in ${diff.columns}; the table holds ${source.length} rows)`).to.equal(0);
      } else {
        // Fewer rows than pixels: the tiles are the rows themselves (and the row beyond each
        // edge), drawn as segments. The GPU holds times as float32 offsets from an origin per
        // 1024-row block of the table (ARCHITECTURE.md), and the two tables put these rows at
        // different indices, so segment ends may differ by ~1e-4 px: anti-aliasing levels, not
        // rows. The rows themselves must be identical.
        const rows = (t: Float64Array, v: Float64Array) => {
          let lo = 0;
          while (lo < t.length && t[lo] < from) lo++;
          let hi = lo;
          while (hi < t.length && t[hi] < to) hi++;
          return { time: Array.from(t.subarray(Math.max(0, lo - 1), hi + 1)), value: Array.from(v.subarray(Math.max(0, lo - 1), hi + 1)) };
        };
        const tiledRows = rows(source.table.time, source.table.column('value')!);
        expect(tiledRows.time.length).to.be.greaterThan(100);
        expect(tiledRows).to.deep.equal(rows(walk.time, walk.value));
        expect(diff.largest, `${name}: largest channel difference (anti-aliasing)`).to.be.at.most(16);
      }
    }
    // Far fewer rows than the series: tiles hold a few per pixel column, not 1M.
    expect(source.length).to.be.lessThan(200_000);

    // The tooltip says that a drawn row stands for a bucket of rows (zoomed out), and not when
    // the rows are the series' own (zoomed in to fewer rows than pixels).
    tiled.tooltip = true;
    await tiled.updateComplete;
    const tooltipAt = async (from: number, to: number): Promise<string> => {
      tiled.visibleRange = { from, to };
      await new Promise((r) => setTimeout(r, 50));
      await source.tilesSettled();
      await tiled.updateComplete;
      const box = tiled.getBoundingClientRect();
      const plot = tiled.paneRects[0];
      const tip = tiled.shadowRoot!.querySelector<HTMLElement>('[part=tooltip]')!;
      // A move at a new place each time (the tooltip of the last view may still be up).
      for (let i = 0; i < 40; i++) {
        const x = box.left + plot.x + plot.width / 3 + i * 3 + (from % 7);
        tiled.dispatchEvent(new PointerEvent('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: x, clientY: box.top + plot.y + plot.height / 2, bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        if (!tip.hidden) break;
      }
      return tip.textContent ?? '';
    };
    expect(await tooltipAt(WALK_T0, WALK_T0 + SPAN)).to.match(/bucket\s*[\d,]+ rows \(M4 tile\)/);
    expect(await tooltipAt(WALK_T0 + 0.7 * SPAN, WALK_T0 + 0.7 * SPAN + 150_000)).not.to.match(/bucket/);
  });
});
