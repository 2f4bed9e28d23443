/**
 * M4 tiles (docs/tiles.md), the pure part: URL templates, the power-of-two tile grid, and turning
 * answers into rows a line or candlestick series draws.
 *
 * Why rows of the series itself: an M4 answer names, per pixel column, the real rows that are
 * first, last, lowest and highest there. A line through those rows covers each pixel column
 * exactly as the line through every row does (same extremes, same segments across the column
 * edges: Jugel et al., VLDB 2014), and any other real rows added to them change nothing, since
 * they lie inside the extremes and between first and last. So answers of different zooms are
 * merged by union: the table holds real rows only, and whatever answer covers the pixel grid of
 * the view makes the picture exact.
 */
import type { ColumnMap } from './table.js';

/** Buckets per aligned tile. */
export const TILE_COLUMNS = 1024;
/** Finest bucket: 2^-10 ms (about 1 µs). */
const MIN_LEVEL = -10;

export interface TileRequest {
  series: string;
  /** ms; null in the whole-series request (the placeholders become empty). */
  from: number | null;
  to: number | null;
  width: number;
}

/**
 * The URL of a request: {series}, {from}, {to} and {width} in the template replaced by their
 * values, each through encodeURIComponent (a series name never becomes part of the path or
 * another parameter). Unknown placeholders are left as they are.
 */
export function tileUrl(template: string, request: TileRequest): string {
  const values: Record<string, string> = {
    series: request.series,
    from: request.from === null ? '' : String(request.from),
    to: request.to === null ? '' : String(request.to),
    width: String(request.width),
  };
  return template.replace(/\{(series|from|to|width)\}/g, (_, name: string) => encodeURIComponent(values[name]));
}

/** A view: time range [from, to) in ms over `width` device-pixel columns. */
export interface ViewColumns {
  from: number;
  to: number;
  width: number;
}

/** Tile level of a view: buckets of 2^level ms, the largest power of two not above ms per pixel column. */
export function tileLevel(view: ViewColumns): number {
  const msPerColumn = (view.to - view.from) / view.width;
  return Math.max(MIN_LEVEL, Math.floor(Math.log2(msPerColumn)));
}

/** The aligned tiles covering a view at its level: [from, to) on the grid of TILE_COLUMNS buckets. */
export function tilesFor(view: ViewColumns, level = tileLevel(view)): ViewColumns[] {
  const span = TILE_COLUMNS * 2 ** level;
  const first = Math.floor(view.from / span);
  const last = Math.ceil(view.to / span) - 1;
  const out: ViewColumns[] = [];
  for (let j = first; j <= last && out.length < 64; j++) out.push({ from: j * span, to: (j + 1) * span, width: TILE_COLUMNS });
  return out;
}

/**
 * Each bucket's time range [tile_from, tile_to) from its start (`time` of a bucket answer) and the
 * request's column grid; NaN for buckets of one row (the neighbours outside the range).
 */
function bucketBounds(answer: ColumnMap, grid: ViewColumns | null): { from: Float64Array; to: Float64Array } {
  const n = answer.time.length;
  const from = new Float64Array(n).fill(NaN);
  const to = new Float64Array(n).fill(NaN);
  if (!grid || !answer.count) return { from, to };
  const span = grid.to - grid.from;
  for (let i = 0; i < n; i++) {
    if (!(answer.count[i] > 1)) continue;
    // The column index the server wrote `time` from: from + b·span/width (docs/tiles.md).
    const b = Math.round(((answer.time[i] - grid.from) * grid.width) / span);
    from[i] = grid.from + (b * span) / grid.width;
    to[i] = grid.from + ((b + 1) * span) / grid.width;
  }
  return { from, to };
}

/**
 * Rows of an answer. Raw answers (no `count` column) are rows already; M4 answers of a line give
 * each bucket's first, min, max and last rows in time order (one row where they coincide);
 * candle answers (open/high/low/close) are one row per bucket. Out: `time`, the value column(s),
 * `tile_rows` (rows of the series the drawn row stands for; 1 for a raw row) and, when the
 * request's column grid is known, `tile_from`/`tile_to` (its bucket's time range, for fetching
 * the bucket's own rows; NaN for raw rows).
 */
