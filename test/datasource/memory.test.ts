/**
 * Memory caps, measured (issue "Hardening", item 6): the page's V8 heap plus ArrayBuffer backing
 * stores are sampled through CDP (Runtime.getHeapUsage) every few ms while a source takes a
 * decompression bomb or a stream message with 300 new field names. What is asserted is the peak
 * growth over the baseline; sampling can only miss a peak, never invent one.
 */
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/elements/datasource/define.js';
import { createSource, recordEvents, until } from './helpers.js';

const MB = 2 ** 20;

/**
 * A valid zstd frame of `blocks` RLE blocks of 128 KiB each ('A' repeated): 4 bytes a block, so
 * 16 KiB of file decompress to 512 MiB. No content size, a 128 KiB window.
 */
function rleBomb(blocks: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(6 + blocks * 4);
  out.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, (17 - 10) << 3]);
  for (let b = 0; b < blocks; b++) {
    const last = b === blocks - 1 ? 1 : 0;
    const header = last | (1 << 1) | ((128 * 1024) << 3);
    out.set([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x41], 6 + b * 4);
  }
  return out;
}

const stopped: Array<Promise<{ baseline: number; peak: number }>> = [];

async function sample<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  // Let earlier tests' garbage go first, so the baseline is this test's.
  await new Promise((r) => setTimeout(r, 50));
  const start = (await executeServerCommand('memory-sample-start')) as { baseline: number; hasBacking: boolean };
  expect(start.hasBacking, 'CDP reports ArrayBuffer backing stores').to.equal(true);
  let result: T;
  try {
    result = await work();
  } finally {
    await stopped.push(executeServerCommand('memory-sample-stop') as Promise<{ baseline: number; peak: number }>);
  }
  const stop = await stopped[stopped.length - 1];
  return { result, growthMb: (stop.peak - stop.baseline) / MB };
}

describe('<gpu-datasource> memory caps (measured through CDP)', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
  });

  it('a zstd bomb (512 MiB from 16 KiB) with max-bytes 64 MiB is refused holding about the cap, not double', async () => {
    const url = URL.createObjectURL(new Blob([rleBomb(4096)], { type: 'application/zstd' }));
    const el = createSource({ 'max-bytes': String(64 * MB) });
    const errors = recordEvents(el, 'gpu-error');
    const { growthMb } = await sample(async () => {
      await el.load(url);
      await until(() => errors.length > 0, 'the refusal', 20_000);
    });
    expect(errors.map((e) => e.phase)).to.deep.equal(['decompress']);
    console.log(`[memory] zstd bomb, cap 64 MiB: peak growth ${growthMb.toFixed(1)} MiB`);
    expect(growthMb, 'peak growth (MiB)').to.be.below(64 * 1.6);
  });

  it('a stream message with 300 new field names grows memory by the 32 columns it may add, no more', async () => {
    const fields = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, i]));
    const rows = Array.from({ length: 20 }, (_, i) => JSON.stringify({ time: 1_700_000_000_000 + i * 1000, v: i, ...(i === 10 ? fields : {}) }));
    const { port } = (await executeServerCommand('scripted-feed', { connections: [{ messages: rows }] })) as { port: number };
    try {
      const { growthMb, result: el } = await sample(async () => {
        const source = createSource({ stream: `ws://127.0.0.1:${port}/`, capacity: '200000' });
        await until(() => source.table.length === 20, 'the rows', 10_000);
        return source;
      });
      expect(el.table.columnNames.length).to.be.at.most(1 + 32); // time and at most 32 added columns
      console.log(`[memory] 300 new fields in a stream: peak growth ${growthMb.toFixed(1)} MiB`);
      // 33 columns of Float64 rows, however many the table has room for, stay well under 64 MiB.
      expect(growthMb, 'peak growth (MiB)').to.be.below(64);
    } finally {
      await executeServerCommand('scripted-feed-stop', { port });
    }
  });
});
