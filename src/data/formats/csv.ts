/**
 * CSV reader: a header row, then one record per line. RFC 4180 quoting (fields in double quotes
 * may hold commas, line breaks and doubled quotes ""), LF, CRLF or CR-only line ends (mixed
 * freely within one file), blank lines ignored. Values go straight into Float64Arrays, without
 * building row objects.
 */
import { DataError } from '../errors.js';
import type { Decoded } from './types.js';
import { assemble, findTimeColumn, outputNames, textToNumber, TimeColumn, ValueColumn, type RowLocator } from './columns.js';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
const ZERO = 48;

/** Exact powers of ten: a decimal with at most 15 digits divided by one of these is correctly rounded. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Reads a plain decimal like -123.45 straight from the text, or returns NaN if the field is
 * anything else (exponents, spaces, words), in which case the caller falls back to Number().
 * Why: avoids a substring per field; the result equals Number()'s, because an integer below
 * 2^53 divided by an exact power of ten is rounded once, correctly, like the parse itself.
 */
function plainDecimal(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === MINUS || first === PLUS) {
    negative = first === MINUS;
    i++;
  }
  let mantissa = 0;
  let digitCount = 0;
  let fractionDigits = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT && fractionDigits < 0) {
      fractionDigits = 0;
      continue;
    }
    const d = c - ZERO;
    if (d < 0 || d > 9) return NaN;
    mantissa = mantissa * 10 + d;
    digitCount++;
    if (fractionDigits >= 0) fractionDigits++;
  }
  if (digitCount === 0 || digitCount > 15) return NaN;
  const value = fractionDigits > 0 ? mantissa / POW10[fractionDigits] : mantissa;
  return negative ? -value : value;
}

export interface CsvOptions {
  timeColumn?: string;
}

/**
 * Counts line ends (LF, CRLF and lone CR each count once): an upper bound for the number of
 * records, so columns are allocated once. Counting LF alone would size a CR-only file as one row.
 */
function countLines(text: string, from: number): number {
  let lines = 1;
  for (let at = text.indexOf('\n', from); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  for (let at = text.indexOf('\r', from); at >= 0; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== LF) lines++;
  }
  return lines;
}

/** Line ends (LF, CRLF or a lone CR) in text[from, to), for naming lines inside quoted fields. */
function lineEndsIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}

export function parseCsv(input: string, options: CsvOptions = {}): Decoded {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input; // byte-order mark
  const length = text.length;
  let pos = 0;
  let line = 1;
  /** The line on which the record being read starts (a quoted field may span lines). */
  let recordLine = 1;
  let quotedValue = '';

  /** Reads one field from `pos`; returns its end (exclusive) or -1 when it was quoted (value in `quotedValue`). */
  function readField(): number {
    if (text.charCodeAt(pos) !== QUOTE) {
      let i = pos;
      while (i < length) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) throw new DataError('parse', `line ${line}: a quote inside an unquoted field; quote the whole field and double the quote ("")`);
        i++;
      }
      return i;
    }
    let value = '';
    let from = pos + 1;
    for (;;) {
      const close = text.indexOf('"', from);
      if (close < 0) throw new DataError('parse', `line ${recordLine}: a quoted field is not closed before the end of the file`);
      line += lineEndsIn(text, from, close);
      value += text.slice(from, close);
      if (text.charCodeAt(close + 1) === QUOTE) {
        value += '"';
        from = close + 2;
        continue;
      }
      pos = close + 1;
      const next = text.charCodeAt(pos);
      if (pos < length && next !== COMMA && next !== LF && next !== CR) {
        throw new DataError('parse', `line ${line}: unexpected text after a closing quote`);
      }
      quotedValue = value;
      return -1;
    }
  }

  /** Moves past the line end at `pos` (LF, CRLF or a lone CR); false at the end of the text. */
  function endLine(): boolean {
    if (pos >= length) return false;
    if (text.charCodeAt(pos) === CR) pos++;
    if (text.charCodeAt(pos) === LF) pos++;
    line++;
    return pos < length;
  }

  function isBlankLine(): boolean {
    const c = text.charCodeAt(pos);
    return c === LF || c === CR;
  }

  // Header (blank lines before it are skipped).
  while (pos < length && isBlankLine()) endLine();
  if (pos >= length) throw new DataError('parse', 'the CSV is empty: expected a header row such as time,open,high,low,close,volume');
  const header: string[] = [];
  recordLine = line;
  for (;;) {
    const end = readField();
    if (end >= 0) {
      header.push(text.slice(pos, end));
      pos = end;
    } else {
      header.push(quotedValue);
    }
    if (text.charCodeAt(pos) === COMMA) {
      pos++;
      continue;
    }
    break;
  }
  endLine();

  const timeIndex = findTimeColumn(header, options.timeColumn);
  const notes: string[] = [];
  const names = outputNames(header, timeIndex, notes);
  const capacity = countLines(text, pos);
  const time = new TimeColumn(header[timeIndex], capacity);
  const valueColumns: (ValueColumn | null)[] = names.map((name, i) => (i === timeIndex || name === null ? null : new ValueColumn(name, capacity)));
  const fieldCount = header.length;
  const lineOfRow = new Int32Array(capacity);
  const locate: RowLocator = (row) => `line ${lineOfRow[row] || line}`;

  let row = 0;
  while (pos < length) {
    if (isBlankLine()) {
      endLine();
      continue;
    }
    // countLines bounds the records; passing it would mean a line end it did not count.
    if (row >= capacity) throw new DataError('parse', `line ${line}: more records than line ends counted (a bug in the CSV reader); please report it`);
    recordLine = line;
    lineOfRow[row] = line;
    let field = 0;
    for (;;) {
      if (field >= fieldCount) {
        throw new DataError('parse', `line ${recordLine}: more fields than the ${fieldCount} columns in the header`);
      }
      const start = pos;
      const end = readField();
      const column = valueColumns[field];
      if (field === timeIndex) {
        const fast = end >= 0 ? plainDecimal(text, start, end) : NaN;
        if (fast === fast) time.setNumber(row, fast, locate);
        else time.set(row, end >= 0 ? text.slice(start, end) : quotedValue, locate);
      } else if (column) {
        const value = end >= 0 ? plainDecimal(text, start, end) : NaN;
        if (value === value) {
          column.set(row, value, locate);
        } else {
          const fieldText = end >= 0 ? text.slice(start, end) : quotedValue;
          const parsed = textToNumber(fieldText);
          if (parsed === undefined) column.setText(row, fieldText, locate);
          else column.set(row, parsed, locate);
        }
      }
      if (end >= 0) pos = end;
      field++;
      if (text.charCodeAt(pos) === COMMA) {
        pos++;
        continue;
      }
      break;
    }
    if (field < fieldCount) {
      throw new DataError(
        'parse',
        `line ${recordLine}: ${field} field${field === 1 ? '' : 's'} but the header has ${fieldCount} (${header.join(',')})`,
      );
    }
    row++;
    endLine();
  }
  return assemble(time, valueColumns.filter((c): c is ValueColumn => c !== null), notes, locate, row);
}
