// The tile server (bin/gpu-chart-serve.mjs, server/): its M4 answers checked against M4 computed
// here in JavaScript from every row, the raw-row fallback, the refusals (400 with a message), the
// binary answer, and the ClickHouse dialect run in embedded ClickHouse (chdb) over the same
// Parquet file, answering exactly as DuckDB does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duckdbBackend, duckdbString, jsonToColumns } from '../../server/backends.mjs';
import { createTileService, tileHandler } from '../../server/tiles.mjs';
import { checkIdentifier, tableRef, tileQueries } from '../../server/sql.mjs';
import { parseArgs, seriesFromArgs } from '../../bin/gpu-chart-serve.mjs';
import { loadChdb } from './tiles-fixture.mjs';

const dir = mkdtempSync(join(tmpdir(), 'gpu-chart-tiles-'));
const parquet = join(dir, 'series.parquet');
const ROWS = 50_000;
const T0 = 1704067200000; // 2024-01-01
const SERIES = { price: { kind: 'line', value: 'price' }, candles: { kind: 'candles', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' } };

let duck;
let service;
let server;
let base;
let all; // every row, read back: { ts, price, ... }

before(async () => {
  duck = await duckdbBackend();
  // Irregular times (a 0…499 ms jitter on a 1 s step), values with no ties, some NaN gaps.
  await duck.run(
    `COPY (SELECT ${T0} + i * 1000 + (hash(i) % 500)::BIGINT AS ts,
        CASE WHEN i % 997 = 5 THEN 'NaN'::DOUBLE ELSE sin(i / 700.0) * 100 + (hash(i * 7) % 100000) / 10000.0 + i * 1e-9 END AS price,
        100 + i % 7 AS open, 110 + i % 3 AS high, 90 - i % 5 AS low, 101 + i % 5 AS close, i % 13 AS volume
      FROM range(${ROWS}) t(i)) TO ${duckdbString(parquet)} (FORMAT parquet)`,
  );
  await duck.run(`CREATE VIEW src AS SELECT * FROM read_parquet(${duckdbString(parquet)})`);
  all = await duck.query('SELECT CAST(ts AS DOUBLE) AS ts, price FROM src ORDER BY ts');
  service = createTileService({ backend: duck, source: tableRef('duckdb', 'src'), time: { column: 'ts', type: 'integer' }, series: SERIES });
  const handler = tileHandler(service);
  server = createServer((req, res) => void handler(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => {
  server?.close();
  duck?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** M4 of every row in [from, to) at `width` columns, computed here (NaN rows skipped). */
function referenceM4(from, to, width) {
  const buckets = new Map();
  for (let i = 0; i < all.ts.length; i++) {
    const t = all.ts[i];
    const v = all.price[i];
    if (!(t >= from && t < to) || Number.isNaN(v)) continue;
    const b = Math.floor(((t - from) * width) / (to - from));
    let s = buckets.get(b);
    if (!s) buckets.set(b, (s = { n: 0, first: [t, v], last: [t, v], min: [t, v], max: [t, v] }));
    s.n++;
    s.last = [t, v];
    if (v < s.min[1]) s.min = [t, v];
    if (v > s.max[1]) s.max = [t, v];
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]);
}

async function get(query, headers = {}) {
  const res = await fetch(`${base}/m4?${query}`, { headers });
  return { res, body: res.headers.get('content-type')?.includes('json') ? await res.json() : new Uint8Array(await res.arrayBuffer()) };
}

test('M4 answers hold, per pixel column, the first, last, min and max rows and the count, as computed from every row', async () => {
  for (const [from, to, width] of [
    [T0, T0 + ROWS * 1000, 800],
    [T0 + 1234567.5, T0 + 9876543.25, 1000],
    [T0, T0 + ROWS * 1000, 3],
  ]) {
    const { res, body } = await get(`series=price&from=${from}&to=${to}&width=${width}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('gpu-chart-kind'), 'm4');
    const ref = referenceM4(from, to, width);
    // The answer may start and end with the nearest row outside the range (a bucket of one row).
    const inside = body.time.map((t, i) => i).filter((i) => body.first_time[i] >= from && body.first_time[i] < to);
    assert.equal(inside.length, ref.length, 'one answer row per non-empty column');
    inside.forEach((i, k) => {
      const [b, s] = ref[k];
      assert.equal(body.time[i], from + (b * (to - from)) / width, 'time is the column start');
      assert.equal(body.count[i], s.n);
      assert.deepEqual([body.first_time[i], body.first[i]], s.first);
      assert.deepEqual([body.last_time[i], body.last[i]], s.last);
      assert.deepEqual([body.min_time[i], body.min[i]], s.min);
      assert.deepEqual([body.max_time[i], body.max[i]], s.max);
    });
    assert.equal(Number(res.headers.get('gpu-chart-rows')), ref.reduce((n, [, s]) => n + s.n, 0));
  }
});

test('gaps: per column the NaN rows counted, and its first or last row when that is a gap', async () => {
  const from = T0;
  const to = T0 + ROWS * 1000;
  const width = 4999; // ~10 rows a column: some columns start or end with a NaN row
  const { body } = await get(`series=price&from=${from}&to=${to}&width=${width}`, { accept: 'application/json' });
  const columns = new Map();
  for (let i = 0; i < all.ts.length; i++) {
    const c = Math.floor(((all.ts[i] - from) * width) / (to - from));
    const s = columns.get(c) ?? { gaps: 0, first: i, last: i };
    if (Number.isNaN(all.price[i])) s.gaps++;
    s.last = i;
    columns.set(c, s);
  }
  let starts = 0;
  let ends = 0;
  body.time.forEach((t, i) => {
    if (!(t >= from && t < to) || body.gaps[i] === undefined) return;
    const s = columns.get(Math.round(((t - from) * width) / (to - from)));
    assert.equal(body.gaps[i], s.gaps);
    const firstGap = Number.isNaN(all.price[s.first]) ? all.ts[s.first] : null;
    const lastGap = Number.isNaN(all.price[s.last]) ? all.ts[s.last] : null;
    assert.equal(body.gap_first[i], firstGap);
    assert.equal(body.gap_last[i], lastGap);
    if (firstGap !== null) starts++;
    if (lastGap !== null) ends++;
  });
  assert.ok(starts > 0 && ends > 0, `columns starting (${starts}) and ending (${ends}) with a gap`);
});

test('the nearest rows outside the range come first and last, so lines enter the view as they do over every row', async () => {
  const from = T0 + 100_000.5;
  const to = T0 + 40_000_000;
  const { body } = await get(`series=price&from=${from}&to=${to}&width=500`);
  // The nearest rows of any kind: a gap there (NaN) means no segment enters the view.
  const before = all.ts.findLastIndex((t) => t < from);
  const afterRow = all.ts.findIndex((t) => t >= to);
  assert.deepEqual([body.time[0], body.first[0], body.count[0]], [all.ts[before], all.price[before], 1]);
  const n = body.time.length - 1;
  assert.deepEqual([body.time[n], body.last[n], body.count[n]], [all.ts[afterRow], all.price[afterRow], 1]);
});

test('a range with fewer rows than pixel columns is answered with the rows themselves', async () => {
  const from = T0 + 10_000_000;
  const to = from + 300_000; // ~300 rows
  const { res, body } = await get(`series=price&from=${from}&to=${to}&width=1000`);
  assert.equal(res.headers.get('gpu-chart-kind'), 'raw');
  assert.deepEqual(Object.keys(body), ['time', 'value']);
  const rows = [];
  // Gaps (NaN rows) are rows too: the line breaks there.
  for (let i = 0; i < all.ts.length; i++) if (all.ts[i] >= from && all.ts[i] < to) rows.push(all.ts[i]);
  assert.equal(body.time.length, rows.length + 2, 'the rows and a neighbour on each side');
  assert.deepEqual(body.time.slice(1, -1), rows);
});

test('no range means the whole series; candles are OHLC per column with summed volume', async () => {
  const { res, body } = await get('series=candles&width=10');
  assert.equal(res.headers.get('gpu-chart-from'), String(all.ts[0]));
  assert.equal(res.headers.get('gpu-chart-to'), String(all.ts.at(-1) + 1));
  assert.equal(body.count.reduce((a, b) => a + b), ROWS);
  // rows 0..4999 fall in the first column (times i s + jitter < 5000 s of 50000 s)
  const firstColumn = body.count[0];
  let volume = 0;
  for (let i = 0; i < firstColumn; i++) volume += i % 13;
  assert.equal(body.volume[0], volume);
  assert.equal(body.open[0], 100);
  assert.equal(body.high[0], 112);
  assert.equal(body.low[0], 86);
});

test('bad requests get 400 and say what is wrong; identifiers are never spliced', async () => {
  const cases = [
    ['series=price&from=10&to=5&width=10', /reversed/],
    ['series=price&from=10&to=10&width=10', /empty or reversed/],
    ['series=price&from=1&to=5&width=0', /width must be a whole number from 1 to 16384/],
    ['series=price&from=1&to=5&width=16385', /16384/],
    ['series=price&from=1&to=5&width=2.5', /whole number/],
    ['series=price&from=1&to=5', /missing width/],
    ['series=nope&width=10', /unknown series "nope": this server has price, candles/],
    [`series=${encodeURIComponent('price"; DROP TABLE src; --')}&width=10`, /unknown series/],
    [`series=${encodeURIComponent("price' OR 1=1")}&width=10`, /unknown series/],
    ['width=10', /missing series/],
    ['series=price&from=1e400&to=5&width=10', /not finite|not a number/],
    ['series=price&from=0x10&to=5&width=10', /not a number/],
    ['series=price&from=1;select&to=5&width=10', /not a number/],
    ['series=price&from=1&width=10', /both from and to/],
    ['series=price&from=-9e15&to=5&width=10', /range of a Date/],
    ['series=price&width=10&format=xml', /format must be json or gcol/],
  ];
  for (const [query, message] of cases) {
    const { res, body } = await get(query);
    assert.equal(res.status, 400, query);
    assert.match(body.error, message, query);
  }
  assert.throws(() => checkIdentifier('a"b'), /not a plain identifier/);
  assert.throws(() => checkIdentifier('1a'), /not a plain identifier/);
  assert.throws(() => tableRef('duckdb', 'a.b.c'), /at most/);
  assert.throws(() => tileQueries('duckdb', { source: '"s"', time: { column: 'ts', type: 'number' }, series: { kind: 'line', value: 'x) OR (1' }, from: 0, to: 1, width: 1 }), /not a plain identifier/);
  // The table is still there.
  assert.equal((await duck.query('SELECT count(*) AS n FROM src')).n[0], ROWS);
});

test('the binary answer (.gcol, asked for by format or Accept) holds the same columns; brotli or gzip when accepted', async () => {
  const q = `series=price&from=${T0}&to=${T0 + 20_000_000}&width=300`;
  const json = (await get(q)).body;
  const { res, body } = await get(q, { accept: 'application/vnd.gpu-chart.gcol', 'accept-encoding': 'gzip, br;q=0' });
  assert.equal(res.headers.get('content-type'), 'application/vnd.gpu-chart.gcol');
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  const view = new DataView(body.buffer, body.byteOffset);
  assert.equal(Buffer.from(body.subarray(0, 4)).toString(), 'GCOL');
  const columns = view.getUint32(8, true);
  const rows = Number(view.getBigUint64(16, true));
  assert.equal(rows, json.time.length);
  let at = 24;
  const decoded = {};
  for (let c = 0; c < columns; c++) {
    const len = view.getUint16(at + 2, true);
    const offset = Number(view.getBigUint64(at + 8, true));
    const name = Buffer.from(body.subarray(at + 16, at + 16 + len)).toString();
    decoded[name] = Array.from(new Float64Array(body.slice(offset, offset + rows * 8).buffer));
    at += 16 + Math.ceil(len / 8) * 8;
  }
  // JSON writes NaN (gaps, and columns without one) as null.
  assert.deepEqual(decoded, Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v.map((x) => (x === null ? NaN : x))])));
});

test('ClickHouse dialect (embedded ClickHouse, chdb) answers exactly as DuckDB over the same Parquet file', async () => {
  const chdb = loadChdb();
  const clickhouse = {
    dialect: 'clickhouse',
    async query(sql) {
      return jsonToColumns(JSON.parse(chdb.query(sql, 'JSON')));
    },
  };
  // file() is the operator's source expression here (what --table names on a server).
  const source = `file(${duckdbString(parquet)}, Parquet)`;
  // Both ways of bounding the range: on whole numbers (the column's type) and on floats.
  for (const type of ['integer', 'number']) {
    const ch = createTileService({ backend: clickhouse, source, time: { column: 'ts', type }, series: SERIES });
    const dk = createTileService({ backend: duck, source: `read_parquet(${duckdbString(parquet)})`, time: { column: 'ts', type }, series: SERIES });
    const requests = [
      'series=price&width=700',
      `series=price&from=${T0 + 777.25}&to=${T0 + 33_333_333}&width=1234`,
      `series=price&from=${T0 + 5_000_000}&to=${T0 + 5_400_000}&width=2000`,
      'series=candles&width=50',
      `series=candles&from=${T0}&to=${T0 + 100_000}&width=500`,
    ];
    for (const q of requests) {
      const a = await ch.tile(new URLSearchParams(q));
      const b = await dk.tile(new URLSearchParams(q));
      assert.equal(a.kind, b.kind, q);
      assert.equal(a.rows, b.rows, q);
      assert.deepEqual(Object.keys(a.columns), Object.keys(b.columns), q);
      for (const name of Object.keys(a.columns)) assert.deepEqual(Array.from(a.columns[name]), Array.from(b.columns[name]), `${q}: ${name}`);
    }
  }
});

test('command line: options and the series they expose', () => {
  const o = parseArgs(['a.parquet', 'b.parquet', '--time', 'ts', '--value', 'price', '--candles', 'o,h,l,c,v', '--port', '9000']);
  assert.deepEqual(o.files, ['a.parquet', 'b.parquet']);
  assert.deepEqual(seriesFromArgs(o), { price: { kind: 'line', value: 'price' }, candles: { kind: 'candles', open: 'o', high: 'h', low: 'l', close: 'c', volume: 'v' } });
  assert.throws(() => parseArgs(['a.parquet', '--value', 'p']), /--time/);
  assert.throws(() => parseArgs(['--time', 't', '--value', 'p']), /give files/);
  assert.throws(() => parseArgs(['x', '--time', 't', '--candles', 'a,b']), /OPEN,HIGH,LOW,CLOSE/);
  assert.deepEqual([o.live, o.checkMs], [false, 0]);
  const live = parseArgs(['--database', 'd.duckdb', '--table', 'ticks', '--time', 'ts', '--value', 'p', '--live', '--check-ms', '500']);
  assert.deepEqual([live.live, live.checkMs], [true, 500]);
  assert.throws(() => parseArgs(['x', '--time', 't', '--value', 'p', '--check-ms', '-1']), /--check-ms/);
});