export function answerRows(answer: ColumnMap, valueColumn: string, grid: ViewColumns | null = null): ColumnMap {
  const time = answer.time;
  const count = answer.count;
  if (!count) {
    const out: ColumnMap = { time, tile_rows: new Float64Array(time.length).fill(1) };
    for (const [name, values] of Object.entries(answer)) if (name !== 'time') out[name === 'value' ? valueColumn : name] = values;
    return out;
  }
  const bounds = bucketBounds(answer, grid);
  if (answer.open) {
    // A bucket whose first or last row is a gap has no open or close (NaN): its bar is not drawn,
    // as a merged bar in memory is not; `gaps` (rows with a missing price) is not drawn.
    const { count: rows, gaps: _gaps, first_time: first, last_time: last, ...candles } = answer;
    // Drawn midway between the bucket's first and last rows, where a merged bar in memory sits
    // (servers that send no first_time/last_time: at the column's start).
    const time = first && last ? Float64Array.from(answer.time, (t, i) => (first[i] === first[i] && last[i] === last[i] ? (first[i] + last[i]) / 2 : t)) : answer.time;
    return { ...candles, time, tile_rows: rows, tile_from: bounds.from, tile_to: bounds.to } as ColumnMap;
  }
  const { first_time: ft, first: fv, last_time: lt, last: lv, min_time: mt, min: mv, max_time: xt, max: xv } = answer;
  if (!ft || !fv || !lt || !lv || !mt || !mv || !xt || !xv) throw new Error('an M4 answer needs first, last, min and max with their times');
  const n = time.length;
  // A column whose first or last row is a gap (NaN) gets that row too: the line breaks at the
  // column's edge there, as it does through every row (docs/tiles.md).
  const gapFirst = answer.gap_first;
  const gapLast = answer.gap_last;
  const times = new Float64Array(n * 6);
  const values = new Float64Array(n * 6);
  const counts = new Float64Array(n * 6);
  const tileFrom = new Float64Array(n * 6);
  const tileTo = new Float64Array(n * 6);
  const pt = [0, 0, 0, 0, 0, 0];
  const pv = [NaN, 0, 0, 0, 0, NaN];
  let at = 0;
  for (let i = 0; i < n; i++) {
    pt[0] = gapFirst ? gapFirst[i] : NaN;
    pt[1] = ft[i];
    pv[1] = fv[i];
    // min and max in time order, between first and last
    const minFirst = mt[i] <= xt[i];
    pt[2] = minFirst ? mt[i] : xt[i];
    pv[2] = minFirst ? mv[i] : xv[i];
    pt[3] = minFirst ? xt[i] : mt[i];
    pv[3] = minFirst ? xv[i] : mv[i];
    pt[4] = lt[i];
    pv[4] = lv[i];
    pt[5] = gapLast ? gapLast[i] : NaN;
    for (let k = 0; k < 6; k++) {
      if (Number.isNaN(pt[k])) continue; // no such row (no gap there; a column of gaps only has no numbers)
      if (at > 0 && !(pt[k] > times[at - 1])) continue; // the same row again (or a bad answer's reversed time)
      times[at] = pt[k];
      values[at] = pv[k];
      counts[at] = count[i];
      tileFrom[at] = bounds.from[i];
      tileTo[at] = bounds.to[i];
      at++;
    }
  }
  return { time: times.slice(0, at), [valueColumn]: values.slice(0, at), tile_rows: counts.slice(0, at), tile_from: tileFrom.slice(0, at), tile_to: tileTo.slice(0, at) };
}

/**
 * The union of row sets (each sorted by time): every time once, in order; where two sets hold the
 * same time, the later set's row wins (they are the same row of the series unless it changed),
 * except that a row with the same values from a finer bucket (fewer `tile_rows`) keeps its
 * bucket: the tooltip names the narrowest bucket known, and a row held already is not changed by
 * an answer of another zoom (no upload). Columns missing from a set are NaN there.
 */
export function unionRows(sets: readonly ColumnMap[]): ColumnMap {
  const live = sets.filter((s) => s.time.length > 0);
  if (live.length === 0) return { time: new Float64Array(0) };
  if (live.length === 1) return live[0];
  const names = [...new Set(live.flatMap((s) => Object.keys(s)))].filter((n) => n !== 'time');
  let merged = live[0];
  for (let s = 1; s < live.length; s++) merged = mergeTwo(merged, live[s], names);
  return merged;
}

/** Columns that describe a row's bucket in one answer, not the row itself. */
const BUCKET_COLUMNS = new Set(['tile_rows', 'tile_from', 'tile_to']);

/** Row i of `a` and row j of `b` (same time) are the same row, and a's bucket is finer. */
function keepsHeld(a: ColumnMap, i: number, b: ColumnMap, j: number, names: readonly string[]): boolean {
  const rowsOf = (c: ColumnMap, k: number) => (c.tile_rows && c.tile_rows[k] === c.tile_rows[k] ? c.tile_rows[k] : 1);
  if (!(rowsOf(a, i) < rowsOf(b, j))) return false;
  for (const name of names) {
    if (BUCKET_COLUMNS.has(name)) continue;
    const x = a[name] ? a[name][i] : NaN;
    const y = b[name] ? b[name][j] : NaN;
    if (x !== y && !(x !== x && y !== y)) return false;
  }
  return true;
}

