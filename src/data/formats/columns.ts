/**
 * Rules shared by the JSON and CSV readers (and stream messages): which column is time, what the
 * other columns are called, how a value becomes a number, and how rows end up sorted by time.
 * Documented for users in docs/binary-format.md ("CSV and JSON rules").
 */
import { DataError } from '../errors.js';
import { setColumn, type Columns, type Decoded } from './types.js';
import { checkTimeRange, epochToMilliseconds, parseIsoTime } from './time.js';

/** Names accepted as the time column when none is given, in order of preference (case-insensitive). */
export const TIME_COLUMN_NAMES = ['time', 't', 'date', 'timestamp', 'datetime'] as const;

/** Names that charts look up by meaning; they are lower-cased so `Close` and `CLOSE` work too. */
export const WELL_KNOWN_COLUMNS = new Set(['open', 'high', 'low', 'close', 'volume', 'value']);

/** Describes where a row came from in error messages: "line 12", "row 4", "index 3". */
export type RowLocator = (row: number) => string;

/**
 * Finds the time column among `names`. `timeColumn` (if given) must exist, matched exactly first
 * and then ignoring case; otherwise the first of TIME_COLUMN_NAMES present wins.
 */
export function findTimeColumn(names: readonly string[], timeColumn?: string): number {
  const lower = names.map((n) => n.trim().toLowerCase());
  if (timeColumn !== undefined) {
    let at = names.indexOf(timeColumn);
    if (at < 0) at = lower.indexOf(timeColumn.trim().toLowerCase());
    if (at < 0) {
      throw new DataError('parse', `no column named "${timeColumn}" to use as time; the columns are ${listNames(names)}`);
    }
    return at;
  }
  for (const candidate of TIME_COLUMN_NAMES) {
    const at = lower.indexOf(candidate);
    if (at >= 0) return at;
  }
  throw new DataError(
    'parse',
    `no time column: expected one named ${TIME_COLUMN_NAMES.join(', ')} (any case), or pass timeColumn; the columns are ${listNames(names)}`,
  );
}

/** Column names for a message, kept short even when the "header" is a whole binary file. */
function listNames(names: readonly string[]): string {
  if (!names.length) return '(none)';
  const shown = names.slice(0, 20).map((n) => JSON.stringify(truncate(n)));
  return names.length > 20 ? `${shown.join(', ')} and ${names.length - 20} more` : shown.join(', ');
}

/**
 * The output name of each input column: the time column becomes `time`, well-known names are
 * lower-cased, everything else is kept as written (trimmed). `null` marks a column that is left
 * out because it would clash with `time`.
 */
export function outputNames(names: readonly string[], timeIndex: number, notes: string[]): (string | null)[] {
  const seen = new Map<string, string>();
  return names.map((raw, i) => {
    if (i === timeIndex) {
      seen.set('time', raw);
      return 'time';
    }
    const trimmed = raw.trim();
    const lower = trimmed.toLowerCase();
    if (lower === 'time') {
      notes.push(`column "${raw}" was left out: "${names[timeIndex]}" is the time column and is output as "time"`);
      return null;
    }
    const name = WELL_KNOWN_COLUMNS.has(lower) ? lower : trimmed;
    if (name === '') throw new DataError('parse', `column ${i + 1} has an empty name`);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new DataError('parse', `column "${name}" appears twice (as "${earlier}" and "${raw}")`);
    }
    seen.set(name, raw);
    return name;
  });
}

/**
 * A text value as a number. Empty text and the gap words NaN, null, NA, N/A, "-" are NaN gaps;
 * Infinity is also kept as a NaN gap (a chart cannot draw it). Returns undefined for other text.
 */
export function textToNumber(text: string): number | undefined {
  const n = Number(text);
  if (n === n) {
    if (n === 0 && text.trim() === '') return NaN; // Number('') is 0, but an empty field is a gap
    return n === Infinity || n === -Infinity ? NaN : n;
  }
  return GAP_WORDS.has(text.trim().toLowerCase()) ? NaN : undefined;
}

const GAP_WORDS = new Set(['nan', 'null', 'na', 'n/a', '-', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

/** Any JSON-ish value as a number; undefined for text, booleans and objects (not numeric data). */
export function valueToNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value === Infinity || value === -Infinity ? NaN : value;
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'string') return textToNumber(value);
  return undefined;
}

/**
 * Collects one value column and applies the text rule: a column that holds only text (a symbol,
 * a comment) is left out with a note; a column that mixes numbers with text is an error at the
 * first value that does not fit.
 */
export class ValueColumn {
  values: Float64Array;
  private numbers = 0;
  private textAt = -1;
  private textSample = '';

  constructor(
    readonly name: string,
    length: number,
  ) {
    this.values = new Float64Array(length);
  }

  set(row: number, value: number, locate: RowLocator): void {
    if (value === value) {
      this.numbers++;
      if (this.textAt >= 0) this.mixed(this.textAt, this.textSample, locate);
    }
    this.values[row] = value;
  }

  setText(row: number, text: string, locate: RowLocator): void {
    if (this.numbers > 0) this.mixed(row, text, locate);
    if (this.textAt < 0) {
      this.textAt = row;
      this.textSample = text;
    }
    this.values[row] = NaN;
  }

