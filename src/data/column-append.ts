/**
 * Columnar appends (`chart.appendColumns`, `<gpu-datasource>.appendColumns`): many rows at once
 * as one array per column, checked as a whole before any row is taken (a bad block leaves the
 * rows held as they were), then written by the table's bulk path.
 */
import type { AppendResult, ColumnTable } from './table.js';

/** Rows as columns: `time` in ms since 1970 and any numeric columns of the same length. */
export type AppendColumns = { time: ArrayLike<number> } & Record<string, ArrayLike<number>>;

/** The block's columns, or an Error whose message says what is wrong (`who` names the call). */
export function checkAppendColumns(columns: unknown, who: string): Record<string, ArrayLike<number>> {
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) throw new Error(`${who} needs an object of columns ({ time, value, … })`);
  const entries = Object.entries(columns as Record<string, unknown>);
  const time = (columns as { time?: unknown }).time as ArrayLike<number> | undefined;
  if (!time || typeof time.length !== 'number') throw new Error(`${who} needs a "time" column (ms since 1970)`);
  const out: Record<string, ArrayLike<number>> = {};
  for (const [name, values] of entries) {
    const col = values as ArrayLike<number> | null;
    if (!col || typeof col !== 'object' || typeof col.length !== 'number') throw new Error(`${who}: column "${name}" is not an array`);
    if (col.length !== time.length) throw new Error(`${who}: column "${name}" has ${col.length} values but time has ${time.length}`);
    // defineProperty: a column named __proto__ is a column, not the object's prototype.
    Object.defineProperty(out, name, { value: col, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Columns kept in the order given (`order="data"`): checked like an appended block, every time
 * usable, converted to Float64Array; nothing sorted, repeated times kept.
 */
export function columnsAsGiven(columns: Record<string, ArrayLike<number>>): Record<string, Float64Array> {
  const checked = checkAppendColumns(columns, 'data');
  const out: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(checked)) {
    Object.defineProperty(out, name, { value: values instanceof Float64Array ? values : Float64Array.from(values), enumerable: true, writable: true, configurable: true });
  }
  const time = out.time;
  for (let i = 0; i < time.length; i++) {
    if (!(Math.abs(time[i]) <= 8.64e15)) throw new Error(`data: time[${i}] is ${time[i]}, not a time in ms (the range is ±8.64e15)`);
  }
  return out;
}

/**
 * Appends the block (older rows merged into their place, a row at the last row's time replaces
 * it) and returns the table's result with the sentences that a `gpu-error` should carry.
 */
export function appendColumnsTo(table: ColumnTable, columns: Record<string, ArrayLike<number>>, who: string): { result: AppendResult; problems: string[] } {
  const result = table.appendColumns(columns, { merge: true });
  const problems: string[] = [];
  if (result.invalid) problems.push(`${who}: skipped ${result.invalid} row(s) without a usable time (not finite or outside the Date range)`);
  if (result.nonFinite) problems.push(`${who}: ${result.nonFinite} value(s) were ±Infinity and are kept as gaps`);
  return { result, problems };
}
