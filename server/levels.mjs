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
import { candleAggregates, candleColumns, checkIdentifier, dialect, extentQuery, lineAggregates, numberLiteral, timeBound } from './sql.mjs';

const LINE_AGGREGATES = ['n', 'first_time', 'first_value', 'last_time', 'last_value', 'min_value', 'min_time', 'max_value', 'max_time', 'all_first_time', 'all_first_ok', 'all_last_time', 'all_last_ok', 'gaps'];
const CANDLE_AGGREGATES = ['n', 'first_time', 'last_time', 'open', 'high', 'low', 'close', 'volume', 'gaps'];

/** Where level tables live and how they are made, per dialect. */
const STORE = {
  duckdb: {
    // An attached in-memory catalog: visible to every connection (temporary tables are not), and
    // never written into the operator's database file.
    setup: ['ATTACH IF NOT EXISTS \':memory:\' AS gpu_chart_levels'],
    table: (name) => `gpu_chart_levels."${checkIdentifier(name)}"`,
    create: (name, select) => `CREATE OR REPLACE TABLE gpu_chart_levels."${checkIdentifier(name)}" AS ${select} ORDER BY b`,
    insert: (name, select) => `INSERT INTO gpu_chart_levels."${checkIdentifier(name)}" ${select} ORDER BY b`,
    remove: (name, where) => `DELETE FROM gpu_chart_levels."${checkIdentifier(name)}" WHERE ${where}`,
    drop: (name) => `DROP TABLE IF EXISTS gpu_chart_levels."${checkIdentifier(name)}"`,
    list: 'list',
    // The lists of rows that have none (every part but the finest rows): NULL costs nothing to
    // hand to JavaScript, where an empty list is an object per row (~17k a request).
    noList: 'CAST(NULL AS DOUBLE[])',
    counting: (n) => `(SELECT range AS j FROM range(${numberLiteral(n)})) AS r`,
  },
  clickhouse: {
    setup: [],
    table: (name) => `\`gpu_chart_${checkIdentifier(name)}\``,
    create: (name, select) => `CREATE OR REPLACE TABLE \`gpu_chart_${checkIdentifier(name)}\` ENGINE = MergeTree ORDER BY b SETTINGS allow_nullable_key = 1 AS ${select}`,
    insert: (name, select) => `INSERT INTO \`gpu_chart_${checkIdentifier(name)}\` ${select}`,
    // A lightweight delete: later reads skip the rows at once (no waiting for a mutation).
    remove: (name, where) => `DELETE FROM \`gpu_chart_${checkIdentifier(name)}\` WHERE ${where}`,
    drop: (name) => `DROP TABLE IF EXISTS \`gpu_chart_${checkIdentifier(name)}\``,
    list: 'groupArray',
    // ClickHouse arrays cannot be NULL.
    noList: "CAST([], 'Array(Float64)')",
    counting: (n) => `(SELECT number AS j FROM numbers(${numberLiteral(n)})) AS r`,
  },
};

/** The finest level (~`rowsPerBucket` rows a bucket) and the top one (≤ `topBuckets` buckets) for an extent; null when too short. */
function planLevels(extent, rowsPerBucket, topBuckets) {
  const span = extent.to - extent.from;
  if (!(extent.rows > rowsPerBucket * 4) || !(span > 0)) return null;
  const k0 = Math.ceil(Math.log2((rowsPerBucket * span) / extent.rows));
  let kMax = k0;
  while (span / 2 ** kMax > topBuckets) kMax++;
  return kMax === k0 ? null : { k0, kMax };
}

/**
 * Levels of one series. `extent`: { from, to, rows } of the source. Returns { k0, kMax, build(),
 * answer(from, to, width), grow(extent) } — `answer` gives columns shaped as the raw M4 query's
 * (bucket, n, …) plus `before`/`after` (lines: the nearest rows outside the range) — or null when
 * the series is too short to need levels.
 */
