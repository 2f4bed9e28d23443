#!/usr/bin/env node
// Case T (issue 22): 100M rows in Parquet drawn from M4 tiles. A tiled <gpu-datasource> (the CDN
// build, dist/cdn/gpu-chart.js) bound to a 1200×600 line chart, served by the tile service of
// bin/gpu-chart-serve.mjs over embedded DuckDB on this machine (scripts/tiles-middleware.mjs makes
// the Parquet files once). Measures, in headless Chromium:
//
//   first picture   create → the whole-series answer painted; → exact (view's own columns painted)
//   zoom steps      24 steps zooming in ×0.5 around one moment: set range → painted from what the
//                   table holds (draw), → tiles of the new zoom painted, → exact; cold, then warm
//                   (the same steps again: answers held, no request)
//   pan steps       24 steps of 10 % of the view to the left, likewise
//
// and per request the server's query ms (Server-Timing), the transfer ms (response end − request
// start − query) and the bytes. `node bench/run.mjs --cases T` runs it too.
//
//   node bench/tiles.mjs [--rows 100000000] [--steps 24]
import { createServer, get } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { execSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
process.env.GPU_CHART_BIG_ROWS = opt('--rows', process.env.GPU_CHART_BIG_ROWS ?? '100000000');
const STEPS = Number(opt('--steps', 24));
process.chdir(ROOT);

const { tilesMiddleware, BIG } = await import('../scripts/tiles-middleware.mjs');
const { findBrowser, WEBGPU_FLAGS } = await import('../scripts/browser.mjs');

// The working tree is what is measured: build the CDN bundle when it is missing or older than src/.
const changedSince = (dir) => execSync(`find ${dir} -type f -newer dist/cdn/gpu-chart.js`, { encoding: 'utf8' }).trim() !== '';
if (!existsSync('dist/cdn/gpu-chart.js') || changedSince('src') || changedSince('shaders')) execSync('npx rollup -c rollup.config.mjs --silent', { stdio: 'inherit' });

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };
const tiles = tilesMiddleware();
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path.startsWith('/tiles/')) {
    const context = { path, req, res, set respond(v) {}, set status(v) { res.statusCode = v; }, set body(v) { res.end(v); } };
    return tiles(context, async () => res.writeHead(404).end());
  }
  if (path === '/bench/tiles-page.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(`<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><style>body{margin:0}gpu-chart{display:block;width:1200px;height:600px}</style><script type="module" src="/dist/cdn/gpu-chart.js"></script>`);
  }
  const file = normalize(join(ROOT, path));
  if (!file.startsWith(ROOT + sep) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

// Open the service (make the Parquet files, compute the whole-series answer) before the clock starts.
console.log(`[T] rows ${Number(process.env.GPU_CHART_BIG_ROWS).toLocaleString('en')} in ${BIG.dir}`);
// node:http, not fetch: making the files and the levels takes longer than fetch waits for headers.
const opened = performance.now();
const warm = await new Promise((ok, fail) =>
  get(`${base}/tiles/big/m4/series`, (res) => {
    let text = '';
    res.on('data', (chunk) => (text += chunk));
    res.on('end', () => ok(text));
  }).on('error', fail),
);
console.log(`[T] series (service opened in ${((performance.now() - opened) / 1000).toFixed(1)} s): ${warm}`);

const browser = await puppeteer.launch({ executablePath: findBrowser(), headless: true, protocolTimeout: 0, args: [...WEBGPU_FLAGS, '--window-size=1280,800'] });
let result;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(`${base}/bench/tiles-page.html`, { waitUntil: 'load' });
  await page.waitForFunction(() => customElements.get('gpu-chart') && customElements.get('gpu-datasource'), { timeout: 60_000 });
  result = await page.evaluate(async (steps) => {
    const now = () => performance.now();
    // Frames drawn: each takes the canvas' texture once (one chart on the page).
    let frames = 0;
    const getTexture = GPUCanvasContext.prototype.getCurrentTexture;
    GPUCanvasContext.prototype.getCurrentTexture = function () {
      frames++;
      return getTexture.call(this);
    };
    performance.setResourceTimingBufferSize(100_000);
    const wait = (ms) => new Promise((r) => setTimeout(r, ms));
    // Failed fetches leave entries too (responseStatus 0): the client's `only-if-cached` look-ups
    // that found nothing in the HTTP cache. They are neither requests nor answers.
    const resources = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('/tiles/big/m4?') && e.responseStatus !== 0);
    let seen = 0;
    const newRequests = () => {
      const all = resources();
      const fresh = all.slice(seen);
      seen = all.length;
      return fresh.map((e) => {
        const query = e.serverTiming.find((s) => s.name === 'query')?.duration ?? NaN;
        const encode = e.serverTiming.find((s) => s.name === 'encode')?.duration ?? 0;
        // transferSize 0: the browser's HTTP cache answered (max-age), no request went out.
        const cached = e.transferSize === 0;
        return { cached, query: cached ? NaN : query, transfer: cached ? NaN : e.responseEnd - e.requestStart - query - encode, total: e.responseEnd - e.startTime, bytes: e.encodedBodySize };
      });
    };
    const source = document.createElement('gpu-datasource');
    source.id = 'big';
    source.setAttribute('series', 'price');
    source.setAttribute('tiles', '/tiles/big/m4?series={series}&from={from}&to={to}&width={width}');
    const chart = document.createElement('gpu-chart');
    chart.setAttribute('source', 'big');
    chart.setAttribute('type', 'line');
    chart.setAttribute('legend', 'off');
    // What each step did to the table (the GPU copy follows these): rebuilds (every row
    // replaced) and rows from the first changed one on (what the GPU copy uploads).
    let changes = { rebuilds: 0, uploads: 0 };
    source.table.subscribe((c) => {
      if (c.changedFrom === 0) changes.rebuilds++;
      changes.uploads += c.length - c.changedFrom;
    });
    const t0 = now();
    document.body.append(source, chart);
    await new Promise((r) => source.addEventListener('gpu-data', r, { once: true }));
    await chart.updateComplete;
    const firstPicture = now() - t0;
    // The fitted view is reported (gpu-range) at the next frame; then the view's own columns.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await wait(0);
    await source.tilesSettled();
    await chart.updateComplete;
    const firstExact = now() - t0;
    const firstRequests = newRequests();

    const centre = Date.UTC(2021, 5, 1, 12, 0, 0, 500);
    const full = chart.visibleRange;
    async function step(range) {
      const s = now();
      changes = { rebuilds: 0, uploads: 0 };
      const framesBefore = frames;
      chart.visibleRange = range;
      await chart.updateComplete;
      const draw = now() - s; // painted from the rows held
      await wait(0); // the datasource asks for tiles in the task after the range event
      await source.tilesSettled();
      await chart.updateComplete;
      const exact = now() - s;
      return { draw, exact, frames: frames - framesBefore, requests: newRequests(), ...changes, rows: source.length };
    }
    async function sequence(ranges) {
      const out = [];
      for (const r of ranges) out.push(await step(r));
      return out;
    }
    const zoomRanges = [];
    let span = full.to - full.from;
    for (let i = 0; i < steps; i++) {
      span /= 2;
      zoomRanges.push({ from: centre - span / 2, to: centre + span / 2 });
    }
    const zoomCold = await sequence(zoomRanges);
    const panRanges = [];
    const last = zoomRanges[Math.floor(steps / 2)];
    for (let i = 1; i <= steps; i++) {
      const d = ((last.to - last.from) * i) / 10;
      panRanges.push({ from: last.from - d, to: last.to - d });
    }
    chart.visibleRange = last;
    await source.tilesSettled();
    newRequests();
    const panCold = await sequence(panRanges);
    const zoomWarm = await sequence(zoomRanges);
    const panWarm = await sequence(panRanges);
    return { firstPicture, firstExact, firstRequests, zoomCold, panCold, zoomWarm, panWarm, rowsHeld: source.length, finalSpanMs: zoomRanges.at(-1).to - zoomRanges.at(-1).from };
  }, STEPS);
  await page.screenshot({ path: 'bench/results/tiles-last-step.png' }).catch(() => undefined);
} finally {
  await browser.close();
  server.close();
}

