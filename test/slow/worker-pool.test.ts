/**
 * One decode worker per page, or a small pool (issue 23, item 1)? Concurrent loads through one
 * worker against the same loads spread over two workers, driven with the decode protocol
 * (decode-protocol.ts) as decode-client.ts does; the times are logged for bench/README.md
 * ("Loading in a worker": no consistent gain on 2 cores, so the library keeps one worker), and
 * the test checks that every load, in either arrangement, decodes every row.
 * Part of `npm run test:slow` (it reads the bench's 1M-row CSV).
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { DecodeRequest, FromDecodeWorker } from '../../src/data/decode-protocol.js';

function candlesCsv(rows: number, seed: number): string {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${1_700_000_000_000 + i * 60_000},${(100 + Math.sin(i * 0.37 + seed)).toFixed(4)},${(101 + Math.sin(i * 0.3)).toFixed(4)},${(99 + Math.sin(i * 0.2)).toFixed(4)},${(100.5 + Math.sin(i * 0.1)).toFixed(4)},${1000 + (i % 977)}`);
  }
  return lines.join('\n') + '\n';
}

async function startWorker(): Promise<Worker> {
  const worker = new Worker(new URL('/src/data/decode-worker.js', location.href), { type: 'module' });
  await new Promise<void>((resolve) => worker.addEventListener('message', (e) => e.data.type === 'ready' && resolve(), { once: true }));
  return worker;
}

let nextId = 1;
/** Loads `url` in `worker`; resolves with the rows decoded. */
function load(worker: Worker, url: string): Promise<number> {
  const id = nextId++;
  const request: DecodeRequest = { type: 'load', id, url, absoluteUrl: url, headers: {}, pyramidMinRows: 4096 };
  return new Promise((resolve, reject) => {
    const listener = (event: MessageEvent<FromDecodeWorker>) => {
      const message = event.data;
      if (!('id' in message) || message.id !== id) return;
      if (message.type === 'done') {
        worker.removeEventListener('message', listener);
        resolve(message.columns?.find(([name]) => name === 'time')?.[1].length ?? 0);
      } else if (message.type === 'failed') reject(new Error(message.error.message));
    };
    worker.addEventListener('message', listener);
    worker.postMessage(request);
  });
}

describe('decode workers: one per page or two (npm run test:slow)', function () {
  this.timeout(600_000);

  it('decodes concurrent loads fully either way, and logs the times', async () => {
    const small = [0, 1, 2, 3].map((seed) => URL.createObjectURL(new Blob([candlesCsv(250_000, seed)], { type: 'text/csv' })));
    const big = new URL('/bench/data/ohlcv-1M.csv', location.href).href;
    const workers = [await startWorker(), await startWorker()];
    for (const worker of workers) await load(worker, small[0]); // both warm
    const cases = [
      { label: 'four 250k-row CSVs (blob)', urls: small, rows: 250_000 },
      { label: 'two 1M-row CSVs (HTTP)', urls: [big, big], rows: 1_000_000 },
    ];
    const lines: string[] = [];
    for (let rep = 0; rep < 3; rep++) {
      for (const { label, urls, rows } of cases) {
        const timed = async (pick: (i: number) => Worker) => {
          const t0 = performance.now();
          const decoded = await Promise.all(urls.map((url, i) => load(pick(i), url)));
          expect(decoded).to.deep.equal(urls.map(() => rows));
          return Math.round(performance.now() - t0);
        };
        const one = await timed(() => workers[0]);
        const two = await timed((i) => workers[i % 2]);
        lines.push(`${label}: one worker ${one} ms, two workers ${two} ms`);
      }
    }
    for (const worker of workers) worker.terminate();
    for (const url of small) URL.revokeObjectURL(url);
    await executeServerCommand('log', { text: `decode workers (${navigator.hardwareConcurrency} cores):\n${lines.join('\n')}` });
  });
});