function mergeTwo(a: ColumnMap, b: ColumnMap, names: readonly string[]): ColumnMap {
  const ta = a.time;
  const tb = b.time;
  const time = new Float64Array(ta.length + tb.length);
  const pick = new Int32Array(ta.length + tb.length); // i + 1 from a, -(j + 1) from b
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < ta.length || j < tb.length) {
    if (j >= tb.length || (i < ta.length && ta[i] < tb[j])) {
      time[n] = ta[i];
      pick[n++] = ++i;
    } else if (i < ta.length && ta[i] === tb[j] && keepsHeld(a, i, b, j, names)) {
      time[n] = ta[i];
      pick[n++] = ++i;
      j++;
    } else {
      if (i < ta.length && ta[i] === tb[j]) i++;
      time[n] = tb[j];
      pick[n++] = -++j;
    }
  }
  const out: ColumnMap = { time: time.slice(0, n) };
  for (const name of names) {
    const ca = a[name];
    const cb = b[name];
    const col = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const p = pick[k];
      col[k] = p > 0 ? (ca ? ca[p - 1] : NaN) : cb ? cb[-p - 1] : NaN;
    }
    out[name] = col;
  }
  return out;
}

/**
 * Candles of several answers: answers later in the list replace earlier ones over their time
 * span (buckets of different sizes are not rows of the series and cannot be united).
 */
export function layerCandles(sets: readonly ColumnMap[]): ColumnMap {
  let out: ColumnMap | null = null;
  for (const s of sets) {
    if (s.time.length === 0) continue;
    if (!out) {
      out = s;
      continue;
    }
    // The span the answer covers: from its first bucket's start to its last bucket's end (a
    // candle's time lies inside its bucket, so rows of the edge buckets' columns go too); raw
    // rows (no bucket) cover their own times.
    const last = s.time.length - 1;
    const bucketFrom = s.tile_from?.[0] ?? NaN;
    const bucketTo = s.tile_to?.[last] ?? NaN;
    const lo = Number.isNaN(bucketFrom) ? s.time[0] : Math.min(bucketFrom, s.time[0]);
    const hi = s.time[last];
    const keep = Number.isNaN(bucketTo) ? (t: number) => t < lo || t > hi : (t: number) => t < lo || (t > hi && t >= bucketTo);
    const kept: ColumnMap = { time: out.time.filter(keep) };
    for (const [name, values] of Object.entries(out)) if (name !== 'time') kept[name] = values.filter((_, k) => keep(out!.time[k]));
    out = unionRows([kept, s]);
  }
  return out ?? { time: new Float64Array(0) };
}

/** `rows` merged into `held` (mergeIntoHeld): the new columns, the first row that differs, rows added. */
export interface MergedRows {
  columns: ColumnMap;
  /** Index of the first row whose time or any value differs from what `held` had there. */
  changedFrom: number;
  added: number;
}

/**
 * An answer's rows united with the rows held (both sorted by time; the answer's values win at a
 * time both hold), and where the result first differs from what was held: rows before that
 * index are unchanged, so a copy of the rows (the GPU's) needs only the rows from there on.
 * Null when nothing changes (every row of the answer is held already, with the same values).
 */
export function mergeIntoHeld(held: ColumnMap, rows: ColumnMap): MergedRows | null {
  if (rows.time.length === 0) return null;
  const heldNames = Object.keys(held).filter((n) => n !== 'time');
  const names = [...new Set([...heldNames, ...Object.keys(rows)])].filter((n) => n !== 'time');
  const merged = mergeTwo(held, rows, names);
  const n = merged.time.length;
  // A new column changes every row's record of it.
  let changedFrom = names.length !== heldNames.length ? 0 : Math.min(firstDifference(held.time, merged.time), held.time.length);
  for (const name of names) {
    if (changedFrom === 0) break;
    changedFrom = Math.min(changedFrom, firstDifference(held[name], merged[name], changedFrom));
  }
  if (changedFrom >= n && n === held.time.length) return null;
  return { columns: merged, changedFrom, added: n - held.time.length };
}

/** The first index below `end` where `a` and `b` differ (NaN equals NaN); `end` if none. */
function firstDifference(a: Float64Array, b: Float64Array, end = Math.min(a.length, b.length)): number {
  const stop = Math.min(end, a.length, b.length);
  for (let i = 0; i < stop; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && !(x !== x && y !== y)) return i;
  }
  return stop;
}
