// Levels of a growing table (server/levels.mjs grow, server/tiles.mjs refresh): rows appended at
// the end extend the levels (no rebuild) and drop the kept answers reaching past the old end;
// rows inserted before the end rebuild them. After each change every answer is byte for byte the
// scan of every row, in DuckDB and in ClickHouse (embedded, chdb).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckdbBackend, duckdbString } from '../../server/backends.mjs';
import { createTileService } from '../../server/tiles.mjs';
import { SERIES, T0, assertSameAnswer, chdbBackend, loadChdb, seriesRows } from './tiles-fixture.mjs';

const dir = mkdtempSync(join(tmpdir(), 'gpu-chart-live-'));
const parquet = join(dir, 'series.parquet');
/** Rows in the first three steps (the file has 3000 more). */
const ROWS = 60_000;
/** Rows i of [lo, hi) of the series have times in [at(lo), at(hi)) (steps of 1 s, jitter < 0.5 s). */
const at = (i) => T0 + i * 1000;
/** Rows left out of the first table and inserted at the end, out of order. */
const LATE = [10_000, 10_010];

let duck;
before(async () => {
  duck = await duckdbBackend();
  await duck.run(`COPY (${seriesRows(0, ROWS + 3000)}) TO ${duckdbString(parquet)} (FORMAT parquet, ROW_GROUP_SIZE 8192)`);
});

after(() => {
  duck?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The backend with every statement it runs recorded (`ran`). */
function recording(backend) {
  const recorded = { ...backend, ran: [] };
  recorded.run = (sql) => {
    recorded.ran.push(sql);
    return backend.run(sql);
  };
  return recorded;
}

const before30k = [
  'series=price&width=700',
  'series=candles&width=50',
  `series=price&from=${T0 + 777.25}&to=${T0 + 25_000_000}&width=123`,
  `series=price&from=${T0 + 10_000_000.5}&to=${T0 + 50_000_000}&width=77`,
  `series=candles&from=${T0 + 1234.5}&to=${T0 + 41_000_000}&width=97`,
];
// Ranges across the first table's end (its last bucket was partial) and the second's.
const across = [
  `series=price&from=${T0 + 28_000_000.5}&to=${T0 + 33_000_000}&width=9`,
  `series=candles&from=${T0 + 20_000_000}&to=${T0 + 47_000_000.25}&width=61`,
  `series=price&from=${T0 + 40_000_000}&to=${T0 + 70_000_000}&width=301`,
];

/**
 * One growing table: `append(lo, hi)` adds rows i of [lo, hi) to `ticks`, whose first rows are
 * i < 30 000 without LATE. A levelled service with kept answers (live: it checks for new rows
 * before each request) against a scan of every row.
 */
async function growingTable(backend, raw, append) {
  const service = createTileService({ backend, source: 'ticks', time: { column: 'ts', type: 'integer' }, series: SERIES, rowsPerBucket: 8, live: true });
  const scan = createTileService({ backend: raw, source: 'ticks', time: { column: 'ts', type: 'integer' }, series: SERIES, levels: false, cacheEntries: 0, live: true });
  const same = async (requests, { levelled = true } = {}) => {
    const got = {};
    for (const q of requests) {
      const a = await service.tile(new URLSearchParams(q));
      assertSameAnswer(a, await scan.tile(new URLSearchParams(q)), q);
      if (levelled) assert.ok(a.levels, `${q}: answered from the levels`);
      got[q] = a;
    }
    return got;
  };
  await service.warm(16);
  await same([...before30k, ...across]);

  // Appended at the end: the levels extended (the finest level is not made again), the answers
  // reaching past the old end asked again, the others kept.
  await append(30_000, 45_000);
  backend.ran.length = 0;
  assert.deepEqual(await service.refresh(), { grown: true, levels: { price: 'extended', candles: 'extended' } });
  assert.ok(!backend.ran.some((sql) => /^CREATE/.test(sql) && /price_13|candles_13/.test(sql)), 'the finest level grows, it is not made again');
  let got = await same([...before30k, ...across]);
  assert.equal(got[before30k[2]].cached, true, 'an answer before the old end is kept');
  for (const q of [before30k[0], before30k[3], ...across]) assert.ok(!got[q].cached, `${q}: asked again`);
  assert.deepEqual(await service.refresh(), { grown: false, levels: {} });

  // Appended again, with no refresh: the next request notices.
  await append(45_000, ROWS);
  got = await same([...before30k, ...across]);
  assert.equal(got[before30k[0]].extent.to, Number((await raw.query(`SELECT max(ts) AS t FROM ticks`)).t[0]), 'the whole series reaches the last row');

  // Requests in flight while the table grows: the levels change only between them, and every
  // answer after the growth is the scan's.
  const inFlight = Promise.all([...before30k, ...across].map((q) => service.tile(new URLSearchParams(q))));
  await append(ROWS, ROWS + 3000);
  const grown = await service.refresh();
  assert.ok((await inFlight).every((a) => a.levels));
  // The requests' own check may have seen the rows first.
  assert.ok(!grown.grown || Object.values(grown.levels).every((l) => l === 'extended'), JSON.stringify(grown));
  await same([...before30k, ...across, `series=price&from=${T0 + 55_000_000}&to=${T0 + 63_000_000.5}&width=17`]);

  // Rows inserted before the end: every level made again from the source.
  await append(...LATE);
  assert.deepEqual(await service.refresh(), { grown: true, levels: { price: 'rebuilt', candles: 'rebuilt' } });
  await same([...before30k, ...across]);
}

test('DuckDB: levels of a growing table, extended with appended rows, answer as the scan of every row', async () => {
  await duck.run(`CREATE TABLE every AS SELECT * FROM read_parquet(${duckdbString(parquet)})`);
  await duck.run(`CREATE TABLE ticks AS SELECT * FROM every WHERE ts < ${at(30_000)} AND NOT (ts >= ${at(LATE[0])} AND ts < ${at(LATE[1])}) ORDER BY ts`);
  const append = (lo, hi) => duck.run(`INSERT INTO ticks SELECT * FROM every WHERE ts >= ${at(lo)} AND ts < ${at(hi)} ORDER BY ts`);
  await growingTable(recording(duck), duck, append);
});

test('ClickHouse (embedded, chdb): levels of a growing MergeTree table answer as its scan', async () => {
  const { Session } = loadChdb();
  const session = new Session(join(dir, 'chdb'));
  try {
    const clickhouse = chdbBackend(session);
    await clickhouse.run(`CREATE TABLE every ENGINE = MergeTree ORDER BY ts SETTINGS allow_nullable_key = 1 AS SELECT * FROM file(${duckdbString(parquet)}, Parquet)`);
    await clickhouse.run(`CREATE TABLE ticks ENGINE = MergeTree ORDER BY ts SETTINGS allow_nullable_key = 1 AS SELECT * FROM every WHERE ts < ${at(30_000)} AND NOT (ts >= ${at(LATE[0])} AND ts < ${at(LATE[1])})`);
    const append = (lo, hi) => clickhouse.run(`INSERT INTO ticks SELECT * FROM every WHERE ts >= ${at(lo)} AND ts < ${at(hi)}`);
    await growingTable(recording(clickhouse), clickhouse, append);
  } finally {
    session.cleanup?.();
  }
});
