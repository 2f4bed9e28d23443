/**
 * CSV read as it downloads (issue 23): CsvStreamDecoder given the bytes cut anywhere (inside a
 * field, a quoted field, a doubled quote, a CRLF, a UTF-8 character) gives exactly what reading
 * the whole text gives: the same columns and notes, or the same error (phase and message, line
 * numbers included). And loadColumns parses a CSV while the body still arrives.
 */
import { expect } from '@esm-bundle/chai';
import { CsvStreamDecoder, parseCsv } from '../../src/data/formats/csv.js';
import { DataError, loadColumns } from '../../src/data/load.js';
import { encode, outcome, streamedOutcome, type Outcome } from './stream-decoding.js';

function streamed(bytes: Uint8Array, cuts: number[], sizeHint?: number): Outcome {
  return streamedOutcome(new CsvStreamDecoder({ sizeHint }), bytes, cuts);
}

const CASES: Record<string, string> = {
  quotes: 'Time,"Close",note,"Odd ""name"", here"\r\n1704153600000,"1.5",a,1\r\n\r\n1704153660000,2,"b, with ""quotes""\nand a line break",2\r\n',
  'CR only': 'time,close\r1704153600000,5\r1704153660000,6\r\r1704153720000,7\r',
  'mixed line ends, no last line end': 'time,close\r1704153600000,5\n1704153660000,6\r\n1704153720000,7\r1704153780000,8',
  'byte-order mark and UTF-8 names': '\ufefftime,prix €,加\n1704153600000,1.5,2\n1704153660000,-3e2,NaN\n',
  'empty fields and gap words': 'time,a,b\n1,,NaN\n2,Infinity,-inf\n3,null,4\n',
  'unsorted, repeated': 'time,v\n3,1\n1,2\n2,3\n2,4\n',
  'ISO dates': 'timestamp,value\n2024-01-02T00:00:00Z,1\n2024-01-02 00:01,2\n',
  'blank lines first': '\n\r\n\ntime,v\n1,2\n',
  'text column': 'time,sym,v\n1,AAPL,2\n2,MSFT,3\n',
  // Errors, with their line numbers.
  'mixed text': 'time,a\n1,2\n\n2,x\n',
  'too few fields': 'time,a,b\n1,2,3\n2,3\n',
  'too many fields': 'time,a\n1,2,3\n',
  'quote not closed': 'time,a\n1,"2\n3,4\n',
  'quote in a field': 'time,a\n1,2"3\n',
  'text after a closing quote': 'time,a\n1,"2"x\n',
  'time kinds mixed': 'time,a\n1,2\n2024-01-01,3\n',
  'quoted line breaks before an error': 'time,a,b\n1,"x\r\ny",2\n2,"p\rq",3\n3,4\n',
  'time out of range': 'time,close\n1704153600000,5\n1e22,6\n',
  'empty': '\n\n',
  'header only': 'time,close\n',
};

describe('CsvStreamDecoder', () => {
  for (const [name, csv] of Object.entries(CASES)) {
    it(`cut at every byte: ${name}`, () => {
      const bytes = encode(csv);
      const whole = outcome(() => parseCsv(csv));
      for (let cut = 0; cut <= bytes.length; cut++) expect(streamed(bytes, [cut]), `cut at ${cut}`).to.deep.equal(whole);
      // Every byte its own chunk, with and without a size to plan for.
      const each = Array.from({ length: bytes.length }, (_, i) => i);
      expect(streamed(bytes, each), 'one byte at a time').to.deep.equal(whole);
      expect(streamed(bytes, each, bytes.length), 'one byte at a time, sized').to.deep.equal(whole);
    });
  }

  it('grows its columns past a size hint that was too small, and trims them to the rows', () => {
    const lines = ['time,v'];
    for (let i = 0; i < 20_000; i++) lines.push(`${i},${i * 0.5}`);
    const bytes = encode(lines.join('\n'));
    const cuts = Array.from({ length: 100 }, (_, i) => Math.floor((bytes.length * i) / 100) + 1);
    const whole = outcome(() => parseCsv(lines.join('\n')));
    expect(streamed(bytes, cuts, 1000)).to.deep.equal(whole);
    expect(streamed(bytes, cuts)).to.deep.equal(whole);
    const decoder = new CsvStreamDecoder({ sizeHint: bytes.length });
    decoder.pushBytes(bytes, true);
    const { columns } = decoder.finish();
    expect(columns.v.buffer.byteLength, 'no spare rows kept').to.equal(20_000 * 8);
  });

  it('a parse error comes from the chunk that holds it, before the rest arrives', () => {
    const decoder = new CsvStreamDecoder();
    decoder.pushBytes(encode('time,a\n1,2\n'));
    expect(() => decoder.pushBytes(encode('2,x\n3,'))).to.throw(DataError, 'line 3: "a" is "x"');
  });
});

describe('loadColumns reads a CSV as it arrives', () => {
  it('fails on a bad record while the rest of the body has not come, and stops the download', async () => {
    let cancelled = false;
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return new Promise<void>(() => undefined); // the rest never comes
        sent = true;
        controller.enqueue(encode('time,a\n1704153600000,2\n1704153660000,x\n17041537'));
      },
      cancel() {
        cancelled = true;
      },
    });
    let error: unknown = null;
    try {
      await loadColumns('/virtual.csv', { fetch: async () => new Response(body, { headers: { 'Content-Type': 'text/csv' } }) });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(DataError);
    expect((error as DataError).message).to.equal('line 3: "a" is "x", which is not a number (other rows hold numbers) (in /virtual.csv)');
    expect(cancelled, 'the download was cancelled').to.equal(true);
  });

  it('counts parsing during the download as parse time, with the same columns as a whole read', async () => {
    const csv = 'time,close\n1704153600000,1\n1704153660000,2\n1704153720000,3\n';
    const bytes = encode(csv);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 7) controller.enqueue(bytes.slice(at, at + 7));
        controller.close();
      },
    });
    const result = await loadColumns('/virtual.csv', { fetch: async () => new Response(body) });
    expect(Array.from(result.columns!.close)).to.deep.equal([1, 2, 3]);
    expect(result.timings!.parseMs).to.be.at.least(0);
    expect(result.timings!.bytes).to.equal(bytes.length);
  });
});
