// Gaps inside pixel columns (issue 22): a 1M-row walk with NaN rows (two every 997, and 500 in a
// row) drawn from M4 tiles — whose answers say, per column, whether its first or last row is a
// gap — and from the same rows in memory: identical pixels, at zooms where gaps fall inside
// columns and on their edges.
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { decodePng, saveImage, type Picture } from '../helpers/pixels.js';
import { makeGappyWalk, WALK_ROWS, WALK_T0 } from './walk.js';
import { lineChartElement, tiledSource } from './pictures.js';

const SPAN = WALK_ROWS * 1000;

function differing(a: Picture, b: Picture): { count: number; columns: number[] } {
  let count = 0;
  const columns = new Set<number>();
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] === b.data[i] && a.data[i + 1] === b.data[i + 1] && a.data[i + 2] === b.data[i + 2]) continue;
    count++;
    columns.add((i / 4) % a.width);
  }
  return { count, columns: [...columns].sort((p, q) => p - q).slice(0, 12) };
}

/** Plot columns (of the red line's) with no red pixel: where the line is broken. */
function emptyColumns(p: Picture, x0: number, x1: number): number {
  let n = 0;
  for (let x = x0; x < x1; x++) {
    let red = false;
    for (let y = 0; y < p.height && !red; y++) {
      const i = (y * p.width + x) * 4;
      red = p.data[i] > 150 && p.data[i + 1] < 120 && p.data[i + 2] < 120;
    }
    if (!red) n++;
  }
  return n;
}

describe('M4 tiles draw gaps as every row does', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('identical pixels with gaps inside columns and on their edges', async function () {
    this.timeout(240_000);
    const source = tiledSource('gappy-tiles', '/tiles/walk/m4', 'gappy');
    const tiled = lineChartElement();
    tiled.setAttribute('source', 'gappy-tiles');
    const memory = lineChartElement();
    memory.data = makeGappyWalk();
    document.body.append(source, tiled, memory);
    await Promise.all([tiled.updateComplete, memory.updateComplete]);
    await source.loadComplete;
    await source.tilesSettled();
    const views: Array<[string, number, number]> = [
      ['all', WALK_T0 - 5_000, WALK_T0 + SPAN + 5_000],
      // The 500-row gap inside a view of ~5 rows a column: a break of ~100 columns.
      ['long-gap', WALK_T0 + 599_000_000, WALK_T0 + 601_500_000],
      // ~25 rows a column: two-row gaps inside columns, some at their edges.
      ['hundredth', WALK_T0 + 0.555 * SPAN, WALK_T0 + 0.565 * SPAN + 77],
      ['tenth', WALK_T0 + 0.3 * SPAN + 123.5, WALK_T0 + 0.4 * SPAN],
    ];
    let broken = 0;
    for (const [name, from, to] of views) {
      // The source follows the chart's gpu-range: wait for it before waiting for the tiles.
      const ranged = new Promise((r) => tiled.addEventListener('gpu-range', r, { once: true }));
      tiled.visibleRange = { from, to };
      memory.visibleRange = { from, to };
      await ranged;
      await new Promise((r) => setTimeout(r, 20));
      await source.tilesSettled();
      await Promise.all([tiled.updateComplete, memory.updateComplete]);
      const [a, b] = await Promise.all([tiled.toBlob(), memory.toBlob()]);
      await saveImage(`tiles-gaps-${name}-tiles.png`, a);
      await saveImage(`tiles-gaps-${name}-memory.png`, b);
      const [pa, pb] = await Promise.all([decodePng(a), decodePng(b)]);
      const plot = tiled.paneRects[0];
      const x0 = Math.ceil(plot.x * devicePixelRatio) + 1;
      const x1 = Math.floor((plot.x + plot.width) * devicePixelRatio) - 1;
      const empty = emptyColumns(pb, x0, x1);
      if (name === 'long-gap') expect(empty, 'long-gap: the line is broken over the 500 missing rows').to.be.greaterThan(40);
      broken += empty;
      const diff = differing(pa, pb);
      expect(diff.count, `${name}: pixels that differ (in columns ${diff.columns.join(',')}; ${empty} columns without the line in memory)`).to.equal(0);
    }
    expect(broken, 'gaps are drawn as breaks somewhere').to.be.greaterThan(40);
  });
});