const median = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : NaN;
};
const p95 = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.ceil(v.length * 0.95) - 1)] : NaN;
};
const f = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '—');
const rows = [];
const reqStats = (reqs) => ({ n: `${reqs.filter((r) => !r.cached).length}${reqs.some((r) => r.cached) ? ` (+${reqs.filter((r) => r.cached).length} from the HTTP cache)` : ''}`, query: median(reqs.map((r) => r.query)), transfer: median(reqs.map((r) => r.transfer)), kb: median(reqs.map((r) => r.bytes / 1024)) });
for (const [name, list] of Object.entries({ 'zoom step, cold': result.zoomCold, 'pan step, cold': result.panCold, 'zoom step, warm': result.zoomWarm, 'pan step, warm': result.panWarm })) {
  const reqs = list.flatMap((s) => s.requests);
  const r = reqStats(reqs);
  const sum = (k) => list.reduce((a, s) => a + s[k], 0);
  rows.push(`| ${name} | ${f(median(list.map((s) => s.draw)))} (p95 ${f(p95(list.map((s) => s.draw)))}) | ${f(median(list.map((s) => s.exact)))} (p95 ${f(p95(list.map((s) => s.exact)))}) | ${f(median(list.map((s) => s.frames)))} (max ${Math.max(...list.map((s) => s.frames))}) | ${r.n} | ${f(r.query)} | ${f(r.transfer)} | ${f(r.kb)} | ${sum('rebuilds')} | ${f(sum('uploads') / sum('rows'))} |`);
}
const first = reqStats(result.firstRequests);
const out = [
  `Case T: ${Number(process.env.GPU_CHART_BIG_ROWS).toLocaleString('en')} rows (Parquet, embedded DuckDB on this machine), line chart 1200×600, ${STEPS} steps each; the last zoom shows ${f(result.finalSpanMs)} ms.`,
  '',
  `First picture (create → whole-series answer painted): ${f(result.firstPicture)} ms; exact (view's own columns painted): ${f(result.firstExact)} ms; ${first.n} requests, query ${f(first.query)} ms median, transfer ${f(first.transfer)} ms, ${f(first.kb)} KB.`,
  '',
  '| step | set range → painted from the rows held, ms | → exact picture painted, ms | frames drawn, median (max) | requests | query ms / request, median | transfer ms / request, median | KB / request, median | table rebuilds | rows to upload / rows held |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  `Rows held in the browser at the end: ${result.rowsHeld.toLocaleString('en')}.`,
];
console.log(out.join('\n'));
