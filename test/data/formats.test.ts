import { expect } from '@esm-bundle/chai';
import {
  DataError,
  decodeBinary,
  decodeBytes,
  encodeBinary,
  isZstd,
  normalizeColumns,
  rowsToColumns,
  type Columns,
} from '../../src/data/load.js';
import { parseIsoTime, detectEpochUnit } from '../../src/data/formats/time.js';
import { readZstdFrameHeader } from '../../src/data/formats/zstd.js';

const text = (s: string) => new TextEncoder().encode(s);

function expectDataError(run: () => unknown, phase: string, pattern: RegExp): DataError {
  try {
    run();
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(DataError);
    const e = error as DataError;
    expect(e.phase, e.message).to.equal(phase);
    expect(e.message).to.match(pattern);
    return e;
  }
  throw new Error(`expected a DataError (${phase}) matching ${pattern}`);
}

const list = (a: Float64Array) => Array.from(a);

describe('time values', () => {
  it('parses ISO-8601 dates as UTC, with offsets and fractions', () => {
    expect(parseIsoTime('2024-01-02')).to.equal(Date.UTC(2024, 0, 2));
    expect(parseIsoTime('2024-01-02T03:04')).to.equal(Date.UTC(2024, 0, 2, 3, 4));
    expect(parseIsoTime('2024-01-02 03:04:05.250')).to.equal(Date.UTC(2024, 0, 2, 3, 4, 5, 250));
    expect(parseIsoTime('2024-01-02T03:04:05Z')).to.equal(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseIsoTime('2024-01-02T03:04:05+02:00')).to.equal(Date.UTC(2024, 0, 2, 1, 4, 5));
    expect(parseIsoTime('2024-01-02T03:04:05-0530')).to.equal(Date.UTC(2024, 0, 2, 8, 34, 5));
    expect(parseIsoTime('2024-02-29')).to.equal(Date.UTC(2024, 1, 29));
  });

  it('rejects text that is not an ISO date', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '02/01/2024', '2024-01-02T3:04', 'yesterday', '2024-01-02T03:04:05 UTC']) {
      expect(parseIsoTime(bad), bad).to.be.NaN;
    }
  });

  it('tells epoch seconds, ms, µs and ns apart by magnitude', () => {
    expect(detectEpochUnit([1704153600, 1704153660])).to.equal('s');
    expect(detectEpochUnit([1704153600000])).to.equal('ms');
    expect(detectEpochUnit([1704153600000000])).to.equal('us');
    expect(detectEpochUnit([1704153600000000000])).to.equal('ns');
    expect(detectEpochUnit([0, 5, 99999999999])).to.equal('s');
  });
});

