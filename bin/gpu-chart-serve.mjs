#!/usr/bin/env node
// gpu-chart-serve: the M4 tile server (docs/tiles.md) over Parquet/CSV files or a DuckDB database
// (embedded DuckDB, the default) or a ClickHouse server or cluster (its HTTP interface).
//
//   gpu-chart-serve data/*.parquet --time ts --value price
//   gpu-chart-serve --database ticks.duckdb --table ticks --time ts --value price --value bid
//   gpu-chart-serve --clickhouse http://host:8123 --table db.ticks --time ts --value price
//
// Plain JavaScript so it runs with `node` and no build step; DuckDB is an optional peer
// dependency of the package (npm install @duckdb/node-api), needed only here.
import { createServer } from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openSource } from '../server/source.mjs';
import { createTileService, tileHandler } from '../server/tiles.mjs';

const USAGE = `usage: gpu-chart-serve [FILES...] --time COLUMN (--value COLUMN)... [--candles OPEN,HIGH,LOW,CLOSE[,VOLUME]]
         [--database FILE.duckdb --table NAME] [--clickhouse URL --table [DB.]NAME [--user U --password P]]
         [--port 8080] [--host 127.0.0.1] [--path /m4] [--max-age SECONDS] [--no-levels] [--rows-per-bucket 64]
         [--live [--check-ms 0]]
Serves GET PATH?series=S&from=MS&to=MS&width=PX (JSON or .gcol; see docs/tiles.md) and PATH/series.
Series: each --value column is a line series of that name; --candles is the series "candles".
--live: the table grows while served; requests check for new rows (at most every --check-ms ms),
extend the levels with rows appended at the end and rebuild them after other changes.`;

export function parseArgs(argv) {
  const o = { files: [], values: [], candles: null, port: 8080, host: '127.0.0.1', path: '/m4', maxAge: 0, levels: true, rowsPerBucket: 64, live: false, checkMs: 0 };
  const need = (i) => {
    if (i >= argv.length) throw new Error(`${argv[i - 1]} needs a value`);
    return argv[i];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--time') o.time = need(++i);
    else if (a === '--value') o.values.push(need(++i));
    else if (a === '--candles') o.candles = need(++i).split(',');
    else if (a === '--database') o.database = need(++i);
    else if (a === '--table') o.table = need(++i);
    else if (a === '--clickhouse') o.clickhouse = need(++i);
    else if (a === '--user') o.user = need(++i);
    else if (a === '--password') o.password = need(++i);
    else if (a === '--port') o.port = Number(need(++i));
    else if (a === '--host') o.host = need(++i);
    else if (a === '--path') o.path = need(++i);
    else if (a === '--max-age') o.maxAge = Number(need(++i));
    else if (a === '--no-levels') o.levels = false;
    else if (a === '--rows-per-bucket') o.rowsPerBucket = Number(need(++i));
    else if (a === '--live') o.live = true;
    else if (a === '--check-ms') o.checkMs = Number(need(++i));
    else if (a === '-h' || a === '--help') o.help = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.files.push(a);
  }
  if (o.help) return o;
  if (!o.time) throw new Error('--time COLUMN is required');
  if (!(Number.isInteger(o.rowsPerBucket) && o.rowsPerBucket >= 2)) throw new Error('--rows-per-bucket takes a whole number of at least 2');
  if (!(Number.isFinite(o.checkMs) && o.checkMs >= 0)) throw new Error('--check-ms takes a number of ms, at least 0');
  if (!o.values.length && !o.candles) throw new Error('give at least one --value COLUMN or --candles');
  if (o.candles && !(o.candles.length === 4 || o.candles.length === 5)) throw new Error('--candles takes OPEN,HIGH,LOW,CLOSE[,VOLUME]');
  if (o.clickhouse && !o.table) throw new Error('--clickhouse needs --table');
  if (!o.clickhouse && !o.files.length && !o.table) throw new Error('give files, --database/--table or --clickhouse/--table');
  return o;
}

export function seriesFromArgs(o) {
  const series = {};
  for (const v of o.values) series[v] = { kind: 'line', value: v };
  if (o.candles) {
    const [open, high, low, close, volume] = o.candles;
    series.candles = { kind: 'candles', open, high, low, close, volume };
  }
  return series;
}

async function main(argv) {
  let o;
  try {
    o = parseArgs(argv);
  } catch (e) {
    console.error(`gpu-chart-serve: ${e.message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (o.help) return console.log(USAGE);
  const { backend, source, time } = await openSource(o);
  const service = createTileService({ backend, source, time, series: seriesFromArgs(o), levels: o.levels, rowsPerBucket: o.rowsPerBucket, live: o.live, checkMs: o.checkMs });
  const list = await service.series();
  const handler = tileHandler(service, { path: o.path, maxAge: o.maxAge });
  const server = createServer((req, res) => void handler(req, res));
  server.listen(o.port, o.host, () => {
    const { port } = server.address();
    console.log(`gpu-chart-serve (${backend.dialect}): http://${o.host}:${port}${o.path}?series={series}&from={from}&to={to}&width={width}`);
    for (const s of list) console.log(`  ${s.name} (${s.kind}): ${s.rows} rows, ${new Date(s.from).toISOString()} … ${new Date(s.to).toISOString()}`);
  });
  // The whole series at 2048 columns is every client's first request: computed once, now.
  const started = Date.now();
  service.warm().then(
    () => console.log(`  levels and whole-series answers ready (${Date.now() - started} ms)`),
    (e) => console.error(`  whole-series answers failed: ${e.message}`),
  );
}

// Run only when executed, not when imported (npm installs commands as symlinks: compare real paths).
const invokedAs = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invokedAs === realpathSync(fileURLToPath(import.meta.url))) await main(process.argv.slice(2));
