/**
 * CSV reader: a header row, then one record per line. RFC 4180 quoting (fields in double quotes
 * may hold commas, line breaks and doubled quotes ""), LF, CRLF or CR-only line ends (mixed
 * freely within one file), blank lines ignored. Values go straight into Float64Arrays, without
 * building row objects. `CsvStreamDecoder` reads the text as it arrives (chunk by chunk, records
 * cut anywhere), so decoding overlaps the download; `parseCsv` gives it the whole text at once.
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

export interface CsvStreamOptions extends CsvOptions {
  /** The expected size of the whole input (Content-Length), so columns are sized once. */
  sizeHint?: number;
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

/** readField's answer when the field (or what follows it) is not all there yet. */
const NEED_MORE = -2;

/** Rows a streamed CSV starts with; columns grow when full (see CsvStreamDecoder.grow). */
const FIRST_CAPACITY = 4096;

/** Reads a whole CSV text (see CsvStreamDecoder for the rules, which are the same). */
export function parseCsv(input: string, options: CsvOptions = {}): Decoded {
  const decoder = new CsvStreamDecoder(options);
  decoder.pushText(input, true);
  return decoder.finish();
}

/**
 * Reads CSV as it arrives: `pushBytes` (UTF-8) or `pushText` each chunk, then `finish`. Each push
 * parses every record that is complete and keeps the rest (a record may be cut anywhere: inside a
 * field, a quoted field, a CRLF) for the next one, so the result, notes and error messages (with
 * their line numbers) are exactly those of reading the whole text at once. Errors are thrown by
 * the push that reaches them, so a bad file fails while it downloads.
 */
export class CsvStreamDecoder {
  private readonly utf8 = new TextDecoder();
  /** Text not parsed yet: the start of a record cut off by the end of the last chunk. */
  private rest = '';
  /** Chunks after `rest` that hold no line end yet. */
  private waiting: string[] = [];
  private started = false;
  private done = false;
  private line = 1;
  private header: string[] | null = null;
  private timeIndex = 0;
  private fieldCount = 0;
  private time: TimeColumn | null = null;
  private valueColumns: (ValueColumn | null)[] = [];
  private lineOfRow = new Int32Array(0);
  private capacity = 0;
  private row = 0;
  /** Characters consumed by the records read so far, for sizing the columns from sizeHint. */
  private recordChars = 0;
  private readonly notes: string[] = [];
  private readonly locate: RowLocator = (row) => `line ${this.lineOfRow[row] || this.line}`;

  constructor(private readonly options: CsvStreamOptions = {}) {}

  /** Records read so far. */
  get rows(): number {
    return this.row;
  }

  /** A chunk of UTF-8 bytes (a character may be split between chunks). */
  pushBytes(chunk: Uint8Array, final = false): void {
    this.pushText(this.utf8.decode(chunk, { stream: !final }), final);
  }

  /** A chunk of text; `final` for the last one (the end of the text ends the last record). */
  pushText(chunk: string, final = false): void {
    if (this.done) throw new Error('CsvStreamDecoder: push after the final chunk');
    this.done = final;
    // No record can end without a line end: a chunk without one waits, unparsed, so a long line
    // (or a file with none) is read once when its end comes, not again with every chunk.
    if (!final && chunk.indexOf('\n') < 0 && chunk.indexOf('\r') < 0) {
      this.waiting.push(chunk);
      return;
    }
    if (this.waiting.length) {
      chunk = this.waiting.join('') + chunk;
      this.waiting = [];
    }
    let text = this.rest.length ? this.rest + chunk : chunk;
    if (!this.started) {
      if (!text.length && !final) return;
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
    }
    const used = this.parse(text, final);
    this.rest = used < text.length ? text.slice(used) : '';
  }

  /** The columns, sorted by time; after the final push (made here if it was not). */
  finish(): Decoded {
    if (!this.done) this.pushBytes(new Uint8Array(0), true);
    return assemble(this.time!, this.valueColumns.filter((c): c is ValueColumn => c !== null), this.notes, this.locate, this.row);
  }

