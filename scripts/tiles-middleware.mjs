// M4 tiles (docs/tiles.md) served by the dev server (npm start) and the test runner, backed by
// embedded DuckDB through the same service as bin/gpu-chart-serve.mjs:
//
//   /tiles/walk/m4?series=walk&…   1M rows of an integer random walk (test/tiles/walk.ts makes
//                                   the same rows in the browser; the exactness test compares)
//   /tiles/big/m4?series=price&…   100M rows in Parquet (demo/big.html, bench), generated once
//                                   on first use into bench/data/ (git-ignored), with progress
//
// A Koa middleware (as scripts/slow-file.mjs): the node:http handler answers on the raw response.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/** The walk: same formula as test/tiles/walk.ts. Integers only, so JS and SQL agree exactly. */
export const WALK = { rows: 1_000_000, t0: 1_704_067_200_000, gapFrom: 600_000, gapTo: 600_500 };
export const BIG = { rows: Number(process.env.GPU_CHART_BIG_ROWS ?? 100_000_000), t0: Date.UTC(2016, 0, 1), dir: resolve(`bench/data/big-${Number(process.env.GPU_CHART_BIG_ROWS ?? 100_000_000)}`) };

/** The candle clusters (see openService): same formula as test/tiles/candle-gaps.gpu.test.ts. */
export const CLUSTERS = { clusters: 2000, t0: 1_704_067_200_000 };

const services = new Map();
let walkService = null;

/** The walk's table and tile service (one for both of its paths). */
async function openWalkService() {
  const { duckdbBackend } = await import('../server/backends.mjs');
  const { createTileService } = await import('../server/tiles.mjs');
  const { tableRef } = await import('../server/sql.mjs');
  const backend = await duckdbBackend();
  const { rows, t0 } = WALK;
  // `gappy`: the walk with gaps (NaN rows), as test/tiles/walk.ts makeGappyWalk.
  await backend.run(
    `CREATE TABLE walk AS SELECT ts, walk, CASE WHEN i % 997 < 2 OR (i >= ${WALK.gapFrom} AND i < ${WALK.gapTo}) THEN CAST('NaN' AS DOUBLE) ELSE walk END AS gappy
     FROM (SELECT i, ${t0} + i * 1000 + (i * 7919) % 500 AS ts,
       CAST(sum(((i * 2654435761) % 4294967296) % 201 - 100) OVER (ORDER BY i) AS DOUBLE) AS walk
     FROM range(${rows}) t(i)) AS w`,
  );
  const service = createTileService({
    backend,
    source: tableRef('duckdb', 'walk'),
    time: { column: 'ts', type: 'integer' },
    series: { walk: { kind: 'line', value: 'walk' }, gappy: { kind: 'line', value: 'gappy' } },
  });
  return service;
}

async function openService(name) {
  const { duckdbBackend } = await import('../server/backends.mjs');
  const { createTileService, tileHandler } = await import('../server/tiles.mjs');
  const { tableRef } = await import('../server/sql.mjs');
  if (name === 'walk' || name === 'walk-cached') {
    // One table and service for both paths; `walk-cached` answers may be reused for an hour
    // (Cache-Control max-age), as a deployed tile server's would (test/tiles/rest-delay.gpu.test.ts).
    walkService ??= openWalkService().catch((error) => {
      walkService = null;
      throw error;
    });
    const service = await walkService;
    return name === 'walk' ? tileHandler(service, { path: '/tiles/walk/m4', cors: false }) : tileHandler(service, { path: '/tiles/walk-cached/m4', cors: false, maxAge: 3600 });
  }
  if (name === 'clusters') {
    // Candles in clusters of four rows 0–3 ms apart, a minute between clusters, with gaps (NaN
    // rows) first, inside and last in clusters: test/tiles/candle-gaps.gpu.test.ts makes the same
    // rows in the browser (clusterCandles) and compares the pictures.
    const backend = await duckdbBackend();
    const { clusters, t0 } = CLUSTERS;
    await backend.run(
      `CREATE TABLE clusters AS SELECT ts, CASE WHEN gap THEN 'NaN'::DOUBLE ELSE base + k END AS open,
         CASE WHEN gap OR (c % 13 = 6 AND k = 2) THEN 'NaN'::DOUBLE ELSE base + 5 + (c * k) % 3 END AS high,
         CASE WHEN gap THEN 'NaN'::DOUBLE ELSE base - 5 - (c + k) % 4 END AS low,
         CASE WHEN gap THEN 'NaN'::DOUBLE ELSE base + 2 - k END AS close
       FROM (SELECT c, k, ${t0} + c * 60000 + k AS ts, 100 + (c * 37) % 23 AS base,
               (c % 7 = 3 AND k = 0) OR (c % 5 = 1 AND k = 1) OR (c % 11 = 4 AND k = 3) AS gap
             FROM range(${clusters}) a(c), range(4) b(k)) AS r ORDER BY ts`,
    );
    const service = createTileService({ backend, source: tableRef('duckdb', 'clusters'), time: { column: 'ts', type: 'integer' }, series: { candles: { kind: 'candles', open: 'open', high: 'high', low: 'low', close: 'close' } } });
    return tileHandler(service, { path: '/tiles/clusters/m4', cors: false });
  }
  if (name === 'big') {
    const backend = await duckdbBackend();
    await ensureBigParquet(backend);
    await backend.run(`CREATE VIEW big AS SELECT * FROM read_parquet('${BIG.dir.replaceAll("'", "''")}/*.parquet')`);
    const service = createTileService({
      backend,
      source: tableRef('duckdb', 'big'),
      time: { column: 'ts', type: 'integer' },
      series: { price: { kind: 'line', value: 'price' }, candles: { kind: 'candles', open: 'price', high: 'price', low: 'price', close: 'price', volume: 'volume' } },
      // Levels for the line (its finest level keeps a clustered copy of the rows: ~1.6 GB here);
      // the demo's candles scan their range.
      levels: ['price'],
    });
    await service.warm(); // the first request of every page: computed once, before answering
    return tileHandler(service, { path: '/tiles/big/m4', cors: false, maxAge: 3600 });
  }
  return null;
}

