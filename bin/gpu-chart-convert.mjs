#!/usr/bin/env node
// gpu-chart-convert: CSV or JSON in, gpu-chart columnar binary (.gcol) out.
//
//   node bin/gpu-chart-convert.mjs input.csv|input.json[.zst] output.gcol [--time-column NAME] [--type NAME=float32|int32|float64]...
//
// Plain JavaScript so it runs with `node` and no build step. It follows docs/binary-format.md:
// the same time-column, unit and column-name rules as the browser loader (src/data/load.ts),
// written out again here because this file cannot import TypeScript.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MAGIC = [0x47, 0x43, 0x4f, 0x4c]; // "GCOL"
export const VERSION = 1;
export const TYPE_CODES = { float64: 1, float32: 2, int32: 3 };
const TYPE_SIZES = { float64: 8, float32: 4, int32: 4 };
const INT32_GAP = -2147483648;
const TIME_NAMES = ['time', 't', 'date', 'timestamp', 'datetime'];
const WELL_KNOWN = new Set(['open', 'high', 'low', 'close', 'volume', 'value']);
const GAP_WORDS = new Set(['nan', 'null', 'na', 'n/a', '-', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);

export class ConvertError extends Error {}

/** CSV text → { header, records, lines } following RFC 4180 (quotes, doubled quotes, CRLF). */
export function readCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records = [];
  const lines = [];
  let record = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = () => {
    if (fieldStarted || record.length) {
      record.push(field);
      records.push(record);
      lines.push(recordLine);
    }
    record = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') (field += '"'), i++;
        else {
          quoted = false;
          const next = text[i + 1];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
            throw new ConvertError(`line ${line}: unexpected text after a closing quote`);
          }
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new ConvertError(`line ${line}: a quote inside an unquoted field; quote the whole field and double the quote ("")`);
      (quoted = true), (fieldStarted = true);
    } else if (c === ',') record.push(field), (field = ''), (fieldStarted = true);
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (!fieldStarted) recordLine = line;
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new ConvertError(`line ${recordLine}: a quoted field is not closed before the end of the file`);
  endRecord();
  if (!records.length) throw new ConvertError('the CSV is empty: expected a header row');
  const [header, ...rows] = records;
  const [, ...rowLines] = lines;
  for (let r = 0; r < rows.length; r++) {
    if (rows[r].length !== header.length) {
      throw new ConvertError(`line ${rowLines[r]}: ${rows[r].length} fields but the header has ${header.length}`);
    }
  }
  return { header, rows, rowLines };
}

/** ISO-8601 date or date-time; no offset means UTC. NaN when not in that form. */
export function parseIsoTime(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  if (zone && m[4] === undefined) return NaN;
  const month = +mo;
  const day = +d;
  const dim = month === 2 ? ((+y % 4 === 0 && +y % 100 !== 0) || +y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > dim || +h > 24 || +mi > 59 || +s > 60) return NaN;
  let offset = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    offset = (zone[0] === '-' ? -1 : 1) * (+digits.slice(1, 3) * 60 + +(digits.slice(3, 5) || 0));
  }
  const ms = frac ? Number(`0.${frac}`) * 1000 : 0;
  return Date.UTC(+y, month - 1, day, +h, +mi, +s) + ms - offset * 60000;
}

function toNumber(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'string') {
    if (value.trim() === '') return NaN;
    const n = Number(value);
    if (!Number.isNaN(n)) return Number.isFinite(n) ? n : NaN;
    return GAP_WORDS.has(value.trim().toLowerCase()) ? NaN : undefined;
  }
  return undefined;
}

/**
 * Named value lists → { columns, notes }: picks the time column, converts times to ms (ISO text,
 * or epoch numbers whose largest magnitude decides s / ms / µs / ns), names columns, sorts.
 * `where(i)` names row i in error messages.
 */
