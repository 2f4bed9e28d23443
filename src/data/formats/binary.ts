/**
 * The gpu-chart columnar binary format (".gcol"), specified byte for byte in
 * docs/binary-format.md. In short, all little-endian:
 *
 *   header (24 bytes)   "GCOL", u16 version = 1, u16 flags = 0, u32 column count, u32 0, u64 row count
 *   directory           per column: u8 type, u8 0, u16 name length, u32 0, u64 data offset,
 *                       then the UTF-8 name, zero-padded to a multiple of 8 bytes
 *   data                per column: row count values of its type, starting at its (8-aligned) offset
 *
 * Why: decoding is a header read plus one typed-array view (float64) or one conversion pass
 * (float32, int32) per column; there is no per-row parsing.
 */
import { DataError } from '../errors.js';
import { checkTimeRange } from './time.js';
import { hasColumn, setColumn, type Columns } from './types.js';

export const BINARY_MAGIC = Uint8Array.of(0x47, 0x43, 0x4f, 0x4c); // "GCOL"
export const BINARY_VERSION = 1;
export const BINARY_EXTENSION = '.gcol';
export const BINARY_CONTENT_TYPE = 'application/vnd.gpu-chart.gcol';
export const HEADER_BYTES = 24;
export const DIRECTORY_ENTRY_BYTES = 16;

export type BinaryColumnType = 'float64' | 'float32' | 'int32';

/** Type codes as stored in the directory, and the bytes each value takes. */
export const TYPE_CODES: Record<BinaryColumnType, number> = { float64: 1, float32: 2, int32: 3 };
const TYPE_BY_CODE: Record<number, BinaryColumnType> = { 1: 'float64', 2: 'float32', 3: 'int32' };
const TYPE_SIZE: Record<BinaryColumnType, number> = { float64: 8, float32: 4, int32: 4 };

/** int32 columns cannot hold NaN, so their smallest value stands for a gap. */
export const INT32_GAP = -2147483648;

export interface EncodeBinaryOptions {
  /** Storage type per column (default float64). `time` is always float64. */
  types?: Readonly<Record<string, BinaryColumnType>>;
}

const align8 = (n: number) => (n + 7) & ~7;

export function hasBinaryMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x47 && bytes[1] === 0x43 && bytes[2] === 0x4f && bytes[3] === 0x4c;
}

/** Writes columns in the binary format; `time` comes first, the others in their key order. */
export function encodeBinary(columns: Columns, options: EncodeBinaryOptions = {}): Uint8Array {
  const time = columns.time;
  if (!(time instanceof Float64Array)) throw new DataError('parse', 'columns need a "time" Float64Array');
  const rows = time.length;
  const names = ['time', ...Object.keys(columns).filter((n) => n !== 'time')];
  const encoder = new TextEncoder();
  const entries = names.map((name) => {
    const values = columns[name];
    if (values.length !== rows) throw new DataError('parse', `column "${name}" has ${values.length} values but "time" has ${rows}`);
    const nameBytes = encoder.encode(name);
    if (nameBytes.length === 0 || nameBytes.length > 0xffff) throw new DataError('parse', `column name "${name}" must be 1 to 65535 UTF-8 bytes`);
    const given = options.types && hasColumn(options.types, name) ? options.types[name] : undefined;
    const type: BinaryColumnType = name === 'time' ? 'float64' : (given ?? 'float64');
    if (!hasColumn(TYPE_CODES, type)) throw new DataError('parse', `unknown column type "${type}" for "${name}"`);
    return { name, values, nameBytes, type, offset: 0 };
  });
  let offset = HEADER_BYTES;
  for (const e of entries) offset += DIRECTORY_ENTRY_BYTES + align8(e.nameBytes.length);
  for (const e of entries) {
    e.offset = offset;
    offset = align8(offset + rows * TYPE_SIZE[e.type]);
  }
  const out = new Uint8Array(offset);
  const view = new DataView(out.buffer);
  out.set(BINARY_MAGIC, 0);
  view.setUint16(4, BINARY_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, entries.length, true);
  view.setUint32(12, 0, true);
  view.setBigUint64(16, BigInt(rows), true);
  let at = HEADER_BYTES;
  for (const e of entries) {
    view.setUint8(at, TYPE_CODES[e.type]);
    view.setUint16(at + 2, e.nameBytes.length, true);
    view.setBigUint64(at + 8, BigInt(e.offset), true);
    out.set(e.nameBytes, at + DIRECTORY_ENTRY_BYTES);
    at += DIRECTORY_ENTRY_BYTES + align8(e.nameBytes.length);
  }
  for (const e of entries) writeColumn(out, e.offset, e.values, e.type, e.name);
  return out;
}

function writeColumn(out: Uint8Array, offset: number, values: Float64Array, type: BinaryColumnType, name: string): void {
  const rows = values.length;
  // The output buffer is fresh and offsets are 8-aligned, so typed views write in platform
  // order; gpu-chart targets little-endian platforms (every browser engine in use), checked below.
  if (type === 'float64') new Float64Array(out.buffer, offset, rows).set(values);
  else if (type === 'float32') new Float32Array(out.buffer, offset, rows).set(values);
  else {
    const target = new Int32Array(out.buffer, offset, rows);
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      if (v !== v) target[i] = INT32_GAP;
      else if (Number.isInteger(v) && v > INT32_GAP && v <= 2147483647) target[i] = v;
      else throw new DataError('parse', `column "${name}" row ${i + 1} holds ${v}, which int32 cannot store; use float64`);
    }
  }
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Reads the binary format. float64 columns are views into `bytes` when their data is 8-byte
 * aligned in memory (so do not reuse that buffer afterwards), otherwise one copy; float32 and
 * int32 columns are converted to new Float64Arrays (int32 gaps become NaN).
 *
 * Every time must be a finite number of ms within ±8.64e15 (what a Date holds); otherwise this
 * throws, naming the row. ±Infinity in a value column cannot be drawn: it becomes a NaN gap (as
 * in CSV and JSON), in a copy of that column (the input bytes are left alone), with a note
 * pushed to `notes` when given.
 */
