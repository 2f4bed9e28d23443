// The M4 tile endpoint (docs/tiles.md), over any backend that runs SQL of one dialect and answers
// with columns: { dialect: 'duckdb' | 'clickhouse', query(sql) → Promise<{ name: number[] }> }.
// `createTileService` checks a request, runs the queries, and encodes the answer; `tileHandler`
// wraps it as a node:http handler (the bin, the dev server's middleware and the tests use it).
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { encodeGcol } from '../bin/gpu-chart-convert.mjs';
import { seriesLevels } from './levels.mjs';
import { checkIdentifier, extentQuery, growthQuery, tileQueries } from './sql.mjs';

export const MAX_WIDTH = 16384;
export const GCOL_TYPE = 'application/vnd.gpu-chart.gcol';
/** The range of a JavaScript Date, in ms: times outside it cannot be drawn. */
const MAX_TIME_MS = 8.64e15;

/** A request the server refuses: answered with this status and message. */
export class TileRequestError extends Error {
  constructor(message, status = 400) {
    super(message);
    this.status = status;
  }
}

/**
 * Series as the server exposes them, checked: { name: { kind: 'line', value } | { kind:
 * 'candles', open, high, low, close, volume? } }. Every name and column must be a plain identifier.
 */
export function checkSeries(series) {
  const out = {};
  for (const [name, spec] of Object.entries(series)) {
    checkIdentifier(name, 'series name');
    if (spec.kind === 'line') out[name] = { kind: 'line', value: checkIdentifier(spec.value, 'value column') };
    else if (spec.kind === 'candles') {
      const s = { kind: 'candles' };
      for (const k of ['open', 'high', 'low', 'close']) s[k] = checkIdentifier(spec[k], `${k} column`);
      if (spec.volume) s.volume = checkIdentifier(spec.volume, 'volume column');
      out[name] = s;
    } else throw new TileRequestError(`series ${name}: kind must be line or candles`, 500);
  }
  if (!Object.keys(out).length) throw new TileRequestError('no series configured', 500);
  return out;
}

/** Reads a number parameter; empty or missing gives null. */
function numberParam(params, name) {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return null;
  if (!/^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)) throw new TileRequestError(`${name}=${JSON.stringify(raw.slice(0, 40))} is not a number`);
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new TileRequestError(`${name} is not finite`);
  return n;
}

/**
 * The tile service: `tile(params)` answers one request (URLSearchParams) with columns and
 * headers; `series()` lists what it serves. `source` is a quoted table reference in the
 * backend's dialect; `time` is { column, type: 'number' | 'timestamp' }. `levels`: pre-computed
 * coarse levels (server/levels.mjs) for every series (true), none (false) or those named (an
 * array); `rowsPerBucket`: rows of a finest level bucket, on average; `live`: the table grows
 * while it is served, so a request first checks whether it did (`refresh`), at most once every
 * `checkMs` ms.
 */