export function toColumns(names, valuesOf, rowCount, where, timeColumn) {
  const lower = names.map((n) => n.trim().toLowerCase());
  let timeIndex = -1;
  if (timeColumn !== undefined) {
    timeIndex = names.indexOf(timeColumn);
    if (timeIndex < 0) timeIndex = lower.indexOf(timeColumn.trim().toLowerCase());
    if (timeIndex < 0) throw new ConvertError(`no column named "${timeColumn}" to use as time; the columns are ${names.join(', ')}`);
  } else {
    for (const candidate of TIME_NAMES) if (timeIndex < 0) timeIndex = lower.indexOf(candidate);
    if (timeIndex < 0) throw new ConvertError(`no time column (time, t, date, timestamp, datetime); the columns are ${names.join(', ')}`);
  }
  const notes = [];
  const time = new Float64Array(rowCount);
  let kind = null;
  const rawTime = valuesOf(timeIndex);
  for (let r = 0; r < rowCount; r++) {
    const raw = rawTime[r];
    let t = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    let k = 'number';
    if (Number.isNaN(t) && typeof raw === 'string') (t = parseIsoTime(raw)), (k = 'date');
    if (!Number.isFinite(t)) throw new ConvertError(`${where(r)}: time ${JSON.stringify(raw)} is neither an ISO-8601 date nor an epoch number`);
    if (kind && kind !== k) throw new ConvertError(`${where(r)}: time mixes dates and numbers`);
    kind = k;
    time[r] = t;
  }
  if (kind === 'number') {
    let largest = 0;
    for (const t of time) largest = Math.max(largest, Math.abs(t));
    const [factor, unit] = largest < 1e11 ? [1000, 'seconds'] : largest < 1e14 ? [1, 'ms'] : largest < 1e17 ? [1e-3, 'microseconds'] : [1e-6, 'nanoseconds'];
    if (factor !== 1) {
      for (let r = 0; r < rowCount; r++) time[r] *= factor;
      notes.push(`times were read as epoch ${unit} and converted to milliseconds`);
    }
  }
  const columns = { time };
  const seen = new Set(['time']);
  names.forEach((raw, c) => {
    if (c === timeIndex) return;
    const trimmed = raw.trim();
    const name = WELL_KNOWN.has(trimmed.toLowerCase()) ? trimmed.toLowerCase() : trimmed;
    if (name.toLowerCase() === 'time') return notes.push(`column "${raw}" was left out: it clashes with the time column`);
    if (seen.has(name)) throw new ConvertError(`column "${name}" appears twice`);
    seen.add(name);
    const source = valuesOf(c);
    const values = new Float64Array(rowCount);
    let numbers = 0;
    let firstText = -1;
    for (let r = 0; r < rowCount; r++) {
      const v = toNumber(source[r]);
      if (v === undefined) {
        if (numbers) throw new ConvertError(`${where(r)}: "${name}" is ${JSON.stringify(source[r])}, which is not a number`);
        if (firstText < 0) firstText = r;
        values[r] = NaN;
      } else {
        if (firstText >= 0 && !Number.isNaN(v)) throw new ConvertError(`${where(firstText)}: "${name}" is ${JSON.stringify(source[firstText])}, which is not a number`);
        if (!Number.isNaN(v)) numbers++;
        values[r] = v;
      }
    }
    if (firstText >= 0) notes.push(`column "${name}" holds text and was left out`);
    else columns[name] = values;
  });
  return { columns: sortByTime(columns, notes), notes };
}

/** Stable sort by time; of equal times the last row wins. */
export function sortByTime(columns, notes) {
  const time = columns.time;
  let ordered = true;
  for (let i = 1; i < time.length && ordered; i++) ordered = time[i] > time[i - 1];
  if (ordered) return columns;
  let outOfOrder = 0;
  let latest = -Infinity;
  for (const t of time) (t < latest ? outOfOrder++ : (latest = t));
  const order = Array.from(time, (_, i) => i).sort((a, b) => time[a] - time[b] || a - b);
  const keep = order.filter((index, k) => k + 1 === order.length || time[order[k + 1]] !== time[index]);
  if (outOfOrder) notes.push(`${outOfOrder} row(s) were out of time order and were sorted`);
  if (order.length > keep.length) notes.push(`${order.length - keep.length} row(s) repeated an earlier time; for each time the last row was kept`);
  const out = {};
  for (const [name, values] of Object.entries(columns)) out[name] = Float64Array.from(keep, (i) => values[i]);
  return out;
}

/** CSV or JSON text → { columns, notes }. */
export function parseText(text, kind, timeColumn) {
  if (kind === 'csv') {
    const { header, rows, rowLines } = readCsv(text);
    return toColumns(header, (c) => rows.map((row) => row[c]), rows.length, (r) => `line ${rowLines[r]}`, timeColumn);
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConvertError(`invalid JSON: ${error.message}`);
  }
  if (Array.isArray(value)) {
    const names = [...new Set(value.flatMap((row) => Object.keys(row ?? {})))];
    return toColumns(names, (c) => value.map((row) => row?.[names[c]]), value.length, (r) => `row ${r + 1}`, timeColumn);
  }
  if (value && typeof value === 'object') {
    const names = Object.keys(value);
    const n = value[names[0]]?.length ?? 0;
    for (const name of names) {
      if (!Array.isArray(value[name]) || value[name].length !== n) throw new ConvertError(`column "${name}" is not an array of ${n} values`);
    }
    return toColumns(names, (c) => value[names[c]], n, (r) => `index ${r}`, timeColumn);
  }
  throw new ConvertError('JSON must be an array of row objects or an object of column arrays');
}

