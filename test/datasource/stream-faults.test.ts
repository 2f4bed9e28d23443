// Table-driven: each bad stream input of issue 13 against a real <gpu-datasource> and a scripted
// WebSocket server on 127.0.0.1 (scripts/scripted-feed.mjs), then append()'s bad inputs.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/elements/datasource/define.js';
import type { GpuDatasource } from '../../src/elements/datasource/gpu-datasource.js';
import type { GpuErrorDetail } from '../../src/elements/events.js';
import { createSource, recordEvents, until } from './helpers.js';

const EPOCH = 1_700_000_000_000; // 2023-11-14T22:13:20Z
const at = (i: number) => EPOCH + i * 1000;
const row = (i: number, extra: Record<string, unknown> = {}) => JSON.stringify({ time: at(i), v: i, ...extra });
const offsets = (el: GpuDatasource) => [...el.data.time].map((t) => (t - EPOCH) / 1000);

type Plan = { messages: (string | { base64: string })[]; after?: 'stay' | 'silent' | 'close' };
type Hello = { subscribe: string | null; since: number | null };

interface StreamCase {
  name: string;
  attributes?: Record<string, string>;
  timeZone?: string;
  connections: Plan[];
  /** The state the source must reach (the old code never got there). */
  reached: (el: GpuDatasource) => boolean;
  check: (el: GpuDatasource, errors: GpuErrorDetail[], hellos: Hello[]) => void;
}

const manyFields = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, i]));

