// Live data for the demo page and the datasource tests, served by the same dev server.
//
//  WebSocket /feed                 a simulated market: random-walk ticks (about 4 a second)
//                                  aggregated into 1-second OHLCV candles. Every tick sends the
//                                  forming candle (same time = update); a new second starts a row.
//                                  Honours {"subscribe", "since"} by replaying a bounded history.
//  /test-api/...                   deterministic endpoints for test/datasource (per-test state
//                                  isolated by ?id=); see the handlers below.
//
// Only upgrade requests for our own paths are taken; @web/dev-server's own socket (/wds) and
// anything else on the server are left alone. Timers are unref'd and stopped on serverStop.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WebSocketServer } from 'ws';

const SOCKET_PATHS = new Set(['/feed', '/test-api/feed', '/test-api/bad-feed', '/test-api/binary-feed']);

export function demoFeedPlugin({ historySeconds = 3600, tickMs = 250 } = {}) {
  let rootDir = process.cwd();
  const wss = new WebSocketServer({ noServer: true });
  const market = new Market({ historySeconds, tickMs });
  const resources = new Map(); // id -> { version, requests, notModified }
  const feeds = new Map(); // id -> TestFeed
  const sockets = new Set();

  function onUpgrade(request, socket, head) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!SOCKET_PATHS.has(url.pathname)) return; // not ours: another listener handles it
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      answerPings(ws);
      if (url.pathname === '/feed') market.attach(ws);
      else if (url.pathname === '/test-api/feed') testFeed(url).attach(ws);
      else if (url.pathname === '/test-api/bad-feed') badFeed(ws);
      else binaryFeed(ws, rootDir, url);
    });
  }

  function testFeed(url) {
    const id = url.searchParams.get('id') ?? 'default';
    let feed = feeds.get(id);
    if (!feed) {
      feed = new TestFeed({
        rows: intParam(url, 'rows', 40),
        closeAfter: intParam(url, 'closeAfter', 0),
        intervalMs: intParam(url, 'interval', 20),
      });
      feeds.set(id, feed);
    }
    return feed;
  }

  let httpServer;
  return {
    name: 'demo-feed',
    serverStart({ server, config }) {
      if (config?.rootDir) rootDir = config.rootDir;
      if (!server) return; // middleware mode: no server of our own to attach to
      httpServer = server;
      server.on('upgrade', onUpgrade);
    },
    serverStop() {
      httpServer?.off('upgrade', onUpgrade);
      market.stop();
      for (const feed of feeds.values()) feed.stop();
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
    serve(context) {
      // The live demo's history file: the simulated market's finished candles up to five minutes
      // ago (the stream's `since` replay fills in the rest), as an object of columns.
      if (context.path === '/feed/history.json') {
        market.catchUp(Date.now());
        const cutoff = Date.now() - 300_000;
        const rows = market.history.filter((c) => c.time <= cutoff);
        const columns = { time: [], open: [], high: [], low: [], close: [], volume: [] };
        for (const r of rows) for (const k of Object.keys(columns)) columns[k].push(r[k]);
        return { body: JSON.stringify(columns), type: 'json', headers: { 'cache-control': 'no-store' } };
      }
      if (!context.path.startsWith('/test-api/')) return undefined;
      const url = new URL(context.url, 'http://localhost');
      const id = url.searchParams.get('id') ?? 'default';
      switch (context.path) {
        // A JSON file that counts its requests and carries an ETag; the server's etag middleware
        // answers a matching If-None-Match with 304.
        case '/test-api/resource.json': {
          const state = resourceState(resources, id);
          state.requests++;
          const etag = `"${id}-v${state.version}"`;
          if (context.get('if-none-match') === etag) state.notModified++;
          const rows = intParam(url, 'rows', 50);
          return { body: JSON.stringify(resourceRows(rows, state.version)), type: 'json', headers: { etag, 'cache-control': 'no-cache' } };
        }
        case '/test-api/resource/change': {
          const state = resourceState(resources, id);
          state.version++;
          return { body: JSON.stringify({ version: state.version }), type: 'json', headers: { 'cache-control': 'no-store' } };
        }
        case '/test-api/resource/stats':
          return { body: JSON.stringify(resourceState(resources, id)), type: 'json', headers: { 'cache-control': 'no-store' } };
        // The exact rows /test-api/feed produces for ?rows=N (final values).
        case '/test-api/feed-rows':
          return {
            body: JSON.stringify(Array.from({ length: intParam(url, 'rows', 40) }, (_, i) => feedRow(i + 1, true))),
            type: 'json',
            headers: { 'cache-control': 'no-store' },
          };
        case '/test-api/feed-stats': {
          const feed = feeds.get(id);
          return {
            body: JSON.stringify(feed ? { connections: feed.connections, subscriptions: feed.subscriptions, produced: feed.produced } : null),
            type: 'json',
            headers: { 'cache-control': 'no-store' },
          };
        }
        default:
          return undefined;
      }
    },
  };
}

