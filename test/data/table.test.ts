import { expect } from '@esm-bundle/chai';
import { ColumnTable, type TableChange } from '../../src/data/table.js';

function record(table: ColumnTable): TableChange[] {
  const changes: TableChange[] = [];
  table.subscribe((c) => changes.push(c));
  return changes;
}

describe('ColumnTable', () => {
  it('keeps columns named like Object.prototype members as columns in columns(), snapshot() and row()', () => {
    const t = new ColumnTable();
    const input: Record<string, Float64Array> = { time: Float64Array.from([1, 2]), constructor: Float64Array.from([5, 6]) };
    Object.defineProperty(input, '__proto__', { value: Float64Array.from([3, 4]), enumerable: true });
    t.replace(input, 'load', true);
    for (const cols of [t.columns(), t.snapshot()]) {
      expect(Object.keys(cols).sort()).to.deep.equal(['__proto__', 'constructor', 'time']);
      expect([...Object.getOwnPropertyDescriptor(cols, '__proto__')!.value]).to.deep.equal([3, 4]);
    }
    expect(Object.getOwnPropertyDescriptor(t.row(1), '__proto__')?.value).to.equal(4);
  });

  it('appends rows in time order and exposes columns', () => {
    const t = new ColumnTable();
    const changes = record(t);
    const r = t.append([
      { time: 1, close: 10 },
      { time: 2, close: 11 },
    ]);
    expect(r).to.include({ added: 2, updatedLast: false, outOfOrder: 0, invalid: 0 });
    expect(t.length).to.equal(2);
    expect([...t.time]).to.deep.equal([1, 2]);
    expect([...t.column('close')!]).to.deep.equal([10, 11]);
    expect(changes).to.have.length(1);
    expect(changes[0]).to.include({ reason: 'append', added: 2, changedFrom: 0, length: 2 });
  });

  it('replaces the last row when the time repeats (forming candle)', () => {
    const t = new ColumnTable();
    t.append([{ time: 1, close: 10 }, { time: 2, close: 11 }]);
    const changes = record(t);
    const r = t.append([{ time: 2, close: 12 }]);
    expect(r).to.include({ added: 0, updatedLast: true });
    expect([...t.column('close')!]).to.deep.equal([10, 12]);
    expect(changes[0]).to.include({ reason: 'update', changedFrom: 1, added: 0, updatedLast: true });
  });

  it('drops and counts out-of-order and time-less rows', () => {
    const t = new ColumnTable();
    t.append([{ time: 5, v: 1 }]);
    const r = t.append([{ time: 3, v: 2 }, { v: 3 }, { time: 'nonsense', v: 4 }, { time: 6, v: 5 }]);
    expect(r).to.include({ added: 1, outOfOrder: 1, invalid: 2 });
    expect([...t.time]).to.deep.equal([5, 6]);
  });

  it('reads the time from t/date/timestamp when there is no time field', () => {
    const t = new ColumnTable();
    t.append([{ t: 1, v: 1 }, { timestamp: 2, v: 2 }, { date: '1970-01-01T00:00:00.003Z', v: 3 }]);
    expect([...t.time]).to.deep.equal([1, 2, 3]);
    expect(t.columnNames.sort()).to.deep.equal(['time', 'v']);
  });

  it('fills a column first seen mid-stream with NaN for earlier rows', () => {
    const t = new ColumnTable();
    t.append([{ time: 1, a: 1 }, { time: 2, a: 2, b: 20 }]);
    const b = t.column('b')!;
    expect(Number.isNaN(b[0])).to.equal(true);
    expect(b[1]).to.equal(20);
  });

  it('keeps only the newest `capacity` rows as a sliding window', () => {
    const t = new ColumnTable();
    t.capacity = 100;
    const changes = record(t);
    for (let i = 0; i < 5000; i++) t.append([{ time: i, v: i * 2 }]);
    expect(t.length).to.equal(100);
    expect(t.time[0]).to.equal(4900);
    expect(t.time[99]).to.equal(4999);
    expect(t.column('v')![0]).to.equal(9800);
    expect(changes.at(-1)).to.include({ dropped: 1, added: 1, length: 100 });
    // Lowering the capacity trims at once.
    t.capacity = 10;
    expect(t.length).to.equal(10);
    expect(t.time[0]).to.equal(4990);
    expect(changes.at(-1)).to.include({ dropped: 90, length: 10 });
  });

  it('grows its backing arrays and keeps every value', () => {
    const t = new ColumnTable();
    const n = 10_000;
    for (let i = 0; i < n; i += 10) {
      t.append(Array.from({ length: 10 }, (_, k) => ({ time: i + k, v: (i + k) * 3 })));
    }
    expect(t.length).to.equal(n);
    const v = t.column('v')!;
    let ok = true;
    for (let i = 0; i < n; i++) if (v[i] !== i * 3 || t.time[i] !== i) ok = false;
    expect(ok).to.equal(true);
  });

  it('replace() adopts sorted columns, sorts unsorted ones and honours capacity', () => {
    const t = new ColumnTable();
    const time = new Float64Array([1, 2, 3]);
    t.replace({ time, v: new Float64Array([1, 2, 3]) });
    expect(t.column('time')!.buffer).to.equal(time.buffer);
    t.replace({ time: [3, 1, 2], v: [30, 10, 20] });
    expect([...t.time]).to.deep.equal([1, 2, 3]);
    expect([...t.column('v')!]).to.deep.equal([10, 20, 30]);
    t.capacity = 2;
    t.replace({ time: [1, 2, 3], v: [1, 2, 3] });
    expect([...t.time]).to.deep.equal([2, 3]);
    expect(() => t.replace({ time: [1, 2], v: [1] })).to.throw(/rows/);
  });

  it('appendColumns() follows the same rules as append()', () => {
    const t = new ColumnTable();
    t.append([{ time: 1, v: 1 }, { time: 2, v: 2 }]);
    const r = t.appendColumns({ time: new Float64Array([0, 2, 3, 4]), v: new Float64Array([0, 22, 3, 4]) });
    expect(r).to.include({ added: 2, updatedLast: true, outOfOrder: 1 });
    expect([...t.time]).to.deep.equal([1, 2, 3, 4]);
    expect([...t.column('v')!]).to.deep.equal([1, 22, 3, 4]);
  });

  it('clear() empties the table and appending afterwards starts over', () => {
    const t = new ColumnTable();
    t.append([{ time: 10, v: 1 }]);
    const changes = record(t);
    t.clear();
    expect(t.length).to.equal(0);
    expect(changes[0].reason).to.equal('clear');
    t.append([{ time: 1, v: 5 }]);
    expect([...t.time]).to.deep.equal([1]);
    expect(t.snapshot().v[0]).to.equal(5);
  });
});
