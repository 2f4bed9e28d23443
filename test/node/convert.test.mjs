// bin/gpu-chart-convert.mjs, run as users run it (`node bin/...`), its output read back by a
// decoder written here from docs/binary-format.md alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = 'bin/gpu-chart-convert.mjs';
const dir = mkdtempSync(join(tmpdir(), 'gpu-chart-convert-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Reads a .gcol file following the spec: header, directory, typed data at 8-aligned offsets. */
function readGcol(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), 'GCOL');
  assert.equal(view.getUint16(4, true), 1, 'version');
  assert.equal(view.getUint16(6, true), 0, 'flags');
  const columnCount = view.getUint32(8, true);
  const rows = Number(view.getBigUint64(16, true));
  const columns = {};
  const types = {};
  let at = 24;
  for (let c = 0; c < columnCount; c++) {
    const code = view.getUint8(at);
    const nameLength = view.getUint16(at + 2, true);
    const offset = Number(view.getBigUint64(at + 8, true));
    const name = Buffer.from(bytes.subarray(at + 16, at + 16 + nameLength)).toString('utf8');
    assert.equal(offset % 8, 0, `${name} offset is 8-aligned`);
    at += 16 + Math.ceil(nameLength / 8) * 8;
    const values = [];
    for (let r = 0; r < rows; r++) {
      if (code === 1) values.push(view.getFloat64(offset + r * 8, true));
      else if (code === 2) values.push(view.getFloat32(offset + r * 4, true));
      else if (code === 3) {
        const v = view.getInt32(offset + r * 4, true);
        values.push(v === -2147483648 ? NaN : v);
      } else assert.fail(`unknown type code ${code}`);
    }
    columns[name] = values;
    types[name] = code;
  }
  assert.equal(Object.keys(columns)[0], 'time', 'time is the first column');
  return { rows, columns, types };
}

function convert(input, extension, args = []) {
  const source = join(dir, `in-${Math.random().toString(36).slice(2)}.${extension}`);
  const output = `${source}.gcol`;
  writeFileSync(source, input);
  const run = spawnSync(process.execPath, [BIN, source, output, ...args], { encoding: 'utf8' });
  return { ...run, output };
}

test('CSV with quotes, CRLF, ISO dates and text converts and round-trips', () => {
  const csv = 'Date,"Open",High,Low,Close,Volume,symbol\r\n2024-01-02T00:01:00Z,"1.5",2,1,1.75,100,"X, Inc."\r\n2024-01-02,1,1.5,0.5,1.25,,"X, Inc."\r\n';
  const run = convert(csv, 'csv', ['--type', 'volume=int32', '--type', 'low=float32']);
  assert.equal(run.status, 0, run.stderr);
  const { rows, columns, types } = readGcol(readFileSync(run.output));
  assert.equal(rows, 2);
  assert.deepEqual(Object.keys(columns), ['time', 'open', 'high', 'low', 'close', 'volume']);
  assert.deepEqual(columns.time, [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 2, 0, 1)]);
  assert.deepEqual(columns.open, [1, 1.5]);
  assert.deepEqual(columns.low, [0.5, 1]);
  assert.deepEqual(columns.volume, [NaN, 100]);
  assert.deepEqual([types.time, types.low, types.volume, types.close], [1, 2, 3, 1]);
  assert.match(run.stderr, /"symbol" holds text/);
  assert.match(run.stderr, /sorted/);
});

test('JSON rows with epoch seconds become ms; JSON columns work too', () => {
  const rows = [
    { timestamp: 1704153600, value: 1 },
    { timestamp: 1704153660, value: null },
  ];
  let run = convert(JSON.stringify(rows), 'json');
  assert.equal(run.status, 0, run.stderr);
  let file = readGcol(readFileSync(run.output));
  assert.deepEqual(file.columns.time, [1704153600000, 1704153660000]);
  assert.deepEqual(file.columns.value, [1, NaN]);
  assert.match(run.stderr, /epoch seconds/);

  run = convert(JSON.stringify({ t: [1704153600000, 1704153660000], close: [3, 4] }), 'json');
  assert.equal(run.status, 0, run.stderr);
  file = readGcol(readFileSync(run.output));
  assert.deepEqual(file.columns, { time: [1704153600000, 1704153660000], close: [3, 4] });
});

test('the committed sample candles.gcol is exactly what the converter makes from candles.csv', () => {
  const output = join(dir, 'candles.gcol');
  execFileSync(process.execPath, [BIN, 'demo/data/candles.csv', output, '--type', 'volume=int32'], { stdio: 'pipe' });
  assert.deepEqual(readFileSync(output), readFileSync('demo/data/candles.gcol'));
  const { rows, columns } = readGcol(readFileSync(output));
  assert.equal(rows, 2000);
  const csvLines = readFileSync('demo/data/candles.csv', 'utf8').trim().split('\n');
  const last = csvLines[csvLines.length - 1].split(',').map(Number);
  assert.deepEqual(['time', 'open', 'high', 'low', 'close', 'volume'].map((n) => columns[n][1999]), last);
});

test('zstd input is read by its magic bytes', () => {
  const output = join(dir, 'from-zstd.gcol');
  execFileSync(process.execPath, [BIN, 'demo/data/candles.json.zst', output], { stdio: 'pipe' });
  const { rows, columns } = readGcol(readFileSync(output));
  assert.equal(rows, 2000);
  assert.equal(columns.time[0], Date.UTC(2024, 0, 2));
});

test('bad input fails with the line, and a wrong call prints usage', () => {
  let run = convert('time,close\n1,2\n2,abc\n', 'csv');
  assert.equal(run.status, 1);
  assert.match(run.stderr, /line 3: "close" is "abc", which is not a number/);
  run = convert('time,close\n1,2\n2\n', 'csv');
  assert.equal(run.status, 1);
  assert.match(run.stderr, /line 3: 1 fields but the header has 2/);
  run = convert('[{"time": 1,', 'json');
  assert.equal(run.status, 1);
  assert.match(run.stderr, /invalid JSON/);
  run = spawnSync(process.execPath, [BIN], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /usage: node bin\/gpu-chart-convert\.mjs/);
});

test('runs when started through a symlink, as npm installs commands', () => {
  const link = join(dir, 'gpu-chart-convert');
  symlinkSync(resolve(BIN), link);
  const run = spawnSync(process.execPath, [link], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /usage:/);
});
