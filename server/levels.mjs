// Pre-computed coarse levels of a series (issue 22): a request over many rows is answered from
// M4 (or OHLC) buckets of power-of-two widths kept in the backend, not by scanning every row.
//
// Level k holds one row per non-empty bucket [b·2^k, (b+1)·2^k) ms: the count and the first, last,
// lowest and highest rows (lines), or the open, high, low, close, volume and first and last times
// (candles). The finest level (k0, ~`rowsPerBucket` rows a bucket) also keeps its bucket's rows
// as lists: a clustered copy of the series that reads any bucket's rows without a scan.
//
// Exactness: a request's pixel column of a row is floor((t − from)·width / (to − from)) in
// float64, which never decreases as t grows (each IEEE operation is monotonic). So a bucket whose
// first and last rows lie in the same column and inside [from, to) has every row there, and its
// aggregate is merged into that column whole. A bucket across a column edge (or the range's edge)
// is replaced by its two halves of the level below, and at k0 by its rows. Per column edge that is
// two buckets a level and one bucket of rows, so a request reads O(width · levels) aggregate rows
// and O(width · rowsPerBucket) rows, whatever the range holds. The merge takes, per column, the
// smallest first time, the largest last time, the lowest and highest values (ties: the earlier
// row), the sum of counts and volumes: the raw query's answer, byte for byte, when no two rows of
// a column share a time or an extreme value (the raw query's arg_min picks any of tied rows) and
// volumes are whole numbers (sums of floats depend on their order).
import { checkIdentifier, dialect, lineAggregates, numberLiteral } from './sql.mjs';

const LINE_AGGREGATES = ['n', 'first_time', 'first_value', 'last_time', 'last_value', 'min_value', 'min_time', 'max_value', 'max_time', 'all_first_time', 'all_first_ok', 'all_last_time', 'all_last_ok', 'gaps'];
const CANDLE_AGGREGATES = ['n', 'first_time', 'last_time', 'open', 'high', 'low', 'close', 'volume'];

/** Where level tables live and how they are made, per dialect. */
const STORE = {
  duckdb: {
    // An attached in-memory catalog: visible to every connection (temporary tables are not), and
    // never written into the operator's database file.
    setup: ['ATTACH IF NOT EXISTS \':memory:\' AS gpu_chart_levels'],
    table: (name) => `gpu_chart_levels."${checkIdentifier(name)}"`,
    create: (name, select) => `CREATE OR REPLACE TABLE gpu_chart_levels."${checkIdentifier(name)}" AS ${select} ORDER BY b`,
    list: 'list',
    unnest: (table, columns, where) => `SELECT b, ${columns.map((c) => `unnest(${c}s) AS ${c}`).join(', ')} FROM ${table} WHERE ${where}`,
  },
  clickhouse: {
    setup: [],
    table: (name) => `\`gpu_chart_${checkIdentifier(name)}\``,
    create: (name, select) => `CREATE OR REPLACE TABLE \`gpu_chart_${checkIdentifier(name)}\` ENGINE = MergeTree ORDER BY b SETTINGS allow_nullable_key = 1 AS ${select}`,
    list: 'groupArray',
    unnest: (table, columns, where) => `SELECT b, ${columns.join(', ')} FROM ${table} ARRAY JOIN ${columns.map((c) => `${c}s AS ${c}`).join(', ')} WHERE ${where}`,
  },
};

/**
 * Levels of one series. `extent`: { from, to, rows } of the source. Returns { k0, kMax, build(),
 * answer(from, to, width) } — `answer` gives columns shaped as the raw M4 query's (bucket, n, …)
 * plus `before`/`after` (lines: the nearest rows outside the range) — or null when the series is
 * too short to need levels.
 */
