#!/usr/bin/env node
// Levels of a growing table (issue 22; server/levels.mjs grow): the demo's series
// (scripts/tiles-middleware.mjs) copied into a DuckDB table but for its last 100 000 rows, levels
// built, then the rest appended in four steps, each followed by `refresh()` (the levels
// extended), a refresh with nothing new, and one row inserted out of order (every level rebuilt).
//
//   node bench/tiles-grow.mjs [--rows 10000000]
const argv = process.argv.slice(2);
const i = argv.indexOf('--rows');
const { openBigSeries } = await import('./tiles-big.mjs');
const { backend, BIG, createTileService } = await openBigSeries(i >= 0 ? argv[i + 1] : (process.env.GPU_CHART_BIG_ROWS ?? '10000000'));
await backend.run(`CREATE TABLE every AS SELECT * FROM read_parquet('${BIG.dir.replaceAll("'", "''")}/*.parquet') ORDER BY ts`);
const first = BIG.rows - 100_000;
await backend.run(`CREATE TABLE ticks AS SELECT * FROM every LIMIT ${first}`);
const service = createTileService({ backend, source: '"ticks"', time: { column: 'ts', type: 'integer' }, series: { price: { kind: 'line', value: 'price' } }, live: true });
let t0 = performance.now();
await service.warm(16);
console.log(`[T-grow] levels built for ${first.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
let at = first;
for (const add of [1, 1000, 10_000, 88_999]) {
  await backend.run(`INSERT INTO ticks SELECT * FROM every LIMIT ${add} OFFSET ${at}`);
  at += add;
  t0 = performance.now();
  const grown = await service.refresh();
  console.log(`[T-grow] ${add.toLocaleString('en')} rows appended: refresh ${(performance.now() - t0).toFixed(0)} ms, ${JSON.stringify(grown.levels)}`);
}
t0 = performance.now();
const same = await service.refresh();
console.log(`[T-grow] nothing new: refresh ${(performance.now() - t0).toFixed(1)} ms, grown ${same.grown}`);
await backend.run(`INSERT INTO ticks SELECT ts + 1, price, volume FROM every LIMIT 1 OFFSET ${Math.floor(BIG.rows / 2)}`);
t0 = performance.now();
const late = await service.refresh();
console.log(`[T-grow] one row out of order: refresh ${((performance.now() - t0) / 1000).toFixed(1)} s, ${JSON.stringify(late.levels)}`);
backend.close();
