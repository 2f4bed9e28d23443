// Pre-computed levels of the tile server (server/levels.mjs): answers read from power-of-two
// buckets are byte for byte the answers of the raw scan, at ranges and widths whose column edges
// fall anywhere inside buckets, for lines (with NaN gaps) and candles, in DuckDB and in ClickHouse
// (embedded, chdb).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckdbBackend, duckdbString } from '../../server/backends.mjs';
import { createTileService } from '../../server/tiles.mjs';
import { SERIES, T0, assertSameAnswer, chdbBackend, loadChdb, seriesRows } from './tiles-fixture.mjs';

const dir = mkdtempSync(join(tmpdir(), 'gpu-chart-levels-'));
const parquet = join(dir, 'series.parquet');
const ROWS = 60_000;
const SPAN = ROWS * 1000;

let duck;
before(async () => {
  duck = await duckdbBackend();
  await duck.run(`COPY (${seriesRows(0, ROWS)}) TO ${duckdbString(parquet)} (FORMAT parquet, ROW_GROUP_SIZE 8192)`);
});

after(() => {
  duck?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Requests whose pixel columns are many level buckets wide, with edges anywhere. */
const REQUESTS = [
  'series=price&width=700',
  'series=price&width=2048',
  'series=price&width=3',
  `series=price&from=${T0 + 777.25}&to=${T0 + 33_333_333}&width=123`,
  `series=price&from=${T0 - 5e6}&to=${T0 + SPAN + 5e6}&width=301`,
  `series=price&from=${T0 + 10_000_000.5}&to=${T0 + 30_000_000}&width=77`,
  `series=price&from=${T0 + 19_000_000}&to=${T0 + 21_500_000}&width=9`, // the 40-row gap inside one column
  'series=candles&width=50',
  `series=candles&from=${T0 + 1234.5}&to=${T0 + 41_000_000}&width=97`,
  `series=candles&from=${T0 + 29_000_000.5}&to=${T0 + 31_500_000}&width=40`, // columns without a number
];

/** The backend with a count of its queries (`counted.queries`). */
function counting(backend) {
  const counted = { ...backend, queries: 0 };
  counted.query = (sql) => {
    counted.queries++;
    return backend.query(sql);
  };
  return counted;
}

async function assertSameAnswers(levelled, raw, { minLevelled, counted }) {
  let used = 0;
  await levelled.warm(16); // the levels and the extent: made once, not per request
  for (const q of REQUESTS) {
    const queriesBefore = counted?.queries;
    const a = await levelled.tile(new URLSearchParams(q));
    // A request answered from the levels is one query (the whole descent in one UNION ALL).
    if (counted && a.levels) assert.equal(counted.queries - queriesBefore, 1, `${q}: queries of one levelled request`);
    const b = await raw.tile(new URLSearchParams(q));
    assert.equal(b.levels, false, q);
    if (a.levels) used++;
    assertSameAnswer(a, b, q);
  }
  assert.ok(used >= minLevelled, `levels answered ${used} of ${REQUESTS.length} requests`);
}

test('DuckDB: answers from the levels are byte for byte the raw scan\'s', async () => {
  const source = `read_parquet(${duckdbString(parquet)})`;
  const time = { column: 'ts', type: 'integer' };
  // 8 rows a finest bucket: 2^13 ms buckets, levels 13…16 over 60 000 s.
  const counted = counting(duck);
  const levelled = createTileService({ backend: counted, source, time, series: SERIES, rowsPerBucket: 8, cacheEntries: 0 });
  const raw = createTileService({ backend: duck, source, time, series: SERIES, levels: false, cacheEntries: 0 });
  await assertSameAnswers(levelled, raw, { minLevelled: REQUESTS.length, counted });
  const tables = await duck.query(`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = 'gpu_chart_levels' ORDER BY table_name`);
  assert.deepEqual(tables.t, ['candles_13', 'candles_14', 'candles_15', 'candles_16', 'price_13', 'price_14', 'price_15', 'price_16']);
  // A request with few rows per column reads no level (the raw query reads little).
  const fine = await levelled.tile(new URLSearchParams(`series=price&from=${T0}&to=${T0 + 4_000_000}&width=1000`));
  assert.equal(fine.levels, false);
});

test('ClickHouse (embedded, chdb): level tables (MergeTree) answer byte for byte as its raw scan and as DuckDB', async () => {
  const { Session } = loadChdb();
  const session = new Session(join(dir, 'chdb'));
  try {
    const clickhouse = counting(chdbBackend(session));
    const time = { column: 'ts', type: 'integer' };
    const levelled = createTileService({ backend: clickhouse, source: `file(${duckdbString(parquet)}, Parquet)`, time, series: SERIES, rowsPerBucket: 8, cacheEntries: 0 });
    const raw = createTileService({ backend: clickhouse, source: `file(${duckdbString(parquet)}, Parquet)`, time, series: SERIES, levels: false, cacheEntries: 0 });
    await assertSameAnswers(levelled, raw, { minLevelled: REQUESTS.length, counted: clickhouse });
    const duckRaw = createTileService({ backend: duck, source: `read_parquet(${duckdbString(parquet)})`, time, series: SERIES, levels: false, cacheEntries: 0 });
    await assertSameAnswers(levelled, duckRaw, { minLevelled: REQUESTS.length });
  } finally {
    session.cleanup?.();
  }
});

test('candle buckets over gaps: open of the first row and close of the last (NaN when a gap), high and low of the numbers', async () => {
  const source = `read_parquet(${duckdbString(parquet)})`;
  const service = createTileService({ backend: duck, source, time: { column: 'ts', type: 'integer' }, series: SERIES, levels: false, cacheEntries: 0 });
  const from = T0 + 29_000_000.5;
  const to = T0 + 31_500_000;
  const width = 40;
  const { columns, kind } = await service.tile(new URLSearchParams(`series=candles&from=${from}&to=${to}&width=${width}`));
  assert.equal(kind, 'm4');
  const rows = await duck.query(`SELECT CAST(ts AS DOUBLE) AS t, open, high, low, close, volume FROM ${source} WHERE ts >= ${Math.ceil(from)} AND ts < ${to} ORDER BY ts`);
  const number = (x) => (x === null || x === undefined ? NaN : Number(x));
  const expected = new Map();
  for (let i = 0; i < rows.t.length; i++) {
    const b = Math.floor(((rows.t[i] - from) * width) / (to - from));
    const [o, h, l, c, v] = ['open', 'high', 'low', 'close', 'volume'].map((k) => number(rows[k][i]));
    let e = expected.get(b);
    if (!e) expected.set(b, (e = { count: 0, open: o, high: -Infinity, low: Infinity, close: c, volume: 0, gaps: 0 }));
    e.count++;
    e.close = c;
    if (h > e.high) e.high = h;
    if (l < e.low) e.low = l;
    if (!Number.isNaN(v)) e.volume += v;
    if ([o, h, l, c].some(Number.isNaN)) e.gaps++;
  }
  const want = [...expected.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => ({ ...e, high: Number.isFinite(e.high) ? e.high : NaN, low: Number.isFinite(e.low) ? e.low : NaN }));
  const got = Array.from(columns.time, (_, i) => Object.fromEntries(['count', 'open', 'high', 'low', 'close', 'volume', 'gaps'].map((k) => [k, columns[k][i]])));
  assert.deepEqual(got, want);
  // The run of 200 rows without prices: buckets with no open, high, low or close; and buckets
  // whose first or last row is a gap while others are numbers (their bar is not drawn, as in memory).
  assert.ok(got.some((g) => g.gaps === g.count && Number.isNaN(g.high) && Number.isNaN(g.low)), 'a bucket of gaps only');
  assert.ok(got.some((g) => g.gaps > 0 && g.gaps < g.count), 'a bucket with a gap among numbers');
});
