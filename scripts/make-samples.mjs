// Regenerates the sample data in demo/data/ and the bad-input fixtures in test/fixtures/data/.
// Needs the `zstd` command-line tool (Debian: apt-get install zstd). The outputs are committed,
// so CI and users never run this.
//
//   node scripts/make-samples.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { encodeGcol, parseText } from '../bin/gpu-chart-convert.mjs';

const DEMO = 'demo/data';
const FIXTURES = 'test/fixtures/data';
mkdirSync(DEMO, { recursive: true });
mkdirSync(FIXTURES, { recursive: true });

/** mulberry32: a small seeded generator, so the samples are the same on every run. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One-minute OHLCV candles from a random walk; prices to the cent, whole-number volumes. */
export function makeCandles(count, seed = 42, start = Date.UTC(2024, 0, 2)) {
  const random = seeded(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const cents = (x) => Math.round(x * 100) / 100;
  const columns = {
    time: new Float64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
  let price = 100;
  for (let i = 0; i < count; i++) {
    const open = cents(price);
    const close = cents(open * (1 + 0.0015 * gauss()));
    columns.time[i] = start + i * 60_000;
    columns.open[i] = open;
    columns.close[i] = close;
    columns.high[i] = cents(Math.max(open, close) + Math.abs(gauss()) * 0.05);
    columns.low[i] = cents(Math.min(open, close) - Math.abs(gauss()) * 0.05);
    columns.volume[i] = Math.round(200 + 800 * random() * (1 + Math.abs(gauss())));
    price = close;
  }
  return columns;
}

export function toCsv(columns, { times = (t) => String(t), lineEnd = '\n' } = {}) {
  const names = Object.keys(columns);
  const lines = [names.join(',')];
  for (let i = 0; i < columns.time.length; i++) {
    lines.push(names.map((n) => (n === 'time' ? times(columns.time[i]) : String(columns[n][i]))).join(','));
  }
  return lines.join(lineEnd) + lineEnd;
}

/** JSON as an object of column arrays: about half the size of row objects for the same data. */
export function toColumnJson(columns) {
  const parts = Object.entries(columns).map(([name, values]) => `${JSON.stringify(name)}:[${Array.from(values).join(',')}]`);
  return `{${parts.join(',\n')}}\n`;
}

function zstd(path, level = 19) {
  execFileSync('zstd', [`-${level}`, '-q', '-f', '-o', `${path}.zst`, path]);
}

function write(path, data) {
  writeFileSync(path, data);
  console.log(`${path}: ${readFileSync(path).length} bytes`);
}

// Demo samples: the same candles three ways, each also zstd-compressed.
const candles = makeCandles(2000);
write(`${DEMO}/candles.csv`, toCsv(candles));
write(`${DEMO}/candles.json`, toColumnJson(candles));
write(`${DEMO}/candles.gcol`, encodeGcol(candles, { volume: 'int32' }));
for (const ext of ['csv', 'json', 'gcol']) {
  zstd(`${DEMO}/candles.${ext}`);
  console.log(`${DEMO}/candles.${ext}.zst: ${readFileSync(`${DEMO}/candles.${ext}.zst`).length} bytes`);
}

// A file written by the converter with every column type, checked by a browser test against
// its CSV source: float32 and int32 columns, ISO dates, a quoted header.
const small = makeCandles(50, 7);
const iso = (t) => new Date(t).toISOString();
write(`${FIXTURES}/converted-source.csv`, toCsv(small, { times: iso, lineEnd: '\r\n' }).replace('open,', '"open",'));
const parsed = parseText(readFileSync(`${FIXTURES}/converted-source.csv`, 'utf8'), 'csv');
write(`${FIXTURES}/converted.gcol`, encodeGcol(parsed.columns, { high: 'float32', low: 'float32', volume: 'int32' }));

// Bad inputs, one per error the loader must report.
const compressed = readFileSync(`${DEMO}/candles.csv.zst`);
write(`${FIXTURES}/truncated.csv.zst`, compressed.subarray(0, Math.floor(compressed.length / 2)));

// Corrupt: the first block's type set to the reserved value 3, which every decoder must reject.
const corrupt = Buffer.from(compressed);
const descriptor = corrupt[4];
const singleSegment = (descriptor >> 5) & 1;
const headerEnd = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3] + [singleSegment, 2, 4, 8][descriptor >> 6];
corrupt[headerEnd] |= 0b110;
write(`${FIXTURES}/corrupt.csv.zst`, corrupt);

// Bombs: 64 MiB of zeros. Piped through stdin the frame does not declare its size, so only
// counting the output can stop it; from a file the header declares it, which is caught up front.
const zeros = Buffer.alloc(64 * 1024 * 1024);
write(`${FIXTURES}/bomb-streamed.csv.zst`, execFileSync('zstd', ['-3', '-q', '-c', '-'], { input: zeros }));
writeFileSync('/tmp/gpu-chart-zeros.csv', zeros);
execFileSync('zstd', ['-3', '-q', '-f', '-o', `${FIXTURES}/bomb-declared.csv.zst`, '/tmp/gpu-chart-zeros.csv']);
rmSync('/tmp/gpu-chart-zeros.csv');
console.log(`${FIXTURES}/bomb-declared.csv.zst: ${readFileSync(`${FIXTURES}/bomb-declared.csv.zst`).length} bytes`);

const tiny = encodeGcol(makeCandles(10, 3));
const badMagic = Buffer.from(tiny);
badMagic.write('GCOX', 0, 'latin1');
write(`${FIXTURES}/bad-magic.gcol`, badMagic);
const badRows = Buffer.from(tiny);
badRows.writeBigUInt64LE(1_000_000_000n, 16);
write(`${FIXTURES}/bad-row-count.gcol`, badRows);

write(`${FIXTURES}/invalid.json`, '[{"time": 1704153600000, "close": 1.5},\n {"time": 1704153660000, "close": }]\n');
write(`${FIXTURES}/bad-value.csv`, 'time,open,close\n1704153600000,1,2\n1704153660000,2,3\n1704153720000,3,abc\n');
write(`${FIXTURES}/missing-field.csv`, 'time,open,close\n1704153600000,1,2\n1704153660000,2\n');
// Epoch seconds, three rows out of order, one time given twice (the later row must win), a NaN gap.
write(
  `${FIXTURES}/unsorted.csv`,
  'timestamp,Close,volume\n1704153720,3,30\n1704153600,1,10\n1704153780,4,NaN\n1704153660,2,20\n1704153600,1.5,15\n1704153840,5,Infinity\n',
);
