#!/usr/bin/env node
// `npm run bench`: gpu-chart against uPlot, lightweight-charts, ECharts and ChartGPU in one headless
// Chromium (WebGPU on SwiftShader, software Canvas2D). See bench/README.md for what is measured.
//
//   node bench/run.mjs [--quick] [--cases A0,A,A2,B,C,D,E,Y1,Y2,Y3,Y4] [--libs gpu-chart,uplot,...] [--reps N]
//
// Prints a table of medians (min–max) per case and library and the ratio to the best peer, and
// writes it with every raw run to bench/results/latest.json (screenshots in bench/results/shots/).
import { execSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { dynamicJobs, DYNAMIC_METRICS, DYNAMIC_TITLES } from './dynamic.mjs';
import { scienceJobs, SCIENCE_METRICS, SCIENCE_TITLES } from './science.mjs';
import { threeJobs, THREE_LIBS, THREE_METRICS, THREE_TITLES } from './three.mjs';
import { ensureLoadFile } from './load-files.mjs';

/** The Papa Parse version case LP runs (bench devDependency), for the report. */
const PAPA_VERSION = (() => {
  try {
    return JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'node_modules', 'papaparse', 'package.json'), 'utf8')).version;
  } catch {
    return '(not installed)';
  }
})();

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const RESULTS = join(HERE, 'results');
const SHOTS = join(RESULTS, 'shots');

// ---- options ----------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name) => {
  const i = argv.findIndex((a) => a === name || a.startsWith(name + '='));
  if (i < 0) return null;
  return argv[i].includes('=') ? argv[i].split('=').slice(1).join('=') : argv[i + 1];
};
if (flag('--help') || flag('-h')) {
  console.log('usage: node bench/run.mjs [--quick] [--cases F0,F1,A0,A0I,A,A2,B,F2,C,C3,D,E,M,LW,LM,LP,Y1,Y2,Y3,Y4,F3,F3M,H1,H2,H3,DN,T,P3,S3] [--libs a,b] [--sizes 1M,10M] [--reps N] [--timeout S] [--slow S] [--budget S] [--report] [--profile] [--trace] [--gpu-passes] [--expect-adapter NAME]');
  process.exit(0);
}
const QUICK = flag('--quick');
const ALL_LIBS = ['gpu-chart', 'uplot', 'lightweight-charts', 'echarts', 'chartgpu'];
/** The 3D peers (bench/three.mjs): they run only the 3D cases, which only they and gpu-chart run. */
const PEERS_3D = THREE_LIBS.filter((l) => !ALL_LIBS.includes(l));
const LIBS = (opt('--libs') || [...ALL_LIBS, ...PEERS_3D].join(',')).split(',').filter(Boolean);
const CASES = new Set((opt('--cases') || 'F0,F1,A0,A0I,A,A2,B,F2,C,C3,D,E,M,LW,LM,LP,Y1,Y2,Y3,Y4,F3,F3M,H1,H2,H3,DN,P3,S3').toUpperCase().replace(/A′|A'/g, 'A2').split(',').filter(Boolean));
let REPS = Number(opt('--reps') || (QUICK ? 1 : 3));
const ONLY_SIZES = opt('--sizes') ? opt('--sizes').split(',').map((x) => Number(x.replace(/k$/i, 'e3').replace(/M$/, 'e6'))) : null;
const TIMEOUT_S = Number(opt('--timeout') || (QUICK ? 30 : 40));
// A run that took longer than this (wall clock, whole page) is not repeated: keeps the full bench
// inside its 10-minute budget; the table's n column shows how many runs each median has.
const SLOW_S = Number(opt('--slow') || 20);
// Whole-run budget: repetitions after the first are skipped when they would not fit.
const BUDGET_S = Number(opt('--budget') || 540);

const SIZES = {
  A: QUICK ? [10_000, 100_000, 1_000_000] : [10_000, 100_000, 1_000_000, 10_000_000],
  A2: QUICK ? [100_000] : [1_000_000],
  B: QUICK ? [1_000_000] : [1_000_000, 10_000_000],
  C: QUICK ? [100_000] : [100_000, 1_000_000],
  D: QUICK ? [100_000] : [100_000, 1_000_000],
  C3: QUICK ? [100_000] : [1_000_000],
  // Loading a file (gpu-chart only): 1M rows of CSV (OHLCV, ~45 MB), 10M rows of .gcol.zst (time, value).
  L: QUICK ? [1_000_000] : [1_000_000, 10_000_000],
  // Many charts on one page (charts of 10k points each).
  M: QUICK ? [20] : [20, 100],
};
// A run on a real GPU that reports this adapter vendor is discarded (it fell back to software).
const EXPECT_ADAPTER = opt('--expect-adapter') || process.env.GPU_CHART_EXPECT_ADAPTER || null;
// A real GPU (the flags of ../shared/gpu/, or an expected adapter): the 8000² surface runs too.
const REAL_GPU = !!process.env.GPU_CHART_BROWSER_FLAGS?.trim() || !!EXPECT_ADAPTER;
const ZOOM_STEPS = QUICK ? 20 : 60;
const STREAM_MS = QUICK ? 1500 : 2000;
const STREAM_FIRST_MS = 500; // the first updates after a load, measured apart (columns grow once)
const STREAM_EXTRA = 2000; // rows generated beyond the initial data for appending

// ---- setup: bench deps, fresh CDN build -------------------------------------------------------

function ensureDeps() {
  const has = (p) => existsSync(join(HERE, 'node_modules', p));
  if (!has('puppeteer-core')) {
    console.log('[bench] installing bench dependencies (npm ci --prefix bench) …');
    execSync('npm ci --prefix bench --no-audit --no-fund', { cwd: ROOT, stdio: 'inherit' });
    return;
  }
  // The 3D peers came later: a bench/node_modules from before them is installed again when one
  // is asked for. Without a registry (a staged real-GPU machine) the other cases still run, and
  // the missing peer's runs say ERROR (could not load).
  const missing = ['plotly.js-gl3d-dist-min', 'echarts-gl'].filter((p, i) => LIBS.includes(['plotly', 'echarts-gl'][i]) && !has(p));
  if (!missing.length) return;
  console.log(`[bench] ${missing.join(', ')} missing: npm ci --prefix bench …`);
  try {
    execSync('npm ci --prefix bench --no-audit --no-fund', { cwd: ROOT, stdio: 'inherit' });
  } catch {
    console.warn(`[bench] WARNING: could not install ${missing.join(', ')}; their runs will be ERROR`);
  }
}

function newestMtime(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuild() {
  const out = join(ROOT, 'dist', 'cdn', 'gpu-chart.js');
  const src = Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'shaders')), statSync(join(ROOT, 'rollup.config.mjs')).mtimeMs);
  if (existsSync(out) && statSync(out).mtimeMs >= src) return 'up to date';
  console.log('[bench] building dist/cdn/gpu-chart.js (npx rollup -c rollup.config.mjs) …');
  try {
    execSync('npx rollup -c rollup.config.mjs', { cwd: ROOT, stdio: 'inherit' });
    return 'fresh';
  } catch (e) {
    if (!existsSync(out)) throw e;
    console.warn('[bench] WARNING: the build failed; benchmarking the existing (older) dist/cdn/gpu-chart.js');
    return 'stale (build failed)';
  }
}