export function decodeBinary(bytes: Uint8Array, notes?: string[]): Columns {
  if (!LITTLE_ENDIAN) throw new DataError('parse', 'the binary format is read with little-endian typed arrays; this platform is big-endian');
  if (!hasBinaryMagic(bytes)) {
    const seen = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError('parse', `not a gpu-chart binary file: it starts with ${seen || 'nothing'} instead of "GCOL" (47 43 4f 4c)`);
  }
  if (bytes.length < HEADER_BYTES) throw new DataError('parse', `binary file is ${bytes.length} bytes, shorter than its ${HEADER_BYTES}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== BINARY_VERSION) throw new DataError('parse', `binary format version ${version} is not supported (this reader knows version ${BINARY_VERSION})`);
  const columnCount = view.getUint32(8, true);
  const rowCount = Number(view.getBigUint64(16, true));
  if (!Number.isSafeInteger(rowCount)) throw new DataError('parse', `binary row count ${rowCount} is not a usable number`);

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const columns: Record<string, Float64Array> = {};
  let timeType: BinaryColumnType | undefined;
  let at = HEADER_BYTES;
  for (let c = 0; c < columnCount; c++) {
    if (at + DIRECTORY_ENTRY_BYTES > bytes.length) {
      throw new DataError('parse', `binary file ends inside its column directory (column ${c + 1} of ${columnCount}); it is truncated or the column count is wrong`);
    }
    const code = view.getUint8(at);
    const nameLength = view.getUint16(at + 2, true);
    const offset = Number(view.getBigUint64(at + 8, true));
    const type = TYPE_BY_CODE[code];
    if (!type) throw new DataError('parse', `column ${c + 1} has unknown type code ${code} (1 float64, 2 float32, 3 int32)`);
    if (at + DIRECTORY_ENTRY_BYTES + nameLength > bytes.length) throw new DataError('parse', `binary file ends inside the name of column ${c + 1}`);
    let name: string;
    try {
      name = decoder.decode(bytes.subarray(at + DIRECTORY_ENTRY_BYTES, at + DIRECTORY_ENTRY_BYTES + nameLength));
    } catch (cause) {
      throw new DataError('parse', `the name of column ${c + 1} is not valid UTF-8`, { cause });
    }
    if (name === '' || hasColumn(columns, name)) throw new DataError('parse', `column ${c + 1} has ${name === '' ? 'an empty' : `a repeated name "${name}" as its`} name`);
    at += DIRECTORY_ENTRY_BYTES + align8(nameLength);
    const size = TYPE_SIZE[type];
    if (offset % 8 !== 0) throw new DataError('parse', `column "${name}" data offset ${offset} is not a multiple of 8`);
    const end = offset + rowCount * size;
    if (end > bytes.length) {
      throw new DataError(
        'parse',
        `binary header says ${rowCount} rows, so column "${name}" needs bytes ${offset} to ${end}, but the file has only ${bytes.length} bytes (truncated, or a wrong row count)`,
      );
    }
    if (name === 'time') timeType = type;
    setColumn(columns, name, readColumn(bytes, offset, rowCount, type));
  }
  if (!hasColumn(columns, 'time')) throw new DataError('parse', `binary file has no "time" column (columns: ${Object.keys(columns).join(', ') || 'none'})`);
  if (timeType !== 'float64') throw new DataError('parse', `the "time" column is ${timeType}; it must be float64 (ms since 1970)`);
  checkTimeRange(columns.time, 'time', (row) => `row ${row + 1}`, null);
  const repaired: string[] = [];
  for (const name of Object.keys(columns)) {
    if (name === 'time') continue;
    const fixed = infinitiesAsGaps(columns[name]);
    if (fixed !== columns[name]) {
      setColumn(columns, name, fixed);
      repaired.push(`"${name}"`);
    }
  }
  if (repaired.length) notes?.push(`infinite values in ${repaired.join(', ')} were turned into gaps (NaN): a chart cannot draw them`);
  return columns as Columns;
}

/** The column itself when it holds no ±Infinity; else a copy with each one replaced by NaN. */
function infinitiesAsGaps(values: Float64Array): Float64Array {
  let out = values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Infinity || v === -Infinity) {
      if (out === values) out = values.slice();
      out[i] = NaN;
    }
  }
  return out;
}

function readColumn(bytes: Uint8Array, offset: number, rows: number, type: BinaryColumnType): Float64Array {
  const start = bytes.byteOffset + offset;
  if (type === 'float64') {
    if (start % 8 === 0) return new Float64Array(bytes.buffer, start, rows);
    return new Float64Array(bytes.slice(offset, offset + rows * 8).buffer);
  }
  const source =
    start % 4 === 0
      ? type === 'float32'
        ? new Float32Array(bytes.buffer, start, rows)
        : new Int32Array(bytes.buffer, start, rows)
      : type === 'float32'
        ? new Float32Array(bytes.slice(offset, offset + rows * 4).buffer)
        : new Int32Array(bytes.slice(offset, offset + rows * 4).buffer);
  const out = new Float64Array(rows);
  if (type === 'float32') out.set(source);
  else for (let i = 0; i < rows; i++) out[i] = source[i] === INT32_GAP ? NaN : source[i];
  return out;
}