export function createTileService({ backend, source, time, series, cacheEntries = 256, levels = true, rowsPerBucket = 64, live = false, checkMs = 0 }) {
  checkIdentifier(time.column, 'time column');
  const served = checkSeries(series);
  let extent = null;
  const readExtent = async () => {
    const c = await backend.query(extentQuery(backend.dialect, { source, time }));
    return { from: Number(c.lo[0]), to: Number(c.hi[0]), rows: Number(c.n[0]) };
  };
  const extentOnce = async () => (extent ??= await readExtent());

  // Pre-computed levels per series (server/levels.mjs), made on first use or by warm().
  const levelsOf = new Map();
  const levelsFor = async (name) => {
    if (!levels || (Array.isArray(levels) && !levels.includes(name)) || typeof backend.run !== 'function') return null;
    if (!levelsOf.has(name)) levelsOf.set(name, seriesLevels({ backend, source, time, name, series: served[name], extent: await extentOnce(), rowsPerBucket }));
    return levelsOf.get(name);
  };

  // Answers of recent requests (data answers the same until it grows: `refresh`); 0 turns this off.
  const answers = new Map();

  /**
   * Whether the table grew, and if so the levels brought up to it and the answers it changes
   * dropped. A cheap check (the row count and the latest time from the last one known on, which
   * reads the table's end only). When rows were only appended at or after the last known time,
   * the levels are extended with them and only the kept answers whose range reaches past that
   * time are dropped; after any other change (fewer rows, an earlier last time, rows inserted
   * before the end: server/levels.mjs grow) the levels are rebuilt and every answer dropped.
   * Answers { grown, levels: { series: 'extended' | 'rebuilt' | 'planned' } }.
   */
  async function refresh() {
    const old = await extentOnce();
    const g = await backend.query(growthQuery(backend.dialect, { source, time, since: old.to }));
    const [rows, hi] = [Number(g.n[0]), Number(g.hi[0] ?? NaN)];
    if (rows === old.rows && hi === old.to) return { grown: false, levels: {} };
    const appended = rows > old.rows && hi >= old.to;
    extent = appended ? { from: old.from, to: hi, rows } : await readExtent();
    const grown = { grown: true, levels: {} };
    for (const [name, made] of levelsOf) {
      // Too short for levels before: planned again with the new extent on next use.
      if (!made) levelsOf.delete(name);
      else grown.levels[name] = await made.grow(extent, { rebuild: !appended });
    }
    const rebuilt = !appended || Object.values(grown.levels).includes('rebuilt');
    if (rebuilt && appended) extent = await readExtent();
    for (const key of [...answers.keys()]) {
      // Keys are series|from|to|width; an empty `to` is the whole series, which reaches the end.
      const to = key.split('|')[2];
      if (rebuilt || to === '' || !(Number(to) <= old.to)) answers.delete(key);
    }
    return grown;
  }
  let checked = -Infinity;
  let checking = null;
  const checkGrowth = () => {
    if (!live || checking || performance.now() - checked < checkMs) return checking;
    checking = refresh().finally(() => {
      checked = performance.now();
      checking = null;
    });
    return checking;
  };

  async function tile(params) {
    await checkGrowth();
    const key = ['series', 'from', 'to', 'width'].map((k) => params.get(k)).join('|');
    const held = answers.get(key);
    if (held) {
      answers.delete(key);
      answers.set(key, held);
      return { ...(await held), extent, queryMs: 0, cached: true };
    }
    const answer = answerTile(params);
    if (cacheEntries > 0) {
      answers.set(key, answer);
      answer.catch(() => answers.delete(key));
      while (answers.size > cacheEntries) answers.delete(answers.keys().next().value);
    }
    return answer;
  }

  async function answerTile(params) {
    const name = params.get('series');
    if (name === null || name === '') throw new TileRequestError(`missing series: one of ${Object.keys(served).join(', ')}`);
    if (!Object.prototype.hasOwnProperty.call(served, name)) {
      throw new TileRequestError(`unknown series ${JSON.stringify(name.slice(0, 80))}: this server has ${Object.keys(served).join(', ')}`, 400);
    }
    const spec = served[name];
    const width = numberParam(params, 'width');
    if (width === null) throw new TileRequestError('missing width (pixel columns)');
    if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) throw new TileRequestError(`width must be a whole number from 1 to ${MAX_WIDTH}, not ${width}`);
    let from = numberParam(params, 'from');
    let to = numberParam(params, 'to');
    const whole = await extentOnce();
    if (from === null && to === null) {
      // No range: the whole series, to one ms past its last row (ranges are half-open).
      from = whole.from;
      to = whole.to + 1;
    } else if (from === null || to === null) throw new TileRequestError('give both from and to, or neither (the whole series)');
    if (Math.abs(from) > MAX_TIME_MS || Math.abs(to) > MAX_TIME_MS) throw new TileRequestError('from and to must be ms within the range of a Date (±8.64e15)');
    if (!(to > from)) throw new TileRequestError(`the range is empty or reversed: from ${from} is not before to ${to}`);
    if (!((to - from) / width > 0)) throw new TileRequestError('the range is too short for that width');

    const q = tileQueries(backend.dialect, { source, time, series: spec, from, to, width });
    const started = performance.now();
    // The nearest rows beyond the edges: near the range first (cheap), anywhere when none is near.
    const nearest = async (near, anywhere) => {
      if (!near) return null;
      const found = await backend.query(near);
      return Number(found.n[0]) > 0 ? found : backend.query(anywhere);
    };
    const levelled = await (await levelsFor(name))?.answer(from, to, width);
    const asNearest = (row) => ({ n: [row ? 1 : 0], t: [row?.[0] ?? NaN], ok: [row && !Number.isNaN(row[1]) ? 1 : 0], v: [row?.[1] ?? NaN] });
    const [m4, before, after] = levelled
      ? [levelled.m4, asNearest(levelled.before), asNearest(levelled.after)]
      : await Promise.all([backend.query(q.m4), nearest(q.before, q.beforeAll), nearest(q.after, q.afterAll)]);
    let rows = 0;
    let gaps = 0;
    for (const n of m4.n) rows += Number(n);
    // A line's `n` counts numbers only; a candle bucket's counts every row, gaps included.
    if (spec.kind === 'line') for (const g of m4.gaps ?? []) gaps += Number(g);
    let kind = 'm4';
    let columns;
    // Fewer rows (gaps included) than pixel columns: the rows themselves (exact at any zoom, and smaller).
    if (rows + gaps <= width) {
      kind = 'raw';
      const raw = await backend.query(q.raw);
      columns = spec.kind === 'line' ? { time: raw.t, value: raw.v } : { time: raw.t, open: raw.o, high: raw.h, low: raw.l, close: raw.c, volume: raw.vol };
    } else if (spec.kind === 'line') {
      // A column of gaps only has no first/last/min/max (ClickHouse answers 0 for them: NaN here).
      const numbers = (values) => values.map((x, i) => (Number(m4.n[i]) > 0 ? x : NaN));
      // Its first and last rows, when they are gaps: the line breaks at that column's edge.
      const gapAt = (ok, t) => ok.map((x, i) => (Number(x) === 1 ? NaN : t[i]));
      columns = {
        time: m4.bucket.map((b) => from + (Number(b) * (to - from)) / width),
        count: m4.n,
        first_time: numbers(m4.first_time),
        first: numbers(m4.first_value),
        last_time: numbers(m4.last_time),
        last: numbers(m4.last_value),
        min_time: numbers(m4.min_time),
        min: numbers(m4.min_value),
        max_time: numbers(m4.max_time),
        max: numbers(m4.max_value),
        gaps: m4.gaps,
        gap_first: gapAt(m4.all_first_ok, m4.all_first_time),
        gap_last: gapAt(m4.all_last_ok, m4.all_last_time),
      };
    } else {
      // High and low are ±∞ in a bucket without numbers (sql.mjs candleAggregates): NaN here.
      const finite = (values) => values.map((x) => (Number.isFinite(Number(x)) ? x : NaN));
      columns = {
        time: m4.bucket.map((b) => from + (Number(b) * (to - from)) / width),
        count: m4.n,
        first_time: m4.first_time,
        last_time: m4.last_time,
        open: m4.open,
        high: finite(m4.high),
        low: finite(m4.low),
        close: m4.close,
        volume: m4.volume,
        gaps: m4.gaps,
      };
    }
    const queryMs = performance.now() - started;
    // The nearest row beyond an edge, a gap (NaN) when it is one: no segment enters the view then.
    const edge = (c) => (c && Number(c.n[0]) > 0 ? [Number(c.t[0]), Number(c.ok[0]) === 1 ? Number(c.v[0]) : NaN] : null);
    columns = withNeighbours(toFloat64(columns), edge(before), edge(after));
    return { columns, kind, from, to, width, rows, extent: whole, queryMs, levels: Boolean(levelled) };
  }

  return {
    tile,
    /**
     * Computes the whole-series answers at `width` (what a client asks for first) into the kept
     * answers, so the first picture costs a transfer, not a scan of every row.
     */
    async warm(width = 2048) {
      for (const name of Object.keys(served)) await (await levelsFor(name))?.build();
      for (const name of Object.keys(served)) await tile(new URLSearchParams({ series: name, from: '', to: '', width: String(width) }));
    },
    refresh,
    async series() {
      await checkGrowth();
      const whole = await extentOnce();
      return Object.entries(served).map(([name, s]) => ({ name, kind: s.kind, from: whole.from, to: whole.to, rows: whole.rows }));
    },
  };
}