describe('CSV', () => {
  it('reads RFC 4180 quoting, CRLF, blank lines and well-known column names', () => {
    const csv = 'Time,"Close",note,"Odd ""name"", here"\r\n1704153600000,"1.5",a,1\r\n\r\n1704153660000,2,"b, with ""quotes""\nand a line break",2\r\n';
    const { columns, notes } = decodeBytes(text(csv), { format: 'csv' });
    expect(Object.keys(columns)).to.deep.equal(['time', 'close', 'Odd "name", here']);
    expect(list(columns.time)).to.deep.equal([1704153600000, 1704153660000]);
    expect(list(columns.close)).to.deep.equal([1.5, 2]);
    expect(list(columns['Odd "name", here'])).to.deep.equal([1, 2]);
    expect(notes.join('\n')).to.match(/"note"/);
  });

  it('converts epoch seconds and ISO dates to ms, and says so for seconds', () => {
    const seconds = decodeBytes(text('date,value\n1704153600,1\n1704153660,2\n'), { format: 'csv' });
    expect(list(seconds.columns.time)).to.deep.equal([1704153600000, 1704153660000]);
    expect(seconds.notes.join()).to.match(/seconds/);
    const iso = decodeBytes(text('timestamp,value\n2024-01-02T00:00:00Z,1\n2024-01-02 00:01,2\n'), { format: 'csv' });
    expect(list(iso.columns.time)).to.deep.equal([1704153600000, 1704153660000]);
    expect(iso.notes).to.deep.equal([]);
  });

  it('parses numbers exactly as Number() does, including exponents and signs', () => {
    const values = ['0.1', '-2.675', '+3', '1e3', '123456789.123456', '0.30000000000000004', '.5', '7.', '1234567890123456789'];
    const csv = 'time,v\n' + values.map((v, i) => `${i + 1},${v}`).join('\n');
    const { columns } = decodeBytes(text(csv), { format: 'csv' });
    expect(list(columns.v)).to.deep.equal(values.map(Number));
  });

  it('keeps empty, NaN and Infinity values as NaN gaps', () => {
    const { columns } = decodeBytes(text('time,a,b\n1,,NaN\n2,Infinity,-inf\n3,null,4\n'), { format: 'csv' });
    expect(list(columns.a).map(Number.isNaN)).to.deep.equal([true, true, true]);
    expect(list(columns.b).slice(0, 2).map(Number.isNaN)).to.deep.equal([true, true]);
    expect(columns.b[2]).to.equal(4);
  });

  it('uses the timeColumn option, and names the columns when no time column is found', () => {
    const { columns } = decodeBytes(text('when,close\n1704153600000,1\n'), { format: 'csv', timeColumn: 'WHEN' });
    expect(list(columns.time)).to.deep.equal([1704153600000]);
    expectDataError(() => decodeBytes(text('when,close\n1,2\n'), { format: 'csv' }), 'parse', /no time column.*"when", "close"/);
    expectDataError(() => decodeBytes(text('time,close\n1,2\n'), { format: 'csv', timeColumn: 'stamp' }), 'parse', /no column named "stamp"/);
  });

  it('names the line of a non-numeric value, a missing field or an extra field', () => {
    expectDataError(() => decodeBytes(text('time,a\n1,2\n\n2,x\n'), { format: 'csv' }), 'parse', /line 4: "a" is "x"/);
    expectDataError(() => decodeBytes(text('time,a,b\n1,2,3\n2,3\n'), { format: 'csv' }), 'parse', /line 3: 2 fields but the header has 3/);
    expectDataError(() => decodeBytes(text('time,a\n1,2,3\n'), { format: 'csv' }), 'parse', /line 2: more fields/);
    expectDataError(() => decodeBytes(text('time,a\n1,"2\n'), { format: 'csv' }), 'parse', /line 2: a quoted field is not closed/);
    expectDataError(() => decodeBytes(text('time,a\nnoon,2\n'), { format: 'csv' }), 'parse', /line 2: time "noon" is neither an ISO-8601 date/);
    expectDataError(() => decodeBytes(text('time,a\n1,2\n2024-01-01,3\n'), { format: 'csv' }), 'parse', /line 3: time is a date but line 2 was a number/);
  });

  it('reads a header without rows as empty columns, and refuses an empty file or repeated names', () => {
    const { columns } = decodeBytes(text('time,close\n'), { format: 'csv' });
    expect(Object.keys(columns)).to.deep.equal(['time', 'close']);
    expect(columns.time.length).to.equal(0);
    expectDataError(() => decodeBytes(text('\n\n'), { format: 'csv' }), 'parse', /the CSV is empty/);
    expectDataError(() => decodeBytes(text('time,Close,close\n1,2,3\n'), { format: 'csv' }), 'parse', /"close" appears twice \(as "Close" and "close"\)/);
  });

  it('leaves out a second column called time, with a note', () => {
    const { columns, notes } = decodeBytes(text('date,TIME,v\n2024-01-02,09:30,1\n'), { format: 'csv', timeColumn: 'date' });
    expect(Object.keys(columns)).to.deep.equal(['time', 'v']);
    expect(notes.join()).to.match(/"TIME" was left out/);
  });

  it('counts lines inside quoted fields when naming a bad line', () => {
    expectDataError(() => decodeBytes(text('time,a,n\n1,2,"x\ny"\n2,oops,z\n'), { format: 'csv' }), 'parse', /line 4:/);
  });
});

