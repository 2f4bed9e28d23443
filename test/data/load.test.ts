import { expect } from '@esm-bundle/chai';
import { DataError, decodeBinary, decodeBytes, loadColumns, type Columns, type LoadOptions } from '../../src/data/load.js';

const DEMO = '/demo/data';
const FIXTURES = '/test/fixtures/data';

async function expectLoadError(url: string, phase: string, pattern: RegExp, options?: LoadOptions): Promise<DataError> {
  try {
    await loadColumns(url, options);
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(DataError);
    const e = error as DataError;
    expect(e.phase, e.message).to.equal(phase);
    expect(e.message).to.match(pattern);
    return e;
  }
  throw new Error(`expected loading ${url} to fail with a DataError (${phase})`);
}

function expectSameColumns(actual: Columns, expected: Columns): void {
  expect(Object.keys(actual)).to.deep.equal(Object.keys(expected));
  for (const name of Object.keys(expected)) {
    expect(actual[name].length, name).to.equal(expected[name].length);
    for (let i = 0; i < expected[name].length; i++) {
      if (!Object.is(actual[name][i], expected[name][i])) {
        throw new Error(`column ${name} row ${i}: ${actual[name][i]} !== ${expected[name][i]}`);
      }
    }
  }
}

/** A real Response whose body arrives in the given pieces, as a slow network would deliver it. */
function chunkedResponse(bytes: Uint8Array, sizes: number[], headers: HeadersInit = {}): Response {
  let at = 0;
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = sizes[Math.min(next++, sizes.length - 1)];
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
  return new Response(body, { status: 200, headers });
}

async function fileBytes(url: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

describe('loadColumns: sample files', () => {
  let reference: Columns;

  before(async () => {
    const csv = await loadColumns(`${DEMO}/candles.csv`);
    expect(csv.status).to.equal(200);
    expect(csv.notes).to.deep.equal([]);
    reference = csv.columns!;
  });

  it('reads the CSV sample as 2000 one-minute candles', () => {
    expect(Object.keys(reference)).to.deep.equal(['time', 'open', 'high', 'low', 'close', 'volume']);
    expect(reference.time.length).to.equal(2000);
    expect(reference.time[0]).to.equal(Date.UTC(2024, 0, 2));
    expect(reference.time[1999] - reference.time[0]).to.equal(1999 * 60_000);
    for (let i = 0; i < 2000; i++) {
      if (!(reference.low[i] <= Math.min(reference.open[i], reference.close[i]) && reference.high[i] >= Math.max(reference.open[i], reference.close[i]))) {
        throw new Error(`candle ${i} is not a valid OHLC bar`);
      }
    }
  });

  for (const file of ['candles.json', 'candles.gcol', 'candles.csv.zst', 'candles.json.zst', 'candles.gcol.zst']) {
    it(`gives identical columns for ${file}`, async () => {
      const result = await loadColumns(`${DEMO}/${file}`);
      expect(result.status).to.equal(200);
      expect(result.notes).to.deep.equal([]);
      expectSameColumns(result.columns!, reference);
    });
  }

  it('infers the format from the bytes when neither content type nor URL names it', async () => {
    for (const file of ['candles.json.zst', 'candles.gcol.zst', 'candles.csv']) {
      const bytes = await fileBytes(`${DEMO}/${file}`);
      const result = await loadColumns('/data?id=1', { fetch: async () => new Response(bytes) });
      expectSameColumns(result.columns!, reference);
    }
  });

  it('decodes a file written by bin/gpu-chart-convert.mjs (float32, int32, ISO dates) like its CSV source', async () => {
    const source = decodeBytes(await fileBytes(`${FIXTURES}/converted-source.csv`)).columns;
    const converted = decodeBinary(await fileBytes(`${FIXTURES}/converted.gcol`));
    expect(Object.keys(converted)).to.deep.equal(['time', 'open', 'high', 'low', 'close', 'volume']);
    expect(Array.from(converted.time)).to.deep.equal(Array.from(source.time));
    expect(Array.from(converted.open)).to.deep.equal(Array.from(source.open));
    expect(Array.from(converted.high)).to.deep.equal(Array.from(source.high, Math.fround));
    expect(Array.from(converted.low)).to.deep.equal(Array.from(source.low, Math.fround));
    expect(Array.from(converted.volume)).to.deep.equal(Array.from(source.volume));
    expect(converted.time[0]).to.equal(Date.UTC(2024, 0, 2));
  });
});

describe('loadColumns: progress and streaming', () => {
  it('reports progress with increasing loaded bytes up to the file size', async () => {
    const size = (await fileBytes(`${DEMO}/candles.json`)).length;
    const calls: [number, number | undefined][] = [];
    await loadColumns(`${DEMO}/candles.json`, { onProgress: (loaded, total) => calls.push([loaded, total]) });
    expect(calls.length).to.be.greaterThan(0);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).to.be.greaterThan(calls[i - 1][0]);
    expect(calls[calls.length - 1][0]).to.equal(size);
    for (const [, total] of calls) expect(total === undefined || total === size).to.equal(true);
  });

  it('decompresses zstd chunk by chunk as it arrives, even in tiny pieces', async () => {
    const reference = decodeBytes(await fileBytes(`${DEMO}/candles.csv`)).columns;
    const compressed = await fileBytes(`${DEMO}/candles.gcol.zst`);
    const calls: number[] = [];
    const result = await loadColumns('/stream.gcol.zst', {
      fetch: async () => chunkedResponse(compressed, [2, 1, 7, 333, 1000], { 'Content-Length': String(compressed.length) }),
      onProgress: (loaded, total) => {
        expect(total).to.equal(compressed.length);
        calls.push(loaded);
      },
    });
    expect(calls.slice(0, 4)).to.deep.equal([2, 3, 10, 343]);
    expect(calls[calls.length - 1]).to.equal(compressed.length);
    expectSameColumns(result.columns!, reference);
  });
});