// ---- files for the loading cases: bench/load-files.mjs (shared with `npm run test:slow`) ----------

// ---- static server (repo root) ----------------------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.map': 'application/json', '.wgsl': 'text/plain', '.png': 'image/png',
};

function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = normalize(join(ROOT, decodeURIComponent(url.pathname)));
    if (!file.startsWith(ROOT + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    // Content-Length and single byte ranges, as static hosts send them: Papa Parse's download
    // mode (case LP) fetches its chunks by Range; without it, it parses the file as one chunk.
    const size = statSync(file).size;
    const headers = { 'content-type': MIME[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store', 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && Number(range[1]) < size) {
      const start = Number(range[1]);
      const end = Math.min(size - 1, range[2] ? Number(range[2]) : size - 1);
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': size });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// ---- statistics and formatting ----------------------------------------------------------------

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length ? (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) : NaN;
};
const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const fmt = (v) => (!Number.isFinite(v) ? '-' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const sizeLabel = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

// ---- one job = one fresh page ------------------------------------------------------------------

function withTimeout(p, s, what) {
  let t;
  return Promise.race([p, new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`TIMEOUT after ${s} s (${what})`)), s * 1000)))]).finally(() => clearTimeout(t));
}

/** JS heap after a full GC, plus ArrayBuffer backing stores (typed arrays live outside the heap). */
async function heapUsed(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const h = await cdp.send('Runtime.getHeapUsage');
  return { js: h.usedSize, backing: h.backingStorageSize ?? 0 };
}
const heapDelta = (a, b) => ({
  memMB: (b.js + b.backing - a.js - a.backing) / 2 ** 20, heapMB: (b.js - a.js) / 2 ** 20, buffersMB: (b.backing - a.backing) / 2 ** 20,
});

async function taskSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

// ---- --profile: a sampled CPU profile of the page's main thread over each job's measured part --

const PROFILE = flag('--profile');

async function startProfile(cdp) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}

/** Writes the .cpuprofile (open it in DevTools) and prints the functions with the most self time. */
async function saveProfile(cdp, name) {
  const { profile } = await cdp.send('Profiler.stop');
  const dir = join(RESULTS, 'profiles');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name.replace(/[^A-Za-z0-9.-]+/g, '_')}.cpuprofile`), JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const gaps = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (gaps[i + 1] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const top = [...self.entries()].filter(([k]) => !/^\(idle\)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`[profile] ${name}: ${total.toFixed(0)} ms sampled`);
  for (const [k, ms] of top) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${k}`);
}

// ---- --trace: the main thread's tasks over each job's measured part, in order -------------------

const TRACE = flag('--trace');

// ---- --gpu-passes: GPU ms of every pass and submit → done of every submit (bench/gpu-passes.js) --
const GPU_PASSES = flag('--gpu-passes') ? readFileSync(new URL('./gpu-passes.js', import.meta.url), 'utf8') : null;

/** Prints the medians of bench/gpu-passes.js since its last reset (in the job's measured part). */
export async function printGpuPasses(page, name) {
  const summary = await page.evaluate(() => window.gpuPasses?.summary()).catch(() => null);
  if (summary) console.log(`[gpu-passes] ${name}: ${JSON.stringify(summary)}`);
}
/** Print every task of the traced part (a create); a long loop prints only the totals by kind. */
let PRINT_TASKS = true;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];

async function startTrace(cdp) {
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const extra = process.env.BENCH_TRACE_CATEGORIES ? process.env.BENCH_TRACE_CATEGORIES.split(',') : [];
  await cdp.send('Tracing.start', { categories: [...TRACE_CATEGORIES, ...extra].join(','), transferMode: 'ReportEvents' });
  return events;
}

/**
 * Ends the trace and prints the renderer main thread's tasks from the step's start (the page's
 * `bench-step` mark) on: start and length in ms, and what ran in them (timers, animation frames,
 * events, GPU submits, functions), so waits between the steps of a create show as gaps.
 */
