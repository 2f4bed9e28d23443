// The fault test: a real <gpu-datasource> against scripts/chaos-feed.mjs (drops mid-message, clean
// closes, garbage frames, duplicates, reorders, stalls, restarts with the clock set back) for
// ~20 s, then the rows it holds are compared with the server's: 0 gaps, 0 duplicates,
// 0 mismatches. The figures go to the console (the runner's and the browser's).
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/elements/datasource/define.js';
import { createSource, recordEvents, until } from './helpers.js';

type ChaosRow = { time: number; open: number; high: number; low: number; close: number; volume: number };
type ChaosResult = { ended: boolean; rows: ChaosRow[]; connections: number; faults: Record<string, number>; era: number };

const DURATION_MS = 20_000;

describe('<gpu-datasource> under a chaotic stream server', () => {
  it('ends with exactly the server rows: no gap, no duplicate, no mismatch', async function () {
    this.timeout(DURATION_MS + 25_000);
    const { port } = (await executeServerCommand('chaos-start', { seed: 13, durationMs: DURATION_MS })) as { port: number };
    const el = createSource({ stream: `ws://127.0.0.1:${port}/`, 'heartbeat-timeout': '500', 'max-reconnect-delay': '800' });
    const states = recordEvents(el, 'gpu-stream');
    const errors = recordEvents(el, 'gpu-error');
    try {
      let truth: ChaosResult;
      for (;;) {
        truth = (await executeServerCommand('chaos-result', { port })) as ChaosResult;
        if (truth.ended) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const expected = truth.rows;
      // After production stops the client may still be waiting to reconnect and replay.
      await until(() => compare(el.data, expected).clean, 'the rows to match the server', 8_000).catch(() => undefined);
      const figures = compare(el.data, expected);
      const stats = el.dataStream!.stats;
      const report =
        `[chaos] rows expected ${expected.length}, held ${el.length}, gaps ${figures.gaps}, duplicates ${figures.duplicates}, ` +
        `mismatches ${figures.mismatches}, extra ${figures.extra}; reconnects ${truth.connections - 1} (client ${stats.connections - 1}), ` +
        `stalls detected ${stats.stalls}, faults ${JSON.stringify(truth.faults)}, malformed ${stats.malformed}, ` +
        `out of order merged ${stats.outOfOrder}, gpu-error ${errors.length}`;
      console.log(report);
      await executeServerCommand('log', { text: report });

      expect(figures.gaps, 'gaps').to.equal(0);
      expect(figures.duplicates, 'duplicates').to.equal(0);
      expect(figures.mismatches, 'mismatches').to.equal(0);
      expect(figures.extra, 'rows the server never had').to.equal(0);
      expect(el.length).to.equal(expected.length);
      // Every fault happened, and each kind of failure was met.
      for (const kind of ['drop', 'close', 'garbage', 'duplicate', 'reorder', 'stall', 'restart']) expect(truth.faults[kind], kind).to.be.greaterThan(0);
      expect(truth.era, 'restarts with the clock set back').to.be.greaterThan(0);
      expect(stats.stalls, 'stalls detected by the heartbeat').to.be.greaterThan(0);
      expect(stats.malformed, 'garbage skipped').to.be.greaterThan(0);
      expect(truth.connections).to.be.greaterThan(5);
      expect(states.some((s) => s.state === 'reconnecting')).to.equal(true);
      expect(errors.every((e) => e.phase === 'stream')).to.equal(true);
    } finally {
      el.remove();
      await executeServerCommand('chaos-stop', { port });
    }
  });
});

function compare(held: Record<string, Float64Array>, expected: ChaosRow[]) {
  const time = held.time;
  let duplicates = 0;
  for (let i = 1; i < time.length; i++) if (time[i] === time[i - 1]) duplicates++;
  const index = new Map<number, number>();
  for (let i = 0; i < time.length; i++) index.set(time[i], i);
  let gaps = 0;
  let mismatches = 0;
  for (const row of expected) {
    const at = index.get(row.time);
    if (at === undefined) {
      gaps++;
      continue;
    }
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
      if (held[name]?.[at] !== row[name]) {
        mismatches++;
        break;
      }
    }
  }
  const truthTimes = new Set(expected.map((r) => r.time));
  let extra = 0;
  for (const t of index.keys()) if (!truthTimes.has(t)) extra++;
  return { gaps, duplicates, mismatches, extra, clean: gaps + duplicates + mismatches + extra === 0 && time.length === expected.length };
}
