// /test-api/slow.csv?id=…&rows=…&chunks=…&chunkMs=…: a CSV sent in `chunks` pieces, one every
// `chunkMs`, with a Content-Length (so progress is determinate; &length=0 leaves it out), and /test-api/slow/stats?id=…
// telling whether the client hung up before the end. Tests of cancelling a load use it: a
// changed `src` must abort the download wherever it runs (page or decode worker).
import { Readable } from 'node:stream';

const EPOCH = 1_700_000_000_000;

// A Koa middleware, not a dev-server plugin: plugins' bodies are read whole before they are sent,
// which would deliver the slow file all at once.
export function slowFileMiddleware() {
  const stats = new Map();
  return async (context, next) => {
    const answer = serve(context, stats);
    if (!answer) return next();
    context.status = 200;
    context.type = answer.type;
    context.set(answer.headers);
    context.body = answer.body;
  };
}

function serve(context, stats) {
  {
    {
      if (context.path !== '/test-api/slow.csv' && context.path !== '/test-api/slow/stats') return undefined;
      const url = new URL(context.url, 'http://localhost');
      const id = url.searchParams.get('id') ?? 'default';
      if (context.path === '/test-api/slow/stats') {
        return { body: JSON.stringify(stats.get(id) ?? null), type: 'application/json', headers: { 'cache-control': 'no-store' } };
      }
      const rows = Number(url.searchParams.get('rows') ?? 1000);
      const chunks = Math.max(1, Number(url.searchParams.get('chunks') ?? 20));
      const chunkMs = Number(url.searchParams.get('chunkMs') ?? 50);
      let text = 'time,close\n';
      for (let i = 0; i < rows; i++) text += `${EPOCH + i * 60_000},${100 + (i % 50)}\n`;
      const bytes = Buffer.from(text);
      const state = { started: true, sentChunks: 0, finished: false, aborted: false };
      stats.set(id, state);
      const size = Math.ceil(bytes.length / chunks);
      let timer = null;
      const body = new Readable({
        read() {
          if (timer) return;
          timer = setTimeout(() => {
            timer = null;
            const from = state.sentChunks * size;
            state.sentChunks++;
            if (from + size >= bytes.length) {
              this.push(bytes.subarray(from));
              state.finished = true;
              this.push(null);
            } else this.push(bytes.subarray(from, from + size));
          }, chunkMs);
        },
        destroy(error, callback) {
          clearTimeout(timer);
          if (!state.finished) state.aborted = true; // the response was torn down before the end
          callback(error);
        },
      });
      context.req.socket.once('close', () => {
        if (!state.finished) state.aborted = true;
      });
      // &length=0: no Content-Length (a chunked response), so the size is unknown to the client.
      const headers = { 'cache-control': 'no-store', 'content-encoding': 'identity' };
      if (url.searchParams.get('length') !== '0') headers['content-length'] = String(bytes.length);
      return { body, type: 'text/csv', headers };
    }
  }
}