export function seriesLevels({ backend, source, time, name, series, extent, rowsPerBucket = 64, topBuckets = 1024 }) {
  const d = dialect(backend.dialect);
  const store = STORE[backend.dialect];
  const plan = planLevels(extent, rowsPerBucket, topBuckets);
  if (!plan) return null;
  let { k0, kMax } = plan;
  // What the tables hold ({ from, to, rows }), read from them when they are made or grow.
  let covered = null;
  const tableOf = (k) => `${name}_${k < 0 ? `m${-k}` : k}`;
  const line = series.kind === 'line';
  const aggregates = line ? LINE_AGGREGATES : CANDLE_AGGREGATES;
  const rowColumns = line ? ['t', 'v'] : ['t', 'o', 'h', 'l', 'c', 'vol'];
  const T = d.timeOf(d.quote(time.column), time.type);

  /** The finest buckets from the source's rows (`where`: of those at or after a time, or all). */
  function finestSelect(where = '') {
    const w = d.float(2 ** k0);
    if (line) {
      // Every row, gaps (NULL, NaN) as NaN: the lists keep them, the aggregates count them.
      const V = d.valueOrNaN(d.double(d.quote(series.value)));
      return (
        `SELECT floor(t / ${w}) AS b, ${lineAggregates(d)}, ${store.list}(t) AS ts, ${store.list}(v) AS vs ` +
        `FROM (SELECT t, v, ${d.okOf('v')} AS ok FROM (SELECT ${T} AS t, ${V} AS v FROM ${source}${where}) AS a) AS r GROUP BY floor(t / ${w})`
      );
    }
    const [O, H, L, C, VOL] = candleColumns(d, series);
    return (
      `SELECT floor(t / ${w}) AS b, ${candleAggregates(d)}, ` +
      `${rowColumns.map((c) => `${store.list}(${c}) AS ${c}s`).join(', ')} ` +
      `FROM (SELECT ${T} AS t, ${O} AS o, ${H} AS h, ${L} AS l, ${C} AS c, ${VOL} AS vol FROM ${source}${where}) AS r GROUP BY floor(t / ${w})`
    );
  }

  // A coarser level from the one below. The columns below are renamed first: ClickHouse resolves
  // `min(first_time) AS first_time` to itself. `fromBucket`: only the buckets from that one on.
  function coarserSelect(k, fromBucket = null) {
    const where = fromBucket === null ? '' : ` WHERE b >= ${numberLiteral(2 * fromBucket)}`;
    const below = `SELECT b AS b0, ${aggregates.map((a) => `${a} AS ${a}0`).join(', ')} FROM ${store.table(tableOf(k - 1))}${where}`;
    // Buckets of gaps only have no numbers to merge (ClickHouse holds 0 there, not NULL).
    const some = 'n0 > 0';
    const merged = line
      ? `sum(n0) AS n, ${d.when('min', 'first_time0', some)} AS first_time, ${d.when(d.argMin, 'first_value0, first_time0', some)} AS first_value, ` +
        `${d.when('max', 'last_time0', some)} AS last_time, ${d.when(d.argMax, 'last_value0, last_time0', some)} AS last_value, ` +
        `${d.when('min', 'min_value0', some)} AS min_value, ${d.when(d.argMin, 'min_time0, min_value0', some)} AS min_time, ` +
        `${d.when('max', 'max_value0', some)} AS max_value, ${d.when(d.argMax, 'max_time0, max_value0', some)} AS max_time, ` +
        `min(all_first_time0) AS all_first_time, ${d.argMin}(all_first_ok0, all_first_time0) AS all_first_ok, ` +
        `max(all_last_time0) AS all_last_time, ${d.argMax}(all_last_ok0, all_last_time0) AS all_last_ok, sum(gaps0) AS gaps`
      : `sum(n0) AS n, min(first_time0) AS first_time, max(last_time0) AS last_time, ${d.argMin}(open0, first_time0) AS open, max(high0) AS high, min(low0) AS low, ${d.argMax}(close0, last_time0) AS close, sum(volume0) AS volume, sum(gaps0) AS gaps`;
    return `SELECT floor(b0 / ${d.float(2)}) AS b, ${merged} FROM (${below}) AS l GROUP BY floor(b0 / ${d.float(2)})`;
  }

  let built = null;
  const made = new Set();
  /** Makes the tables (once): the finest from the source (one scan), each coarser from the last. */
  function build() {
    built ??= (async () => {
      for (const sql of store.setup) await backend.run(sql);
      for (let k = k0; k <= kMax; k++) {
        await backend.run(store.create(tableOf(k), k === k0 ? finestSelect() : coarserSelect(k)));
        made.add(tableOf(k));
      }
      covered = await heldExtent();
    })();
    built.catch(() => (built = null));
    return built;
  }

  // Requests read the tables while no growth changes them (`reading`); a growth waits for the
  // reads in flight and holds back new ones until every level is consistent again (`changing`).
  let readers = 0;
  let drained = null;
  let changing = null;
  async function reading(work) {
    while (changing) await changing.catch(() => {});
    readers++;
    try {
      return await work();
    } finally {
      if (--readers === 0) drained?.();
    }
  }
  function change(work) {
    const previous = changing;
    const run = (async () => {
      await previous?.catch(() => {});
      while (readers > 0) await new Promise((resolve) => (drained = resolve));
      drained = null;
      return work();
    })();
    changing = run;
    run.catch(() => {}).finally(() => changing === run && (changing = null));
    return run;
  }

  /** What the levels hold, from the top level: rows (a line's `n` counts numbers, `gaps` the rest) and first and last times. */
  async function heldExtent() {
    const [first, last] = line ? ['all_first_time', 'all_last_time'] : ['first_time', 'last_time'];
    const got = await backend.query(`SELECT sum(${line ? 'n + gaps' : 'n'}) AS rows, min(${first}) AS lo, max(${last}) AS hi FROM ${store.table(tableOf(kMax))}`);
    return { from: Number(got.lo[0]), to: Number(got.hi[0]), rows: Number(got.rows[0] ?? 0) };
  }

  /**
   * Brings the levels up to a table that grew (`next`: its { from, to, rows } now). Rows appended
   * at or after the last time the levels hold are added: the finest buckets from the one holding
   * that time on are recomputed from the source's rows there (the last one was partial), each
   * coarser level's from its own bucket holding that time on, and levels are added on top while
   * the series outgrows `topBuckets`. When the rows before that bucket are not those the levels
   * hold (rows inserted or deleted there) every level is rebuilt from the source. Answers
   * 'extended', 'rebuilt' or 'planned' (never built yet: the build to come reads every row).
   * `rebuild`: rebuild in any case (the caller saw rows leave or the last time move back).
   */
  function grow(next, { rebuild = false } = {}) {
    return change(async () => {
      if (!built) {
        ({ k0, kMax } = planLevels(next, rowsPerBucket, topBuckets) ?? { k0, kMax });
        return 'planned';
      }
      await built;
      const start = Math.floor(covered.to / 2 ** k0);
      const startTime = start * 2 ** k0;
      // On the column itself (the engine skips the row groups before), then exactly on the time.
      const after = `${timeBound(d, time.column, time.type, '>=', Math.floor(startTime))} AND ${T} >= ${d.float(startTime)}`;
      // The table's rows and those from the start bucket on, in one statement (one snapshot).
      const counted = await backend.query(`SELECT (SELECT ${d.count} FROM ${source}) AS total, (SELECT ${d.count} FROM ${source} WHERE ${after}) AS tail`);
      const tail = await backend.query(`SELECT sum(${line ? 'n + gaps' : 'n'}) AS rows FROM ${store.table(tableOf(k0))} WHERE b >= ${numberLiteral(start)}`);
      if (!rebuild && Number(counted.total[0]) - Number(counted.tail[0]) === covered.rows - Number(tail.rows[0] ?? 0)) {
        await backend.run(store.remove(tableOf(k0), `b >= ${numberLiteral(start)}`));
        await backend.run(store.insert(tableOf(k0), finestSelect(` WHERE ${after}`)));
        for (let k = k0 + 1; k <= kMax; k++) {
          const from = Math.floor(start / 2 ** (k - k0));
          await backend.run(store.remove(tableOf(k), `b >= ${numberLiteral(from)}`));
          await backend.run(store.insert(tableOf(k), coarserSelect(k, from)));
        }
        covered = await heldExtent();
        while ((covered.to - covered.from) / 2 ** kMax > topBuckets) {
          kMax++;
          await backend.run(store.create(tableOf(kMax), coarserSelect(kMax)));
          made.add(tableOf(kMax));
        }
        return 'extended';
      }
      const c = await backend.query(extentQuery(backend.dialect, { source, time }));
      ({ k0, kMax } = planLevels({ from: Number(c.lo[0]), to: Number(c.hi[0]), rows: Number(c.n[0]) }, rowsPerBucket, topBuckets) ?? { k0, kMax });
      for (const table of made) await backend.run(store.drop(table));
      made.clear();
      built = null;
      await build();
      return 'rebuilt';
    });
  }

  // One query per request: every part below is a SELECT of the same columns (`part`, `k`, `b`,
  // the aggregates, and the finest level's row lists, in their order), joined by UNION ALL.
  // Part 0: a level's buckets; part 1: finest buckets with their rows (the lists); parts 2 and 3:
  // a line's nearest row before and after the range (`n` rows found, `t` in `first_time`, the
  // value in `first_value`, whether it is a number in `all_first_ok`). Only part 1 fills the lists.
  const zero = d.float(0);
  const lists = rowColumns.map((c) => `${c}s`);
  const partOf = (part, k, b, values, withLists = false) =>
    `SELECT ${d.float(part)} AS part, ${d.float(k)} AS k, ${b} AS b, ${aggregates.map((a, i) => `${values[i] ?? zero} AS ${a}`).join(', ')}, ` +
    lists.map((l) => `${withLists ? l : store.noList} AS ${l}`).join(', ');
  const levelPart = (k, where) => `${partOf(0, k, 'b', aggregates)} FROM ${store.table(tableOf(k))} WHERE ${where}`;
  const rowsPart = (where) => `${partOf(1, k0, 'b', aggregates, true)} FROM ${store.table(tableOf(k0))} WHERE ${where}`;
  // The nearest row before [from, to) (part 2) or after it (part 3) among whole buckets (`pieces`:
  // [level, where] pairs), as an aggregate over them.
  const nearestPart = (part, pieces) => {
    const [pick, arg, time, ok, value] = part === 2 ? ['max', d.argMax, 'all_last_time', 'all_last_ok', 'last_value'] : ['min', d.argMin, 'all_first_time', 'all_first_ok', 'first_value'];
    const union = pieces.map(([k, where]) => `SELECT ${time} AS nt, ${ok} AS nok, ${value} AS nv FROM ${store.table(tableOf(k))} WHERE ${where}`).join(' UNION ALL ');
    const values = [d.count, `${pick}(nt)`, `${arg}(nv, nt)`];
    values[aggregates.indexOf('all_first_ok')] = `${arg}(nok, nt)`;
    return `${partOf(part, k0, zero, values)} FROM (${union}) AS x`;
  };

  /**
   * The answer for [from, to) at `width` columns, or null when no level is coarse enough to help
   * (the request holds few rows per column: the raw query reads little).
   *
   * What the levels' descent would read is known before any data is: a bucket is read at level
   * k < top only when its parent holds a column edge (or the range's edge) in time, since a bucket
   * whose rows lie in two columns holds the edge between them. So one query reads, per level,
   * the children of the buckets holding an edge (top: every bucket of the range), the rows of the
   * finest buckets holding one, and the nearest rows outside the range; the descent is then
   * replayed here: a bucket is merged whole when it is whole and its parent is not (a bucket
   * that is not whole has no whole parent, so that is the descent's rule), and a finest bucket
   * that is not whole by its rows.
   */
  const answer = (from, to, width) => reading(() => answerNow(from, to, width));
  async function answerNow(from, to, width) {
    const pixel = (to - from) / width;
    const top = Math.min(kMax, Math.floor(Math.log2(pixel)) - 1);
    if (!(top >= k0)) return null;
    await build();
    const span = to - from;
    const column = (t) => Math.floor(((t - from) * width) / span);
    // Column edges in time, widened by a margin far above float64 rounding of the column formula:
    // a bucket is taken to hold an edge when it holds any time within the margin of it.
    const margin = 1e-12 * (Math.abs(from) + Math.abs(to) + span);
    // The edges are `to` and from + j·span/width for j = 0…width, generated in the query with the
    // same float64 operations in the same order. Written out as bucket lists they made a query of
    // ~10⁵ characters whose parsing and planning took most of its time (bench/README, case T,
    // sixth part); as SQL, a few hundred. Edges grow with j, so from and the last two bound them.
    const edges = `SELECT ${d.float(from)} + (${d.double('j')} * ${d.float(span)}) / ${d.float(width)} AS e FROM ${store.counting(width + 1)} UNION ALL SELECT ${d.float(to)} AS e`;
    const [lowest, highest] = [from, Math.max(to, from + (width * span) / width)];
    // The buckets of level k holding an edge, and their range first: the range lets the engine
    // skip row groups by their bucket statistics (the tables are ordered by bucket).
    const holding = (k) => {
      const w = d.float(2 ** k);
      const m = d.float(margin);
      return `SELECT floor((e - ${m}) / ${w}) AS p FROM (${edges}) AS x UNION ALL SELECT floor((e + ${m}) / ${w}) AS p FROM (${edges}) AS y`;
    };
    const holdingRange = (k) => [Math.floor((lowest - margin) / 2 ** k), Math.floor((highest + margin) / 2 ** k)];
    const parts = [levelPart(top, `b >= ${numberLiteral(Math.floor(from / 2 ** top))} AND b <= ${numberLiteral(Math.floor(to / 2 ** top))}`)];
    for (let k = top - 1; k >= k0; k--) {
      // The children of the buckets holding an edge one level up.
      const [lo, hi] = holdingRange(k + 1);
      parts.push(levelPart(k, `b >= ${numberLiteral(2 * lo)} AND b <= ${numberLiteral(2 * hi + 1)} AND floor(b / ${d.float(2)}) IN (${holding(k + 1)})`));
    }
    const [lo, hi] = holdingRange(k0);
    parts.push(rowsPart(`b >= ${numberLiteral(lo)} AND b <= ${numberLiteral(hi)} AND b IN (${holding(k0)})`));
    if (line) {
      // The buckets wholly before the finest bucket of `from` (after that of `to`): at each level
      // below the top one, the sibling beside the path up from it; at the top level, all of them.
      const before = [];
      const after = [];
      const fromBucket = Math.floor(from / 2 ** k0);
      const toBucket = Math.floor(to / 2 ** k0);
      for (let k = k0; k < kMax; k++) {
        const f = Math.floor(fromBucket / 2 ** (k - k0));
        const t = Math.floor(toBucket / 2 ** (k - k0));
        if (f % 2 !== 0) before.push([k, `b = ${numberLiteral(f - 1)}`]);
        if (t % 2 === 0) after.push([k, `b = ${numberLiteral(t + 1)}`]);
      }
      before.push([kMax, `b < ${numberLiteral(Math.floor(fromBucket / 2 ** (kMax - k0)))}`]);
      after.push([kMax, `b > ${numberLiteral(Math.floor(toBucket / 2 ** (kMax - k0)))}`]);
      parts.push(nearestPart(2, before), nearestPart(3, after));
    }
    const got = await backend.query(parts.join(' UNION ALL '));

    // Replay the descent. Per level: bucket → whether it is whole (all its rows in one column of the range).
    const firsts = line ? got.all_first_time : got.first_time;
    const lasts = line ? got.all_last_time : got.last_time;
    const wholeAt = new Map();
    for (let k = k0; k <= top; k++) wholeAt.set(k, new Map());
    const inRange = (i) => !(Number(lasts[i]) < from || Number(firsts[i]) >= to);
    const isWhole = (i) => {
      const first = Number(firsts[i]);
      const last = Number(lasts[i]);
      return first >= from && last < to && column(first) === column(last);
    };
    const n = got.part.length;
    for (let i = 0; i < n; i++) if (Number(got.part[i]) === 0) wholeAt.get(Number(got.k[i])).set(Number(got.b[i]), isWhole(i));
    const columns = new Map();
    const merge = line ? mergeLine : mergeCandle;
    const scratch = {};
    let before = null;
    let after = null;
    for (let i = 0; i < n; i++) {
      const part = Number(got.part[i]);
      const b = Number(got.b[i]);
      if (part === 0) {
        const k = Number(got.k[i]);
        if (!inRange(i) || !wholeAt.get(k).get(b)) continue;
        if (k === top || wholeAt.get(k + 1)?.get(Math.floor(b / 2)) === false) merge(columns, column(Number(firsts[i])), bucketRecord(line, scratch, got, i));
      } else if (part === 1) {
        // A finest bucket's rows: merged one by one when the bucket is in the range but not
        // whole (so not merged whole); the nearest rows beyond the range (lines).
        const rowsHere = wholeAt.get(k0).get(b) === false;
        const ts = got[lists[0]][i];
        for (let j = 0; j < ts.length; j++) {
          const t = Number(ts[j]);
          if (t >= from && t < to) {
            if (rowsHere) merge(columns, column(t), line ? lineRowRecord(scratch, t, Number(got.vs[i][j])) : candleRowRecord(scratch, got, i, j));
          } else if (line && t < from && (!before || t > before[0])) before = [t, Number(got.vs[i][j])];
          else if (line && t >= to && (!after || t < after[0])) after = [t, Number(got.vs[i][j])];
        }
      }
    }
    if (line) {
      // No row of the edge buckets outside the range: the nearest of the buckets beyond.
      for (let i = 0; i < n; i++) {
        const part = Number(got.part[i]);
        if ((part !== 2 || before) && (part !== 3 || after)) continue;
        if (!(Number(got.n[i]) > 0)) continue;
        const found = [Number(got.first_time[i]), Number(got.all_first_ok[i]) === 1 ? Number(got.first_value[i]) : NaN];
        if (part === 2) before = found;
        else after = found;
      }
    }
    const order = [...columns.keys()].sort((a, b) => a - b);
    const out = { bucket: order };
    for (const a of line ? LINE_AGGREGATES : ['n', 'first_time', 'last_time', 'open', 'high', 'low', 'close', 'volume', 'gaps']) {
      out[a] = order.map((c) => columns.get(c)[a]);
    }
    return { m4: out, before, after };
  }

  return {
    get k0() {
      return k0;
    },
    get kMax() {
      return kMax;
    },
    build,
    answer,
    grow,
  };
}

