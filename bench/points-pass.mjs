// The 3D point pass alone (issue 18), raw WebGPU, no library: N points in the P3 bench's three
// Gaussian clusters, one triangle per point as shaders/three-points.wgsl draws them, in pipeline
// variants that change only the per-fragment work (discard, blending, depth, MSAA with
// alpha-to-coverage) or shrink the points to almost no fragments. GPU ms per pass (timestamp
// queries where the adapter has them) and wall ms per frame, medians of 20 frames of an orbit;
// then the shipped variant drawn into a canvas each animation frame for 3 s (painted frames / s,
// drawing at once or after the last frame's onSubmittedWorkDone, as the P3 loop waits).
//   node bench/points-pass.mjs              (NS=4000000,1000000 for other sizes)
// On the real GPU: run from the staged project with CHROME_PATH/GPU_CHART_BROWSER_FLAGS set.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
const ROOT = process.cwd();
const puppeteer = (await import(ROOT + '/bench/node_modules/puppeteer-core/lib/esm/puppeteer/puppeteer-core.js')).default;
const { findBrowser, WEBGPU_FLAGS } = await import(ROOT + '/scripts/browser.mjs');
const server = createServer((req, res) => { const f = join(ROOT, decodeURIComponent(new URL(req.url, 'http://x').pathname)); if (!existsSync(f) || !statSync(f).isFile()) return res.writeHead(404).end(); res.writeHead(200, { 'content-type': extname(f) === '.html' ? 'text/html' : 'text/javascript' }); res.end(readFileSync(f)); });
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH || findBrowser(), headless: true, protocolTimeout: 600000, args: [...WEBGPU_FLAGS] });
const page = await browser.newPage();
page.on('console', (m) => console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
for (const n of (process.env.NS || '4000000').split(',')) {
  await page.goto(`http://127.0.0.1:${server.address().port}/bench/points-pass.html?n=${n}`);
  await page.waitForFunction(() => window.result, { timeout: 500000 });
  console.log(JSON.stringify(await page.evaluate(() => window.result)));
}
await browser.close(); server.close();