function toFloat64(columns) {
  const out = {};
  for (const [name, values] of Object.entries(columns)) out[name] = Float64Array.from(values, (v) => (v === null || v === undefined ? NaN : Number(v)));
  return out;
}

/**
 * Adds the nearest rows outside the range (a line's segments into the view start there): in raw
 * answers as rows, in M4 answers as buckets of one row whose `time` lies outside [from, to).
 */
function withNeighbours(columns, before, after) {
  const extra = [before, after].filter(Boolean);
  if (!extra.length) return columns;
  const n = columns.time.length;
  const out = {};
  for (const [name, values] of Object.entries(columns)) {
    // A neighbour that is a gap is a bucket of one NaN row (count 1: its value says the rest).
    const of = ([t, v]) => (name === 'time' || name.endsWith('_time') ? t : name === 'count' ? 1 : name === 'gaps' ? 0 : name.startsWith('gap_') ? NaN : v);
    const column = new Float64Array(n + extra.length);
    let at = 0;
    if (before) column[at++] = of(before);
    column.set(values, at);
    at += n;
    if (after) column[at] = of(after);
    out[name] = column;
  }
  return out;
}

/** Column answers as JSON (an object of column arrays; NaN as null). */
export function encodeJson(columns) {
  const out = {};
  for (const [name, values] of Object.entries(columns)) out[name] = Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  return Buffer.from(JSON.stringify(out));
}

