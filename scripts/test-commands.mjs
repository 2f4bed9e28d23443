// Server-side commands the browser tests can call through @web/test-runner-commands'
// executeServerCommand: save an image for a person to look at, change the device pixel ratio,
// start a misbehaving stream server (scripts/chaos-feed.mjs) and read what it sent.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, normalize } from 'node:path';
import { ChaosFeed } from './chaos-feed.mjs';
import { ScriptedFeed } from './scripted-feed.mjs';

/** Running memory samplers, by test session. */
const memorySamplers = new Map();

export function testCommandsPlugin() {
  const chaosFeeds = new Map(); // port -> ChaosFeed
  const scriptedFeeds = new Map(); // port -> ScriptedFeed
  let otherOrigin = null; // { server, port }: plain pages from a second origin (test/state/fixtures)
  return {
    name: 'gpu-chart-test-commands',
    serverStop() {
      for (const feed of [...chaosFeeds.values(), ...scriptedFeeds.values()]) feed.stop();
      otherOrigin?.server.close();
      otherOrigin = null;
      chaosFeeds.clear();
      scriptedFeeds.clear();
    },
    async executeCommand({ command, payload, session }) {
      if (command === 'chaos-start') {
        const feed = new ChaosFeed(payload ?? {});
        const port = await feed.start();
        chaosFeeds.set(port, feed);
        return { port };
      }
      if (command === 'chaos-result') {
        const feed = chaosFeeds.get(payload.port);
        return feed ? feed.result() : null;
      }
      if (command === 'chaos-stop') {
        chaosFeeds.get(payload.port)?.stop();
        chaosFeeds.delete(payload.port);
        return true;
      }
      if (command === 'scripted-feed') {
        const feed = new ScriptedFeed(payload ?? {});
        const port = await feed.start();
        scriptedFeeds.set(port, feed);
        return { port };
      }
      if (command === 'scripted-feed-hellos') {
        const feed = scriptedFeeds.get(payload.port);
        return feed ? { hellos: feed.hellos, connections: feed.connections } : null;
      }
      if (command === 'scripted-feed-stop') {
        scriptedFeeds.get(payload.port)?.stop();
        scriptedFeeds.delete(payload.port);
        return true;
      }
      if (command === 'memory-sample-start') {
        // Samples the page's V8 heap plus ArrayBuffer backing stores (CDP Runtime.getHeapUsage)
        // every few ms until memory-sample-stop, which returns the baseline and the peak.
        const page = session.browser.getPage(session.id);
        const cdp = await page.createCDPSession();
        const read = async () => {
          const u = await cdp.send('Runtime.getHeapUsage');
          return (u.usedSize ?? 0) + (u.backingStorageSize ?? 0);
        };
        const sampler = { cdp, baseline: await read(), peak: 0, running: true, hasBacking: false };
        sampler.hasBacking = 'backingStorageSize' in (await cdp.send('Runtime.getHeapUsage'));
        sampler.peak = sampler.baseline;
        sampler.loop = (async () => {
          while (sampler.running) {
            try {
              sampler.peak = Math.max(sampler.peak, await read());
            } catch {
              break;
            }
            await new Promise((r) => setTimeout(r, 5));
          }
        })();
        memorySamplers.set(session.id, sampler);
        return { baseline: sampler.baseline, hasBacking: sampler.hasBacking };
      }
      if (command === 'memory-sample-stop') {
        const sampler = memorySamplers.get(session.id);
        if (!sampler) return null;
        sampler.running = false;
        await sampler.loop;
        memorySamplers.delete(session.id);
        await sampler.cdp.detach().catch(() => {});
        return { baseline: sampler.baseline, peak: sampler.peak, hasBacking: sampler.hasBacking };
      }
      if (command === 'other-origin') {
        // A second origin (another port) serving the static pages of test/state/fixtures, for
        // postMessage tests with real cross-origin frames.
        if (!otherOrigin) {
          const server = createServer((req, res) => {
            const name = new URL(req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '';
            if (!/^[a-z-]+\.html$/.test(name)) {
              res.writeHead(404).end();
              return;
            }
            try {
              const body = readFileSync(join('test', 'state', 'fixtures', name));
              res.writeHead(200, { 'content-type': 'text/html' }).end(body);
            } catch {
              res.writeHead(404).end();
            }
          });
          await new Promise((r) => server.listen(0, '127.0.0.1', r));
          otherOrigin = { server, port: server.address().port };
        }
        return { port: otherOrigin.port };
      }
      if (command === 'set-timezone') {
        // The page's time zone (CDP Emulation), so local-time readings show up in a UTC CI.
        const page = session.browser.getPage(session.id);
        await page.emulateTimezone(payload.zone ?? undefined);
        return true;
      }
      if (command === 'log') {
        // Figures a test wants in the runner's own output (browser logs are easy to miss).
        console.log(String(payload.text));
        return true;
      }
      if (command === 'save-image') {
        const name = normalize(String(payload.name)).replace(/^(\.\.(\/|\\|$))+/, '');
        const file = join('test-results', 'screens', name);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, Buffer.from(payload.base64, 'base64'));
        return file;
      }
      if (command === 'page-screenshot') {
        // What the page shows (DOM overlays included, unlike toBlob), clipped to a box in CSS px.
        const page = session.browser.getPage(session.id);
        const name = normalize(String(payload.name)).replace(/^(\.\.(\/|\\|$))+/, '');
        const file = join('test-results', 'screens', name);
        mkdirSync(dirname(file), { recursive: true });
        const png = await page.screenshot({ clip: payload.clip, type: 'png' });
        writeFileSync(file, png);
        return Buffer.from(png).toString('base64');
      }
      if (command === 'set-dpr') {
        const page = session.browser.getPage(session.id);
        const vp = page.viewport() ?? { width: 800, height: 600 };
        await page.setViewport({ width: vp.width, height: vp.height, deviceScaleFactor: payload.dpr });
        return true;
      }
      return undefined;
    },
  };
}
