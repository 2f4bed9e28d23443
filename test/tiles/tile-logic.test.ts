// The pure part of tiled mode (src/data/tiles.ts): URLs from templates, the tile grid, answers
// as rows, and the union of answers.
import { expect } from '@esm-bundle/chai';
import { answerRows, layerCandles, mergeIntoHeld, TILE_COLUMNS, tileLevel, tilesFor, tileUrl, unionRows } from '../../src/data/tiles.js';

const f64 = (a: number[]) => Float64Array.from(a);

describe('tiles: URLs, grid, rows', () => {
  it('fills the template with every value through encodeURIComponent', () => {
    const url = tileUrl('/m4?series={series}&from={from}&to={to}&width={width}&x={other}', { series: 'a b&c=/d?#', from: 1.5, to: 2e12, width: 800 });
    expect(url).to.equal('/m4?series=a%20b%26c%3D%2Fd%3F%23&from=1.5&to=2000000000000&width=800&x={other}');
    expect(tileUrl('/s/{series}/m4?from={from}&to={to}&width={width}', { series: '../x', from: null, to: null, width: 10 })).to.equal('/s/..%2Fx/m4?from=&to=&width=10');
  });

  it('picks the largest power-of-two bucket not above the ms per pixel column, and aligned tiles covering the view', () => {
    const view = { from: 1_000_000, to: 1_000_000 + 1000 * 3000, width: 1000 }; // 3000 ms per column
    expect(tileLevel(view)).to.equal(11); // 2048 ms
    const tiles = tilesFor(view);
    const span = TILE_COLUMNS * 2048;
    expect(tiles[0].from).to.be.at.most(view.from);
    expect(tiles.at(-1)!.to).to.be.at.least(view.to);
    for (const t of tiles) {
      expect(t.width).to.equal(TILE_COLUMNS);
      expect(t.to - t.from).to.equal(span);
      expect(t.from % span).to.equal(0);
    }
    // Panning by less than a tile reuses the same tiles.
    const panned = tilesFor({ ...view, from: view.from + 500_000, to: view.to + 500_000 });
    expect(panned.filter((p) => tiles.some((t) => t.from === p.from)).length).to.be.at.least(tiles.length - 1);
  });

  it('turns M4 buckets into their rows in time order, once each', () => {
    const rows = answerRows(
      {
        time: f64([0, 10]),
        count: f64([5, 1]),
        first_time: f64([1, 12]),
        first: f64([3, 7]),
        last_time: f64([9, 12]),
        last: f64([4, 7]),
        min_time: f64([6, 12]),
        min: f64([0, 7]),
        max_time: f64([2, 12]),
        max: f64([8, 7]),
      },
      'value',
    );
    expect(Array.from(rows.time)).to.deep.equal([1, 2, 6, 9, 12]);
    expect(Array.from(rows.value)).to.deep.equal([3, 8, 0, 4, 7]);
    expect(Array.from(rows.tile_rows)).to.deep.equal([5, 5, 5, 5, 1]);
    // With the request's column grid, each drawn row knows its bucket's time range (not for a
    // bucket of one row: the neighbour outside the range).
    const grid = { from: 0, to: 20, width: 2 };
    const bounded = answerRows(
      { time: f64([0, 25]), count: f64([3, 1]), first_time: f64([1, 25]), first: f64([1, 9]), last_time: f64([9, 25]), last: f64([2, 9]), min_time: f64([1, 25]), min: f64([1, 9]), max_time: f64([9, 25]), max: f64([2, 9]) },
      'value',
      grid,
    );
    expect(Array.from(bounded.time)).to.deep.equal([1, 9, 25]);
    expect(Array.from(bounded.tile_from)).to.deep.equal([0, 0, NaN]);
    expect(Array.from(bounded.tile_to)).to.deep.equal([10, 10, NaN]);
    const raw = answerRows({ time: f64([1, 2]), value: f64([5, 6]) }, 'value');
    expect(Array.from(raw.tile_rows)).to.deep.equal([1, 1]);
  });

  it('unites answers: every time once, later answers win', () => {
    const u = unionRows([
      { time: f64([1, 5, 9]), value: f64([10, 50, 90]) },
      { time: f64([2, 5, 7]), value: f64([20, 55, 70]) },
    ]);
    expect(Array.from(u.time)).to.deep.equal([1, 2, 5, 7, 9]);
    expect(Array.from(u.value)).to.deep.equal([10, 20, 55, 70, 90]);
  });

  it('layers candles: a finer answer replaces coarser buckets over its span', () => {
    const out = layerCandles([
      { time: f64([0, 100, 200]), close: f64([1, 2, 3]) },
      { time: f64([100, 150]), close: f64([4, 5]) },
    ]);
    expect(Array.from(out.time)).to.deep.equal([0, 100, 150, 200]);
    expect(Array.from(out.close)).to.deep.equal([1, 4, 5, 3]);
  });

  it('layers candles over whole buckets: rows of the edge buckets go, though the bars sit inside them', () => {
    const raw = { time: f64([90, 101, 120, 180, 199, 230]), close: f64([1, 2, 3, 4, 5, 6]) };
    const buckets = answerRows(
      { time: f64([100, 150]), count: f64([2, 2]), first_time: f64([101, 180]), last_time: f64([120, 199]), open: f64([NaN, 4]), high: f64([9, 9]), low: f64([1, 1]), close: f64([3, 5]), volume: f64([0, 0]), gaps: f64([1, 0]) },
      'close',
      { from: 100, to: 200, width: 2 },
    );
    // Each bar midway between its bucket's first and last rows; `gaps` is not kept.
    expect(Array.from(buckets.time)).to.deep.equal([110.5, 189.5]);
    expect(buckets.gaps).to.equal(undefined);
    expect(Number.isNaN(buckets.open[0]), 'a bucket whose first row is a gap has no open').to.equal(true);
    const out = layerCandles([raw, buckets]);
    expect(Array.from(out.time)).to.deep.equal([90, 110.5, 189.5, 230]);
    expect(Array.from(out.close)).to.deep.equal([1, 3, 5, 6]);
  });

  it('merges an answer into the rows held: the first row that differs, rows added, null when nothing changes', () => {
    const held = { time: f64([0, 10, 20, 30, 40]), value: f64([1, 2, NaN, 4, 5]) };
    const merged = mergeIntoHeld(held, { time: f64([20, 25, 50]), value: f64([NaN, 7, 8]) })!;
    expect(Array.from(merged.columns.time)).to.deep.equal([0, 10, 20, 25, 30, 40, 50]);
    expect(Array.from(merged.columns.value)).to.deep.equal([1, 2, NaN, 7, 4, 5, 8]);
    expect(merged.changedFrom).to.equal(3); // rows 0…2 (NaN equal to NaN) are where they were
    expect(merged.added).to.equal(2);
    expect(mergeIntoHeld(held, { time: f64([10, 30]), value: f64([2, 4]) }), 'rows held already').to.equal(null);
    expect(mergeIntoHeld(held, { time: f64([30]), value: f64([9]) })!.changedFrom, 'a value replaced').to.equal(3);
    expect(mergeIntoHeld(held, { time: f64([60]), value: f64([9]) })!.changedFrom, 'after the last row').to.equal(5);
    expect(mergeIntoHeld(held, { time: f64([10]), value: f64([2]), tile_rows: f64([1]) })!.changedFrom, 'a new column').to.equal(0);
    // The same row from a coarser bucket keeps the finer bucket held (nothing changes); other values replace it.
    const fine = { time: f64([0, 10]), value: f64([1, 2]), tile_rows: f64([4, 4]) };
    expect(mergeIntoHeld(fine, { time: f64([10]), value: f64([2]), tile_rows: f64([64]) }), 'a coarser bucket').to.equal(null);
    expect(Array.from(mergeIntoHeld(fine, { time: f64([10]), value: f64([2]), tile_rows: f64([2]) })!.columns.tile_rows), 'a finer bucket').to.deep.equal([4, 2]);
    expect(Array.from(mergeIntoHeld(fine, { time: f64([10]), value: f64([3]), tile_rows: f64([64]) })!.columns.value), 'a changed value').to.deep.equal([1, 3]);
  });
});
