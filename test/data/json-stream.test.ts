/**
 * JSON read as it arrives (issue 23): JsonStreamDecoder given the bytes cut anywhere (inside a
 * string, an escape, a number, between rows, inside a UTF-8 character) gives exactly what
 * parseJson gives for the whole text: the same columns and notes, or the same error.
 */
import { expect } from '@esm-bundle/chai';
import { JsonStreamDecoder } from '../../src/data/formats/json-stream.js';
import { parseJson } from '../../src/data/formats/json.js';
import { DataError, loadColumns } from '../../src/data/load.js';
import { encode, outcome, streamedOutcome, type Outcome } from './stream-decoding.js';

function streamed(bytes: Uint8Array, cuts: number[]): Outcome {
  return streamedOutcome(new JsonStreamDecoder(), bytes, cuts);
}

const CASES: Record<string, string> = {
  rows: '[{"time":1704153600000,"close":1},{"time":1704153660000,"close":2.5}]',
  'strings with brackets, commas and escapes': '[{"time":"2024-01-02T00:00:00Z","note":"a, ] } \\" [ \\\\","close":1},{"time":"2024-01-02T00:01:00Z","note":"}","close":2}]',
  'nested values': '[{"time":1,"x":[1,2,{"a":"]"}],"close":3},{"time":2,"x":{"b":[[]]},"close":4}]',
  'UTF-8 names': '[{"time":1704153600000,"prix €":1.5,"加":2}]',
  whitespace: '\n[\n {"time": 1, "v": 2} ,\n\t{"time": 2, "v": 3}\r\n]\n',
  'rows missing keys, unsorted': '[{"time":3,"a":1},{"time":1,"b":2},{"time":2,"a":3,"b":4}]',
  empty: '[]',
  'empty with space': '[ ]',
  'object of columns': '{"time":[1704153600000,1704153660000],"close":[3,4]}',
  // Errors.
  'trailing comma': '[{"time":1},]',
  'leading comma': '[,{"time":1}]',
  'two commas': '[{"time":1},,{"time":2}]',
  'missing comma': '[{"time":1} {"time":2}]',
  'cut off': '[{"time":1},{"time":2}',
  'text after the array': '[{"time":1}] x',
  'null': 'null',
  'numbers, not rows': '[1, 2]',
  'time out of range': '[{"time": 1e22, "close": 5}]',
  'mixed text': '[{"time":1,"a":"x"},{"time":2,"a":3}]',
  'bad bracket': '[{"time":1]}',
};

describe('JsonStreamDecoder', () => {
  for (const [name, json] of Object.entries(CASES)) {
    it(`cut at every byte: ${name}`, () => {
      const bytes = encode(json);
      const whole = outcome(() => parseJson(json));
      for (let cut = 0; cut <= bytes.length; cut++) expect(streamed(bytes, [cut]), `cut at ${cut}`).to.deep.equal(whole);
      expect(streamed(bytes, Array.from({ length: bytes.length }, (_, i) => i)), 'one byte at a time').to.deep.equal(whole);
    });
  }

  it('has parsed the rows of the chunks so far before the file ends', () => {
    const decoder = new JsonStreamDecoder();
    decoder.pushBytes(encode('[{"time":1,"v":1},{"time":2,"v":2},{"ti'));
    expect(decoder.rows).to.equal(2);
    decoder.pushBytes(encode('me":3,"v":3}]'));
    expect(decoder.rows).to.equal(3);
    expect(Array.from(decoder.finish().columns.v)).to.deep.equal([1, 2, 3]);
  });
});

describe('loadColumns reads a JSON array of rows as it arrives', () => {
  it('reports the rows read while the rest of the body has not come', async () => {
    let sent = false;
    const parsed: number[] = [];
    let release: () => void = () => undefined;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(encode('[{"time":1704153600000,"v":1},{"time":1704153660000,"v":2},'));
          return;
        }
        await new Promise<void>((resolve) => (release = resolve));
        controller.enqueue(encode('{"time":1704153720000,"v":3}]'));
        controller.close();
      },
    });
    const loading = loadColumns('/virtual.json', {
      fetch: async () => new Response(body, { headers: { 'Content-Type': 'application/json' } }),
      onParsed: (rows) => {
        parsed.push(rows);
        if (parsed.length === 1) release();
      },
    });
    const result = await loading;
    expect(parsed[0], 'rows parsed from the first chunk').to.equal(2);
    expect(Array.from(result.columns!.v)).to.deep.equal([1, 2, 3]);
  });
});
