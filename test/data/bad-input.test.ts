/**
 * Bad input to the decoders (issue 13, items 2, 3, 6 and 7), one table row per case and format:
 * each is either a DataError naming the problem or a documented repair (with a note).
 * The element-level counterpart (gpu-error, last good rows kept) is test/datasource/bad-input.test.ts.
 */
import { expect } from '@esm-bundle/chai';
import { DataError, decodeBytes, encodeBinary, loadColumns, MAX_BYTES_LIMIT, type Columns, type Decoded, type DecodeOptions } from '../../src/data/load.js';
import { ZstdStreamDecoder } from '../../src/data/formats/zstd.js';

const text = (s: string) => new TextEncoder().encode(s);
const DEMO = '/demo/data';

async function fileBytes(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

/** Columns with any names, `__proto__` included, as own properties. */
function columnsNamed(entries: [string, number[]][]): Columns {
  const columns = {} as Columns;
  for (const [name, values] of entries) Object.defineProperty(columns, name, { value: Float64Array.from(values), enumerable: true });
  return columns;
}

/** A zstd frame header declaring `size` bytes of content in a single segment, and nothing after it. */
function declaringFrame(size: number): Uint8Array {
  const header = new Uint8Array(13);
  header.set([0x28, 0xb5, 0x2f, 0xfd, 0xe0]); // magic; 8-byte content size, single segment
  new DataView(header.buffer).setBigUint64(5, BigInt(size), true);
  return header;
}

/** A zstd frame header with a window of 2^(10 + exponent) bytes and no content size. */
function windowFrame(exponent: number): Uint8Array {
  return Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, exponent << 3, 0x01, 0x00, 0x00);
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

type Expectation = { error: { phase: string; message: RegExp } } | { columns: Record<string, number[]>; note?: RegExp };

interface Case {
  name: string;
  bytes: () => Uint8Array | Promise<Uint8Array>;
  options?: DecodeOptions;
  expect: Expectation;
}

const MIB = 1024 * 1024;

const CASES: Case[] = [
  // 2. Line ends: CR alone is a line end, and files may mix them.
  { name: 'CSV with CR-only line ends', bytes: () => text('time,v\r1000,1\r2000,2\r3000,3\r'), expect: { columns: { time: [1e6, 2e6, 3e6], v: [1, 2, 3] } } },
  { name: 'CSV with CR, LF and CRLF mixed', bytes: () => text('time,v\r1000,1\r2000,2\n3000,3\r\n4000,4\r\r5000,5\r'), expect: { columns: { time: [1e6, 2e6, 3e6, 4e6, 5e6], v: [1, 2, 3, 4, 5] } } },
  { name: 'CSV with CR-only line ends inside and after a quoted field', bytes: () => text('time,v,n\r1000,1,"a\rb"\r2000,x,c\r'), expect: { error: { phase: 'parse', message: /^line 4: "v" is "x"/ } } },
  // 3. Times a Date cannot hold.
  { name: 'CSV time 1e22 (read as ns: 1e16 ms)', bytes: () => text('time,v\n1,1\n1e22,2\n'), expect: { error: { phase: 'parse', message: /^line 3: time "time" is 10000000000000000 ms since 1970, outside the range a date can hold/ } } },
  { name: 'CSV time -1e22 (read as ns: -1e16 ms)', bytes: () => text('time,v\n-1e22,1\n'), expect: { error: { phase: 'parse', message: /^line 2: time "time" is -10000000000000000 ms/ } } },
  { name: 'JSON rows with time 1e22', bytes: () => text('[{"time": 1, "v": 1}, {"time": 1e22, "v": 2}]'), expect: { error: { phase: 'parse', message: /^row 2: time "time" is .* outside the range/ } } },
  { name: 'JSON columns with time 1e22', bytes: () => text('{"time": [1, 1e22], "v": [1, 2]}'), expect: { error: { phase: 'parse', message: /^index 1: time "time" is .* outside the range/ } } },
  { name: '.gcol time Infinity', bytes: () => encodeBinary({ time: Float64Array.of(1, Infinity), v: Float64Array.of(1, 2) }), expect: { error: { phase: 'parse', message: /^row 2: time "time" is Infinity, outside the range/ } } },
  { name: '.gcol time -Infinity', bytes: () => encodeBinary({ time: Float64Array.of(-Infinity, 1), v: Float64Array.of(1, 2) }), expect: { error: { phase: 'parse', message: /^row 1: time "time" is -Infinity/ } } },
  { name: '.gcol time NaN', bytes: () => encodeBinary({ time: Float64Array.of(1, NaN), v: Float64Array.of(1, 2) }), expect: { error: { phase: 'parse', message: /^row 2: time "time" is missing \(NaN\)/ } } },
  { name: '.gcol time 9e15', bytes: () => encodeBinary({ time: Float64Array.of(1, 9e15), v: Float64Array.of(1, 2) }), expect: { error: { phase: 'parse', message: /^row 2: time "time" is 9000000000000000 ms since 1970, outside/ } } },
  {
    name: '.gcol ±Infinity values become gaps, with a note',
    bytes: () => encodeBinary({ time: Float64Array.of(1, 2, 3), v: Float64Array.of(1, Infinity, -Infinity), w: Float64Array.of(4, 5, 6) }, { types: { w: 'float32' } }),
    expect: { columns: { time: [1, 2, 3], v: [1, NaN, NaN], w: [4, 5, 6] }, note: /infinite values in "v" were turned into gaps/ },
  },
  // 6. zstd: every frame's header is checked before the decoder allocates for it.
  { name: 'zstd frame with a 1 GiB window (max-bytes 4e9)', bytes: () => windowFrame(20), options: { maxBytes: 4e9 }, expect: { error: { phase: 'decompress', message: /zstd frame needs a 1 GiB \(1073741824 bytes\) window, over the 8 MiB/ } } },
  {
    name: 'zstd second frame declaring 600 MiB (max-bytes 100 MiB)',
    bytes: async () => join(await fileBytes(`${DEMO}/candles.csv.zst`), declaringFrame(600 * MIB)),
    options: { maxBytes: 100 * MIB },
    expect: { error: { phase: 'decompress', message: /zstd frame 2 declares 600 MiB .* over the limit of 100 MiB/ } },
  },
  {
    name: 'zstd frame declaring 3 GiB with max-bytes 5e9 (clamped to 2 GiB)',
    bytes: () => declaringFrame(3 * 1024 * MIB),
    options: { maxBytes: 5e9 },
    expect: { error: { phase: 'decompress', message: /declares 3 GiB .* over the limit of 2 GiB \(2147483648 bytes\)/ } },
  },
  { name: 'max-bytes NaN (an attribute that is not a number) uses the default, with a note', bytes: () => text('time,v\n1000,1\n'), options: { maxBytes: NaN }, expect: { columns: { time: [1e6], v: [1] }, note: /maxBytes NaN is not a positive number of bytes; the default 1 GiB/ } },
  { name: 'max-bytes 5e9 is lowered to 2 GiB, with a note', bytes: () => text('time,v\n1000,1\n'), options: { maxBytes: 5e9 }, expect: { columns: { time: [1e6], v: [1] }, note: /maxBytes 5000000000 is above the highest supported cap; 2 GiB/ } },
  // 7. Names that are also Object.prototype's.
  {
    name: '.gcol columns constructor, toString, __proto__',
    bytes: () => encodeBinary(columnsNamed([['time', [1, 2]], ['constructor', [3, 4]], ['toString', [5, 6]], ['__proto__', [7, 8]]])),
    expect: { columns: { time: [1, 2], constructor: [3, 4], toString: [5, 6], ['__proto__']: [7, 8] } },
  },
  { name: 'CSV header __proto__, constructor, hasOwnProperty', bytes: () => text('time,__proto__,constructor,hasOwnProperty\n1000,1,2,3\n'), expect: { columns: { time: [1e6], ['__proto__']: [1], constructor: [2], hasOwnProperty: [3] } } },
  { name: 'JSON rows with keys __proto__ and valueOf', bytes: () => text('[{"time": 1000, "__proto__": 1, "valueOf": 2}]'), expect: { columns: { time: [1e6], ['__proto__']: [1], valueOf: [2] } } },
  { name: 'JSON columns named __proto__ and toString', bytes: () => text('{"time": [1000], "__proto__": [1], "toString": [2]}'), expect: { columns: { time: [1e6], ['__proto__']: [1], toString: [2] } } },
];

function check(c: Case, run: () => Decoded): void {
  const expectation = c.expect;
  if ('error' in expectation) {
    let caught: unknown;
    try {
      run();
    } catch (error) {
      caught = error;
    }
    expect(caught, `${c.name}: ${String(caught)}`).to.be.instanceOf(DataError);
    expect((caught as DataError).phase, c.name).to.equal(expectation.error.phase);
    expect((caught as DataError).message, c.name).to.match(expectation.error.message);
    return;
  }
  const { columns, notes } = run();
  // Own keys, in order, with every value (NaN compared as NaN).
  expect(Object.keys(columns), c.name).to.deep.equal(Object.keys(expectation.columns));
  for (const [name, values] of Object.entries(expectation.columns)) {
    expect(Object.prototype.hasOwnProperty.call(columns, name), `${c.name}: own column ${name}`).to.equal(true);
    expect(Array.from(columns[name]).map(String), `${c.name}: ${name}`).to.deep.equal(values.map(String));
  }
  if (expectation.note) expect(notes.join('\n'), c.name).to.match(expectation.note);
}

describe('bad input to the decoders (table)', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const bytes = await c.bytes();
      check(c, () => decodeBytes(bytes, c.options));
    });
  }

  // The same through loadColumns, the body arriving in small pieces (zstd and headers split).
  for (const c of CASES) {
    it(`${c.name}, downloaded in 7-byte pieces`, async () => {
      const bytes = await c.bytes();
      let result: Decoded | undefined;
      let failure: unknown;
      try {
        const loaded = await loadColumns('/bad-input', {
          ...c.options,
          fetch: async () => {
            let at = 0;
            const body = new ReadableStream<Uint8Array>({
              pull(controller) {
                if (at >= bytes.length) return controller.close();
                controller.enqueue(bytes.slice(at, at + 7));
                at += 7;
              },
            });
            return new Response(body, { status: 200 });
          },
        });
        result = { columns: loaded.columns!, notes: loaded.notes! };
      } catch (error) {
        failure = error;
      }
      check(c, () => {
        if (failure) throw failure;
        return result!;
      });
    });
  }

  it('caps max-bytes at 2 GiB', () => {
    expect(MAX_BYTES_LIMIT).to.equal(2 ** 31);
  });
});

describe('zstd frames checked as they arrive', () => {
  it('checks the header of a frame split across pushes before the decoder sees it', async () => {
    const bytes = join(await fileBytes(`${DEMO}/candles.csv.zst`), declaringFrame(600 * MIB));
    const decoder = new ZstdStreamDecoder(100 * MIB);
    let caught: unknown;
    try {
      for (let at = 0; at < bytes.length; at += 3) decoder.push(bytes.subarray(at, at + 3), at + 3 >= bytes.length);
    } catch (error) {
      caught = error;
    }
    expect(String(caught)).to.match(/zstd frame 2 declares 600 MiB/);
    // Only the first frame came out: nothing was allocated for the second.
    expect(decoder.outputLength).to.equal((await fileBytes(`${DEMO}/candles.csv`)).length);
  });
});
