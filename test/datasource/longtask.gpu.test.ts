/**
 * Loading leaves the main thread free (issue 23, item 2): a CSV decoded in the worker causes no
 * main-thread task over 50 ms, watched with a PerformanceObserver for `longtask`; the same file
 * on the main thread does (so the observer is shown to see them). The data is moderate (250k
 * rows, 14 MB) to keep CI fast; the 1M-row CSV and 10M-row .gcol.zst are measured in the bench
 * (`npm run bench -- --cases worker-load`). A requestAnimationFrame loop stands for an animation
 * on the page; its longest frame gap is logged, not asserted (speed is never asserted).
 * Named .gpu.test.ts so it runs alone: another page's tasks in the same renderer would count.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/elements/datasource/define.js';
import { createSource, until } from './helpers.js';
import { watchLoad } from './long-tasks.js';

const ROWS = 250_000;

function candlesCsv(rows: number): string {
  const lines = ['time,open,high,low,close,volume'];
  let price = 100;
  for (let i = 0; i < rows; i++) {
    const open = price;
    price += Math.sin(i * 0.37) * 0.5;
    lines.push(`${1_700_000_000_000 + i * 60_000},${open.toFixed(4)},${(Math.max(open, price) + 0.25).toFixed(4)},${(Math.min(open, price) - 0.25).toFixed(4)},${price.toFixed(4)},${1000 + (i % 977)}`);
  }
  return lines.join('\n') + '\n';
}

describe('loading without long tasks', () => {
  let url = '';

  before(async () => {
    url = URL.createObjectURL(new Blob([candlesCsv(ROWS)], { type: 'text/csv' }));
    // Start the worker first, as a page that loaded anything before would have.
    const warm = createSource({ src: '/demo/data/candles.csv' });
    await until(() => warm.status === 'ready', 'a warm-up load');
    warm.remove();
  });

  it('a 250k-row CSV decoded in the worker causes no main-thread task over 50 ms; on the main thread it does', async () => {
    const inWorker = await watchLoad(url, 'auto', ROWS);
    const onMain = await watchLoad(url, 'off', ROWS);
    await executeServerCommand('log', { text: `longtask test (${ROWS} rows CSV): worker ${JSON.stringify(inWorker)}; main thread ${JSON.stringify(onMain)}` });
    expect(onMain.longTasks.length, 'the observer sees the main-thread decode').to.be.greaterThan(0);
    expect(inWorker.longTasks, 'long tasks while the worker decodes').to.deep.equal([]);
  });
});