  /** Reads the complete records of `text`; returns where the first incomplete one starts. */
  private parse(text: string, final: boolean): number {
    const length = text.length;
    let pos = 0;
    let line = this.line;
    /** The line on which the record being read starts (a quoted field may span lines). */
    let recordLine = line;
    let quotedValue = '';

    /** Reads one field from `pos`; returns its end (exclusive), -1 when it was quoted (value in `quotedValue`), NEED_MORE when it is cut off. */
    function readField(): number {
      if (text.charCodeAt(pos) !== QUOTE) {
        let i = pos;
        while (i < length) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) throw new DataError('parse', `line ${line}: a quote inside an unquoted field; quote the whole field and double the quote ("")`);
          i++;
        }
        return i === length && !final ? NEED_MORE : i;
      }
      let value = '';
      let from = pos + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0 || (close + 1 === length && !final)) {
          if (!final) return NEED_MORE; // not closed yet, or a doubled quote "" cut in two
          throw new DataError('parse', `line ${recordLine}: a quoted field is not closed before the end of the file`);
        }
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

    /** Whether the line end at `pos` may still be the CR of a CRLF cut between chunks. */
    function lineEndCut(): boolean {
      return !final && text.charCodeAt(pos) === CR && pos + 1 === length;
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

    if (!this.header) {
      // Header (blank lines before it are skipped).
      while (pos < length && isBlankLine() && !lineEndCut()) endLine();
      if (pos >= length || lineEndCut()) {
        if (final) throw new DataError('parse', 'the CSV is empty: expected a header row such as time,open,high,low,close,volume');
        this.line = line;
        return pos;
      }
      const headerStart = pos;
      const headerLine = line;
      const header: string[] = [];
      recordLine = line;
      for (;;) {
        const end = readField();
        if (end === NEED_MORE) break;
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
        if (lineEndCut()) break;
        this.startColumns(header, text, pos, final);
        break;
      }
      if (!this.header) {
        this.line = headerLine;
        return headerStart;
      }
      endLine();
    }

    const time = this.time!;
    const valueColumns = this.valueColumns;
    const timeIndex = this.timeIndex;
    const fieldCount = this.fieldCount;
    const header = this.header;
    const locate = this.locate;
    let row = this.row;
    let recordStart = pos;
    records: while (pos < length) {
      recordStart = pos;
      if (isBlankLine()) {
        if (lineEndCut()) break;
        endLine();
        continue;
      }
      if (row >= this.capacity) this.grow(row);
      recordLine = line;
      const lineOfRow = this.lineOfRow;
      lineOfRow[row] = line;
      let field = 0;
      for (;;) {
        if (field >= fieldCount) {
          throw new DataError('parse', `line ${recordLine}: more fields than the ${fieldCount} columns in the header`);
        }
        const start = pos;
        const end = readField();
        if (end === NEED_MORE) {
          // Values already set for this row are set again, to the same, when the record is whole.
          pos = recordStart;
          line = recordLine;
          break records;
        }
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
      if (lineEndCut()) {
        pos = recordStart;
        line = recordLine;
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
      this.recordChars += pos - recordStart;
    }
    this.row = row;
    this.line = line;
    return pos;
  }

  /** Sets up the columns once the header is read; whole text: sized by its line ends. */
  private startColumns(header: string[], text: string, pos: number, final: boolean): void {
    this.timeIndex = findTimeColumn(header, this.options.timeColumn);
    const names = outputNames(header, this.timeIndex, this.notes);
    this.header = header;
    this.fieldCount = header.length;
    // Streamed: a first guess, grown from what the records turn out to take (see grow).
    const capacity = final ? countLines(text, pos) : FIRST_CAPACITY;
    this.capacity = capacity;
    this.time = new TimeColumn(header[this.timeIndex], capacity);
    this.valueColumns = names.map((name, i) => (i === this.timeIndex || name === null ? null : new ValueColumn(name, capacity)));
    this.lineOfRow = new Int32Array(capacity);
  }

  /**
   * Makes room for more rows: what sizeHint and the mean record so far say the file holds (with
   * a margin), at least half as many again, and never more than 8 times as many at once (a first
   * few short records must not make a guess of gigabytes).
   */
  private grow(used: number): void {
    const hint = this.options.sizeHint;
    const estimate = hint && used > 0 && this.recordChars > 0 ? Math.ceil((hint / (this.recordChars / used)) * 1.05) + 16 : 0;
    const capacity = Math.min(Math.max(Math.ceil(this.capacity * 1.5) + 16, estimate), this.capacity * 8);
    this.time!.grow(capacity, used);
    for (const column of this.valueColumns) column?.grow(capacity, used);
    const lines = new Int32Array(capacity);
    lines.set(this.lineOfRow.subarray(0, used));
    this.lineOfRow = lines;
    this.capacity = capacity;
  }
}
