/**
 * JSON read as it arrives, for the usual big shape, an array of row objects: each chunk's
 * complete rows are parsed (JSON.parse of the finished elements) while the rest downloads, and
 * the rows become columns at the end with the same rowsToColumns as a whole read, so columns,
 * notes and row errors are the same. An object of columns, or anything the element scanner does
 * not vouch for (a syntax error, text after the array), is parsed whole at the end, as before,
 * so a broken file gets exactly JSON.parse's message for the whole text.
 */
import { DataError } from '../errors.js';
import { formatBytes } from './bytes.js';
import { rowsToColumns } from './columns.js';
import { parseJson } from './json.js';
import type { Decoded } from './types.js';

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** JSON's whitespace (space, tab, LF, CR): what may stand between elements and around the array. */
function isBlank(text: string, from = 0, to = text.length): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

export class JsonStreamDecoder {
  private readonly utf8 = new TextDecoder();
  /** All the text, kept for a whole parse at the end (another shape, or an error to report). */
  private readonly pieces: string[] = [];
  private bytes = 0;
  private shape: 'unknown' | 'rows' | 'whole' = 'unknown';
  /** Rows parsed so far (while the array's elements arrive). */
  private parsedRows: unknown[] = [];
  private rowCount = 0;
  /** Text of elements not finished yet: from after the last separating comma. */
  private open = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private elements = 0;
  private ended = false;
  private done = false;

  constructor(private readonly timeColumn?: string) {}

  /** Rows parsed so far. */
  get rows(): number {
    return this.rowCount;
  }

  pushBytes(chunk: Uint8Array, final = false): void {
    if (this.done) throw new Error('JsonStreamDecoder: push after the final chunk');
    this.done = final;
    this.bytes += chunk.length;
    const text = this.utf8.decode(chunk, { stream: !final });
    if (text.length) this.pieces.push(text);
    if (this.shape !== 'whole') this.scan(text);
  }

  /** The columns, sorted by time; after the final push (made here if it was not). */
  finish(): Decoded {
    if (!this.done) this.pushBytes(new Uint8Array(0), true);
    if (this.shape === 'rows' && this.ended) return rowsToColumns(this.parsedRows as Record<string, unknown>[], this.timeColumn);
    let text: string;
    try {
      text = this.pieces.join('');
    } catch (cause) {
      // JavaScript strings top out around 512 MiB (V8); bigger text cannot be held at all.
      throw new DataError('parse', `${formatBytes(this.bytes)} of text is too large to read as one string; use the binary format (.gcol) for data this big`, { cause });
    }
    return parseJson(text, this.timeColumn);
  }

  /** Gives up reading as it arrives: the whole text is parsed at the end. */
  private whole(): void {
    this.shape = 'whole';
    this.parsedRows = [];
    this.rowCount = 0;
    this.open = '';
  }

  private scan(text: string): void {
    let i = 0;
    if (this.shape === 'unknown') {
      while (i < text.length && isBlank(text, i, i + 1)) i++;
      if (i === text.length) return;
      if (text.charCodeAt(i) !== OPEN_BRACKET) return this.whole();
      this.shape = 'rows';
      this.depth = 1;
      i++;
    }
    if (this.ended) {
      if (!isBlank(text, i)) this.whole(); // text after the array: JSON.parse names it
      return;
    }
    const segment = i;
    let lastComma = -1;
    // The scanner's state in locals for the loop (it visits every character).
    let { depth, inString, escaped } = this;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) {
          this.depth = 0;
          const before = lastComma >= 0 ? this.open + text.slice(segment, lastComma) : null;
          const last = lastComma >= 0 ? text.slice(lastComma + 1, i) : this.open + text.slice(segment, i);
          if (before !== null && !this.take(before, false)) return;
          if (!this.take(last, true)) return;
          this.ended = true;
          this.open = '';
          if (!isBlank(text, i + 1)) this.whole();
          return;
        }
      } else if (c === COMMA && depth === 1) lastComma = i;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    if (lastComma >= 0) {
      if (!this.take(this.open + text.slice(segment, lastComma), false)) return;
      this.open = text.slice(lastComma + 1);
    } else this.open += text.slice(segment);
  }

  /**
   * Parses finished elements (`part`: elements separated by commas, without the comma after the
   * last); `closing` when the array's end follows. False (and a whole parse later) when they are
   * not valid JSON elements, e.g. an empty one between commas, which `[` + part + `]` would accept.
   */
  private take(part: string, closing: boolean): boolean {
    if (isBlank(part)) {
      // Only `[]` (or `[ ]`) may have nothing in it.
      if (closing && this.elements === 0) return true;
      this.whole();
      return false;
    }
    let parsed: unknown[];
    try {
      parsed = JSON.parse(`[${part}]`) as unknown[];
    } catch {
      this.whole();
      return false;
    }
    this.elements += parsed.length;
    for (const row of parsed) this.parsedRows.push(row);
    this.rowCount = this.parsedRows.length;
    return true;
  }
}