// The merge runs once per bucket read and once per row of the finest buckets at column edges
// (~64 × 1200 a request): a record is filled in place (`scratch`) and copied only when it starts
// a column, so a request allocates per column, not per row.
const LINE_NUMBERS = ['n', 'first_time', 'first_value', 'last_time', 'last_value', 'min_value', 'min_time', 'max_value', 'max_time'];

/** A bucket of a level's answer (`rows`, row `i`) as a record; a line's buckets of gaps only have no numbers (NaN). */
function bucketRecord(line, r, rows, i) {
  for (const a of line ? LINE_AGGREGATES : CANDLE_AGGREGATES) r[a] = Number(rows[a][i]);
  if (line && !(r.n > 0)) for (let j = 1; j < LINE_NUMBERS.length; j++) r[LINE_NUMBERS[j]] = NaN;
  return r;
}

/** One row (t, v) of a line as a bucket: a number, or a gap (NaN). */
function lineRowRecord(r, t, v) {
  const ok = Number.isNaN(v) ? 0 : 1;
  const nt = ok ? t : NaN;
  const nv = ok ? v : NaN;
  r.n = ok;
  r.first_time = r.last_time = r.min_time = r.max_time = nt;
  r.first_value = r.last_value = r.min_value = r.max_value = nv;
  r.all_first_time = r.all_last_time = t;
  r.all_first_ok = r.all_last_ok = ok;
  r.gaps = 1 - ok;
  return r;
}