/** gcol when asked for by `format=gcol` or the Accept header, else JSON. */
export function chooseFormat(params, accept = '') {
  const f = params.get('format');
  if (f === 'gcol' || f === 'binary') return 'gcol';
  if (f === 'json') return 'json';
  if (f !== null && f !== '') throw new TileRequestError(`format must be json or gcol, not ${JSON.stringify(f.slice(0, 20))}`);
  return accept.includes(GCOL_TYPE) ? 'gcol' : 'json';
}

/**
 * Content coding for the answer. zstd is not offered: Node 20's zlib has no zstd encoder (the
 * browser decodes it, but the server cannot write it without a native package); brotli and gzip
 * are, and every browser decodes them transparently.
 */
export function chooseEncoding(acceptEncoding = '') {
  const offered = acceptEncoding
    .split(',')
    .map((s) => s.trim().split(';'))
    .filter(([, q]) => !q || Number(q.split('=')[1]) > 0)
    .map(([name]) => name.toLowerCase());
  if (offered.includes('br')) return 'br';
  if (offered.includes('gzip')) return 'gzip';
  return null;
}

export function compress(body, encoding) {
  if (encoding === 'br') return brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  if (encoding === 'gzip') return gzipSync(body, { level: 4 });
  return body;
}

const EXPOSED = 'Gpu-Chart-Kind, Gpu-Chart-From, Gpu-Chart-To, Gpu-Chart-Width, Gpu-Chart-Rows, Gpu-Chart-Extent, Gpu-Chart-Query-Ms, Gpu-Chart-Levels, Server-Timing';

/**
 * A node:http handler for `path` (default /m4) and `${path}/series`; other paths are left to
 * `next` (or answered 404). CORS is open by default (tiles are read-only); pass `cors: false` to
 * send no CORS headers.
 */
export function tileHandler(service, { path = '/m4', cors = true, maxAge = 0 } = {}) {
  return async (req, res, next) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname !== path && url.pathname !== `${path}/series`) {
      if (next) return next();
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { vary: 'Accept, Accept-Encoding' };
    if (cors) Object.assign(headers, { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...headers, 'access-control-allow-methods': 'GET', 'access-control-allow-headers': 'Accept' }).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'application/json' }).end(JSON.stringify({ error: 'only GET' }));
      return;
    }
    try {
      if (url.pathname === `${path}/series`) {
        const body = Buffer.from(JSON.stringify({ series: await service.series() }));
        res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      const format = chooseFormat(url.searchParams, req.headers.accept);
      const t = await service.tile(url.searchParams);
      const encodeStart = performance.now();
      const raw = format === 'gcol' ? Buffer.from(encodeGcol(t.columns)) : encodeJson(t.columns);
      const encoding = chooseEncoding(req.headers['accept-encoding']);
      const body = compress(raw, encoding);
      const encodeMs = performance.now() - encodeStart;
      Object.assign(headers, {
        'content-type': format === 'gcol' ? GCOL_TYPE : 'application/json',
        'content-length': String(body.length),
        'cache-control': maxAge > 0 ? `public, max-age=${maxAge}` : 'no-cache',
        'gpu-chart-kind': t.kind,
        'gpu-chart-from': String(t.from),
        'gpu-chart-to': String(t.to),
        'gpu-chart-width': String(t.width),
        'gpu-chart-rows': String(t.rows),
        'gpu-chart-extent': `${t.extent.from},${t.extent.to}`,
        'gpu-chart-query-ms': t.queryMs.toFixed(1),
        'gpu-chart-levels': t.levels ? 'yes' : 'no',
        'server-timing': `query;dur=${t.queryMs.toFixed(1)}, encode;dur=${encodeMs.toFixed(1)}`,
      });
      if (encoding) headers['content-encoding'] = encoding;
      res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      const status = error instanceof TileRequestError ? error.status : error?.name === 'SqlError' ? 400 : 500;
      const message = status === 500 ? `tile server error: ${error?.message ?? error}` : error.message;
      if (status === 500) console.error(error);
      res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ error: message }));
    }
  };
}
