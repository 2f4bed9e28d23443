// Opens a page of the running demo server in headless Chromium with WebGPU and saves a
// screenshot, so a person can look at what a user sees. Usage:
//   node scripts/screenshot.mjs http://localhost:8000/demo/ out.png [waitForGlobal]
import puppeteer from 'puppeteer-core';
import { findBrowser, WEBGPU_FLAGS } from './browser.mjs';

const [url, out = 'screenshot.png', waitFor = ''] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath: findBrowser(), headless: true, args: [...WEBGPU_FLAGS, '--window-size=1280,900'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('console', (m) => console.log(`[page] ${m.text()}`));
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  if (waitFor) await page.waitForFunction(`window.${waitFor} !== undefined`, { timeout: 60_000 });
  else await new Promise((r) => setTimeout(r, 3000));
  await new Promise((r) => setTimeout(r, 500));
  const info = waitFor ? await page.evaluate(`window.${waitFor}`) : '';
  await page.screenshot({ path: out, fullPage: process.env.FULL_PAGE === '1' });
  console.log(`saved ${out}${info !== '' ? ` (${waitFor} = ${info})` : ''}`);
} finally {
  await browser.close();
}