async function printTrace(cdp, events, name) {
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  await done;
  if (process.env.BENCH_TRACE_DUMP) writeFileSync(process.env.BENCH_TRACE_DUMP, JSON.stringify(events));
  // The page's main thread is the one that wrote the mark (other pages' renderers trace too).
  const mark = events.filter((e) => e.name === 'bench-step').pop();
  if (!mark) return console.log(`[trace] ${name}: no bench-step mark in the trace`);
  const onMain = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && typeof e.ts === 'number');
  const t0 = mark.ts;
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.ts + e.dur >= t0).sort((a, b) => a.ts - b.ts);
  const inner = onMain.filter((e) => e.ph === 'X' && e.name !== 'RunTask' && e.dur >= 200);
  // Where the main thread's time went, by kind of work (these kinds do not nest in one another
  // except a layout forced from script, which also counts inside its FunctionCall).
  const kinds = ['FunctionCall', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'RunMicrotasks', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'MinorGC', 'MajorGC'];
  const busy = tasks.reduce((a, t) => a + t.dur, 0) / 1000;
  const byKind = kinds.map((k) => [k, onMain.filter((e) => e.name === k && e.ph === 'X' && e.ts >= t0).reduce((a, e) => a + e.dur, 0) / 1000]).filter(([, ms]) => ms > 0);
  console.log(`[trace] ${name}: ${busy.toFixed(1)} ms in ${tasks.length} tasks; ${byKind.map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(', ')}`);
  if (!PRINT_TASKS) return;
  console.log(`[trace] ${name}: main-thread tasks from the step's start (ms)`);
  for (const t of tasks.slice(0, 60)) {
    const what = inner
      .filter((e) => e.ts >= t.ts && e.ts < t.ts + t.dur)
      .map((e) => `${e.name}${e.args?.data?.functionName ? `:${e.args.data.functionName}` : e.args?.data?.type ? `:${e.args.data.type}` : ''}(${(e.dur / 1000).toFixed(1)})`)
      .slice(0, 6)
      .join(' ');
    console.log(`  ${((t.ts - t0) / 1000).toFixed(1).padStart(7)} +${(t.dur / 1000).toFixed(1).padStart(5)}  ${what}`);
  }
}

