/**
 * Cancelling in the decode worker (issue 23, item 3): changing `src` stops the worker's download
 * and its decode, not only the page's wait for it. The worker reports when a cancelled load has
 * actually stopped, with the bytes it had received and the CSV records it had read; the CSV is
 * read as it arrives, so a decode that stopped early has read part of the file.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/elements/datasource/define.js';
import { stoppedWorkerLoads, workerLoadsRunning } from '../../src/data/decode-client.js';
import { createSource, json, nextEvent, recordEvents, uniqueId, until } from './helpers.js';

function candlesCsv(rows: number): string {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < rows; i++) lines.push(`${1_700_000_000_000 + i * 60_000},${100 + (i % 50)},${101 + (i % 50)},${99 + (i % 50)},${100.5 + (i % 50)},${1000 + (i % 977)}`);
  return lines.join('\n') + '\n';
}

describe('<gpu-datasource worker> cancelling', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
  });

  it('changing src during a slow download stops the worker’s download and decode part way', async () => {
    const id = uniqueId('slow-cancel');
    const slow = `/test-api/slow.csv?id=${id}&rows=20000&chunks=40&chunkMs=100`;
    const el = createSource({ src: slow });
    const data = recordEvents(el, 'gpu-data');
    await nextEvent(el, 'gpu-progress');
    el.src = '/demo/data/candles.csv';
    await until(() => data.length > 0 && el.status === 'ready', 'the new file');
    expect(el.decodedIn).to.equal('worker');
    await until(() => stoppedWorkerLoads.some((load) => load.url === slow), 'the worker to report the cancelled load stopped');
    const stopped = stoppedWorkerLoads.find((load) => load.url === slow)!;
    // Records were read as they came, and reading stopped with the download.
    expect(stopped.rows, JSON.stringify(stopped)).to.be.greaterThan(0);
    expect(stopped.rows, JSON.stringify(stopped)).to.be.lessThan(20000);
    expect(await workerLoadsRunning()).to.equal(0);
    // The server learns of the abort when the socket closes, which may come a little later.
    type SlowStats = { aborted: boolean; finished: boolean; sentChunks: number };
    let stats = await json<SlowStats>(`/test-api/slow/stats?id=${id}`);
    for (const started = performance.now(); !stats.aborted && performance.now() - started < 5000; ) {
      await new Promise((r) => setTimeout(r, 50));
      stats = await json<SlowStats>(`/test-api/slow/stats?id=${id}`);
    }
    expect(stats).to.include({ aborted: true, finished: false });
    expect(data.map((d) => d.length)).to.deep.equal([2000]);
  });

  it('changing src stops the worker’s decode of a file that is all there already', async () => {
    const rows = 250_000;
    const whole = URL.createObjectURL(new Blob([candlesCsv(rows)], { type: 'text/csv' }));
    // A warm worker, so the cancel is not waiting for it to start.
    const warm = createSource({ src: '/demo/data/candles.csv' });
    await until(() => warm.status === 'ready', 'a warm-up load');
    warm.remove();
    const el = createSource({ src: whole });
    const data = recordEvents(el, 'gpu-data');
    await nextEvent(el, 'gpu-progress');
    el.src = '/demo/data/candles.csv';
    await until(() => data.length > 0 && el.status === 'ready', 'the new file');
    await until(() => stoppedWorkerLoads.some((load) => load.url === whole), 'the worker to report the cancelled load stopped');
    const stopped = stoppedWorkerLoads.find((load) => load.url === whole)!;
    await executeServerCommand('log', { text: `cancelled decode stopped at ${JSON.stringify(stopped)}` });
    expect(stopped.rows, JSON.stringify(stopped)).to.be.lessThan(rows);
    expect(await workerLoadsRunning()).to.equal(0);
    expect(data.map((d) => d.length)).to.deep.equal([2000]);
    URL.revokeObjectURL(whole);
  });
});
