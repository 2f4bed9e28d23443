// Server-side commands the browser tests can call through @web/test-runner-commands'
// executeServerCommand: save an image for a person to look at, change the device pixel ratio,
// start a misbehaving stream server (scripts/chaos-feed.mjs) and read what it sent.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, normalize } from 'node:path';
import { ChaosFeed } from './chaos-feed.mjs';
import { ScriptedFeed } from './scripted-feed.mjs';

/** Fonts that Chromium's Debian package pulls in (fonts-dejavu, fonts-liberation). */
const SYSTEM_FONTS = ['/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf'];

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
      if (command === 'other-origin' || command === 'sw-site') {
        // A second origin (another port): the static pages of test/state/fixtures (postMessage
        // tests with real cross-origin frames), and a small site for the Service Worker test
        // (/sw/: its page and data, dist/sw.js, the CDN build under /sw/lib/). `sw-site` can take
        // the site offline (every connection is dropped, as with no network) and publish a new
        // library version (precache.json's version gets a suffix).
        if (!otherOrigin) {
          const site = { offline: false, versionSuffix: '' };
          const types = { html: 'text/html', js: 'text/javascript', json: 'application/json' };
          const send = (res, file, type, transform) => {
            try {
              const body = readFileSync(file);
              res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(transform ? transform(body) : body);
            } catch {
              res.writeHead(404).end();
            }
          };
          const server = createServer((req, res) => {
            if (site.offline) {
              req.socket.destroy();
              return;
            }
            const path = new URL(req.url ?? '/', 'http://x').pathname;
            const lib = /^\/sw\/lib\/((?:chunks\/)?[\w.-]+\.(?:js|json))$/.exec(path);
            if (lib) {
              const transform = lib[1] === 'precache.json' ? (body) => {
                const m = JSON.parse(String(body));
                m.version += site.versionSuffix;
                return JSON.stringify(m);
              } : null;
              send(res, join('dist', 'cdn', lib[1]), types[lib[1].split('.').pop()], transform);
              return;
            }
            if (path === '/sw/sw.js') return send(res, join('dist', 'sw.js'), types.js);
            const page = /^\/sw\/([a-z-]+\.(?:html|json))$/.exec(path);
            if (page) return send(res, join('test', 'sw', 'fixtures', page[1]), types[page[1].split('.').pop()]);
            const name = path.split('/').pop() ?? '';
            if (!/^[a-z-]+\.html$/.test(name)) {
              res.writeHead(404).end();
              return;
            }
            send(res, join('test', 'state', 'fixtures', name), types.html);
          });
          await new Promise((r) => server.listen(0, '127.0.0.1', r));
          otherOrigin = { server, port: server.address().port, site };
        }
        if (command === 'sw-site') {
          if (typeof payload?.offline === 'boolean') otherOrigin.site.offline = payload.offline;
          if (typeof payload?.versionSuffix === 'string') otherOrigin.site.versionSuffix = payload.versionSuffix;
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
      if (command === 'golden-mode') {
        // `npm run test:update-goldens` sets UPDATE_GOLDENS=1: goldens are written, not compared.
        return { update: process.env.UPDATE_GOLDENS === '1' };
      }
      if (command === 'golden-write' || command === 'golden-failure') {
        // Goldens go to test/goldens/<name>.png (update mode only); a failure's actual and diff
        // images to test-results/goldens/. Names are plain: letters, digits, '-', '_', '.'.
        const name = String(payload.name);
        if (!/^[\w.-]+$/.test(name) || name.includes('..')) throw new Error(`bad golden name ${name}`);
        const dir = command === 'golden-write' ? join('test', 'goldens') : join('test-results', 'goldens');
        if (command === 'golden-write' && process.env.UPDATE_GOLDENS !== '1') throw new Error('goldens are written only by npm run test:update-goldens');
        mkdirSync(dir, { recursive: true });
        const written = [];
        for (const [suffix, base64] of Object.entries(payload.images ?? {})) {
          const file = join(dir, `${name}${suffix}.png`);
          writeFileSync(file, Buffer.from(String(base64), 'base64'));
          written.push(file);
        }
        return written;
      }
      if (command === 'screenshot') {
        // A page screenshot of a CSS-px rectangle (for goldens where DOM parts matter: tooltip,
        // legend), at the page's device pixel ratio.
        const page = session.browser.getPage(session.id);
        const { x, y, width, height } = payload;
        return await page.screenshot({ encoding: 'base64', clip: { x, y, width, height }, captureBeyondViewport: false });
      }
      if (command === 'page-screenshot') {
        // What the page shows, DOM on top of the canvas (toBlob has only the chart's own layers).
        const page = session.browser.getPage(session.id);
        const png = await page.screenshot({ type: 'png', clip: payload.clip, captureBeyondViewport: false });
        const file = join('test-results', 'screens', normalize(String(payload.name)).replace(/^(\.\.(\/|\\|$))+/, ''));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, png);
        return Buffer.from(png).toString('base64');
      }
      if (command === 'system-font') {
        // A font file of this machine, for tests that load a web font (null when none is found).
        for (const file of SYSTEM_FONTS) if (existsSync(file)) return readFileSync(file).toString('base64');
        return null;
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
