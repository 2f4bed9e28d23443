// `npm run test:frameworks [react vue …]`: the package as an app installs it. Packs the library
// (`npm pack`, which builds it), installs the tarball into each app under test/frameworks/ (exact
// versions, no lock file: the tarball changes with every build), type-checks the app with no
// hand-written declarations (tsc / vue-tsc with strictTemplates, skipLibCheck false), builds it
// with Vite, serves the build and checks it in headless Chromium: the chart draws, a property set
// by the framework redraws it, the framework's own handlers receive gpu-ready, gpu-crosshair and
// gpu-range, and unmounting leaves no chart and no console error. Prints one line per app and
// exits non-zero if any check failed.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { findBrowser, WEBGPU_FLAGS } from '../../scripts/browser.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(HERE, '../..');
const APPS = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(HERE).filter((d) => existsSync(join(HERE, d, 'package.json')));
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

function pack() {
  const dir = join(HERE, '.pack');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  // prepack builds the library first (and prints as it does), so the tarball is found by name.
  sh('npm', ['pack', '--pack-destination', dir], ROOT);
  const [file] = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  renameSync(join(dir, file), join(dir, 'gpu-chart.tgz'));
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
function serve(dir) {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = existsSync(path) && statSync(path).isFile() ? path : join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Pixels near the series colour in the chart's own export (toBlob), read in the page. */
const countSeriesPixels = () =>
  document.querySelector('gpu-chart').updateComplete.then(async () => {
    const chart = document.querySelector('gpu-chart');
    const bitmap = await createImageBitmap(await chart.toBlob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0xd0) + Math.abs(d[i + 1] - 0x20) + Math.abs(d[i + 2] - 0x90) < 60) n++;
    return n;
  });

async function check(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  const results = {};
  const events = (name) => page.evaluate((n) => (window.__events?.[n] ?? []).length, name);
  const waitEvent = (name, min = 1) => page.waitForFunction((n, k) => (window.__events?.[n] ?? []).length >= k, { timeout: 30_000 }, name, min);
  try {
    await page.setViewport({ width: 800, height: 600 });
    await page.goto(url);
    await waitEvent('gpu-ready');
    results['gpu-ready handler'] = true;
    const line = await page.evaluate(countSeriesPixels);
    results['draws'] = line > 100;
    await page.evaluate(() => window.__app.setType('candlestick'));
    await page.waitForFunction(() => document.querySelector('gpu-chart').type === 'candlestick');
    const candles = await page.evaluate(countSeriesPixels);
    results['prop change redraws'] = candles > 100 && Math.abs(candles - line) > 50;
    const box = await (await page.$('gpu-chart')).boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2);
    await waitEvent('gpu-crosshair');
    results['gpu-crosshair handler'] = true;
    const ranges = await events('gpu-range');
    await page.mouse.wheel({ deltaY: -200 });
    await waitEvent('gpu-range', ranges + 1);
    results['gpu-range handler'] = true;
    await page.evaluate(() => window.__app.unmount());
    await new Promise((r) => setTimeout(r, 300));
    results['unmount leaves no chart'] = (await page.$$('gpu-chart')).length === 0;
    results['no gpu-error'] = (await events('gpu-error')) === 0;
  } catch (e) {
    results[`failed: ${String(e.message ?? e).split('\n')[0]}`] = false;
  }
  results['no console error'] = errors.length === 0;
  if (errors.length) console.log(errors.map((e) => `  console: ${e}`).join('\n'));
  await page.close();
  return results;
}

const t0 = Date.now();
pack();
console.log(`packed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
const browser = await puppeteer.launch({ executablePath: findBrowser(), headless: true, args: [...WEBGPU_FLAGS] });
let failed = 0;
try {
  for (const app of APPS) {
    const dir = join(HERE, app);
    const start = Date.now();
    const results = {};
    try {
      rmSync(join(dir, 'node_modules', 'gpu-chart'), { recursive: true, force: true });
      sh('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund'], dir);
      sh('npm', ['run', 'typecheck'], dir);
      results['type-checks'] = true;
      // A types-only project (the Preact and Solid JSX declarations) has nothing to run.
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).gpuChartTypesOnly) throw { typesOnly: true };
      sh('npm', ['run', 'build'], dir);
      const server = await serve(join(dir, 'dist'));
      try {
        Object.assign(results, await check(browser, `http://127.0.0.1:${server.address().port}/`));
      } finally {
        server.close();
      }
    } catch (e) {
      if (!e.typesOnly) results[`failed: ${(e.stdout ?? '') + (e.stderr ?? '') || e.message}`.slice(0, 2000)] = false;
    }
    const bad = Object.entries(results).filter(([, ok]) => !ok);
    failed += bad.length ? 1 : 0;
    console.log(`${app}: ${bad.length ? 'FAIL' : 'ok'} in ${((Date.now() - start) / 1000).toFixed(0)} s — ${Object.entries(results).map(([k, ok]) => `${ok ? '✓' : '✗'} ${k}`).join(', ')}`);
  }
} finally {
  await browser.close();
}
console.log(`${APPS.length - failed} of ${APPS.length} framework apps passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