export function seriesLevels({ backend, source, time, name, series, extent, rowsPerBucket = 64, topBuckets = 1024 }) {
  const d = dialect(backend.dialect);
  const store = STORE[backend.dialect];
  const span = extent.to - extent.from;
  if (!(extent.rows > rowsPerBucket * 4) || !(span > 0)) return null;
  const k0 = Math.ceil(Math.log2((rowsPerBucket * span) / extent.rows));
  let kMax = k0;
  while (span / 2 ** kMax > topBuckets) kMax++;
  if (kMax === k0) return null;
  const tableOf = (k) => `${name}_${k < 0 ? `m${-k}` : k}`;
  const line = series.kind === 'line';
  const aggregates = line ? LINE_AGGREGATES : CANDLE_AGGREGATES;
  const rowColumns = line ? ['t', 'v'] : ['t', 'o', 'h', 'l', 'c', 'vol'];
  const T = d.timeOf(d.quote(time.column), time.type);

  function finestSelect() {
    const w = d.float(2 ** k0);
    if (line) {
      // Every row, gaps (NULL, NaN) as NaN: the lists keep them, the aggregates count them.
      const V = d.valueOrNaN(d.double(d.quote(series.value)));
      return (
        `SELECT floor(t / ${w}) AS b, ${lineAggregates(d)}, ${store.list}(t) AS ts, ${store.list}(v) AS vs ` +
        `FROM (SELECT t, v, ${d.okOf('v')} AS ok FROM (SELECT ${T} AS t, ${V} AS v FROM ${source}) AS a) AS r GROUP BY floor(t / ${w})`
      );
    }
    const [O, H, L, C] = ['open', 'high', 'low', 'close'].map((k) => d.double(d.quote(series[k])));
    const VOL = series.volume ? d.double(d.quote(series.volume)) : d.float(0);
    return (
      `SELECT floor(t / ${w}) AS b, ${d.count} AS n, min(t) AS first_time, max(t) AS last_time, ${d.argMin}(o, t) AS open, max(h) AS high, min(l) AS low, ${d.argMax}(c, t) AS close, sum(vol) AS volume, ` +
      `${rowColumns.map((c) => `${store.list}(${c}) AS ${c}s`).join(', ')} ` +
      `FROM (SELECT ${T} AS t, ${O} AS o, ${H} AS h, ${L} AS l, ${C} AS c, ${VOL} AS vol FROM ${source}) AS r GROUP BY floor(t / ${w})`
    );
  }

  // A coarser level from the one below. The columns below are renamed first: ClickHouse resolves
  // `min(first_time) AS first_time` to itself.
  function coarserSelect(k) {
    const below = `SELECT b AS b0, ${aggregates.map((a) => `${a} AS ${a}0`).join(', ')} FROM ${store.table(tableOf(k - 1))}`;
    // Buckets of gaps only have no numbers to merge (ClickHouse holds 0 there, not NULL).
    const some = 'n0 > 0';
    const merged = line
      ? `sum(n0) AS n, ${d.when('min', 'first_time0', some)} AS first_time, ${d.when(d.argMin, 'first_value0, first_time0', some)} AS first_value, ` +
        `${d.when('max', 'last_time0', some)} AS last_time, ${d.when(d.argMax, 'last_value0, last_time0', some)} AS last_value, ` +
        `${d.when('min', 'min_value0', some)} AS min_value, ${d.when(d.argMin, 'min_time0, min_value0', some)} AS min_time, ` +
        `${d.when('max', 'max_value0', some)} AS max_value, ${d.when(d.argMax, 'max_time0, max_value0', some)} AS max_time, ` +
        `min(all_first_time0) AS all_first_time, ${d.argMin}(all_first_ok0, all_first_time0) AS all_first_ok, ` +
        `max(all_last_time0) AS all_last_time, ${d.argMax}(all_last_ok0, all_last_time0) AS all_last_ok, sum(gaps0) AS gaps`
      : `sum(n0) AS n, min(first_time0) AS first_time, max(last_time0) AS last_time, ${d.argMin}(open0, first_time0) AS open, max(high0) AS high, min(low0) AS low, ${d.argMax}(close0, last_time0) AS close, sum(volume0) AS volume`;
    return `SELECT floor(b0 / ${d.float(2)}) AS b, ${merged} FROM (${below}) AS l GROUP BY floor(b0 / ${d.float(2)})`;
  }

  let built = null;
  /** Makes the tables (once): the finest from the source (one scan), each coarser from the last. */
  function build() {
    built ??= (async () => {
      for (const sql of store.setup) await backend.run(sql);
      await backend.run(store.create(tableOf(k0), finestSelect()));
      for (let k = k0 + 1; k <= kMax; k++) await backend.run(store.create(tableOf(k), coarserSelect(k)));
    })();
    built.catch(() => (built = null));
    return built;
  }

  const selectAggregates = (k, where) => `SELECT b, ${aggregates.join(', ')} FROM ${store.table(tableOf(k))} WHERE ${where}`;
  const inList = (buckets) => `b IN (${buckets.map((b) => numberLiteral(b)).join(', ')})`;

  /**
   * The answer for [from, to) at `width` columns, or null when no level is coarse enough to help
   * (the request holds few rows per column: the raw query reads little).
   */
  async function answer(from, to, width) {
    const pixel = (to - from) / width;
    const top = Math.min(kMax, Math.floor(Math.log2(pixel)) - 1);
    if (!(top >= k0)) return null;
    await build();
    const column = (t) => Math.floor(((t - from) * width) / (to - from));
    const columns = new Map();
    const merge = line ? mergeLine : mergeCandle;
    const w0 = 2 ** k0;
    const fromBucket = Math.floor(from / w0);
    const toBucket = Math.floor(to / w0);
    // Finest buckets across a column edge are read as rows; so are those holding the range's
    // edges (lines: the nearest rows outside the range may be there), but only for that.
    const across0 = new Set();
    const edgeBuckets = line ? [fromBucket, toBucket] : [];
    let where = `b >= ${numberLiteral(Math.floor(from / 2 ** top))} AND b <= ${numberLiteral(Math.floor(to / 2 ** top))}`;
    for (let k = top; k >= k0 && where; k--) {
      const rows = await backend.query(selectAggregates(k, where));
      const across = [];
      // A bucket's span: of all its rows (gaps too, for lines: they belong to columns as well).
      const firsts = line ? rows.all_first_time : rows.first_time;
      const lasts = line ? rows.all_last_time : rows.last_time;
      for (let i = 0; i < rows.b.length; i++) {
        const first = Number(firsts[i]);
        const last = Number(lasts[i]);
        if (last < from || first >= to) continue;
        const c = column(first);
        if (first >= from && last < to && c === column(last)) merge(columns, c, rows, i);
        else if (k > k0) across.push(2 * Number(rows.b[i]), 2 * Number(rows.b[i]) + 1);
        else across0.add(Number(rows.b[i]));
      }
      where = across.length ? inList(across) : null;
    }
    let before = null;
    let after = null;
    const rowBuckets = new Set([...across0, ...edgeBuckets]);
    if (rowBuckets.size) {
      const raw = await backend.query(store.unnest(store.table(tableOf(k0)), rowColumns, inList([...rowBuckets])));
      const single = line ? singleLineRow : singleCandleRow;
      for (let i = 0; i < raw.t.length; i++) {
        const t = Number(raw.t[i]);
        if (t >= from && t < to) {
          if (across0.has(Number(raw.b[i]))) merge(columns, column(t), single(raw, i), 0);
        }
        else if (line && t < from && (!before || t > before[0])) before = [t, Number(raw.v[i])];
        else if (line && t >= to && (!after || t < after[0])) after = [t, Number(raw.v[i])];
      }
    }
    if (line) {
      // Beyond the edge buckets: the last row of the finest buckets before, the first after.
      const table = store.table(tableOf(k0));
      if (!before) {
        const r = await backend.query(
          `SELECT ${d.count} AS n, max(all_last_time) AS t, ${d.argMax}(all_last_ok, all_last_time) AS ok, ${d.argMax}(last_value, all_last_time) AS v FROM ${table} WHERE b < ${numberLiteral(fromBucket)}`,
        );
        if (Number(r.n[0]) > 0) before = [Number(r.t[0]), Number(r.ok[0]) === 1 ? Number(r.v[0]) : NaN];
      }
      if (!after) {
        const r = await backend.query(
          `SELECT ${d.count} AS n, min(all_first_time) AS t, ${d.argMin}(all_first_ok, all_first_time) AS ok, ${d.argMin}(first_value, all_first_time) AS v FROM ${table} WHERE b > ${numberLiteral(toBucket)}`,
        );
        if (Number(r.n[0]) > 0) after = [Number(r.t[0]), Number(r.ok[0]) === 1 ? Number(r.v[0]) : NaN];
      }
    }
    const order = [...columns.keys()].sort((a, b) => a - b);
    const out = { bucket: order };
    for (const a of line ? LINE_AGGREGATES : ['n', 'first_time', 'open', 'high', 'low', 'close', 'volume']) {
      out[a] = order.map((c) => columns.get(c)[a]);
    }
    return { m4: out, before, after };
  }

  return { k0, kMax, build, answer };
}

