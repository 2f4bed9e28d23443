#!/usr/bin/env node
// Case T's server side alone (issue 22): query ms per request of gpu-chart-serve's service over
// the 100M-row Parquet series (scripts/tiles-middleware.mjs makes it once), with the
// pre-computed levels (server/levels.mjs) and with a scan of every row in range, for the view's
// own columns (1200 px) at zooms from ten years down to minutes. No browser: what a request
// costs the server, apart from transfer and drawing.
//
//   node bench/tiles-server.mjs [--rows 100000000] [--steps 12] [--raw-steps 4]
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const STEPS = Number(opt('--steps', 12));
const RAW_STEPS = Number(opt('--raw-steps', 4));
const { openBigSeries } = await import('./tiles-big.mjs');
const { backend, BIG, createTileService } = await openBigSeries(opt('--rows', process.env.GPU_CHART_BIG_ROWS ?? '100000000'));
await backend.run(`CREATE VIEW big AS SELECT * FROM read_parquet('${BIG.dir.replaceAll("'", "''")}/*.parquet')`);
const options = { backend, source: '"big"', time: { column: 'ts', type: 'integer' }, series: { price: { kind: 'line', value: 'price' } }, cacheEntries: 0 };
const levelled = createTileService({ ...options, levels: true });
const raw = createTileService({ ...options, levels: false });
const [{ from, to }] = await levelled.series();
let t0 = performance.now();
await levelled.warm(16); // builds the levels
console.log(`[T-server] levels built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const WIDTH = 1200;
const centre = from + (to - from) * 0.618;
console.log('| view | rows in view | levels: query ms | scan: query ms | same answer |');
console.log('|---|---|---|---|---|');
for (let step = 0; step < STEPS; step++) {
  const span = (to - from) / 2 ** step;
  // Edges anywhere (not on a power-of-two grid), as a chart's device columns are.
  const q = new URLSearchParams({ series: 'price', from: String(centre - span * 0.618 + 0.37), to: String(centre + span * 0.382 + 0.37), width: String(WIDTH) });
  t0 = performance.now();
  const a = await levelled.tile(q);
  const levelMs = performance.now() - t0;
  let scanMs = NaN;
  let same = '—';
  if (step < RAW_STEPS || !a.levels) {
    t0 = performance.now();
    const b = await raw.tile(q);
    scanMs = performance.now() - t0;
    same = Object.keys(b.columns).every((k) => Buffer.from(a.columns[k].buffer).equals(Buffer.from(b.columns[k].buffer))) ? 'yes' : 'NO';
  }
  const days = span / 86_400_000;
  console.log(`| ${days >= 1 ? `${days.toFixed(days >= 10 ? 0 : 1)} days` : `${(days * 24).toFixed(1)} h`} | ${a.rows.toLocaleString('en')} | ${levelMs.toFixed(0)}${a.levels ? '' : ' (no level: scan)'} | ${Number.isNaN(scanMs) ? '—' : scanMs.toFixed(0)} | ${same} |`);
}
backend.close();