  /** Makes room for `length` rows, keeping the first `used` (a CSV read as it downloads grows its columns). */
  grow(length: number, used: number): void {
    this.values = growArray(this.values, length, used);
  }

  /** Whether the column is text only and should be left out. */
  get isText(): boolean {
    return this.textAt >= 0;
  }

  private mixed(row: number, text: string, locate: RowLocator): never {
    throw new DataError(
      'parse',
      `${locate(row)}: "${this.name}" is ${JSON.stringify(truncate(text))}, which is not a number (other rows hold numbers)`,
    );
  }
}

function growArray(values: Float64Array, length: number, used: number): Float64Array {
  const grown = new Float64Array(length);
  grown.set(values.subarray(0, used));
  return grown;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Collects the time column. Each value is ISO-8601 text or an epoch number; a column must use
 * one kind throughout. Numbers are converted to ms afterwards (`finish`), once the unit of the
 * whole column is known (see time.ts for the seconds-vs-ms rule).
 */
export class TimeColumn {
  values: Float64Array;
  private kind: 'none' | 'number' | 'date' = 'none';
  private firstRow = 0;

  constructor(
    readonly sourceName: string,
    length: number,
  ) {
    this.values = new Float64Array(length);
  }

  setNumber(row: number, value: number, locate: RowLocator): void {
    if (!Number.isFinite(value)) {
      throw new DataError('parse', `${locate(row)}: time "${this.sourceName}" is ${value === value ? 'infinite' : 'empty or not a number'}`);
    }
    this.use('number', row, locate);
    this.values[row] = value;
  }

  set(row: number, value: unknown, locate: RowLocator): void {
    if (typeof value === 'number') return this.setNumber(row, value, locate);
    if (typeof value === 'string') {
      const n = value.trim() === '' ? NaN : Number(value);
      if (n === n) return this.setNumber(row, n, locate);
      const t = parseIsoTime(value);
      if (t === t) {
        this.use('date', row, locate);
        this.values[row] = t;
        return;
      }
      if (value.trim() === '') throw new DataError('parse', `${locate(row)}: time "${this.sourceName}" is empty`);
      throw new DataError(
        'parse',
        `${locate(row)}: time ${JSON.stringify(truncate(value))} is neither an ISO-8601 date (2024-01-31T09:30:00Z) nor an epoch number`,
      );
    }
    throw new DataError('parse', `${locate(row)}: time "${this.sourceName}" is ${value === null || value === undefined ? 'missing' : typeof value}`);
  }

  /** Makes room for `length` rows, keeping the first `used`. */
  grow(length: number, used: number): void {
    this.values = growArray(this.values, length, used);
  }

  private use(kind: 'number' | 'date', row: number, locate: RowLocator): void {
    if (this.kind === kind) return;
    if (this.kind === 'none') {
      this.kind = kind;
      this.firstRow = row;
      return;
    }
    throw new DataError(
      'parse',
      `${locate(row)}: time is ${kind === 'date' ? 'a date' : 'a number'} but ${locate(this.firstRow)} was ${kind === 'date' ? 'a number' : 'a date'}; use one kind throughout`,
    );
  }

  /**
   * The first `length` times in ms (epoch numbers converted, with a note when they were not ms
   * already). Throws, naming the row, for a time outside what a Date can hold (±8.64e15 ms).
   */
  finish(notes: string[], length: number, locate: RowLocator): Float64Array {
    const values = length === this.values.length ? this.values : this.values.slice(0, length);
    let note: string | null = null;
    if (this.kind === 'number') note = epochToMilliseconds(values);
    checkTimeRange(values, this.sourceName, locate, note);
    if (note) notes.push(note);
    return values;
  }
}

/**
 * Puts finished time and value columns together (their first `length` rows, when they were
 * allocated larger), dropping text-only columns with a note, then sorts.
 */
export function assemble(time: TimeColumn, values: readonly ValueColumn[], notes: string[], locate: RowLocator, length = time.values.length): Decoded {
  const columns: Record<string, Float64Array> = { time: time.finish(notes, length, locate) };
  const skipped: string[] = [];
  for (const column of values) {
    if (column.isText) skipped.push(column.name);
    else setColumn(columns, column.name, length === column.values.length ? column.values : column.values.slice(0, length));
  }
  if (skipped.length) {
    notes.push(`${plural(skipped.length, 'column')} holding text instead of numbers ${skipped.length === 1 ? 'was' : 'were'} left out: ${skipped.map((s) => `"${s}"`).join(', ')}`);
  }
  return { columns: sortByTime(columns as Columns, notes), notes };
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Returns the columns ordered by increasing time. Already-sorted input (the usual case) is
 * returned as is after one pass over `time`. Otherwise rows are sorted stably, and of several
 * rows with the same time only the last one (in input order) is kept, as a later row is taken to
 * be a correction of an earlier one. Rows whose time is NaN are dropped. Each repair adds a note.
 */
export function sortByTime(columns: Columns, notes: string[]): Columns {
  const time = columns.time;
  const n = time.length;
  let ordered = n === 0 || time[0] === time[0];
  for (let i = 1; ordered && i < n; i++) ordered = time[i] > time[i - 1];
  if (ordered) return columns;

  let outOfOrder = 0;
  let noTime = 0;
  let latest = -Infinity;
  const order = new Uint32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (t !== t) {
      noTime++;
      continue;
    }
    if (t < latest) outOfOrder++;
    else latest = t;
    order[kept++] = i;
  }
  const indices = order.subarray(0, kept);
  // Ties broken by input position: the sort is stable, and the last of equal times comes last.
  if (outOfOrder > 0) indices.sort((a, b) => time[a] - time[b] || a - b);
  let unique = 0;
  for (let k = 0; k < kept; k++) {
    if (k + 1 < kept && time[indices[k + 1]] === time[indices[k]]) continue;
    indices[unique++] = indices[k];
  }
  const repeated = kept - unique;
  const picked = indices.subarray(0, unique);

  const out: Record<string, Float64Array> = {};
  for (const [name, column] of Object.entries(columns)) {
    const target = new Float64Array(unique);
    for (let k = 0; k < unique; k++) target[k] = column[picked[k]];
    setColumn(out, name, target);
  }
  if (outOfOrder) notes.push(`${plural(outOfOrder, 'row')} ${outOfOrder === 1 ? 'was' : 'were'} out of time order and ${outOfOrder === 1 ? 'was' : 'were'} sorted`);
  if (repeated) notes.push(`${plural(repeated, 'row')} repeated an earlier time; for each time the last row was kept`);
  if (noTime) notes.push(`${plural(noTime, 'row')} without a time ${noTime === 1 ? 'was' : 'were'} dropped`);
  return out as Columns;
}

/** JSON rows (or one stream message's rows) as columns, sorted by time. */
export function rowsToColumns(rows: readonly Record<string, unknown>[], timeColumn?: string): Decoded {
  const notes: string[] = [];
  const n = rows.length;
  const rowLocator: RowLocator = (row) => `row ${row + 1}`;
  // Every key that appears in any row is a column; rows without it have a gap there.
  const keys: string[] = [];
  const known = new Set<string>();
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new DataError('parse', `${rowLocator(r)} is ${Array.isArray(row) ? 'an array' : row === null ? 'null' : typeof row}, expected an object like {"time": …, "close": …}`);
    }
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        known.add(key);
        keys.push(key);
      }
    }
  }
  if (n === 0) return { columns: { time: new Float64Array(0) } as Columns, notes };
  const timeIndex = findTimeColumn(keys, timeColumn);
  const names = outputNames(keys, timeIndex, notes);
  const timeKey = keys[timeIndex];
  const time = new TimeColumn(timeKey, n);
  for (let r = 0; r < n; r++) time.set(r, rows[r][timeKey], rowLocator);
  const values: ValueColumn[] = [];
  keys.forEach((key, k) => {
    const name = names[k];
    if (k === timeIndex || name === null) return;
    const column = new ValueColumn(name, n);
    for (let r = 0; r < n; r++) {
      const raw = rows[r][key];
      const v = valueToNumber(raw);
      if (v === undefined) column.setText(r, String(raw), rowLocator);
      else column.set(r, v, rowLocator);
    }
    values.push(column);
  });
  return assemble(time, values, notes, rowLocator);
}