/** One row of the finest lists of candles as a bucket, with candleAggregates' rules for gaps. */
function candleRowRecord(r, got, i, j) {
  const t = Number(got.ts[i][j]);
  const o = Number(got.os[i][j]);
  const h = Number(got.hs[i][j]);
  const l = Number(got.ls[i][j]);
  const c = Number(got.cs[i][j]);
  const vol = Number(got.vols[i][j]);
  r.n = 1;
  r.first_time = r.last_time = t;
  r.open = o;
  r.high = Number.isNaN(h) ? -Infinity : h;
  r.low = Number.isNaN(l) ? Infinity : l;
  r.close = c;
  r.volume = Number.isNaN(vol) ? 0 : vol;
  r.gaps = Number.isNaN(o) || Number.isNaN(h) || Number.isNaN(l) || Number.isNaN(c) ? 1 : 0;
  return r;
}

/** Keeps in `s` the earlier (`time` smaller) of its and `r`'s time with the value that goes with it. */
function keepEarlier(s, r, time, value) {
  if (r[time] < s[time]) {
    s[time] = r[time];
    s[value] = r[value];
  }
}

/** Keeps in `s` the later of its and `r`'s time with the value that goes with it. */
function keepLater(s, r, time, value) {
  if (r[time] > s[time]) {
    s[time] = r[time];
    s[value] = r[value];
  }
}