describe('sorting', () => {
  it('sorts stably, keeps the last row of equal times and notes both', () => {
    const { columns, notes } = rowsToColumns([
      { time: 3000, v: 3 },
      { time: 1000, v: 1 },
      { time: 2000, v: 2 },
      { time: 1000, v: 1.5 },
      { time: 4000, v: 4 },
    ]);
    expect(list(columns.time)).to.deep.equal([1000, 2000, 3000, 4000].map((t) => t * 1000));
    expect(list(columns.v)).to.deep.equal([1.5, 2, 3, 4]);
    expect(notes.join('\n')).to.match(/3 rows were out of time order and were sorted/);
    expect(notes.join('\n')).to.match(/1 row repeated an earlier time; for each time the last row was kept/);
  });

  it('turns a single stream message into one-row columns', () => {
    const { columns, notes } = rowsToColumns([{ t: 1704153600000, o: 1, Close: '2.5', volume: null }]);
    expect(Object.keys(columns)).to.deep.equal(['time', 'o', 'close', 'volume']);
    expect(columns.close[0]).to.equal(2.5);
    expect(columns.volume[0]).to.be.NaN;
    expect(notes).to.deep.equal([]);
    expect(rowsToColumns([]).columns.time.length).to.equal(0);
  });

  it('leaves sorted input alone without notes', () => {
    const { columns, notes } = normalizeColumns({ time: [1e12, 2e12], close: [1, 2] });
    expect(list(columns.time)).to.deep.equal([1e12, 2e12]);
    expect(notes).to.deep.equal([]);
  });
});

describe('JSON', () => {
  it('reads an array of rows (union of keys, missing keys are gaps, numeric strings are numbers)', () => {
    const json = JSON.stringify([
      { t: '2024-01-02T00:00:00Z', Close: '1.25' },
      { t: '2024-01-02T00:01:00Z', Close: 2, volume: 5 },
    ]);
    const { columns } = decodeBytes(text(json));
    expect(list(columns.time)).to.deep.equal([1704153600000, 1704153660000]);
    expect(list(columns.close)).to.deep.equal([1.25, 2]);
    expect(columns.volume[0]).to.be.NaN;
    expect(columns.volume[1]).to.equal(5);
  });

  it('reads an object of column arrays, and rejects unequal lengths', () => {
    const { columns } = decodeBytes(text('{"timestamp":[1704153600000,1704153660000],"value":[1,null]}'));
    expect(list(columns.time)).to.deep.equal([1704153600000, 1704153660000]);
    expect(columns.value[1]).to.be.NaN;
    expectDataError(() => decodeBytes(text('{"time":[1,2],"value":[1]}')), 'parse', /"value" has 1 values but "time" has 2/);
  });

  it('reports invalid JSON and wrong shapes', () => {
    expectDataError(() => decodeBytes(text('[{"time": 1,'), { format: 'json' }), 'parse', /invalid JSON/);
    expectDataError(() => decodeBytes(text('42'), { format: 'json' }), 'parse', /expected an array of rows/);
    expectDataError(() => decodeBytes(text('[{"time": 1}, 5]'), { format: 'json' }), 'parse', /row 2 is number/);
    expectDataError(() => decodeBytes(text('[{"time": 1, "v": 1}, {"time": 2, "v": "high"}]'), { format: 'json' }), 'parse', /row 2: "v" is "high"/);
    expectDataError(() => decodeBytes(text('[{"time": 1}, {"close": 2}]'), { format: 'json' }), 'parse', /row 2: time "time" is missing/);
  });
});

