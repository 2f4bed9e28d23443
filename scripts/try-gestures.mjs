// Tries the gestures of demo/interactive.html in headless Chromium (with `npm start` running):
// wheel zoom, drag, hover, arrow keys, End, double-click; prints the visible ranges and the
// accessible texts after each, and saves two screenshots in test-results/.
//   node scripts/try-gestures.mjs [url]
import puppeteer from 'puppeteer-core';
import { findBrowser, WEBGPU_FLAGS } from './browser.mjs';
const browser = await puppeteer.launch({ executablePath: findBrowser(), headless: true, args: [...WEBGPU_FLAGS] });
const page = await browser.newPage();
await page.setViewport({ width: 1100, height: 900 });
page.on('pageerror', (e) => console.log('[page error]', e.message));
await page.goto(process.argv[2] ?? 'http://localhost:8000/demo/interactive.html');
await page.waitForFunction('window.__ready === 1', { timeout: 60000 });
const range = () => page.evaluate(() => { const r = document.getElementById('a').visibleRange; const q = document.getElementById('b').visibleRange; return [new Date(r.from).toISOString(), new Date(r.to).toISOString(), new Date(q.from).toISOString(), new Date(q.to).toISOString()]; });
const box = await page.evaluate(() => { const r = document.getElementById('a').getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
console.log('start', await range());
// wheel zoom at 3/4 of the width
await page.mouse.move(box.x + box.w * 0.75, box.y + box.h * 0.5);
for (let i = 0; i < 5; i++) await page.mouse.wheel({ deltaY: -120 });
await new Promise((r) => setTimeout(r, 400));
console.log('after wheel', await range());
// drag to pan 200 px right
await page.mouse.move(box.x + 500, box.y + 150);
await page.mouse.down();
await page.mouse.move(box.x + 600, box.y + 150, { steps: 5 });
await page.mouse.move(box.x + 700, box.y + 150, { steps: 5 });
await page.mouse.up();
await new Promise((r) => setTimeout(r, 800));
console.log('after drag', await range());
// hover for crosshair + tooltip
await page.mouse.move(box.x + 400, box.y + 120);
await new Promise((r) => setTimeout(r, 300));
await page.screenshot({ path: 'test-results/interactive-hover.png' });
// keyboard
await page.focus('#a');
await page.keyboard.press('ArrowLeft');
await page.keyboard.press('ArrowLeft');
await new Promise((r) => setTimeout(r, 300));
const live = await page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('[aria-live]')?.textContent);
console.log('live region:', live);
const label = await page.evaluate(() => document.getElementById('a').getAttribute('aria-label'));
console.log('aria-label:', label);
await page.keyboard.press('End');
await new Promise((r) => setTimeout(r, 300));
console.log('after End', await range());
await page.screenshot({ path: 'test-results/interactive-keys.png' });
// double-click fit
await page.mouse.click(box.x + 300, box.y + 150, { count: 2 });
await new Promise((r) => setTimeout(r, 500));
console.log('after dblclick', await range());
await browser.close();