/**
 * The demo's series: ten years at irregular ~3.2 s steps (100M rows), a random walk-like signal
 * with slow and fast waves and noise, written once in 10 Parquet files (in time order already:
 * the jitter is under the step), reporting progress; the folder is renamed into place when done.
 */
export async function ensureBigParquet(backend) {
  if (existsSync(BIG.dir)) return;
  mkdirSync(resolve('bench/data'), { recursive: true });
  const parts = 10;
  const per = Math.ceil(BIG.rows / parts);
  const step = (10 * 365.25 * 86400e3) / BIG.rows;
  const tmp = `${BIG.dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  console.log(`[tiles] generating ${BIG.rows.toLocaleString('en')} rows into ${BIG.dir} (once)…`);
  const started = Date.now();
  for (let p = 0; p < parts; p++) {
    const lo = p * per;
    const hi = Math.min(BIG.rows, lo + per);
    await backend.run(
      `COPY (SELECT CAST(${BIG.t0} + floor(i * ${step}) + CAST(hash(i) % ${Math.max(1, Math.floor(step) - 1)} AS BIGINT) AS BIGINT) AS ts,
               1000 + 300 * sin(i / 2.0e7) + 60 * sin(i / 7.0e5) + 8 * sin(i / 1.1e4) + (CAST(hash(i * 31) % 2001 AS DOUBLE) - 1000) / 400.0 AS price,
               CAST(hash(i * 17) % 100 AS INTEGER) AS volume
             FROM range(${lo}, ${hi}) t(i)) TO '${tmp}/part-${String(p).padStart(2, '0')}.parquet' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`,
    );
    console.log(`[tiles]   ${Math.round(((p + 1) / parts) * 100)} % (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  renameSync(tmp, BIG.dir);
  console.log(`[tiles] ${BIG.dir} ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Growing series for the live-edge test (test/tiles/tiled-source.test.ts): per `id`, a table of
 * rows t = LIVE.t0 + i·1000, value = (i · 37) % 101, i from 0; `/tiles/live/append?id=…&rows=N`
 * adds the next N rows. Served with `live: true` (each request checks for new rows first).
 */
export const LIVE = { t0: 1_717_200_000_000, initial: 1000 };
const liveTables = new Map();

async function liveService(id) {
  if (!liveTables.has(id)) {
    liveTables.set(id, (async () => {
      const { duckdbBackend } = await import('../server/backends.mjs');
      const { createTileService, tileHandler } = await import('../server/tiles.mjs');
      const backend = await duckdbBackend({ connections: 1 });
      const state = { backend, rows: 0 };
      state.append = async (n) => {
        const from = state.rows;
        state.rows += n;
        await backend.run(`INSERT INTO live SELECT ${LIVE.t0} + i * 1000 AS ts, CAST((i * 37) % 101 AS DOUBLE) AS value FROM range(${from}, ${state.rows}) t(i)`);
      };
      await backend.run('CREATE TABLE live (ts BIGINT, value DOUBLE)');
      await state.append(LIVE.initial);
      const service = createTileService({ backend, source: '"live"', time: { column: 'ts', type: 'integer' }, series: { value: { kind: 'line', value: 'value' } }, live: true });
      state.handler = tileHandler(service, { path: '/tiles/live/m4', cors: false });
      return state;
    })());
  }
  return liveTables.get(id);
}

async function serveLive(context) {
  const url = new URL(context.url, 'http://localhost');
  const id = url.searchParams.get('id') ?? 'default';
  if (!/^[\w-]{1,64}$/.test(id)) {
    context.status = 400;
    context.body = JSON.stringify({ error: 'bad id' });
    return;
  }
  const state = await liveService(id);
  if (context.path === '/tiles/live/append') {
    const n = Number(url.searchParams.get('rows') ?? 0);
    if (!(Number.isInteger(n) && n >= 0 && n <= 100_000)) {
      context.status = 400;
      context.body = JSON.stringify({ error: 'rows: 0 to 100000' });
      return;
    }
    await state.append(n);
    context.set('cache-control', 'no-store');
    context.type = 'json';
    context.body = JSON.stringify({ rows: state.rows });
    return;
  }
  context.respond = false;
  await state.handler(context.req, context.res);
}

export function tilesMiddleware() {
  return async (context, next) => {
    if (context.path === '/tiles/live/m4' || context.path === '/tiles/live/append') return serveLive(context);
    const match = /^\/tiles\/(walk|walk-cached|clusters|big)\/m4(\/series)?$/.exec(context.path);
    if (!match) return next();
    const name = match[1];
    let handler;
    try {
      if (!services.has(name)) services.set(name, openService(name));
      handler = await services.get(name);
    } catch (error) {
      services.delete(name);
      context.status = 503;
      context.body = JSON.stringify({ error: `tiles: ${error.message}` });
      return;
    }
    context.respond = false;
    await handler(context.req, context.res);
  };
}
