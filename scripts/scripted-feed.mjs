// A WebSocket feed that says exactly what a test tells it to, for the stream's bad-input tests
// (test/datasource/stream-faults.test.ts, started through the `scripted-feed` test command).
//
// Listens on 127.0.0.1 (an ephemeral port). Connection n (0-based) waits for the client's hello,
// records it, then sends `connections[n].messages` (text as it is; { base64 } as a binary
// frame) and then: 'stay' (default: keeps the socket, answers {"ping"} with {"pong"}),
// 'silent' (keeps the socket, answers nothing: a stalled server) or 'close' (a clean close).
// Connections beyond the script get nothing but pongs. Closes itself after `lifetimeMs`.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

export class ScriptedFeed {
  constructor({ connections = [], lifetimeMs = 30_000 } = {}) {
    this.script = connections;
    this.hellos = [];
    this.connections = 0;
    this.sockets = new Set();
    this.wss = new WebSocketServer({ noServer: true });
    this.http = createServer((req, res) => res.writeHead(404).end());
    this.http.on('upgrade', (request, socket, head) => this.wss.handleUpgrade(request, socket, head, (ws) => this.attach(ws)));
    this.lifetime = setTimeout(() => this.stop(), Math.min(lifetimeMs, 60_000));
    this.lifetime.unref?.();
  }

  async start() {
    await new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', resolve);
    });
    return this.http.address().port;
  }

  attach(ws) {
    const plan = this.script[this.connections++] ?? { messages: [], after: 'stay' };
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => this.sockets.delete(ws));
    let greeted = false;
    ws.on('message', (raw) => {
      let message = null;
      try {
        message = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (!greeted) {
        greeted = true;
        this.hellos.push(message);
        for (const m of plan.messages ?? []) ws.send(typeof m === 'string' ? m : Buffer.from(m.base64, 'base64'));
        if (plan.after === 'close') ws.close(1000, 'script done');
        return;
      }
      if (message && typeof message === 'object' && 'ping' in message && plan.after !== 'silent') ws.send(JSON.stringify({ pong: message.ping }));
    });
  }

  stop() {
    clearTimeout(this.lifetime);
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.wss.close();
    this.http.close();
  }
}
