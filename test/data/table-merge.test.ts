// ColumnTable's merge mode (what a stream and <gpu-datasource>.append() use): older rows go into
// their place, rows at a held time take the new values, and the change says from which row the
// copies (GPU, indicators) must be taken again.
import { expect } from '@esm-bundle/chai';
import { ColumnTable, type TableChange } from '../../src/data/table.js';

function record(table: ColumnTable): TableChange[] {
  const changes: TableChange[] = [];
  table.subscribe((c) => changes.push(c));
  return changes;
}

describe('ColumnTable merge (out-of-order rows)', () => {
  it('inserts an older row in its place and marks changedFrom at it', () => {
    const t = new ColumnTable();
    t.append([{ time: 10, v: 1 }, { time: 30, v: 3 }, { time: 40, v: 4 }]);
    const changes = record(t);
    const layout = t.layoutVersion;
    const r = t.append([{ time: 20, v: 2 }], 'time', { merge: true });
    expect(r).to.include({ added: 1, merged: 1, outOfOrder: 0, updatedLast: false });
    expect([...t.time]).to.deep.equal([10, 20, 30, 40]);
    expect([...t.column('v')!]).to.deep.equal([1, 2, 3, 4]);
    expect(changes).to.have.length(1);
    expect(changes[0]).to.include({ reason: 'append', changedFrom: 1, added: 1, length: 4 });
    expect(t.layoutVersion).to.equal(layout); // rows before it stay where they were
  });

  it('replaces the values of a held time (reconciliation) and reports nothing when they are equal', () => {
    const t = new ColumnTable();
    t.append([{ time: 10, v: 1 }, { time: 20, v: 2 }, { time: 30, v: 3 }]);
    const changes = record(t);
    expect(t.append([{ time: 20, v: 2 }], 'time', { merge: true })).to.include({ added: 0, replaced: 1 });
    expect(changes).to.have.length(0); // same values: no upload, no indicator reset
    expect(t.append([{ time: 20, v: 22 }], 'time', { merge: true })).to.include({ added: 0, replaced: 1 });
    expect([...t.column('v')!]).to.deep.equal([1, 22, 3]);
    expect(changes[0]).to.include({ reason: 'update', changedFrom: 1, updatedLast: false });
  });

  it('keeps a row without the new fields as NaN, before the first row and under capacity', () => {
    const t = new ColumnTable();
    t.capacity = 3;
    t.append([{ time: 10, a: 1, b: 1 }, { time: 20, a: 2, b: 2 }, { time: 30, a: 3, b: 3 }]);
    t.append([{ time: 25, a: 2.5 }], 'time', { merge: true });
    expect([...t.time]).to.deep.equal([20, 25, 30]);
    expect(Number.isNaN(t.column('b')![1])).to.equal(true);
    const r = t.append([{ time: 5, a: 0 }], 'time', { merge: true }); // older than the window
    expect(r).to.include({ added: 1, dropped: 1 });
    expect([...t.time]).to.deep.equal([20, 25, 30]);
  });

  it('merges many reordered rows across a growth of the backing arrays', () => {
    const t = new ColumnTable();
    const times = Array.from({ length: 3000 }, (_, i) => i * 10);
    // Every pair swapped: 10, 0, 30, 20, …
    const shuffled = times.map((_, i) => times[i ^ 1]);
    for (const time of shuffled) t.append([{ time, v: time / 10 }], 'time', { merge: true });
    expect([...t.time]).to.deep.equal(times);
    expect([...t.column('v')!]).to.deep.equal(times.map((x) => x / 10));
  });

  it('rejects rows after maxTime, times outside the Date range, and turns ±Infinity values into gaps', () => {
    const t = new ColumnTable();
    const r = t.append(
      [{ time: 1, v: 1 }, { time: 1e22, v: 2 }, { time: 'Infinity', v: 3 }, { time: 50, v: 4 }, { time: 2, v: Infinity }, { time: 3, v: '-Infinity' }],
      'time',
      { merge: true, maxTime: 10 },
    );
    expect(r).to.include({ added: 3, invalid: 2, future: 1, nonFinite: 2 });
    expect([...t.time]).to.deep.equal([1, 2, 3]);
    expect([...t.column('v')!].map(String)).to.deep.equal(['1', 'NaN', 'NaN']);
  });

  it('reads ISO-8601 times without an offset as UTC and scales numeric times', () => {
    const t = new ColumnTable();
    t.append([{ time: '2023-11-14T22:13:20', v: 1 }, { time: 1_700_000_001, v: 2 }], 'time', { timeScale: 1000 });
    expect([...t.time]).to.deep.equal([1_700_000_000_000, 1_700_000_001_000]);
  });

  it('without merge, plain appends keep their rules (older rows dropped, tail only)', () => {
    const t = new ColumnTable();
    t.append([{ time: 10, v: 1 }, { time: 30, v: 3 }]);
    const r = t.append([{ time: 20, v: 2 }]);
    expect(r).to.include({ added: 0, outOfOrder: 1, merged: 0 });
    expect([...t.time]).to.deep.equal([10, 30]);
  });
});