function mergeLine(columns, c, r) {
  const s = columns.get(c);
  if (!s) return void columns.set(c, { ...r });
  keepEarlier(s, r, 'all_first_time', 'all_first_ok');
  keepLater(s, r, 'all_last_time', 'all_last_ok');
  s.gaps += r.gaps;
  if (!(r.n > 0)) return;
  if (!(s.n > 0)) {
    for (const a of LINE_NUMBERS) s[a] = r[a];
    return;
  }
  s.n += r.n;
  keepEarlier(s, r, 'first_time', 'first_value');
  keepLater(s, r, 'last_time', 'last_value');
  if (r.min_value < s.min_value || (r.min_value === s.min_value && r.min_time < s.min_time)) {
    s.min_value = r.min_value;
    s.min_time = r.min_time;
  }
  if (r.max_value > s.max_value || (r.max_value === s.max_value && r.max_time < s.max_time)) {
    s.max_value = r.max_value;
    s.max_time = r.max_time;
  }
}

function mergeCandle(columns, c, r) {
  // No numbers: ±∞ in SQL, which ClickHouse's JSON writes as null (NaN here).
  if (Number.isNaN(r.high)) r.high = -Infinity;
  if (Number.isNaN(r.low)) r.low = Infinity;
  const s = columns.get(c);
  if (!s) return void columns.set(c, { ...r });
  s.n += r.n;
  keepEarlier(s, r, 'first_time', 'open');
  keepLater(s, r, 'last_time', 'close');
  if (r.high > s.high) s.high = r.high;
  if (r.low < s.low) s.low = r.low;
  s.volume += r.volume;
  s.gaps += r.gaps;
}