describe('loadColumns: bad input', () => {
  it('reports HTTP errors with status and URL', async () => {
    await expectLoadError(`${FIXTURES}/no-such-file.csv`, 'fetch', /HTTP 404.*\/test\/fixtures\/data\/no-such-file\.csv/);
  });

  it('reports network failures as fetch errors', async () => {
    await expectLoadError('http://127.0.0.1:9/candles.csv', 'fetch', /could not fetch http:\/\/127\.0\.0\.1:9\/candles\.csv.*CORS/);
    await expectLoadError('/x.csv', 'fetch', /could not fetch \/x\.csv: Failed to fetch/, {
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
  });

  it('reports truncated and corrupt zstd', async () => {
    await expectLoadError(`${FIXTURES}/truncated.csv.zst`, 'decompress', /zstd data is truncated.*truncated\.csv\.zst/);
    await expectLoadError(`${FIXTURES}/corrupt.csv.zst`, 'decompress', /zstd data is corrupt \(invalid block type\)/);
  });

  it('stops a zstd bomb at maxBytes, whether or not its frame declares the size', async () => {
    const limit = 1024 * 1024;
    await expectLoadError(`${FIXTURES}/bomb-streamed.csv.zst`, 'decompress', /passed the limit of 1 MiB \(1048576 bytes\) \(maxBytes\)/, { maxBytes: limit });
    await expectLoadError(`${FIXTURES}/bomb-declared.csv.zst`, 'decompress', /declares 64 MiB.*over the limit of 1 MiB/, { maxBytes: limit });
  });

  it('applies the same zstd checks to bytes already in memory', async () => {
    const bomb = await fileBytes(`${FIXTURES}/bomb-streamed.csv.zst`);
    expect(() => decodeBytes(bomb, { maxBytes: 1 << 20 })).to.throw(DataError, /passed the limit of 1 MiB/);
    const truncated = await fileBytes(`${FIXTURES}/truncated.csv.zst`);
    expect(() => decodeBytes(truncated)).to.throw(DataError, /truncated/);
    // Within the limit the bomb is just 64 MiB of zero bytes: not a CSV header, so a parse error.
    expect(() => decodeBytes(bomb, { maxBytes: 65 << 20 }))
      .to.throw(DataError, /no time column/)
      .with.property('message')
      .that.has.length.below(500);
  });

  it('refuses plain downloads over maxBytes', async () => {
    await expectLoadError(`${DEMO}/candles.csv`, 'fetch', /over the limit of 9.8 KiB \(10000 bytes\) \(maxBytes\)/, { maxBytes: 10_000 });
    // Without a Content-Length the limit is enforced while reading.
    const bytes = await fileBytes(`${DEMO}/candles.csv`);
    await expectLoadError('/big.csv', 'fetch', /download of \/big\.csv \(.* so far\) is over the limit/, {
      maxBytes: 10_000,
      fetch: async () => chunkedResponse(bytes, [4096]),
    });
  });

  it('reports binary files with a wrong magic or a row count beyond their length', async () => {
    await expectLoadError(`${FIXTURES}/bad-magic.gcol`, 'parse', /not a gpu-chart binary file: it starts with 47 43 4f 58/);
    await expectLoadError(`${FIXTURES}/bad-row-count.gcol`, 'parse', /header says 1000000000 rows.*only 648 bytes/);
  });

  it('reports invalid JSON and CSV lines', async () => {
    await expectLoadError(`${FIXTURES}/invalid.json`, 'parse', /invalid JSON[\s\S]*\(in \/test\/fixtures\/data\/invalid\.json\)/);
    await expectLoadError(`${FIXTURES}/bad-value.csv`, 'parse', /line 4: "close" is "abc", which is not a number/);
    await expectLoadError(`${FIXTURES}/missing-field.csv`, 'parse', /line 3: 2 fields but the header has 3/);
  });

  it('sorts rows out of time order, keeps the last of equal times and says so', async () => {
    const result = await loadColumns(`${FIXTURES}/unsorted.csv`);
    const columns = result.columns!;
    expect(Object.keys(columns)).to.deep.equal(['time', 'close', 'volume']);
    expect(Array.from(columns.time)).to.deep.equal([0, 1, 2, 3, 4].map((m) => 1704153600000 + m * 60_000));
    expect(Array.from(columns.close)).to.deep.equal([1.5, 2, 3, 4, 5]);
    expect(Array.from(columns.volume).slice(0, 3)).to.deep.equal([15, 20, 30]);
    expect(columns.volume[3]).to.be.NaN;
    expect(columns.volume[4]).to.be.NaN;
    const notes = result.notes!.join('\n');
    expect(notes).to.match(/epoch seconds/);
    expect(notes).to.match(/3 rows were out of time order and were sorted/);
    expect(notes).to.match(/1 row repeated an earlier time; for each time the last row was kept/);
  });
});

describe('loadColumns: conditional requests and cancelling', () => {
  it('passes headers through and returns 304 without columns when not modified', async () => {
    let sent: Headers | undefined;
    const result = await loadColumns(`${DEMO}/candles.csv`, {
      headers: { 'If-None-Match': '"x"' },
      fetch: async (_input, init) => {
        sent = new Headers(init?.headers);
        return new Response(null, { status: 304, headers: { ETag: '"x"', 'Last-Modified': 'Tue, 02 Jan 2024 00:00:00 GMT' } });
      },
    });
    expect(sent?.get('If-None-Match')).to.equal('"x"');
    expect(result).to.deep.equal({ status: 304, etag: '"x"', lastModified: 'Tue, 02 Jan 2024 00:00:00 GMT' });
  });

  it('returns the ETag and Last-Modified of a full response', async () => {
    const bytes = await fileBytes(`${DEMO}/candles.gcol`);
    const result = await loadColumns('/candles.gcol', {
      fetch: async () => new Response(bytes, { headers: { ETag: 'W/"v2"', 'Last-Modified': 'Wed, 03 Jan 2024 00:00:00 GMT' } }),
    });
    expect(result.status).to.equal(200);
    expect(result.etag).to.equal('W/"v2"');
    expect(result.lastModified).to.equal('Wed, 03 Jan 2024 00:00:00 GMT');
    expect(result.columns!.time.length).to.equal(2000);
  });

  it('rejects with the abort reason (not a DataError) when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    try {
      await loadColumns(`${DEMO}/candles.csv`, { signal: controller.signal });
      throw new Error('expected an abort');
    } catch (error) {
      expect(error).to.not.be.instanceOf(DataError);
      expect((error as DOMException).name).to.equal('AbortError');
    }
  });

  it('stops reading the body when aborted mid-download', async () => {
    const controller = new AbortController();
    const bytes = await fileBytes(`${DEMO}/candles.csv`);
    let chunks = 0;
    try {
      await loadColumns('/slow.csv', {
        signal: controller.signal,
        // A fetch that ignores the signal: the loader itself must notice the abort between chunks.
        fetch: async () => chunkedResponse(bytes, [1000]),
        onProgress: () => {
          if (++chunks === 3) controller.abort();
        },
      });
      throw new Error('expected an abort');
    } catch (error) {
      expect((error as DOMException).name).to.equal('AbortError');
    }
    expect(chunks).to.equal(3);
  });
});
