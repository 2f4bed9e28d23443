// The tile server's SQL layer: M4 and raw-row queries in two dialects, DuckDB and ClickHouse.
//
// Nothing a client sends is spliced into SQL as text: identifiers (columns, tables) come from the
// server's own configuration and are checked against IDENTIFIER and quoted; the request's numbers
// (from, to, width) are checked to be finite and written as float literals by Number → String,
// which can only produce digits, a sign, a point and an exponent. docs/tiles.md describes the
// protocol these queries serve.

/** Plain SQL identifiers only: what both dialects accept quoted, and what a URL can name safely. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export class SqlError extends Error {}

/** Throws unless `name` is a plain identifier (letters, digits, underscore; not starting with a digit). */
export function checkIdentifier(name, what = 'identifier') {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    throw new SqlError(`${what} ${JSON.stringify(String(name)).slice(0, 80)} is not a plain identifier (letters, digits and _, not starting with a digit, at most 128 characters)`);
  }
  return name;
}

/** A finite number as a SQL literal (never text from a request). */
export function numberLiteral(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new SqlError(`not a finite number: ${String(x)}`);
  const text = String(x);
  if (!/^-?[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?$/.test(text)) throw new SqlError(`unexpected number form ${text}`);
  return text;
}

const DIALECTS = {
  duckdb: {
    quote: (name) => `"${checkIdentifier(name)}"`,
    double: (sql) => `CAST(${sql} AS DOUBLE)`,
    float: (x) => `CAST(${numberLiteral(x)} AS DOUBLE)`,
    isNumber: (sql) => `(${sql} IS NOT NULL AND NOT isnan(${sql}))`,
    argMin: 'arg_min',
    argMax: 'arg_max',
    count: 'CAST(count(*) AS DOUBLE)',
    timeOf: (column, type) => (type === 'timestamp' ? `CAST(epoch_ms(${column}) AS DOUBLE)` : `CAST(${column} AS DOUBLE)`),
    micros: (us) => `make_timestamp(CAST(${us} AS BIGINT))`,
    integer: (n) => `CAST(${n} AS BIGINT)`,
    valueOrNaN: (sql) => `coalesce(${sql}, CAST('NaN' AS DOUBLE))`,
    okOf: (v) => `(CASE WHEN isnan(${v}) THEN 0.0 ELSE 1.0 END)`,
    ifNaN: (v, other) => `(CASE WHEN isnan(${v}) THEN ${other} ELSE ${v} END)`,
    infinity: "CAST('Infinity' AS DOUBLE)",
    when: (fn, args, cond) => `${fn}(${args}) FILTER (WHERE ${cond})`,
    countWhen: (cond) => `CAST(count(*) FILTER (WHERE ${cond}) AS DOUBLE)`,
  },
  clickhouse: {
    quote: (name) => `\`${checkIdentifier(name)}\``,
    double: (sql) => `toFloat64(${sql})`,
    float: (x) => `toFloat64(${numberLiteral(x)})`,
    isNumber: (sql) => `(${sql} IS NOT NULL AND NOT isNaN(${sql}))`,
    argMin: 'argMin',
    argMax: 'argMax',
    count: 'toFloat64(count())',
    timeOf: (column, type) => (type === 'timestamp' ? `toFloat64(toUnixTimestamp64Milli(${column}))` : `toFloat64(${column})`),
    micros: (us) => `fromUnixTimestamp64Micro(toInt64(${us}))`,
    integer: (n) => `toInt64(${n})`,
    valueOrNaN: (sql) => `ifNull(${sql}, nan)`,
    okOf: (v) => `if(isNaN(${v}), 0., 1.)`,
    ifNaN: (v, other) => `if(isNaN(${v}), ${other}, ${v})`,
    infinity: 'inf',
    when: (fn, args, cond) => `${fn}If(${args}, ${cond})`,
    countWhen: (cond) => `toFloat64(countIf(${cond}))`,
  },
};

export function dialect(name) {
  const d = DIALECTS[name];
  if (!d) throw new SqlError(`unknown SQL dialect ${name}`);
  return d;
}

/**
 * `column >= t` (op '>=') or `column < t` (op '<') for a time t in ms, written on the column
 * itself (not on a conversion of it), so the engine can skip row groups (Parquet statistics,
 * MergeTree's primary key) by their time range. Whole-number columns compare with whole numbers
 * (t <= c ⟺ ceil(t) <= c), timestamps with a timestamp of whole microseconds.
 */
export function timeBound(d, column, type, op, t) {
  const c = d.quote(column);
  if (type === 'integer') return `${c} ${op} ${d.integer(numberLiteral(Math.ceil(t)))}`;
  if (type === 'timestamp') return `${c} ${op} ${d.micros(numberLiteral(Math.ceil(t * 1000)))}`;
  return `${c} ${op} ${d.float(t)}`;
}

/**
 * A table reference: `name` or `database.name`, each part a plain identifier, quoted.
 */
export function tableRef(dialectName, table) {
  const d = dialect(dialectName);
  const parts = String(table).split('.');
  if (parts.length > 2) throw new SqlError(`table ${JSON.stringify(table)}: at most database.table`);
  return parts.map((p) => d.quote(p)).join('.');
}

/**
 * The SQL for one request. `source`: a quoted table reference; `time`: { column, type:
 * 'integer' | 'number' | 'timestamp' } (numbers are ms since 1970); `series`: { kind: 'line', value } or
 * { kind: 'candles', open, high, low, close, volume? }. Returns { m4, raw, before, after,
 * beforeAll, afterAll }: the per-pixel-column aggregate, the rows themselves, and the nearest row
 * on each side of the range (lines only; null for candles), first looked for within `lookback`
 * ms of the range (a few row groups), then anywhere.
 */
export function tileQueries(dialectName, { source, time, series, from, to, width, lookback = to - from }) {
  const d = dialect(dialectName);
  if (!(to > from)) throw new SqlError('from must be before to');
  if (!(Number.isInteger(width) && width >= 1)) throw new SqlError('width must be a positive whole number');
  const T = d.timeOf(d.quote(time.column), time.type);
  const bound = (op, t) => timeBound(d, time.column, time.type, op, t);
  const inRange = `${bound('>=', from)} AND ${bound('<', to)}`;
  // The pixel column of a row, as in docs/tiles.md: floor((t - from) * width / (to - from)).
  const bucket = `floor((${T} - ${d.float(from)}) * ${d.float(width)} / ${d.float(to - from)})`;
  if (series.kind === 'line') {
    // Every row of the range, NULL values as NaN: gaps are rows too (they break the line).
    const V = d.valueOrNaN(d.double(d.quote(series.value)));
    const rows = `SELECT t, v, ${d.okOf('v')} AS ok, b FROM (SELECT ${T} AS t, ${V} AS v, ${bucket} AS b FROM ${source} WHERE ${inRange}) AS a`;
    const m4 = `SELECT b AS bucket, ${lineAggregates(d)} FROM (${rows}) AS r GROUP BY b ORDER BY b`;
    const raw = `SELECT ${T} AS t, ${V} AS v FROM ${source} WHERE ${inRange} ORDER BY t`;
    // An aggregate, not ORDER BY … LIMIT 1: it reads only the time and value columns of the
    // row groups in the window (5–10× faster in DuckDB on Parquet). `n` says whether one was found
    // (ClickHouse answers 0, not NULL, for max() over no rows); `ok` whether the row is a number.
    const nearest = (where, order) => {
      const [pick, arg] = order === 'DESC' ? ['max', d.argMax] : ['min', d.argMin];
      return `SELECT ${d.count} AS n, ${pick}(${T}) AS t, ${arg}(${d.okOf(V)}, ${T}) AS ok, ${arg}(${V}, ${T}) AS v FROM ${source} WHERE ${where}`;
    };
    const lookbackFrom = Math.max(-8.64e15, from - lookback);
    const lookaheadTo = Math.min(8.64e15, to + lookback);
    return {
      m4,
      raw,
      before: nearest(`${bound('<', from)} AND ${bound('>=', lookbackFrom)}`, 'DESC'),
      after: nearest(`${bound('>=', to)} AND ${bound('<', lookaheadTo)}`, 'ASC'),
      beforeAll: nearest(bound('<', from), 'DESC'),
      afterAll: nearest(bound('>=', to), 'ASC'),
    };
  }
  if (series.kind === 'candles') {
    const [O, H, L, C, VOL] = candleColumns(d, series);
    const rows = `SELECT ${T} AS t, ${O} AS o, ${H} AS h, ${L} AS l, ${C} AS c, ${VOL} AS vol, ${bucket} AS b FROM ${source} WHERE ${inRange}`;
    const m4 = `SELECT b AS bucket, ${candleAggregates(d)} FROM (${rows}) AS r GROUP BY b ORDER BY b`;
    const raw = `SELECT ${T} AS t, ${O} AS o, ${H} AS h, ${L} AS l, ${C} AS c, ${VOL} AS vol FROM ${source} WHERE ${inRange} ORDER BY t`;
    return { m4, raw, before: null, after: null, beforeAll: null, afterAll: null };
  }
  throw new SqlError(`unknown series kind ${series.kind}`);
}

/**
 * A line's per-bucket aggregates over rows (t, v, ok = 1 for a number, 0 for a gap): `n` numbers;
 * the first, last, lowest and highest of them; and the bucket's first and last rows of all
 * (`all_first_time`, `all_first_ok`, …) and its gaps (`gaps`), which say where the line breaks.
 */
export function lineAggregates(d) {
  const num = 'ok = 1';
  return (
    `${d.countWhen(num)} AS n, ${d.when('min', 't', num)} AS first_time, ${d.when(d.argMin, 'v, t', num)} AS first_value, ` +
    `${d.when('max', 't', num)} AS last_time, ${d.when(d.argMax, 'v, t', num)} AS last_value, ${d.when('min', 'v', num)} AS min_value, ` +
    `${d.when(d.argMin, 't, v', num)} AS min_time, ${d.when('max', 'v', num)} AS max_value, ${d.when(d.argMax, 't, v', num)} AS max_time, ` +
    `min(t) AS all_first_time, ${d.argMin}(ok, t) AS all_first_ok, max(t) AS all_last_time, ${d.argMax}(ok, t) AS all_last_ok, sum(1.0 - ok) AS gaps`
  );
}

/** A candle series' open, high, low, close and volume as SQL doubles, NULL as NaN (a gap). */
export function candleColumns(d, series) {
  const prices = ['open', 'high', 'low', 'close'].map((k) => d.valueOrNaN(d.double(d.quote(series[k]))));
  return [...prices, series.volume ? d.valueOrNaN(d.double(d.quote(series.volume))) : d.float(0)];
}

/**
 * A candle bucket's aggregates over rows (t, o, h, l, c, vol), as an in-memory candle chart merges
 * bars (src/chart/layers/series/bars.ts): `open` of its first row and `close` of its last, NaN
 * when that row is a gap (the merged bar is not drawn then); `high`/`low` the extremes of the
 * numbers (−∞/+∞ when there are none: the answer writes NaN), so a gap inside the bucket leaves
 * the bar as the other rows make it; `volume` the sum of the numbers; `gaps` the rows with a
 * missing price. Every part merges by min/max/sum, so levels combine buckets the same way.
 */
export function candleAggregates(d) {
  const gap = `(1.0 - ${d.okOf('o')} * ${d.okOf('h')} * ${d.okOf('l')} * ${d.okOf('c')})`;
  return (
    `${d.count} AS n, min(t) AS first_time, max(t) AS last_time, ${d.argMin}(o, t) AS open, max(${d.ifNaN('h', `-${d.infinity}`)}) AS high, ` +
    `min(${d.ifNaN('l', d.infinity)}) AS low, ${d.argMax}(c, t) AS close, sum(${d.ifNaN('vol', d.float(0))}) AS volume, sum(${gap}) AS gaps`
  );
}

/** The series' time extent and row count. */
export function extentQuery(dialectName, { source, time }) {
  const d = dialect(dialectName);
  const T = d.timeOf(d.quote(time.column), time.type);
  return `SELECT min(${T}) AS lo, max(${T}) AS hi, ${d.count} AS n FROM ${source}`;
}

/**
 * What tells whether a table grew (server/tiles.mjs `refresh`): its row count (`n`, metadata in
 * both engines) and the latest time among rows at or after `since` (`hi`, the last known time:
 * the engine skips the row groups before it), so the check reads only the table's end.
 */
export function growthQuery(dialectName, { source, time, since }) {
  const d = dialect(dialectName);
  const T = d.timeOf(d.quote(time.column), time.type);
  return `SELECT (SELECT ${d.count} FROM ${source}) AS n, (SELECT max(${T}) FROM ${source} WHERE ${timeBound(d, time.column, time.type, '>=', Math.floor(since))}) AS hi`;
}
