import { expect } from '@esm-bundle/chai';
import '../../src/elements/datasource/define.js';
import { loadColumns } from '../../src/data/load.js';
import { createSource, json, nextEvent, recordEvents, rowsOf, uniqueId, until } from './helpers.js';

/** scripts/demo-feed.mjs TEST_EPOCH: the test data's first time. */
const EPOCH = 1_700_000_000_000;

type FeedStats = { connections: number; subscriptions: { since: number | null; channel: string | null }[]; produced: number };

describe('<gpu-datasource> live stream', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
  });

  it('appends new rows and updates the forming last row', async () => {
    const id = uniqueId('append');
    const el = createSource({ stream: `/test-api/feed?id=${id}&rows=8&interval=15`, channel: 'demo' });
    const data = recordEvents(el, 'gpu-data');
    const states = recordEvents(el, 'gpu-stream');
    const expected = await json<Record<string, number>[]>('/test-api/feed-rows?rows=8');
    await until(() => el.length === 8 && el.table.row(7)!.close === expected[7].close, 'all 8 final rows');
    expect(rowsOf(el)).to.deep.equal(expected);
    expect(data.filter((d) => d.reason === 'append').length).to.be.greaterThan(0);
    expect(data.filter((d) => d.reason === 'update').length).to.be.greaterThan(0);
    expect(data.every((d) => !d.fromCache)).to.equal(true);
    expect(states.map((s) => s.state).slice(0, 2)).to.deep.equal(['connecting', 'open']);
    await el.updateComplete;
    expect(el.status).to.equal('streaming');
    const stats = await json<FeedStats>(`/test-api/feed-stats?id=${id}`);
    expect(stats.subscriptions[0]).to.deep.equal({ since: null, channel: 'demo' });

    el.remove();
    expect(states.at(-1)!.state).to.equal('closed');
    await el.updateComplete;
    expect(el.status).to.equal('ready');
  });

  it('reconnects after the server drops the socket and replays without gap or duplicate', async () => {
    const id = uniqueId('drop');
    const rows = 40;
    const el = createSource({ stream: `/test-api/feed?id=${id}&rows=${rows}&closeAfter=15&interval=20` });
    const states = recordEvents(el, 'gpu-stream');
    const expected = await json<Record<string, number>[]>(`/test-api/feed-rows?rows=${rows}`);
    await until(() => el.length === rows && el.table.row(rows - 1)!.close === expected[rows - 1].close, 'all final rows', 15_000);
    expect(rowsOf(el)).to.deep.equal(expected);
    expect(states.map((s) => s.state)).to.include.members(['connecting', 'open', 'reconnecting']);
    expect(states.filter((s) => s.state === 'open')).to.have.length(2);
    const stats = await json<FeedStats>(`/test-api/feed-stats?id=${id}`);
    expect(stats.connections).to.equal(2);
    // The second hello asked for everything from the last row the client had (the one that was forming).
    const since = stats.subscriptions[1].since;
    expect(since).to.be.a('number');
    expect(since! % 1000).to.equal(0);
    expect(since).to.be.lessThan(EPOCH + rows * 1000);
  });

  it('skips and reports malformed messages, merges out-of-order rows into place, and goes on', async () => {
    const el = createSource({ stream: `/test-api/bad-feed?id=${uniqueId('bad')}` });
    const errors = recordEvents(el, 'gpu-error');
    await until(() => el.table.lastTime() === 5000, 'the final row');
    // 1500 and 2500 came after 3000: each is inserted in its place, none is lost.
    expect([...el.data.time]).to.deep.equal([1000, 1500, 2000, 2500, 3000, 4000, 5000]);
    expect([...el.data.value]).to.deep.equal([1, -1, 2, -2, 33, 4, 5]);
    expect(errors.every((e) => e.phase === 'stream')).to.equal(true);
    const malformed = errors.filter((e) => /malformed/.test(e.message));
    expect(malformed).to.have.length(4); // bad JSON, no time, a bare number, a bad binary frame
    expect(errors).to.have.length(4); // a reordered row is not an error
    expect(el.dataStream!.stats).to.include({ malformed: 4, outOfOrder: 2, connections: 1 });
    await el.updateComplete;
    expect(el.status).to.equal('streaming'); // non-fatal: the stream goes on
  });

  it('applies binary frames in the columnar format', async () => {
    const el = createSource({ stream: '/test-api/binary-feed?file=demo/data/candles.gcol' });
    const reference = (await loadColumns('/demo/data/candles.gcol')).columns!;
    await until(() => el.length === reference.time.length, 'the binary frame');
    for (const name of Object.keys(reference)) expect([...el.data[name]], name).to.deep.equal([...reference[name]]);
  });

  it('loads src first, then streams from its last row', async () => {
    const id = uniqueId('src-then-stream');
    // The file's 3 rows are a minute apart (EPOCH + 60 s … 180 s); the feed's rows a second apart
    // (EPOCH + 1 s … 200 s): the hello asks for rows since 180 s. The feed then sends its rows
    // from 1 s on anyway: older rows are merged into place (the file's times take the feed's values).
    const el = createSource({ src: `/test-api/resource.json?id=${id}&rows=3`, stream: `/test-api/feed?id=${id}&rows=200&interval=5` });
    await until(() => el.dataStream?.state === 'open', 'stream open');
    const stats = await json<FeedStats>(`/test-api/feed-stats?id=${id}`);
    expect(stats.subscriptions[0].since).to.equal(EPOCH + 180_000);
    const expected = await json<Record<string, number>[]>('/test-api/feed-rows?rows=200');
    await until(() => el.length === 200 && el.table.row(199)!.close === expected[199].close, 'all feed rows', 15_000);
    expect([...el.data.time].map((t) => t - EPOCH)).to.deep.equal(expected.map((r) => r.time - EPOCH));
    expect(rowsOf(el).map((r) => r.close)).to.deep.equal(expected.map((r) => r.close));
  });

  it('closes on disconnect and resumes with `since` on reconnect', async () => {
    const id = uniqueId('reattach');
    const el = createSource({ stream: `/test-api/feed?id=${id}&rows=30&interval=20` });
    await until(() => el.length >= 3, 'some rows');
    el.remove();
    await nextEvent(el, 'gpu-stream', (d) => d.state === 'closed').catch(() => undefined);
    expect(el.dataStream).to.equal(null);
    const last = el.table.lastTime();
    document.body.append(el);
    await until(() => el.dataStream?.state === 'open', 'reopened');
    const stats = await json<FeedStats>(`/test-api/feed-stats?id=${id}`);
    expect(stats.subscriptions[1].since).to.equal(last);
    const expected = await json<Record<string, number>[]>('/test-api/feed-rows?rows=30');
    await until(() => el.length === 30 && el.table.row(29)!.close === expected[29].close, 'all rows', 15_000);
    expect(rowsOf(el)).to.deep.equal(expected);
  });

  it('switches to a new stream URL and closes when `stream` is removed', async () => {
    const first = uniqueId('switch-a');
    const second = uniqueId('switch-b');
    const el = createSource({ stream: `/test-api/feed?id=${first}&rows=3&interval=10` });
    await until(() => el.length === 3, 'rows of the first feed');
    const states = recordEvents(el, 'gpu-stream');
    el.stream = `/test-api/feed?id=${second}&rows=6&interval=10`;
    await until(() => el.length === 6, 'rows of the second feed');
    const stats = await json<FeedStats>(`/test-api/feed-stats?id=${second}`);
    expect(stats.subscriptions[0].since).to.equal(EPOCH + 3000); // continues from the rows it has
    expect(states.map((s) => s.state).slice(0, 3)).to.deep.equal(['closed', 'connecting', 'open']);
    el.stream = null;
    await until(() => states.at(-1)!.state === 'closed', 'closed');
    expect(el.dataStream).to.equal(null);
  });

  it('follows the simulated market on /feed', async () => {
    const el = createSource({ stream: '/feed' });
    const data = recordEvents(el, 'gpu-data');
    await until(() => data.some((d) => d.reason === 'update'), 'a forming-candle update', 5_000);
    expect(el.length).to.be.greaterThan(60); // the replayed history
    const time = el.data.time;
    for (let i = 1; i < time.length; i++) expect(time[i] - time[i - 1]).to.equal(1000);
    const { open, high, low, close } = el.data;
    for (let i = 0; i < time.length; i++) {
      expect(high[i]).to.be.at.least(Math.max(open[i], close[i]));
      expect(low[i]).to.be.at.most(Math.min(open[i], close[i]));
    }
  });
});
