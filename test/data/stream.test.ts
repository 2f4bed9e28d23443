import { expect } from '@esm-bundle/chai';
import { DataStream, type StreamState } from '../../src/data/stream.js';
import { ColumnTable } from '../../src/data/table.js';
import type { DataError } from '../../src/data/errors.js';

const wsUrl = (path: string) => new URL(path, location.href).href.replace(/^http/, 'ws');

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('DataStream (without the element)', () => {
  it('fills a ColumnTable from a feed and stops on close()', async () => {
    const table = new ColumnTable();
    const states: StreamState[] = [];
    const id = `plain-${Math.random().toString(36).slice(2)}`;
    const stream = new DataStream(wsUrl(`/test-api/feed?id=${id}&rows=5&interval=10`), table, { onState: (s) => states.push(s) });
    expect(stream.state).to.equal('closed');
    stream.connect();
    const expected = (await (await fetch('/test-api/feed-rows?rows=5')).json()) as Record<string, number>[];
    await until(() => table.length === 5 && table.row(4)!.close === expected[4].close, 'five final rows');
    expect(Array.from({ length: 5 }, (_, i) => table.row(i))).to.deep.equal(expected);
    stream.close();
    expect(states).to.deep.equal(['connecting', 'open', 'closed']);
  });

  it('retries with growing, jittered delays and reports the outage once', async () => {
    const table = new ColumnTable();
    const errors: DataError[] = [];
    const opened: number[] = [];
    const CountingSocket = class extends WebSocket {
      constructor(url: string | URL) {
        super(url);
        opened.push(performance.now());
      }
    };
    // Nothing listens on port 9: each attempt fails at once.
    const stream = new DataStream('ws://127.0.0.1:9/', table, {
      initialDelayMs: 40,
      maxDelayMs: 200,
      onError: (e) => errors.push(e),
      WebSocket: CountingSocket,
    });
    stream.connect();
    await until(() => opened.length >= 6, 'six attempts', 15_000);
    stream.close();
    const gaps = opened.slice(1).map((t, i) => t - opened[i]);
    // Delays: base 40, 80, 160, 200, 200 ms, each between half and all of it (plus failure time).
    expect(gaps[0]).to.be.at.least(20);
    expect(gaps[2]).to.be.at.least(80);
    expect(gaps[4]).to.be.at.least(100);
    expect(Math.max(...gaps)).to.be.below(2000);
    expect(errors).to.have.length(1);
    expect(errors[0].phase).to.equal('stream');
    expect(stream.state).to.equal('closed');
    const count = opened.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(opened.length).to.equal(count); // close() stopped the retries
  });
});
