/**
 * Bad input reports the same in the decode worker and on the main thread (issue 23, item 5):
 * each bad source is loaded with worker="auto" and worker="off" and the gpu-error events
 * (phase and message, the file's URL included) must be identical, with the last good rows kept.
 * Covers what the streamed CSV reader changes (a bad record found while the file downloads, deep
 * in a big file) and every load phase: fetch, size limit, decompress, parse.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/elements/datasource/define.js';
import { createSource, recordEvents, until } from './helpers.js';

const text = (s: string) => new TextEncoder().encode(s);
const blobUrl = (bytes: Uint8Array, type: string) => URL.createObjectURL(new Blob([bytes.slice()], { type }));

async function bytesOf(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

function bigCsvWithBadRecord(rows: number, badAt: number): string {
  const lines = ['time,close'];
  for (let i = 0; i < rows; i++) lines.push(`${1_704_153_600_000 + i * 60_000},${i === badAt ? 'oops' : 100 + (i % 7)}`);
  return lines.join('\n') + '\n';
}

interface BadSource {
  name: string;
  url: () => Promise<string>;
  maxBytes?: string;
  phase: string;
}

const SOURCES: BadSource[] = [
  { name: 'a missing file', url: async () => '/demo/data/no-such-file.csv', phase: 'fetch' },
  { name: 'a CSV record that is not a number', url: async () => blobUrl(text('time,a\n1704153600000,2\n1704153660000,x\n'), 'text/csv'), phase: 'parse' },
  { name: 'a bad record 200 000 rows into a CSV', url: async () => blobUrl(text(bigCsvWithBadRecord(250_000, 200_000)), 'text/csv'), phase: 'parse' },
  { name: 'a CSV quote not closed', url: async () => blobUrl(text('time,a\n1704153600000,"2\n'), 'text/csv'), phase: 'parse' },
  { name: 'CSV rows with too few fields', url: async () => blobUrl(text('time,a,b\n1704153600000,1,2\n1704153660000,3\n'), 'text/csv'), phase: 'parse' },
  { name: 'JSON cut off', url: async () => blobUrl(text('[{"time": 1704153600000, "close": 1},'), 'application/json'), phase: 'parse' },
  { name: 'a truncated .csv.zst', url: async () => blobUrl((await bytesOf('/demo/data/candles.csv.zst')).subarray(0, 3000), 'application/zstd'), phase: 'decompress' },
  { name: 'a truncated .gcol', url: async () => blobUrl((await bytesOf('/demo/data/candles.gcol')).subarray(0, 5000), 'application/vnd.gpu-chart.gcol'), phase: 'parse' },
  { name: 'a file over max-bytes', url: async () => '/demo/data/candles.json', maxBytes: '1000', phase: 'fetch' },
];

async function errorsOf(url: string, worker: 'auto' | 'off', maxBytes: string | undefined): Promise<{ phase: string; message: string }[]> {
  const el = createSource({ src: blobUrl(text('time,close\n1704153600000,1\n1704153660000,2\n'), 'text/csv'), worker });
  await until(() => el.status === 'ready', 'the good file');
  expect(el.decodedIn).to.equal(worker === 'auto' ? 'worker' : 'main');
  const errors = recordEvents(el, 'gpu-error');
  if (maxBytes) el.setAttribute('max-bytes', maxBytes);
  await el.load(url);
  expect(el.status).to.equal('error');
  expect(Array.from(el.data.close), 'the last good rows stay').to.deep.equal([1, 2]);
  el.remove();
  return errors.map((e) => ({ phase: e.phase, message: e.message }));
}

describe('<gpu-datasource> bad input: the same gpu-error in the worker and on the main thread', () => {
  for (const source of SOURCES) {
    it(source.name, async () => {
      const url = await source.url();
      const inWorker = await errorsOf(url, 'auto', source.maxBytes);
      const onMain = await errorsOf(url, 'off', source.maxBytes);
      expect(inWorker.map((e) => e.phase)).to.deep.equal([source.phase]);
      expect(inWorker).to.deep.equal(onMain);
    });
  }
});
