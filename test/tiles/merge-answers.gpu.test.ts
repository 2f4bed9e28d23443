// A tiled <gpu-datasource> puts each answer's rows into its table (a line): rows before the first
// new one keep their place, so the GPU copy uploads only from there (TableGpu reads `changedFrom`
// of the table's change), and answers whose rows are held already change nothing. Counted from
// the table's own change notifications, the ones the GPU copy follows.
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import type { TableChange } from '../../src/data/table.js';
import { decodePng, saveImage } from '../helpers/pixels.js';
import { WALK_ROWS, WALK_T0 } from './walk.js';
import { lineChartElement, tiledSource } from './pictures.js';

const SPAN = WALK_ROWS * 1000;

interface Counts {
  /** Changes that replaced every row (the table rebuilt: a full upload). */
  rebuilds: number;
  /** Other changes. */
  merges: number;
  /** Rows the GPU copy takes as changed: every row of a rebuild, the rows from `changedFrom` of a merge. */
  rowsToUpload: number;
  /** The most rows the table held after a change. */
  largest: number;
}

describe('tiled source: answers merged into the table', () => {
  afterEach(() => document.querySelectorAll('gpu-chart, gpu-datasource').forEach((c) => c.remove()));

  it('pans upload the rows from the first new one, never the whole table again; a return uploads nothing', async function () {
    this.timeout(180_000);
    const source = tiledSource('walk-merge', '/tiles/walk/m4', 'walk');
    const chart = lineChartElement();
    chart.setAttribute('source', 'walk-merge');
    document.body.append(source, chart);
    await chart.updateComplete;

    let counts: Counts = { rebuilds: 0, merges: 0, rowsToUpload: 0, largest: 0 };
    source.table.subscribe((c: TableChange) => {
      if (c.changedFrom === 0) counts.rebuilds++;
      else counts.merges++;
      counts.rowsToUpload += c.length - c.changedFrom;
      counts.largest = Math.max(counts.largest, c.length);
    });
    const show = async (from: number, to: number): Promise<Counts> => {
      counts = { rebuilds: 0, merges: 0, rowsToUpload: 0, largest: 0 };
      chart.visibleRange = { from, to };
      await new Promise((r) => setTimeout(r, 50));
      await source.tilesSettled();
      await chart.updateComplete;
      return counts;
    };

    const started = performance.now();
    while (source.length === 0 && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    await source.tilesSettled();
    const first = await show(WALK_T0 + 0.4 * SPAN, WALK_T0 + 0.41 * SPAN);
    expect(first.merges, 'the zoomed view merged its tiles').to.be.greaterThan(0);
    expect(first.rebuilds, 'no rebuild for the zoomed view').to.equal(0);

    // Pans by a tenth of the view, to the right: each adds its new tiles and its own columns.
    for (let step = 1; step <= 3; step++) {
      const from = WALK_T0 + 0.4 * SPAN + step * 0.001 * SPAN;
      const pan = await show(from, from + 0.01 * SPAN);
      const rows = source.length;
      expect(pan.rebuilds, `pan ${step}: the table is not rebuilt`).to.equal(0);
      expect(pan.merges, `pan ${step}: answers merged`).to.be.greaterThan(0);
      // The rows left of the view (the whole-series answer's, ~3/5 of them) stay where they are.
      expect(pan.rowsToUpload, `pan ${step}: rows to upload (the table holds ${rows})`).to.be.lessThan(rows * 0.75);
    }
    // Back to the first view: its answers are held, nothing changes and nothing is uploaded.
    const back = await show(WALK_T0 + 0.4 * SPAN, WALK_T0 + 0.41 * SPAN);
    expect(back).to.deep.equal({ rebuilds: 0, merges: 0, rowsToUpload: 0, largest: 0 });

    const png = await chart.toBlob();
    await saveImage('tiles-merged-back.png', png);
    const picture = await decodePng(png);
    let red = 0;
    for (let i = 0; i < picture.data.length; i += 4) if (picture.data[i] > 150 && picture.data[i + 1] < 120) red++;
    expect(red, 'the line is drawn').to.be.greaterThan(200);
  });
});