const cases: StreamCase[] = [
  {
    name: 'a row dated far in the future is rejected with a gpu-error; later rows still arrive',
    connections: [{ messages: [row(1), row(2), JSON.stringify({ time: Date.UTC(2100, 0, 1), v: 99 }), row(3), row(4)] }],
    reached: (el) => el.table.lastTime() === at(4),
    check: (el, errors) => {
      expect(offsets(el)).to.deep.equal([1, 2, 3, 4]);
      expect(errors.some((e) => e.phase === 'stream' && /rejected 1 row\(s\) dated more than 24 h after/.test(e.message))).to.equal(true);
      expect(el.dataStream!.stats.rejected).to.equal(1);
      expect(el.status).to.equal('streaming');
    },
  },
  {
    name: 'rows that arrive swapped or twice are all kept, once, in time order',
    connections: [{ messages: [row(1), row(3), row(2), row(2), row(5), row(4), row(5)] }],
    reached: (el) => el.length === 5,
    check: (el, errors) => {
      expect(offsets(el)).to.deep.equal([1, 2, 3, 4, 5]);
      expect([...el.data.v]).to.deep.equal([1, 2, 3, 4, 5]);
      expect(errors).to.have.length(0); // a reordered row is handled, not an error
    },
  },
  {
    name: 'a server restarted with its clock behind: old times take the new values, missing ones are inserted',
    connections: [
      { messages: [JSON.stringify(Array.from({ length: 11 }, (_, k) => ({ time: at(10 + k), v: 10 + k })))], after: 'close' },
      { messages: Array.from({ length: 21 }, (_, k) => row(5 + k, { v: 5 + k + 0.5 })) },
    ],
    reached: (el) => el.table.lastTime() === at(25),
    check: (el) => {
      expect(offsets(el)).to.deep.equal(Array.from({ length: 21 }, (_, k) => 5 + k));
      expect([...el.data.v]).to.deep.equal(Array.from({ length: 21 }, (_, k) => 5 + k + 0.5));
    },
  },
  {
    name: 'a stalled server is detected by the heartbeat: gpu-error, reconnect, replay from `since`',
    attributes: { 'heartbeat-timeout': '400' },
    connections: [{ messages: [row(1), row(2)], after: 'silent' }, { messages: [row(2), row(3)] }],
    reached: (el) => el.table.lastTime() === at(3),
    check: (el, errors, hellos) => {
      expect(offsets(el)).to.deep.equal([1, 2, 3]);
      expect(errors.some((e) => /silent for \d+ ms \(heartbeat timeout 400 ms\); reconnecting/.test(e.message))).to.equal(true);
      expect(el.dataStream!.stats.stalls).to.equal(1);
      expect(hellos).to.have.length(2);
      expect(hellos[1].since).to.equal(at(1)); // the replay overlaps the rows received last
    },
  },
  {
    name: 'an ISO time without offset is UTC, as in files (in any time zone)',
    timeZone: 'America/New_York',
    connections: [
      {
        messages: [
          JSON.stringify({ time: '2023-11-14T22:13:20', v: 1 }),
          JSON.stringify({ time: '2023-11-14 22:13:21.5', v: 2 }),
          JSON.stringify({ time: '2023-11-14T17:13:22-05:00', v: 3 }),
        ],
      },
    ],
    reached: (el) => el.length === 3,
    check: (el) => expect(offsets(el)).to.deep.equal([0, 1.5, 2]),
  },
  {
    name: 'times that are "Infinity", 1e22 or overflow are rejected with a clear gpu-error',
    connections: [{ messages: [row(1), JSON.stringify({ time: 'Infinity', v: 7 }), JSON.stringify({ time: 1e22, v: 8 }), '{"time": 1e999, "v": 9}', row(2)] }],
    reached: (el) => el.table.lastTime() === at(2),
    check: (el, errors) => {
      expect(offsets(el)).to.deep.equal([1, 2]);
      const messages = errors.filter((e) => /1 row\(s\) have no usable time \(missing, not finite, outside the Date range/.test(e.message));
      expect(messages).to.have.length(3);
    },
  },
  {
    name: 'non-finite values become gaps (NaN) with a gpu-error, never Infinity',
    connections: [{ messages: [row(1, { v: 'Infinity', w: 1 }), `{"time": ${at(2)}, "v": -1e999, "w": 2}`, row(3, { w: 3 })] }],
    reached: (el) => el.table.lastTime() === at(3),
    check: (el, errors) => {
      expect([...el.data.v].map(String)).to.deep.equal(['NaN', 'NaN', '3']);
      expect([...el.data.w]).to.deep.equal([1, 2, 3]);
      expect(errors.some((e) => /value\(s\) were ±Infinity and are kept as gaps/.test(e.message))).to.equal(true);
      expect(el.dataStream!.stats.nonFinite).to.equal(2);
    },
  },
  {
    name: 'a message with 300 new field names adds at most 32 columns; gpu-error for the rest',
    connections: [{ messages: [row(1, manyFields), row(2, { f0: 20, g: 1 })] }],
    reached: (el) => el.table.lastTime() === at(2),
    check: (el, errors) => {
      expect(el.table.columnNames).to.have.length(1 + 32); // time + 32 added
      expect(el.table.column('f0')![1]).to.equal(20);
      expect(el.table.has('g')).to.equal(false);
      expect(errors.some((e) => /left out 269 new field\(s\) .*a stream may add at most 32 columns/.test(e.message))).to.equal(true);
      expect(el.dataStream!.stats.refusedColumns).to.be.greaterThan(268);
    },
  },
];

describe('<gpu-datasource> stream: bad input and faults (table-driven)', () => {
  afterEach(async () => {
    for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
    await executeServerCommand('set-timezone', { zone: null });
  });

  for (const c of cases) {
    it(c.name, async () => {
      if (c.timeZone) await executeServerCommand('set-timezone', { zone: c.timeZone });
      const { port } = (await executeServerCommand('scripted-feed', { connections: c.connections })) as { port: number };
      try {
        const el = createSource({ stream: `ws://127.0.0.1:${port}/`, ...c.attributes });
        const errors = recordEvents(el, 'gpu-error');
        await until(() => c.reached(el), 'the rows', 5_000);
        await el.updateComplete;
        const { hellos } = (await executeServerCommand('scripted-feed-hellos', { port })) as { hellos: Hello[] };
        c.check(el, errors, hellos);
      } finally {
        await executeServerCommand('scripted-feed-stop', { port });
      }
    });
  }

  it('a socket refused by connect-src (error, never close) is a failure: gpu-error and retries', async () => {
    // A frame whose Content-Security-Policy refuses every connection; the stream uses its WebSocket.
    const frame = document.createElement('iframe');
    frame.srcdoc = `<meta http-equiv="Content-Security-Policy" content="connect-src 'none'">`;
    document.body.append(frame);
    await new Promise((r) => frame.addEventListener('load', r, { once: true }));
    const FramedSocket = (frame.contentWindow as unknown as { WebSocket: typeof WebSocket }).WebSocket;
    const opened: number[] = [];
    const Counting = class extends FramedSocket {
      constructor(url: string | URL) {
        super(url);
        opened.push(performance.now());
      }
    };
    const { DataStream } = await import('../../src/data/stream.js');
    const { ColumnTable } = await import('../../src/data/table.js');
    const errors: string[] = [];
    const states: string[] = [];
    const stream = new DataStream('ws://127.0.0.1:9/', new ColumnTable(), {
      initialDelayMs: 30,
      maxDelayMs: 60,
      WebSocket: Counting,
      onError: (e) => errors.push(e.message),
      onState: (s) => states.push(s),
    });
    try {
      stream.connect();
      await until(() => opened.length >= 3, 'three attempts', 5_000);
      expect(errors).to.have.length(1); // once per outage
      expect(errors[0]).to.match(/could not connect \(socket error\); retrying/);
      expect(states.slice(0, 2)).to.deep.equal(['connecting', 'reconnecting']);
    } finally {
      stream.close();
      frame.remove();
    }
  });
});

describe('<gpu-datasource>.append(): bad input', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
  });

  const appendCases: { name: string; rows: Record<string, unknown>[]; times: number[]; values: number[]; error?: RegExp }[] = [
    { name: 'times in seconds are converted to ms, as `data` does', rows: [{ time: at(3) / 1000, v: 3 }, { time: at(4) / 1000, v: 4 }], times: [1, 2, 3, 4], values: [1, 2, 3, 4] },
    { name: 'a row older than the last is merged into its place', rows: [{ time: at(1.5), v: 1.5 }], times: [1, 1.5, 2], values: [1, 1.5, 2] },
    { name: 'a time of "Infinity" is skipped with a gpu-error', rows: [{ time: 'Infinity', v: 9 }, { time: at(3), v: 3 }], times: [1, 2, 3], values: [1, 2, 3], error: /append\(\): skipped 1 row\(s\) without a usable time/ },
    { name: 'a time of 1e22 is skipped with a gpu-error', rows: [{ time: 1e22, v: 9 }], times: [1, 2], values: [1, 2], error: /without a usable time/ },
    { name: 'an Infinity value becomes a gap with a gpu-error', rows: [{ time: at(3), v: 'Infinity' }], times: [1, 2, 3], values: [1, 2, NaN], error: /append\(\): 1 value\(s\) were ±Infinity and are kept as gaps/ },
  ];

  for (const c of appendCases) {
    it(c.name, () => {
      const el = createSource({});
      el.data = { time: [at(1), at(2)], v: [1, 2] };
      const errors = recordEvents(el, 'gpu-error');
      el.append(c.rows as never);
      expect(offsets(el)).to.deep.equal(c.times);
      expect([...el.data.v].map(String)).to.deep.equal(c.values.map(String));
      if (c.error) expect(errors.map((e) => `${e.phase}: ${e.message}`)).to.satisfy((m: string[]) => m.some((x) => /^data: /.test(x) && c.error!.test(x)));
      else expect(errors).to.have.length(0);
    });
  }
});