function intParam(url, name, fallback) {
  const n = Number(url.searchParams.get(name));
  return Number.isFinite(n) && url.searchParams.has(name) ? n : fallback;
}

function resourceState(map, id) {
  let state = map.get(id);
  if (!state) map.set(id, (state = { version: 1, requests: 0, notModified: 0 }));
  return state;
}

/** Times of the test data: ms since 1970, starting at 2023-11-14 (realistic, so no unit guessing applies). */
export const TEST_EPOCH = 1_700_000_000_000;

function resourceRows(n, version) {
  return Array.from({ length: n }, (_, i) => ({ time: TEST_EPOCH + (i + 1) * 60_000, value: i * version + version / 10 }));
}

/** Waits for the client's {"subscribe","since"} message; resolves the parsed since (or null). */
function onSubscribe(ws, handler) {
  ws.once('message', (raw) => {
    let since = null;
    let channel = null;
    try {
      const msg = JSON.parse(String(raw));
      if (typeof msg.since === 'number' && Number.isFinite(msg.since)) since = msg.since;
      if (typeof msg.subscribe === 'string') channel = msg.subscribe;
    } catch {
      // A client that does not speak the protocol just gets live data.
    }
    handler(since, channel);
  });
}

/** The client's heartbeat: {"ping": n} is answered with {"pong": n} (docs/stream-protocol.md). */
function answerPings(ws) {
  ws.on('message', (raw) => {
    const text = String(raw);
    if (!text.startsWith('{"ping"')) return;
    try {
      send(ws, JSON.stringify({ pong: JSON.parse(text).ping }));
    } catch {
      // not a ping after all
    }
  });
}

function send(ws, data) {
  if (ws.readyState === ws.OPEN) ws.send(data);
}

// ---------------------------------------------------------------------------------------------
// The simulated market behind /feed. It only runs while someone listens; when a listener comes
// back after a pause, the missed seconds are simulated at once so the history has no holes.

class Market {
  constructor({ historySeconds, tickMs }) {
    this.historySeconds = historySeconds;
    this.tickMs = tickMs;
    this.history = []; // finished 1-second candles, oldest first
    this.forming = null;
    this.price = 100;
    this.listeners = new Set();
    this.timer = null;
  }

  attach(ws) {
    onSubscribe(ws, (since) => {
      this.catchUp(Date.now());
      const rows = [...this.history, this.forming].filter((c) => since === null || c.time >= since);
      send(ws, JSON.stringify(rows));
      this.listeners.add(ws);
      ws.on('close', () => {
        this.listeners.delete(ws);
        if (!this.listeners.size) this.stop();
      });
      this.start();
    });
  }