describe('binary format', () => {
  const sample = (): Columns => ({
    time: Float64Array.of(1704153600000, 1704153660000, 1704153720000),
    open: Float64Array.of(1.5, NaN, 3.25),
    volume: Float64Array.of(10, NaN, -7),
    ratio: Float64Array.of(0.1, 0.2, 0.3),
  });

  it('round-trips float64, float32 and int32 columns with the documented layout', () => {
    const bytes = encodeBinary(sample(), { types: { volume: 'int32', ratio: 'float32' } });
    expect(String.fromCharCode(...bytes.subarray(0, 4))).to.equal('GCOL');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint16(4, true)).to.equal(1);
    expect(view.getUint32(8, true)).to.equal(4);
    expect(Number(view.getBigUint64(16, true))).to.equal(3);
    // First directory entry: time, float64, data right after the directory.
    expect(view.getUint8(24)).to.equal(1);
    expect(view.getUint16(26, true)).to.equal(4);
    expect(Number(view.getBigUint64(32, true)) % 8).to.equal(0);
    const decoded = decodeBinary(bytes);
    expect(list(decoded.time)).to.deep.equal(list(sample().time));
    expect(list(decoded.open)).to.deep.equal([1.5, NaN, 3.25]);
    expect(list(decoded.volume)).to.deep.equal([10, NaN, -7]);
    expect(list(decoded.ratio)).to.deep.equal([0.1, 0.2, 0.3].map(Math.fround));
    // float64 columns are views, not copies.
    expect(decoded.time.buffer).to.equal(bytes.buffer);
  });

  it('copies float64 columns that are not 8-byte aligned in memory', () => {
    const bytes = encodeBinary(sample());
    const shifted = new Uint8Array(bytes.length + 4).subarray(4);
    shifted.set(bytes);
    const decoded = decodeBinary(shifted);
    expect(list(decoded.open)).to.deep.equal([1.5, NaN, 3.25]);
  });

  it('refuses values int32 cannot hold', () => {
    expectDataError(() => encodeBinary(sample(), { types: { open: 'int32' } }), 'parse', /"open" row 1 holds 1.5/);
  });

  it('reports wrong magic, a row count beyond the data, a truncated directory and unknown versions', () => {
    const bytes = encodeBinary(sample());
    expectDataError(() => decodeBinary(text('time,close\n')), 'parse', /not a gpu-chart binary file: it starts with 74 69 6d 65/);
    const rows = bytes.slice();
    new DataView(rows.buffer).setBigUint64(16, 1000n, true);
    expectDataError(() => decodeBinary(rows), 'parse', /header says 1000 rows.*only \d+ bytes/);
    expectDataError(() => decodeBinary(bytes.slice(0, 30)), 'parse', /ends inside its column directory/);
    const version = bytes.slice();
    version[4] = 9;
    expectDataError(() => decodeBinary(version), 'parse', /version 9 is not supported/);
  });

  it('is found by its magic when nothing names the format, and sorted like the others', () => {
    const unsorted: Columns = { time: Float64Array.of(2, 1), v: Float64Array.of(20, 10) };
    const { columns, notes } = decodeBytes(encodeBinary(unsorted));
    expect(list(columns.time)).to.deep.equal([1, 2]);
    expect(list(columns.v)).to.deep.equal([10, 20]);
    expect(notes.join()).to.match(/out of time order/);
  });
});

describe('zstd', () => {
  it('is recognised by magic bytes only', () => {
    expect(isZstd(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0))).to.equal(true);
    expect(isZstd(Uint8Array.of(0x28, 0xb5, 0x2f))).to.equal(false);
    expect(isZstd(text('time'))).to.equal(false);
  });

  it('reads the declared content size and window from a frame header', () => {
    // Single-segment frame, 1-byte content size of 200.
    expect(readZstdFrameHeader(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x20, 200))).to.deep.equal({ contentSize: 200, windowSize: 200 });
    // Window descriptor 0x58: 2^(10+11) = 2 MiB, no content size.
    expect(readZstdFrameHeader(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58))).to.deep.equal({ contentSize: undefined, windowSize: 2 * 1024 * 1024 });
    expect(readZstdFrameHeader(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd))).to.equal(null);
  });

  it('refuses input larger than maxBytes before decoding', () => {
    expectDataError(() => decodeBytes(text('time,v\n1,2\n'), { maxBytes: 4 }), 'parse', /over the limit of 4 bytes \(maxBytes\)/);
  });
});