async function runJob(browser, base, job, rep) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 720, deviceScaleFactor: 1 });
  if (GPU_PASSES) await page.evaluateOnNewDocument(GPU_PASSES);
  const logs = [];
  page.on('pageerror', (e) => logs.push(String(e.message || e)));
  page.on('console', (m) => m.type() === 'error' && logs.push(m.text()));
  try {
    await page.goto(`${base}/bench/page.html?lib=${encodeURIComponent(job.lib)}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.bench, { timeout: 20000 });
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable');
    const ev = (fn, ...args) => withTimeout(page.evaluate(fn, ...args), TIMEOUT_S, `${job.id} ${job.lib}`);
    if (!job.noLoad) await ev(() => window.bench.load());
    // A job may narrow the profile to its measured phase with profileFrom() (streaming: the updates only).
    let profiling = false;
    let traceEvents = null;
    const profileFrom = async () => {
      if (PROFILE && !profiling) await startProfile(cdp);
      profiling = PROFILE;
      if (GPU_PASSES) await page.evaluate(() => window.gpuPasses?.reset());
      if (TRACE && !traceEvents) {
        traceEvents = await startTrace(cdp);
        await page.evaluate(() => performance.mark('bench-step'));
      }
    };
    if (!job.profilesItself) await profileFrom();
    const out = await job.run({ page, cdp, ev, profileFrom });
    if (profiling) await saveProfile(cdp, `${job.id}-${job.size ? sizeLabel(job.size) : ''}-${job.lib}-r${rep}`);
    PRINT_TASKS = !job.profilesItself || job.id === 'A';
    if (traceEvents) await printTrace(cdp, traceEvents, `${job.id}-${job.size ? sizeLabel(job.size) : ''}-${job.lib}-r${rep}`);
    if (GPU_PASSES) await printGpuPasses(page, `${job.id}-${job.size ? sizeLabel(job.size) : ''}-${job.lib}-r${rep} (measured part)`);
    if (out.na) return { status: 'na', note: out.na };
    // Screenshot of the chart box; series-coloured pixels decide whether the case counts.
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 1200, height: 600 }, encoding: 'base64' });
    const name = `${job.id}-${job.size ? sizeLabel(job.size) : ''}-${job.lib}-r${rep}.png`.replace(/[^A-Za-z0-9.-]+/g, '_');
    writeFileSync(join(SHOTS, name), Buffer.from(png, 'base64'));
    const px = await ev((b64, kind) => window.bench.countPixels(b64, kind), png, job.kind);
    // Valid: at least 1000 series-coloured pixels spread over at least half of the box's columns.
    const valid = job.validPixels ? job.validPixels(px) : job.kind === 'candles'
      ? px.red + px.blue >= 1000 && Math.max(px.redCols, px.blueCols) >= 0.5
      : job.kind.startsWith('grid:')
        ? px.red >= 1000 && px.cellsPainted === 1
        : px.red >= 1000 && px.redCols >= 0.5;
    if (valid && job.kind === 'candles' && Math.min(px.red, px.blue) < 300) out.note = 'one candle colour covers the other (overdraw)';
    if (job.afterShot) Object.assign(out, await job.afterShot({ page, cdp, ev }, out));
    return { status: valid ? 'ok' : 'invalid', ...out, px, shot: `shots/${name}`, errors: logs.slice(0, 5) };
  } catch (e) {
    const msg = String(e?.message || e).split('\n')[0];
    return { status: /TIMEOUT/.test(msg) ? 'timeout' : 'error', note: msg, errors: logs.slice(0, 5) };
  } finally {
    await withTimeout(page.close({ runBeforeUnload: false }), 20, 'close').catch(() => {});
  }
}

// ---- cases ------------------------------------------------------------------------------------

function jobs() {
  const list = [];
  const lineCreate = (id, size, warm) => ({
    id, size, kind: 'line', profilesItself: true,
    async run({ cdp, ev, profileFrom }) {
      await ev((n) => window.bench.gen('line', n, 1), size);
      if (warm) await ev(() => window.bench.warmup());
      const gpu0 = await ev(() => window.bench.gpuBytes());
      const own0 = await ev(() => window.bench.gpuBytesExposed());
      const before = await heapUsed(cdp);
      await profileFrom();
      const r = await ev(() => window.bench.createLine());
      const after = await heapUsed(cdp);
      const gpuBytes = await ev(() => window.bench.gpuBytes());
      const own = await ev(() => window.bench.gpuBytesExposed());
      return {
        ...r, ...heapDelta(before, after),
        gpuBytesPerPoint: gpuBytes == null ? null : (gpuBytes - gpu0) / size,
        gpuBytesPerPointExposed: own == null || own0 == null ? null : (own - own0) / size,
        gpu0,
      };
    },
    // After the screenshot (which judges the create): GPU memory can grow once rows are drawn
    // one by one (gpu-chart uploads rows when a view first reads them), so measure it again
    // after zooming in to 500 rows.
    async afterShot({ ev }, out) {
      if (!CASES.has('E') || out.gpu0 == null) return {};
      await ev((f) => window.bench.zoomIn(f), 500 / size);
      const gpuZoomed = await ev(() => window.bench.gpuBytes());
      return { gpuBytesPerPointZoomed: gpuZoomed == null ? null : (gpuZoomed - out.gpu0) / size };
    },
  });
  // F0: the browser's floor on a page with no library (an adapter, a device, a canvas, one tiny
  // pipeline, one cleared frame), next to A0 in the same run.
  if (CASES.has('F0')) {
    list.push({
      id: 'F0', size: 1000, kind: 'line', libs: ['gpu-chart'], noLoad: true,
      run: ({ ev }) => ev(() => window.bench.floor()),
    });
  }
  if (CASES.has('A0')) list.push(lineCreate('A0', 1000, false));
  // F1: the floor of case A: a page whose WebGPU device is warm makes a canvas and draws the
  // n points as one 1-px line strip (no library), create → painted, measured like A.
  if (CASES.has('F1')) {
    for (const n of SIZES.A.filter((n) => n <= 100_000)) {
      list.push({
        id: 'F1', size: n, kind: 'line', libs: ['gpu-chart'], noLoad: true,
        async run({ ev }) {
          await ev((n) => window.bench.gen('line', n, 1), n);
          return ev(() => window.bench.warmFloor());
        },
      });
    }
  }
  // A0I: the realistic page: the library's script ran 200 ms before the chart is created (data
  // arrives later); gpu-chart's prewarm has requested the device and compiled its pipelines.
  if (CASES.has('A0I')) {
    list.push({
      id: 'A0I', size: 1000, kind: 'line',
      async run({ ev }) {
        await ev((n) => window.bench.gen('line', n, 1), 1000);
        await ev(() => window.bench.sleep(200));
        return ev(() => window.bench.createLine());
      },
    });
  }
  const aSizes = CASES.has('A') ? [...SIZES.A] : [];
  if (CASES.has('E') && !aSizes.includes(1_000_000)) aSizes.push(1_000_000);
  for (const n of aSizes) list.push(lineCreate('A', n, true));
  if (CASES.has('A2')) {
    for (const n of SIZES.A2) {
      list.push({
        id: 'A2', size: n, kind: 'line',
        async run({ ev }) {
          await ev((n) => window.bench.gen('line', n, 1), n);
          await ev(() => window.bench.warmup());
          await ev(() => window.bench.createLine());
          return ev(() => window.bench.replace(2));
        },
      });
    }
  }
  if (CASES.has('B')) {
    for (const n of SIZES.B) {
      list.push({
        id: 'B', size: n, kind: 'line',
        async run({ cdp, ev }) {
          await ev((n) => window.bench.gen('line', n, 1), n);
          await ev(() => window.bench.warmup());
          await ev(() => window.bench.createLine());
          const t0 = await taskSeconds(cdp);
          const steps = await ev((k, ms) => window.bench.zoomPan(k, ms), ZOOM_STEPS, TIMEOUT_S * 600);
          const t1 = await taskSeconds(cdp);
          const paint = steps.map((s) => s.paint);
          const work = steps.map((s) => s.work);
          const r = {
            stepMedian: median(paint), stepP95: pct(paint, 95), workMedian: median(work), workP95: pct(work, 95), steps: paint.length,
            mainMsPerStep: ((t1 - t0) * 1000) / paint.length,
          };
          if (paint.length < ZOOM_STEPS) r.note = `only ${paint.length}/${ZOOM_STEPS} steps in ${Math.round(TIMEOUT_S * 0.6)} s`;
          return r;
        },
      });
    }
  }
  // C and C3: one append per animation frame. The first updates after a load grow every column
  // once (a one-time copy, as with any array that doubles); they are measured on their own
  // (firstMsPerUpdate, 0.5 s), then the steady state for STREAM_MS.
  const streamJob = (id, n, withIndicators) => ({
    id, size: n, kind: 'line', profilesItself: true,
    async run({ cdp, ev, profileFrom }) {
      const na = (await ev(() => window.bench.support('stream'))) || (withIndicators ? await ev(() => window.bench.support('indicators')) : null);
      if (na) return { na };
      await ev((n, x) => window.bench.gen('line', n, 1, x), n, STREAM_EXTRA);
      await ev(() => window.bench.warmup());
      await ev((k) => window.bench.createStream(k), withIndicators);
      const w0 = await taskSeconds(cdp);
      const first = await ev((ms) => window.bench.stream(ms), STREAM_FIRST_MS);
      const w1 = await taskSeconds(cdp);
      await profileFrom();
      const t0 = await taskSeconds(cdp);
      const r = await ev((ms) => window.bench.stream(ms), STREAM_MS);
      const t1 = await taskSeconds(cdp);
      return { ...r, mainMsPerUpdate: ((t1 - t0) * 1000) / r.count, firstMsPerUpdate: ((w1 - w0) * 1000) / first.count };
    },
  });
  // F2: the floor of C (no library): per append one point written to the GPU, one text node and
  // one frame of a 1-px line strip through every point; main-thread ms per update as in C.
  if (CASES.has('F2')) {
    for (const n of SIZES.C3) {
      list.push({
        id: 'F2', size: n, kind: 'line', libs: ['gpu-chart'], noLoad: true,
        async run({ cdp, ev }) {
          await ev((n, x) => window.bench.gen('line', n, 1, x), n, STREAM_EXTRA);
          await ev(() => window.bench.streamFloor());
          const w0 = await taskSeconds(cdp);
          const first = await ev((ms) => window.bench.stream(ms), STREAM_FIRST_MS);
          const w1 = await taskSeconds(cdp);
          const t0 = await taskSeconds(cdp);
          const r = await ev((ms) => window.bench.stream(ms), STREAM_MS);
          const t1 = await taskSeconds(cdp);
          return { ...r, mainMsPerUpdate: ((t1 - t0) * 1000) / r.count, firstMsPerUpdate: ((w1 - w0) * 1000) / first.count };
        },
      });
    }
  }
  if (CASES.has('C')) for (const n of SIZES.C) list.push(streamJob('C', n, false));
  if (CASES.has('C3')) for (const n of SIZES.C3) list.push(streamJob('C3', n, true));
  if (CASES.has('D')) {
    for (const n of SIZES.D) {
      list.push({
        id: 'D', size: n, kind: 'candles',
        async run({ cdp, ev }) {
          const na = await ev(() => window.bench.support('candles'));
          if (na) return { na };
          await ev((n) => window.bench.gen('candles', n, 1), n);
          await ev(() => window.bench.warmup());
          const before = await heapUsed(cdp);
          const r = await ev(() => window.bench.createCandles());
          const after = await heapUsed(cdp);
          return { ...r, ...heapDelta(before, after) };
        },
      });
    }
  }
  // M: many small charts of 10k points on one page: create → all painted, then one shared zoom
  // (gpu-chart: a sync group; ECharts: connect; uPlot: setScale on each) → all painted.
  if (CASES.has('M')) {
    for (const count of SIZES.M) {
      list.push({
        // Valid only when every chart of the grid shows its line (kind grid:N counts per cell).
        id: 'M', size: count, kind: `grid:${count}`, libs: ['gpu-chart', 'uplot', 'echarts'],
        async run({ ev }) {
          await ev((n) => window.bench.gen('line', n, 1), 10_000);
          const created = await ev((k) => window.bench.createMany(k), count);
          if (created.na) return created;
          const zoom = await ev(() => window.bench.zoomMany());
          return { paint: created.paint, zoomPaint: zoom.paint };
        },
      });
    }
  }
  // Loading a file, fetch → painted, with the decode in the worker (LW) or on the main thread
  // (LM): main-thread busy time (CDP TaskDuration), the longest main-thread task (longtask
  // observer) and the longest gap between animation frames of a rAF loop running meanwhile.
  for (const id of ['LW', 'LM']) {
    if (!CASES.has(id)) continue;
    for (const n of SIZES.L) {
      list.push({
        id, size: n, kind: 'line', libs: ['gpu-chart'],
        async run({ cdp, ev }) {
          const file = await ensureLoadFile(n);
          if (!file) return { na: 'n/a (no zstd command to make the .gcol.zst file)' };
          await ev(() => window.bench.warmup());
          const t0 = await taskSeconds(cdp);
          const r = await ev((url, worker) => window.bench.loadFile(url, worker), file.url, id === 'LW' ? 'auto' : 'off');
          const t1 = await taskSeconds(cdp);
          return { ...r, busy: (t1 - t0) * 1000, fileMB: file.bytes / 2 ** 20, note: `${file.format}, ${(file.bytes / 2 ** 20).toFixed(1)} MB` };
        },
      });
    }
  }
  // The CSV parsed by Papa Parse in its worker mode, then drawn by the same chart (bench/papa-load.mjs).
  if (CASES.has('LP')) {
    for (const n of SIZES.L.filter((rows) => rows <= 1_000_000)) {
      list.push({
        id: 'LP', size: n, kind: 'line', libs: ['gpu-chart'],
        async run({ cdp, ev }) {
          const file = await ensureLoadFile(n);
          await ev(() => window.bench.warmup());
          const t0 = await taskSeconds(cdp);
          const r = await ev(async (url) => (await import('/bench/papa-load.mjs')).loadWithPapa(url, document.getElementById('box'), { width: 1200, height: 600, line: '#ff0000' }), file.url);
          const t1 = await taskSeconds(cdp);
          return { ...r, busy: (t1 - t0) * 1000, fileMB: file.bytes / 2 ** 20, note: `${file.format}, ${(file.bytes / 2 ** 20).toFixed(1)} MB, Papa Parse ${PAPA_VERSION}` };
        },
      });
    }
  }
  list.push(...dynamicJobs(CASES, { quick: QUICK })); // issue 24: bench/dynamic.mjs
  list.push(...scienceJobs(CASES, { quick: QUICK })); // issue 16: bench/science.mjs
  list.push(...threeJobs(CASES, { quick: QUICK, realGpu: REAL_GPU })); // issue 18: bench/three.mjs
  return ONLY_SIZES ? list.filter((j) => ONLY_SIZES.includes(j.size)) : list;
}

// ---- report -----------------------------------------------------------------------------------

const METRICS = {
  F0: [['paint', 'browser floor: device + canvas + 1 pipeline + 1 frame', 'none']],
  F1: [['paint', 'floor of A: warm device, new canvas, points as a 1-px line strip', 'none'], ['paintExisting', '… the same into the canvas already on the page', 'none']],
  F2: [['mainMsPerUpdate', 'floor of C: main-thread ms / update (no library)', 'none'], ['perSec', 'painted updates / s', 'none'], ['submitsPerUpdate', 'WebGPU frames submitted / update', 'none']],
  A0: [['paint', 'create → painted, cold page', 'low']],
  A0I: [['paint', 'create → painted, library loaded 200 ms before', 'low']],
  M: [['paint', 'charts of 10k: create → all painted', 'low'], ['zoomPaint', 'charts of 10k: one shared zoom → all painted', 'low']],
  A: [['paint', 'create → painted', 'low']],
  A2: [['paint', 'set data → painted', 'low']],
  B: [['stepMedian', 'step → painted, median', 'low'], ['stepP95', 'step → painted, p95', 'low'], ['mainMsPerStep', 'main-thread ms / step', 'low']],
  C: [['mainMsPerUpdate', 'main-thread ms / update', 'low'], ['firstMsPerUpdate', 'main-thread ms / update, first 0.5 s', 'low'], ['perSec', 'painted updates / s', 'high'], ['submitsPerUpdate', 'WebGPU frames submitted / update', 'none']],
  C3: [['appendMedianMs', 'append() ms before the frame, median', 'low'], ['mainMsPerUpdate', 'main-thread ms / update', 'low'], ['firstMsPerUpdate', 'main-thread ms / update, first 0.5 s', 'low'], ['perSec', 'painted updates / s', 'high'], ['submitsPerUpdate', 'WebGPU frames submitted / update', 'none']],
  D: [['paint', 'create → painted', 'low']],
  LP: [['paint', 'fetch → painted', 'low'], ['busy', 'main-thread busy ms', 'low'], ['longest', 'longest main-thread task ms', 'low'], ['frameGap', 'longest rAF gap ms', 'low']],
  LW: [['paint', 'fetch → painted', 'low'], ['busy', 'main-thread busy ms', 'low'], ['longest', 'longest main-thread task ms', 'low'], ['frameGap', 'longest rAF gap ms', 'low']],
  LM: [['paint', 'fetch → painted', 'low'], ['busy', 'main-thread busy ms', 'low'], ['longest', 'longest main-thread task ms', 'low'], ['frameGap', 'longest rAF gap ms', 'low']],
  E: [['memMB', 'retained JS heap + ArrayBuffers (MB)', 'low'], ['heapMB', '… of which JS heap (MB)', 'none'], ['gpuBytesPerPoint', 'GPU buffer bytes / point', 'low'], ['gpuBytesPerPointZoomed', '… after zooming in to 500 rows', 'low'], ['gpuBytesPerPointExposed', '… per gpu-chart gpuBytesAllocated()', 'none']],
};
Object.assign(METRICS, DYNAMIC_METRICS, SCIENCE_METRICS, THREE_METRICS);
const TITLES = { ...DYNAMIC_TITLES, ...SCIENCE_TITLES, ...THREE_TITLES, F0: 'F0 floor', F1: 'F1 warm floor', F2: 'F2 stream floor', A0I: 'A0 early import', M: 'M many charts', A0: 'A0 cold', A: 'A line', A2: "A' replace", B: 'B zoom/pan', C: 'C stream', C3: 'C3 +3 ind.', D: 'D candles', E: 'E memory', LW: 'L load, worker', LM: 'L load, main', LP: 'L load, Papa worker' };

function summarise(results) {
  const rows = [];
  const groups = [];
  for (const key of Object.keys(results)) {
    const [id, size] = key.split('@');
    groups.push({ id, size: Number(size), key });
    if (id === 'A' && (Number(size) === 1_000_000 || Number(size) === 10_000_000) && CASES.has('E')) groups.push({ id: 'E', size: Number(size), key });
  }
  const order = ['F0', 'F1', 'A0', 'A0I', 'A', 'A2', 'B', 'F2', 'C', 'C3', 'D', 'E', 'M', 'LW', 'LM', 'LP'];
  groups.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id) || a.size - b.size);
  for (const g of groups) {
    if (g.id === 'A' && !CASES.has('A')) continue;
    const byLib = results[g.key];
    for (const [metric, label, better] of METRICS[g.id]) {
      const stats = {};
      for (const lib of LIBS) {
        // The 3D peers have no cell in the cases they do not run.
        if (!byLib[lib] && PEERS_3D.includes(lib)) continue;
        const runs = byLib[lib] || [];
        const ok = runs.filter((r) => r.status === 'ok' && Number.isFinite(r[metric]));
        const vals = ok.map((r) => r[metric]);
        const bad = runs.find((r) => r.status !== 'ok');
        stats[lib] = vals.length
          ? { median: median(vals), min: Math.min(...vals), max: Math.max(...vals), n: vals.length, note: bad ? `${bad.status}×${runs.filter((r) => r.status !== 'ok').length}` : [...new Set(runs.map((r) => r.note).filter(Boolean))].concat(runs.some((r) => r.slow) && REPS > 1 ? [`slow: not repeated (>${SLOW_S} s)`] : []).join('; ') }
          : { median: NaN, note: bad ? (bad.status === 'na' ? bad.note : bad.status.toUpperCase() + (bad.note ? `: ${bad.note}` : '')) : (runs.length ? 'n/a' : 'not run') };
        if ((metric === 'gpuBytesPerPoint' || metric === 'gpuBytesPerPointZoomed') && runs.length && !vals.length && !bad) stats[lib].note = 'n/a (not WebGPU)';
      }
      const peers = LIBS.filter((l) => l !== 'gpu-chart' && Number.isFinite(stats[l]?.median));
      const bestPeer = peers.length && better !== 'none' ? (better === 'low' ? Math.min : Math.max)(...peers.map((l) => stats[l].median)) : NaN;
      for (const lib of LIBS) {
        const s = stats[lib];
        if (!s) continue;
        const ratio = Number.isFinite(s.median) && Number.isFinite(bestPeer) && bestPeer > 0 ? s.median / bestPeer : NaN;
        rows.push({ case: g.id, size: g.size, metric: label, better, lib, ...s, ratioToBestPeer: ratio });
      }
    }
  }
  return rows;
}

const SHORT = { 'gpu-chart': 'gpu-chart', uplot: 'uPlot', 'lightweight-charts': 'lightweight-charts', echarts: 'ECharts', chartgpu: 'ChartGPU', plotly: 'Plotly gl3d', 'echarts-gl': 'ECharts-GL' };
/** npm package of a library name that is not its package's name. */
const PACKAGE = { plotly: 'plotly.js-gl3d-dist-min' };

/** One line per case, size and metric; one column per library; notes as numbered footnotes. */
function table(rows) {
  const notes = [];
  const noteRef = (text) => {
    let i = notes.indexOf(text);
    if (i < 0) i = notes.push(text) - 1;
    return `[${i + 1}]`;
  };
  // Only the libraries that have a row (the 3D peers have none in a 2D-only run).
  const libs = LIBS.filter((l) => rows.some((r) => r.lib === l));
  const header = ['case', 'size', 'metric', ...libs.map((l) => SHORT[l] || l), 'gpu-chart ÷ best peer'];
  const body = [];
  const keys = [...new Set(rows.map((r) => `${r.case}|${r.size}|${r.metric}`))];
  for (const k of keys) {
    const rs = rows.filter((r) => `${r.case}|${r.size}|${r.metric}` === k);
    const cells = libs.map((lib) => {
      const r = rs.find((x) => x.lib === lib);
      if (!r) return '';
      let c = Number.isFinite(r.median) ? (r.n > 1 ? `${fmt(r.median)} (${fmt(r.min)}–${fmt(r.max)})` : `${fmt(r.median)}`) : '';
      if (Number.isFinite(r.median) && r.n < REPS) c += ` n=${r.n}`;
      if (r.note) {
        const short = /^TIMEOUT/.test(r.note) ? 'TIMEOUT ' : /^INVALID/.test(r.note) ? 'INVALID ' : /^ERROR/.test(r.note) ? 'ERROR ' : /^n\/a/.test(r.note) ? 'n/a ' : '';
        c = (c ? c + ' ' : short) + noteRef(r.note);
      }
      return c;
    });
    const g = rs.find((x) => x.lib === 'gpu-chart');
    const ratio = g && Number.isFinite(g.ratioToBestPeer) ? `${g.ratioToBestPeer.toFixed(2)}×` : '';
    body.push([TITLES[rs[0].case], sizeLabel(rs[0].size), rs[0].metric.trim(), ...cells, ratio]);
  }
  const w = header.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(w[i])).join(' | ') + ' |';
  const out = [line(header), '|' + w.map((x) => '-'.repeat(x + 2)).join('|') + '|', ...body.map(line)];
  out.push('', `Medians (min–max) over ${REPS} runs unless n= says fewer; times in ms. Ratio: gpu-chart median ÷ best peer median (time: < 1 is faster; updates/s: > 1 is better).`);
  notes.forEach((n, i) => out.push(`[${i + 1}] ${n}`));
  return out.join('\n');
}

/** Medians of gpu-chart's cold-start phases (A0, A0I) and the floor (F0): when each WebGPU step started and ended, ms from the chart's creation. */
function coldBreakdown(results) {
  const keys = ['adapterStart', 'adapterEnd', 'deviceStart', 'deviceEnd', 'firstShaderModule', 'pipelinesStart', 'pipelinesEnd', 'firstConfigure', 'firstSubmit', 'lastSubmit', 'submits', 'work', 'paint'];
  const out = ['Cold start, gpu-chart (ms from the step\'s start; negative: before it, e.g. the prewarm):', '', `| case | ${keys.join(' | ')} |`, `|${'---|'.repeat(keys.length + 1)}`];
  for (const id of ['F0', 'A0', 'A0I']) {
    const runs = (results[`${id}@1000`]?.['gpu-chart'] ?? []).filter((r) => r.status === 'ok');
    if (!runs.length) continue;
    const cell = (k) => {
      const v = runs.map((r) => (k === 'work' || k === 'paint' ? r[k] : r.phases?.[k])).filter(Number.isFinite);
      return v.length ? fmt(median(v)) : '';
    };
    out.push(`| ${id} | ${keys.map(cell).join(' | ')} |`);
  }
  return out.join('\n');
}

// ---- main -------------------------------------------------------------------------------------

async function main() {
  if (flag('--report')) {
    // Re-print the table of the last run (bench/results/latest.json) without running anything.
    const last = JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8'));
    REPS = last.env.reps;
    console.log(table(summarise(last.runs)));
    return;
  }
  if (CASES.has('T')) {
    // Case T (issue 22): 100M rows from M4 tiles, its own script (a tile server, not the peers).
    execSync(`"${process.execPath}" bench/tiles.mjs`, { stdio: 'inherit', cwd: ROOT });
    CASES.delete('T');
    if (!CASES.size) return;
  }
  const started = Date.now();
  ensureDeps();
  const build = ensureBuild();
  const { default: puppeteer } = await import('puppeteer-core');
  const { findBrowser, WEBGPU_FLAGS } = await import('../scripts/browser.mjs');
  mkdirSync(SHOTS, { recursive: true });
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const executablePath = findBrowser();
  const launch = () => puppeteer.launch({
    executablePath,
    headless: true,
    protocolTimeout: 15 * 60_000,
    args: [...WEBGPU_FLAGS, '--disable-accelerated-2d-canvas', '--window-size=1280,720'],
  });
  let browser = await launch();
  const version = await browser.version();
  const probe = await browser.newPage();
  await probe.goto(`${base}/bench/page.html?lib=none`);
  const adapterInfo = await probe.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a ? { vendor: a.info.vendor, architecture: a.info.architecture, device: a.info.device, description: a.info.description } : null;
  });
  await probe.close();
  if (EXPECT_ADAPTER && !JSON.stringify(adapterInfo ?? {}).toLowerCase().includes(EXPECT_ADAPTER.toLowerCase())) {
    // A real-GPU run that fell back to software measured nothing worth keeping.
    console.error(`[bench] the WebGPU adapter is ${JSON.stringify(adapterInfo)}, not ${EXPECT_ADAPTER}: run discarded`);
    await browser.close();
    server.close();
    process.exit(2);
  }
  const env = {
    date: new Date().toISOString(), browser: version, executablePath, adapter: adapterInfo,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model}`, memGB: Math.round(os.totalmem() / 2 ** 30), node: process.version,
    gpuChartBuild: build, quick: QUICK, reps: REPS, timeoutS: TIMEOUT_S, slowS: SLOW_S, zoomSteps: ZOOM_STEPS, streamMs: STREAM_MS,
    libs: Object.fromEntries(LIBS.filter((l) => l !== 'gpu-chart').map((l) => {
      try { return [l, JSON.parse(readFileSync(join(HERE, 'node_modules', PACKAGE[l] ?? l, 'package.json'), 'utf8')).version]; } catch { return [l, '?']; }
    })),
  };
  try {
    env.gpuChartCommit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  } catch {}
  console.log(`[bench] ${version}, WebGPU adapter: ${adapterInfo ? `${adapterInfo.vendor} ${adapterInfo.architecture} ${adapterInfo.description}` : 'none'}`);
  console.log(`[bench] cases ${[...CASES].join(',')}, libraries ${LIBS.join(', ')}, ${REPS} rep(s), timeout ${TIMEOUT_S} s per step`);

  const results = {};
  const dead = new Set(); // job+lib that timed out or crashed: not repeated
  const lastSeconds = new Map();
  const timedOutCreate = new Set();
  let skipped = 0;
  const list = jobs();
  for (let rep = 1; rep <= REPS; rep++) {
    for (const job of list) {
      // Interleave: rotate the library order every job and repetition.
      const shift = (rep + list.indexOf(job)) % LIBS.length;
      const order = [...LIBS.slice(shift), ...LIBS.slice(0, shift)];
      for (const lib of order) {
        if (!(job.libs ?? ALL_LIBS).includes(lib)) continue;
        const key = `${job.id}@${job.size}`;
        const slot = ((results[key] ??= {})[lib] ??= []);
        if (dead.has(key + lib)) continue;
        const predicted = (lastSeconds.get(key + lib) ?? 0) * 1000;
        if (rep > 1 && Date.now() - started + predicted > BUDGET_S * 1000) {
          skipped++;
          continue;
        }
        const createKey = `line@${job.size}${lib}`;
        if (job.kind === 'line' && timedOutCreate.has(createKey) && job.id !== 'A') {
          slot.push({ status: 'timeout', note: `creating the ${sizeLabel(job.size)} chart already timed out in case A` });
          dead.add(key + lib);
          continue;
        }
        if (!browser.connected) {
          console.log('[bench] the browser went away (crash or out of memory): starting a new one');
          browser = await launch();
        }
        const t = Date.now();
        const r = await runJob(browser, base, { ...job, lib }, rep);
        slot.push(r);
        lastSeconds.set(key + lib, (Date.now() - t) / 1000);
        if (job.id === 'A' && r.status === 'timeout') timedOutCreate.add(createKey);
        if (r.status === 'timeout' || r.status === 'error' || r.status === 'na') dead.add(key + lib);
        if ((Date.now() - t) / 1000 > SLOW_S && r.status === 'ok') {
          dead.add(key + lib);
          r.slow = true;
        }
        const brief = r.status === 'ok' || r.status === 'invalid'
          ? Object.entries(r).filter(([k, v]) => typeof v === 'number').map(([k, v]) => `${k}=${fmt(v)}`).join(' ')
          : r.note;
        console.log(`[bench] r${rep} ${job.id} ${sizeLabel(job.size)} ${lib}: ${r.status} ${brief} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      }
    }
  }
  await browser.close().catch(() => {});
  server.close();
  const rows = summarise(results);
  env.seconds = Math.round((Date.now() - started) / 1000);
  env.skippedForBudget = skipped;
  writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify({ env, table: rows, runs: results }, null, 1));
  console.log('');
  console.log(table(rows));
  if (skipped) console.log(`\n[bench] ${skipped} later repetition(s) skipped to stay within the ${BUDGET_S} s budget (see n)`);
  console.log(`\n[bench] ${env.seconds} s; JSON in bench/results/latest.json, screenshots in bench/results/shots/`);
  const adapterLine = `WebGPU adapter: ${env.adapter ? `${env.adapter.vendor} ${env.adapter.architecture} ${env.adapter.description}`.trim() : 'none'}; ${env.browser}; ${env.date}`;
  writeFileSync(join(RESULTS, 'latest.md'), `${adapterLine}\n\n${table(rows)}\n\n${coldBreakdown(results)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
