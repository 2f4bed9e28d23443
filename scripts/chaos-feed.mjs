// A WebSocket feed that misbehaves on purpose, for the stream fault test
// (test/datasource/stream-chaos.test.ts, started through the `chaos-start` test command).
//
// It speaks docs/stream-protocol.md on 127.0.0.1 (an ephemeral port): on a hello it replays its
// rows with time >= since, then sends each new row (final) followed by the next row forming, and
// answers {"ping"} with {"pong"}. Every `faultEveryMs` one fault, in a seeded order:
//   drop      writes half of a frame, then cuts the TCP connection (a drop mid-message)
//   close     a clean close (1000)
//   garbage   frames that are not rows: broken JSON, binary junk, a bare array, a row without a
//             time, a row whose time is "Infinity"
//   duplicate the next rows are each sent twice
//   reorder   the next two final rows are sent swapped
//   stall     says nothing (pings included) for `stallMs`, the socket left open
//   restart   closes every socket (1012), refuses connections for `downMs`, then goes on with
//             its clock `shiftRows` rows behind, producing rows for times it had produced
//             already with different values (the client must take the new ones); from then
//             on a replay starts at the time it went back to if `since` is later (protocol:
//             a server whose history before `since` changed sends those rows too)
// The rows it holds at the end (the latest values for every time it produced) are the truth the
// client is compared with. Bounded: production stops after `durationMs`, everything is closed
// `durationMs + 30 s` after the start at the latest; every timer is unref'd.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

/** The chaos feed's first time: 2023-11-14 (a realistic epoch, ms). */
export const CHAOS_EPOCH = 1_700_000_000_000;

const FAULTS = ['drop', 'close', 'garbage', 'duplicate', 'reorder', 'stall', 'restart'];

export class ChaosFeed {
  constructor({ seed = 1, durationMs = 20_000, tickMs = 30, faultEveryMs = 1100, quietTailMs = 2500, stallMs = 1500, downMs = 400, shiftRows = 6 } = {}) {
    this.random = mulberry32(seed);
    this.durationMs = Math.min(durationMs, 60_000);
    this.tickMs = Math.max(5, tickMs);
    this.faultEveryMs = faultEveryMs;
    this.quietTailMs = quietTailMs;
    this.stallMs = stallMs;
    this.downMs = downMs;
    this.shiftRows = shiftRows;
    this.rows = new Map(); // time -> final row (the truth)
    this.clock = 0; // the next row's index
    this.era = 0; // restarts so far: a restarted server's values differ
    this.rewrittenFrom = Infinity; // the time the clock went back to at the latest restart
    this.down = false;
    this.ended = false;
    this.connections = 0;
    this.faults = Object.fromEntries(FAULTS.map((f) => [f, 0]));
    this.clients = new Set();
    this.pending = []; // faults waiting for the next row: 'reorder', 'duplicate'
    this.timers = new Set();
    this.wss = new WebSocketServer({ noServer: true });
    this.http = createServer((req, res) => res.writeHead(404).end());
    this.http.on('upgrade', (request, socket, head) => {
      if (this.down || this.closed) {
        socket.destroy(); // a restarting server: the connection is refused
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.attach(ws));
    });
  }