const singleLineRow = (raw, i) => {
  const t = Number(raw.t[i]);
  const v = Number(raw.v[i]);
  const ok = Number.isNaN(v) ? 0 : 1;
  const num = ok ? [v, t] : [NaN, NaN];
  return {
    n: [ok], first_time: [num[1]], first_value: [num[0]], last_time: [num[1]], last_value: [num[0]], min_value: [num[0]], min_time: [num[1]], max_value: [num[0]], max_time: [num[1]],
    all_first_time: [t], all_first_ok: [ok], all_last_time: [t], all_last_ok: [ok], gaps: [1 - ok],
  };
};
const singleCandleRow = (raw, i) => {
  const t = Number(raw.t[i]);
  return { n: [1], first_time: [t], last_time: [t], open: [Number(raw.o[i])], high: [Number(raw.h[i])], low: [Number(raw.l[i])], close: [Number(raw.c[i])], volume: [Number(raw.vol[i])] };
};

function mergeLine(columns, c, rows, i) {
  const r = Object.fromEntries(LINE_AGGREGATES.map((a) => [a, Number(rows[a][i])]));
  if (!(r.n > 0)) for (const a of ['first_time', 'first_value', 'last_time', 'last_value', 'min_value', 'min_time', 'max_value', 'max_time']) r[a] = NaN;
  const s = columns.get(c);
  if (!s) return void columns.set(c, r);
  if (r.all_first_time < s.all_first_time) [s.all_first_time, s.all_first_ok] = [r.all_first_time, r.all_first_ok];
  if (r.all_last_time > s.all_last_time) [s.all_last_time, s.all_last_ok] = [r.all_last_time, r.all_last_ok];
  s.gaps += r.gaps;
  if (!(r.n > 0)) return;
  if (!(s.n > 0)) {
    for (const a of ['n', 'first_time', 'first_value', 'last_time', 'last_value', 'min_value', 'min_time', 'max_value', 'max_time']) s[a] = r[a];
    return;
  }
  s.n += r.n;
  if (r.first_time < s.first_time) [s.first_time, s.first_value] = [r.first_time, r.first_value];
  if (r.last_time > s.last_time) [s.last_time, s.last_value] = [r.last_time, r.last_value];
  if (r.min_value < s.min_value || (r.min_value === s.min_value && r.min_time < s.min_time)) [s.min_value, s.min_time] = [r.min_value, r.min_time];
  if (r.max_value > s.max_value || (r.max_value === s.max_value && r.max_time < s.max_time)) [s.max_value, s.max_time] = [r.max_value, r.max_time];
}

function mergeCandle(columns, c, rows, i) {
  const r = Object.fromEntries(CANDLE_AGGREGATES.map((a) => [a, Number(rows[a][i])]));
  const s = columns.get(c);
  if (!s) return void columns.set(c, r);
  s.n += r.n;
  if (r.first_time < s.first_time) [s.first_time, s.open] = [r.first_time, r.open];
  if (r.last_time > s.last_time) [s.last_time, s.close] = [r.last_time, r.close];
  if (r.high > s.high) s.high = r.high;
  if (r.low < s.low) s.low = r.low;
  s.volume += r.volume;
}