  start() {
    if (this.timer) return;
    const tick = () => {
      this.tick(Date.now());
      this.timer = setTimeout(tick, this.tickMs * (0.5 + Math.random()));
      this.timer.unref?.();
    };
    tick();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  /** Simulates every whole second up to `now` that nobody watched (or the history on first use). */
  catchUp(now) {
    const second = Math.floor(now / 1000) * 1000;
    if (!this.forming) {
      this.forming = this.newCandle(second - this.historySeconds * 1000);
    }
    const from = Math.max(this.forming.time, second - this.historySeconds * 1000);
    if (from > this.forming.time) this.forming = this.newCandle(from); // gap longer than the history
    while (this.forming.time < second) {
      for (let i = 0; i < 4; i++) this.applyTick(this.forming);
      this.finish(this.forming.time + 1000);
    }
  }

  tick(now) {
    this.catchUp(now);
    this.applyTick(this.forming);
    const message = JSON.stringify(this.forming);
    for (const ws of this.listeners) send(ws, message);
  }

  finish(nextTime) {
    this.history.push(this.forming);
    if (this.history.length > this.historySeconds) this.history.splice(0, this.history.length - this.historySeconds);
    this.forming = this.newCandle(nextTime);
  }

  newCandle(time) {
    const p = round(this.price);
    return { time, open: p, high: p, low: p, close: p, volume: 0 };
  }

  applyTick(candle) {
    // Log-normal random walk with a slight pull back towards 100, so the demo stays in range.
    this.price *= Math.exp(0.0008 * gaussian() + 0.00001 * Math.log(100 / this.price));
    const p = round(this.price);
    candle.close = p;
    candle.high = Math.max(candle.high, p);
    candle.low = Math.min(candle.low, p);
    candle.volume += Math.round(1 + Math.random() * 50);
  }
}

function gaussian() {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

function round(p) {
  return Math.round(p * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// /test-api/feed?id=&rows=N&closeAfter=M&interval=ms — a deterministic feed. Row i (TEST_EPOCH + i*1000)
// is first sent forming, then final. Production runs on its own clock from the first connection,
// whether or not a client is connected (as a real market would), and stops after N rows. The
// first connection is closed abruptly after M live messages, so the client has to reconnect and
// ask for a replay; /test-api/feed-rows returns the final rows to compare with.

export function feedRow(i, final) {
  const open = 100 + i;
  return final
    ? { time: TEST_EPOCH + i * 1000, open, high: open + 3, low: open - 2, close: open + 1, volume: i * 10 }
    : { time: TEST_EPOCH + i * 1000, open, high: open + 1, low: open - 1, close: open + 0.5, volume: i * 4 };
}

class TestFeed {
  constructor({ rows, closeAfter, intervalMs }) {
    this.rows = rows;
    this.closeAfter = closeAfter;
    this.intervalMs = intervalMs;
    this.produced = 0; // messages produced: row ceil(k/2), forming when k is odd
    this.connections = 0;
    this.subscriptions = [];
    this.listeners = new Set();
    this.timer = null;
  }

  current() {
    const rows = [];
    const complete = Math.floor(this.produced / 2);
    for (let i = 1; i <= complete; i++) rows.push(feedRow(i, true));
    if (this.produced % 2) rows.push(feedRow(complete + 1, false));
    return rows;
  }

  attach(ws) {
    const connection = ++this.connections;
    onSubscribe(ws, (since, channel) => {
      this.subscriptions.push({ since, channel });
      const replay = this.current().filter((r) => since === null || r.time >= since);
      if (replay.length) send(ws, JSON.stringify(replay));
      const listener = { ws, live: 0, dropAfter: connection === 1 && this.closeAfter > 0 ? this.closeAfter : Infinity };
      this.listeners.add(listener);
      ws.on('close', () => this.listeners.delete(listener));
      this.start();
    });
  }

  start() {
    if (this.timer || this.produced >= this.rows * 2) return;
    this.timer = setInterval(() => {
      this.produced++;
      const k = this.produced;
      const message = JSON.stringify(feedRow(Math.ceil(k / 2), k % 2 === 0));
      for (const listener of this.listeners) {
        send(listener.ws, message);
        if (++listener.live >= listener.dropAfter) {
          this.listeners.delete(listener);
          listener.ws.terminate(); // an abrupt drop, like a network failure
        }
      }
      if (k >= this.rows * 2) this.stop();
    }, this.intervalMs);
    this.timer.unref?.();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }
}

// /test-api/bad-feed — valid rows mixed with malformed and out-of-order messages, then a final
// row at time 5000 so the client knows everything was sent.
function badFeed(ws) {
  onSubscribe(ws, () => {
    const messages = [
      JSON.stringify({ time: 1000, value: 1 }),
      JSON.stringify([{ time: 2000, value: 2 }, { time: 3000, value: 3 }]),
      'this is not json {',
      JSON.stringify({ value: 'no time here' }),
      JSON.stringify({ time: 1500, value: -1 }), // out of order
      JSON.stringify(42),
      JSON.stringify({ time: 2500, value: -2 }), // out of order again: counted, not reported again
      Buffer.from([1, 2, 3, 4, 5]), // a binary frame that is not the columnar format
      JSON.stringify({ time: 3000, value: 33 }), // update of the last row
      JSON.stringify({ time: 4000, value: 4 }),
      JSON.stringify({ time: 5000, value: 5 }),
    ];
    for (const m of messages) send(ws, m);
  });
}

// /test-api/binary-feed?file=demo/data/candles.gcol — the file's bytes as one binary frame
// (the columnar format).
function binaryFeed(ws, rootDir, url) {
  const file = (url.searchParams.get('file') ?? 'demo/data/candles.gcol').replace(/\.\.+/g, '');
  onSubscribe(ws, async () => {
    try {
      const bytes = await readFile(path.join(path.resolve(rootDir), path.normalize(`/${file}`)));
      send(ws, bytes);
    } catch (error) {
      ws.close(1011, String(error).slice(0, 100));
    }
  });
}
