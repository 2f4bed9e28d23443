// Candles from tiles over gaps (issue 22): candles in clusters of four rows (0–3 ms apart, a
// minute between clusters) with NaN rows first, inside and last in clusters, drawn from the tile
// server's candle buckets and from the same rows in memory. At ~3.7 px a cluster the in-memory
// chart merges its bars four rows at a time (one bar a cluster: first open, highest high, lowest
// low, last close, not drawn when the first or last row is a gap), and the tile server answers one
// bucket a pixel column (a cluster each): identical pixels only when the buckets carry the gaps
// the same way (sql.mjs candleAggregates) and the bar sits midway between its first and last rows.
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { decodePng, saveImage, type Picture } from '../helpers/pixels.js';
import { tiledSource } from './pictures.js';

/** As scripts/tiles-middleware.mjs CLUSTERS. */
const CLUSTERS = 2000;
const T0 = 1_704_067_200_000;

function clusterCandles(): { time: Float64Array } & Record<string, Float64Array> {
  const n = CLUSTERS * 4;
  const out = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
  for (let c = 0; c < CLUSTERS; c++) {
    const base = 100 + ((c * 37) % 23);
    for (let k = 0; k < 4; k++) {
      const i = c * 4 + k;
      const gap = (c % 7 === 3 && k === 0) || (c % 5 === 1 && k === 1) || (c % 11 === 4 && k === 3);
      out.time[i] = T0 + c * 60_000 + k;
      out.open[i] = gap ? NaN : base + k;
      out.high[i] = gap || (c % 13 === 6 && k === 2) ? NaN : base + 5 + ((c * k) % 3);
      out.low[i] = gap ? NaN : base - 5 - ((c + k) % 4);
      out.close[i] = gap ? NaN : base + 2 - k;
    }
  }
  return out;
}

function chartElement(): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.style.cssText = 'display:block;width:420px;height:220px;--gpu-chart-up:#109010;--gpu-chart-down:#d02020;--gpu-chart-background:#ffffff';
  chart.series = [{ type: 'candlestick', lastValue: false }];
  chart.type = 'none';
  return chart;
}

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

/** Columns of the plot with a coloured (bar) pixel. */
function barColumns(p: Picture): number {
  let n = 0;
  for (let x = 0; x < p.width; x++) {
    for (let y = 0; y < p.height; y++) {
      const i = (y * p.width + x) * 4;
      const [r, g, b] = [p.data[i], p.data[i + 1], p.data[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 80) {
        n++;
        break;
      }
    }
  }
  return n;
}

describe('candles from tiles carry gaps as in-memory candles do', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('identical pixels where bars merge four gapped rows', async function () {
    this.timeout(240_000);
    const source = tiledSource('cluster-tiles', '/tiles/clusters/m4', 'candles', 'candles');
    const tiled = chartElement();
    tiled.setAttribute('source', 'cluster-tiles');
    const memory = chartElement();
    memory.data = clusterCandles();
    document.body.append(source, tiled, memory);
    await Promise.all([tiled.updateComplete, memory.updateComplete]);
    await source.loadComplete;
    await source.tilesSettled();
    const views: Array<[string, number, number]> = [
      ['100', T0 + 500 * 60_000 - 30_000, T0 + 600 * 60_000 - 30_000],
      ['110', T0 + 1234 * 60_000 - 29_000, T0 + 1344 * 60_000 - 31_000],
    ];
    for (const [name, from, to] of views) {
      const ranged = new Promise((r) => tiled.addEventListener('gpu-range', r, { once: true }));
      tiled.visibleRange = { from, to };
      memory.visibleRange = { from, to };
      await ranged;
      await source.tilesSettled();
      await Promise.all([tiled.updateComplete, memory.updateComplete]);
      const [a, b] = await Promise.all([tiled.toBlob(), memory.toBlob()]);
      await saveImage(`tiles-candle-gaps-${name}-tiles.png`, a);
      await saveImage(`tiles-candle-gaps-${name}-memory.png`, b);
      const [pa, pb] = await Promise.all([decodePng(a), decodePng(b)]);
      // Some clusters draw no bar (first or last row a gap), the others one each.
      expect(barColumns(pb), `${name}: bars drawn in memory`).to.be.greaterThan(60);
      const diff = differing(pa, pb);
      expect(diff.count, `${name}: pixels that differ (in columns ${diff.columns.join(',')})`).to.equal(0);
    }
  });
});