const align8 = (n) => (n + 7) & ~7;

/** Columns ({ time: Float64Array, ... }) → .gcol bytes; `types` maps a column to float32/int32 (default float64). */
export function encodeGcol(columns, types = {}) {
  const rows = columns.time.length;
  const names = ['time', ...Object.keys(columns).filter((n) => n !== 'time')];
  const entries = names.map((name) => {
    const type = name === 'time' ? 'float64' : (types[name] ?? 'float64');
    if (!TYPE_CODES[type]) throw new ConvertError(`unknown type "${type}" for column "${name}"`);
    return { name, type, nameBytes: Buffer.from(name, 'utf8'), values: columns[name] };
  });
  let offset = 24;
  for (const e of entries) offset += 16 + align8(e.nameBytes.length);
  for (const e of entries) {
    e.offset = offset;
    offset = align8(offset + rows * TYPE_SIZES[e.type]);
  }
  const out = Buffer.alloc(offset); // zero-filled, so padding and reserved fields are 0
  Buffer.from(MAGIC).copy(out, 0);
  out.writeUInt16LE(VERSION, 4);
  out.writeUInt32LE(entries.length, 8);
  out.writeBigUInt64LE(BigInt(rows), 16);
  let at = 24;
  for (const e of entries) {
    out.writeUInt8(TYPE_CODES[e.type], at);
    out.writeUInt16LE(e.nameBytes.length, at + 2);
    out.writeBigUInt64LE(BigInt(e.offset), at + 8);
    e.nameBytes.copy(out, at + 16);
    at += 16 + align8(e.nameBytes.length);
  }
  for (const e of entries) {
    for (let r = 0; r < rows; r++) {
      const v = e.values[r];
      const pos = e.offset + r * TYPE_SIZES[e.type];
      if (e.type === 'float64') out.writeDoubleLE(v, pos);
      else if (e.type === 'float32') out.writeFloatLE(v, pos);
      else if (Number.isNaN(v)) out.writeInt32LE(INT32_GAP, pos);
      else if (Number.isInteger(v) && v > INT32_GAP && v <= 2147483647) out.writeInt32LE(v, pos);
      else throw new ConvertError(`column "${e.name}" row ${r + 1} holds ${v}, which int32 cannot store`);
    }
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function isZstd(bytes) {
  return bytes.length >= 4 && bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd;
}

/** Reads an input file (zstd-compressed or not) and returns its columns and notes. */
export async function convertFile(inputPath, { timeColumn } = {}) {
  let bytes = readFileSync(inputPath);
  if (isZstd(bytes)) {
    const { decompress } = await import('fzstd');
    bytes = Buffer.from(decompress(bytes));
  }
  const text = bytes.toString('utf8');
  const name = inputPath.toLowerCase().replace(/\.zstd?$/, '');
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  const kind = name.endsWith('.json') ? 'json' : name.endsWith('.csv') ? 'csv' : first === '[' || first === '{' ? 'json' : 'csv';
  return parseText(text, kind, timeColumn);
}

const USAGE = 'usage: node bin/gpu-chart-convert.mjs input.csv|input.json output.gcol [--time-column NAME] [--type NAME=float64|float32|int32]...';

async function main(args) {
  const positional = [];
  const types = {};
  let timeColumn;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--time-column') timeColumn = args[++i];
    else if (args[i] === '--type') {
      const [name, type] = String(args[++i]).split('=');
      types[name] = type;
    } else if (args[i] === '-h' || args[i] === '--help') return console.log(USAGE);
    else positional.push(args[i]);
  }
  if (positional.length !== 2) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const [input, output] = positional;
  try {
    const { columns, notes } = await convertFile(input, { timeColumn });
    const bytes = encodeGcol(columns, types);
    writeFileSync(output, bytes);
    for (const note of notes) console.error(`note: ${note}`);
    console.error(`${output}: ${columns.time.length} rows, columns ${Object.keys(columns).join(', ')}, ${bytes.length} bytes`);
  } catch (error) {
    console.error(`gpu-chart-convert: ${input}: ${error instanceof ConvertError ? error.message : error.stack}`);
    process.exitCode = 1;
  }
}

// Run only when executed, not when imported (scripts/make-samples.mjs imports the encoder). npm
// installs commands as symlinks, so compare real paths.
const invokedAs = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invokedAs === realpathSync(fileURLToPath(import.meta.url))) await main(process.argv.slice(2));
