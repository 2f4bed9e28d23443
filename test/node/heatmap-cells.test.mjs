// Issue 16: a heatmap bound to the chart's rows (`cells`, chart/heatmap/bound-grid.ts), pure parts:
// the matrix from the rows (each row a column of cells centred on its x, each named column a row),
// the columns of rows appended after the last, and the errors naming the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

const out = await build({
  stdin: {
    contents: `export * from './src/chart/heatmap/bound-grid.ts'; export { XMapping } from './src/chart/x-mapping.ts'; export { ColumnTable } from './src/data/table.ts'; export { checkGrid } from './src/chart/heatmap/grid.ts';`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
});
const m = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);

function tableOf(times, bins) {
  const t = new m.ColumnTable();
  const columns = { time: times };
  bins.forEach((values, r) => (columns[`f${r}`] = values));
  t.replace(columns, 'load', true);
  return t;
}

test('bound cells: rows become columns centred on their x, named columns rows (bottom first)', () => {
  const table = tableOf([10, 20, 40], [[1, 2, 3], [4, 5, 6]]);
  const x = new m.XMapping();
  x.scale = 'linear';
  const bound = new m.BoundCells(table, { values: ['f0', 'f1'], y0: 5, dy: 2 }, 'cells', x);
  const g = m.checkGrid(bound.gridOf());
  assert.deepEqual([...g.xEdges], [5, 15, 30, 50]);
  assert.deepEqual([...g.yEdges], [5, 7, 9]);
  // row-major: row 0 is f0
  assert.deepEqual([...g.values], [1, 2, 3, 4, 5, 6]);
});

test('bound cells: a log x centres in axis values', () => {
  const table = tableOf([0, 1, 2], [[1, 2, 3]]); // the chart's rows hold log10 x
  const x = new m.XMapping();
  x.scale = 'log';
  const g = m.checkGrid(new m.BoundCells(table, { values: ['f0'] }, 'cells', x).gridOf());
  const near = (a, b) => Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b));
  [10 ** -0.5, 10 ** 0.5, 10 ** 1.5, 10 ** 2.5].forEach((want, i) => assert.ok(near(g.xEdges[i], want), `edge ${i}: ${g.xEdges[i]}`));
});

test('bound cells: rows appended after the last are new columns with their left edges; other changes take the matrix again', () => {
  const table = tableOf([0, 10, 20], [[1, 1, 1], [2, 2, 2]]);
  const x = new m.XMapping();
  x.scale = 'linear';
  const bound = new m.BoundCells(table, { values: ['f0', 'f1'] }, 'cells', x);
  bound.gridOf();
  const changes = [];
  bound.subscribe((c) => changes.push(c));
  table.appendColumns({ time: [30, 40], f0: [7, 8], f1: [9, 10] });
  const cols = bound.appendedColumns(changes.at(-1));
  assert.deepEqual([...cols.time], [25, 35]);
  // column after column, row 0 first
  assert.deepEqual([...cols.values], [7, 9, 8, 10]);
  // the last row replaced in place: the whole matrix again
  table.appendColumns({ time: [40], f0: [0], f1: [0] });
  assert.equal(bound.appendedColumns(changes.at(-1)), null);
  // a load: the whole matrix again
  table.replace({ time: [0, 1], f0: [1, 2], f1: [3, 4] }, 'load', true);
  assert.equal(bound.appendedColumns(changes.at(-1)), null);
});

test('bound cells: a column the rows lack, and bad bindings, are errors naming the field', () => {
  const table = tableOf([0, 1], [[1, 2]]);
  const x = new m.XMapping();
  const bound = new m.BoundCells(table, { values: ['f0', 'power'] }, 'The heatmap "p": cells', x);
  assert.throws(() => bound.gridOf(), /The heatmap "p": cells\.values\[1\] names the column "power", which the rows do not have \(columns: f0\)/);
  assert.throws(() => m.checkCellColumns({ values: [] }, 'series[0].cells'), /series\[0\]\.cells\.values must be a non-empty array/);
  assert.throws(() => m.checkCellColumns({ values: ['a', 3] }, 'series[0].cells'), /series\[0\]\.cells\.values\[1\] is "3"/);
  assert.throws(() => m.checkCellColumns(null, 'series[0].cells'), /series\[0\]\.cells must be an object/);
});