/** An object of column arrays (numbers, numeric text, dates for time, nulls) as Float64 columns, sorted by time. */
export function normalizeColumns(input: Record<string, ArrayLike<number | string | null>>, timeColumn?: string): Decoded {
  const notes: string[] = [];
  const keys = Object.keys(input);
  if (keys.length === 0) throw new DataError('parse', 'no columns: expected an object like {"time": [...], "close": [...]}');
  const timeIndex = findTimeColumn(keys, timeColumn);
  const timeKey = keys[timeIndex];
  for (const key of keys) {
    const column = input[key] as unknown;
    if (column === null || typeof column !== 'object' || typeof (column as ArrayLike<unknown>).length !== 'number') {
      throw new DataError('parse', `column "${key}" is not an array`);
    }
  }
  const n = input[timeKey].length;
  for (const key of keys) {
    if (input[key].length !== n) {
      throw new DataError('parse', `column "${key}" has ${input[key].length} values but "${timeKey}" has ${n}`);
    }
  }
  const names = outputNames(keys, timeIndex, notes);
  const indexLocator: RowLocator = (row) => `index ${row}`;
  const time = new TimeColumn(timeKey, n);
  const rawTime = input[timeKey];
  for (let r = 0; r < n; r++) time.set(r, rawTime[r], indexLocator);
  const values: ValueColumn[] = [];
  keys.forEach((key, k) => {
    const name = names[k];
    if (k === timeIndex || name === null) return;
    const raw = input[key];
    const column = new ValueColumn(name, n);
    for (let r = 0; r < n; r++) {
      const v = valueToNumber(raw[r]);
      if (v === undefined) column.setText(r, String(raw[r]), indexLocator);
      else column.set(r, v, indexLocator);
    }
    values.push(column);
  });
  return assemble(time, values, notes, indexLocator);
}