  /** Listens on 127.0.0.1 and starts producing; resolves with the port. */
  async start() {
    await new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', resolve);
    });
    this.startedAt = Date.now();
    this.every(this.tickMs, () => this.tick());
    let next = 0;
    let order = shuffled(FAULTS, this.random);
    let dueAt = this.startedAt + this.faultEveryMs;
    // A fault waits for a subscribed client (one that is reconnecting could not meet it).
    this.every(50, () => {
      const now = Date.now();
      if (now < dueAt || now - this.startedAt > this.durationMs - this.quietTailMs || this.down) return;
      if (![...this.clients].some((c) => c.subscribed && now >= c.stalledUntil)) return;
      if (next === order.length) {
        order = shuffled(FAULTS, this.random);
        next = 0;
      }
      this.fault(order[next++]);
      dueAt = now + this.faultEveryMs;
    });
    this.later(this.durationMs, () => this.end());
    this.later(this.durationMs + 30_000, () => this.stop());
    return this.http.address().port;
  }

  /** Once production has ended: the truth and what happened; before: { ended: false }. */
  result() {
    if (!this.ended) return { ended: false };
    const rows = [...this.rows.values()].sort((a, b) => a.time - b.time);
    return { ended: true, rows, connections: this.connections, faults: this.faults, era: this.era };
  }

  stop() {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer), clearInterval(timer);
    this.timers.clear();
    for (const client of this.clients) client.ws.terminate();
    this.clients.clear();
    this.wss.close();
    this.http.close();
  }

  // ------------------------------------------------------------------------------------------

  attach(ws) {
    this.connections++;
    const client = { ws, subscribed: false, stalledUntil: 0 };
    this.clients.add(client);
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
    ws.on('message', (raw) => {
      let message;
      try {
        message = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (message && typeof message === 'object' && 'ping' in message) {
        if (Date.now() >= client.stalledUntil) this.send(client, JSON.stringify({ pong: message.ping }));
        return;
      }
      if (client.subscribed || !message || typeof message !== 'object' || !('subscribe' in message)) return;
      const since = typeof message.since === 'number' && Number.isFinite(message.since) ? message.since : null;
      // A server whose clock went back rewrote rows before any `since` a client may send, and
      // cannot know what each client saw: it replays from the point it went back to as well.
      const from = since === null ? -Infinity : Math.min(since, this.rewrittenFrom);
      const replay = [...this.rows.values()].filter((r) => r.time >= from).sort((a, b) => a.time - b.time);
      client.subscribed = true;
      if (replay.length) this.send(client, JSON.stringify(replay));
    });
  }

  tick() {
    if (this.ended || this.down) return;
    const row = this.produce();
    const messages = [JSON.stringify(row)];
    const fault = this.pending.shift();
    if (fault === 'reorder') {
      // This row is held back and sent after the next one.
      this.held = messages.pop();
    } else if (fault === 'duplicate') {
      messages.push(messages[0]);
    }
    if (this.held && fault !== 'reorder') {
      messages.push(this.held);
      this.held = null;
    }
    messages.push(JSON.stringify(this.forming(this.clock)));
    for (const client of this.clients) for (const m of messages) this.send(client, m);
  }

  /** The next final row, kept as the truth. */
  produce() {
    const i = this.clock++;
    const base = 100 + (i % 50) + this.era * 0.25;
    const row = { time: CHAOS_EPOCH + i * 1000, open: base, high: base + 2, low: base - 1, close: base + 1, volume: i * 10 + this.era };
    this.rows.set(row.time, row);
    return row;
  }

  /** Row `i` while still forming (different values; its final row replaces them). */
  forming(i) {
    const base = 100 + (i % 50) + this.era * 0.25;
    return { time: CHAOS_EPOCH + i * 1000, open: base, high: base + 0.5, low: base - 0.5, close: base + 0.25, volume: i };
  }

  fault(kind) {
    this.faults[kind]++;
    const live = [...this.clients].filter((c) => c.subscribed);
    switch (kind) {
      case 'drop':
        for (const client of live) {
          const payload = Buffer.from(JSON.stringify(this.forming(this.clock)));
          const socket = client.ws._socket;
          if (!socket) continue;
          // A text frame's header (FIN + opcode 1, unmasked) and half its payload, then the cut.
          const header = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 255]);
          socket.write(Buffer.concat([header, payload.subarray(0, payload.length >> 1)]));
          socket.destroy();
        }
        break;
      case 'close':
        for (const client of live) client.ws.close(1000, 'chaos: clean close');
        break;
      case 'garbage':
        for (const client of live) {
          for (const junk of ['{"time": 17', Buffer.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3]), '[1, 2, 3]', '{"close": 5}', '{"time": "Infinity", "close": 1}', 'null']) {
            this.send(client, junk);
          }
        }
        break;
      case 'duplicate':
      case 'reorder':
        this.pending.push(kind);
        break;
      case 'stall':
        for (const client of live) client.stalledUntil = Date.now() + this.stallMs;
        break;
      case 'restart':
        this.down = true;
        for (const client of this.clients) client.ws.close(1012, 'chaos: restarting');
        this.held = null;
        this.pending = [];
        this.later(this.downMs, () => {
          this.era++;
          this.clock = Math.max(0, this.clock - this.shiftRows);
          this.rewrittenFrom = CHAOS_EPOCH + this.clock * 1000;
          this.down = false;
        });
        break;
    }
  }

  /** Production stops: the forming row gets its final values, so the truth has no loose end. */
  end() {
    if (this.ended) return;
    const finish = () => {
      const row = this.produce();
      const held = this.held;
      this.held = null;
      for (const client of this.clients) {
        this.send(client, JSON.stringify(row));
        if (held) this.send(client, held);
      }
      this.ended = true;
    };
    if (this.down) this.later(this.downMs, finish);
    else finish();
  }

  send(client, data) {
    if (Date.now() < client.stalledUntil || !client.subscribed) return;
    if (client.ws.readyState === client.ws.OPEN) client.ws.send(data);
  }

  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  later(ms, fn) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(items, random) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
