// <gpu-datasource tiles>: without a chart it holds the whole-series answer; a server's refusal is
// a gpu-error with the server's message; `stream` appends raw rows, held beside the tiles.
import { expect } from '@esm-bundle/chai';
import '../../src/elements/datasource/define.js';
import type { GpuDatasource } from '../../src/index.js';
import { createSource, json, rowsOf, uniqueId, until } from '../datasource/helpers.js';
import { WALK_T0 } from './walk.js';

const TEMPLATE = '/tiles/walk/m4?series={series}&from={from}&to={to}&width={width}';

describe('<gpu-datasource tiles>', () => {
  afterEach(() => document.querySelectorAll('gpu-datasource').forEach((el) => el.remove()));

  it('loads the whole series at 2048 columns: its first and last rows, at most four rows a column', async () => {
    const el = createSource({ tiles: TEMPLATE, series: 'walk' });
    await until(() => el.length > 0, 'the whole-series answer', 60_000);
    await el.tilesSettled();
    expect(el.status).to.equal('ready');
    const time = el.table.time;
    expect(time[0]).to.equal(WALK_T0); // row 0: the first row of the first column
    expect(time[time.length - 1]).to.equal(WALK_T0 + 999_999 * 1000 + ((999_999 * 7919) % 500));
    expect(el.length).to.be.at.most(4 * 2048).and.at.least(2048);
    expect(el.table.column('tile_rows')![0]).to.be.greaterThan(400); // ~488 rows a column
  });

  it('says what the server refused (400), as a gpu-error and the status', async () => {
    const errors: string[] = [];
    const el = createSource({ tiles: TEMPLATE, series: 'no"such' }, (e) => e.addEventListener('gpu-error', (ev) => errors.push((ev as CustomEvent).detail.message)));
    await until(() => errors.length > 0, 'the refusal', 60_000);
    expect(errors[0]).to.match(/HTTP 400 .*unknown series "no\\"such": this server has walk/);
    expect(el.status).to.equal('error');
    expect(el.length).to.equal(0);
  });

  it('keeps the rows a stream appends beside the tiles', async () => {
    const id = uniqueId('tiles-stream');
    const el: GpuDatasource = createSource({ tiles: TEMPLATE, series: 'walk', stream: `/test-api/feed?id=${id}&rows=8&interval=15` });
    const expected = await json<Record<string, number>[]>('/test-api/feed-rows?rows=8');
    const streamed = () => JSON.stringify(rowsOf(el).filter((r) => r.time < WALK_T0).map((r) => [r.time, r.close]));
    // The feed sends each row forming, then final: wait for the final eight.
    await until(() => el.length > 2048 && streamed() === JSON.stringify(expected.map((r) => [r.time, r.close])), 'tiles and the eight final streamed rows', 60_000);
    expect(rowsOf(el).filter((r) => r.time >= WALK_T0).length, 'the tile rows are still there').to.be.at.least(2048);
  });

  it('asks the tiles at the live edge again as live rows move it, and keeps the live rows the server lacks', async function () {
    this.timeout(60_000);
    // The server's series grows (scripts/tiles-middleware.mjs: /tiles/live): 1000 rows at first.
    const T0 = 1_717_200_000_000;
    const valueOf = (i: number) => (i * 37) % 101;
    const id = uniqueId('tiles-live');
    const el: GpuDatasource = createSource({ tiles: `/tiles/live/m4?id=${id}&series={series}&from={from}&to={to}&width={width}`, series: 'value' });
    await until(() => el.length === 1000, 'the first 1000 rows (a raw answer: fewer rows than 2048 columns)', 30_000);
    // The server gets rows 1000…1499; the live rows (a stream's, here appended by hand) are only
    // 1250…1519: the stream missed 1000…1249 (say, a reconnect), and 1500…1519 are newer than
    // the server's last row.
    await fetch(`/tiles/live/append?id=${id}&rows=500`);
    const live = (from: number, to: number) => ({
      time: Float64Array.from({ length: to - from }, (_, k) => T0 + (from + k) * 1000),
      value: Float64Array.from({ length: to - from }, (_, k) => valueOf(from + k)),
    });
    el.appendColumns(live(1250, 1520));
    await until(() => el.length === 1270, 'the live rows joined to the tiles', 5_000);
    // The whole-series answer reaches the live edge: asked again (within LIVE_REFRESH_MS), it
    // brings the rows the stream missed; the live rows stay.
    await until(() => el.length === 1520, 'rows 1000…1249 from the tiles asked again', 30_000);
    const rows = rowsOf(el);
    expect(rows.map((r) => r.time)).to.deep.equal(Array.from({ length: 1520 }, (_, i) => T0 + i * 1000));
    expect(rows.map((r) => r.value)).to.deep.equal(Array.from({ length: 1520 }, (_, i) => valueOf(i)));
  });
});
