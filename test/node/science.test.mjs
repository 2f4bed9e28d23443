// Issue 16's pure parts: numeric x ticks and engineering labels, and the colormaps. They run in
// plain Node; esbuild bundles the sources for this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

async function load() {
  const out = await build({
    stdin: {
      contents: `export * from './src/chart/ticks/numeric-ticks.ts'; export { XMapping } from './src/chart/x-mapping.ts'; export { TimeSeriesScene } from './src/chart/scene/time-scene.ts'; export * from './src/chart/colormaps.ts'; export * from './src/chart/heatmap/grid.ts';`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

const m = await load();

test('engineering notation: SI prefixes in steps of 10^3, decimals from the resolution, locale digits', () => {
  const f = m.formatEngineering;
  assert.equal(f(0, 'en-US'), '0');
  assert.equal(f(1500, 'en-US', 500), '1.5k');
  assert.equal(f(2000, 'en-US', 500), '2k');
  assert.equal(f(500, 'en-US', 500), '500');
  assert.equal(f(2.5e-6, 'en-US'), '2.5µ');
  assert.equal(f(-3.3e9, 'en-US'), '-3.3G');
  assert.equal(f(1234.5678, 'en-US'), '1.235k');
  assert.equal(f(1500, 'de-DE', 500), '1,5k');
  assert.equal(f(123456, 'en-US', 1), '123.456k');
  assert.equal(f(NaN), '–');
});

test('numeric ticks: 1/2/5 steps on a linear axis, decades on a log axis, in data units', () => {
  const lin = m.numericTicks('linear', 0, 2000, 400, 'en-US');
  assert.deepEqual(lin.map((t) => t.label), ['0', '500', '1k', '1.5k', '2k']);
  const log = m.numericTicks('log', 10, 1e5, 400, 'en-US');
  assert.deepEqual(log.map((t) => t.label), ['10', '100', '1k', '10k', '100k']);
  assert.ok(log.every((t) => t.major));
  // less than a decade: 1/2/5 multiples or linear steps, all inside the view
  const short = m.numericTicks('log', 200, 900, 400, 'en-US');
  assert.ok(short.length >= 2 && short.every((t) => t.value >= 200 && t.value <= 900), JSON.stringify(short));
  assert.deepEqual(m.numericTicks('log', -1, 10, 400), []);
});

test('x mapping: axis values are x on a linear axis and log10 x on a log axis', () => {
  const x = new m.XMapping();
  x.scale = 'log';
  assert.equal(x.axisOf(1000), 3);
  assert.ok(Number.isNaN(x.axisOf(0)));
  assert.equal(x.dataOf(2), 100);
  x.scale = 'linear';
  assert.equal(x.axisOf(-5), -5);
});

test('scene: a numeric x lays out number labels where their axis values are', () => {
  const scene = new m.TimeSeriesScene();
  scene.x.scale = 'log';
  scene.locale = 'en-US';
  scene.x.from = 1;
  scene.x.to = 4;
  scene.layout({ width: 500, height: 300, dpr: 1, fontPx: 12, measure: (s) => s.length * 7 }, () => 0);
  const texts = scene.timeLabels.map((l) => l.text);
  assert.deepEqual(texts, ['10', '100', '1k', '10k']);
  const at = scene.timeLabels.map((l) => l.at);
  assert.ok(Math.abs(at[1] - at[0] - (at[2] - at[1])) < 1e-9, 'decades equally wide');
});

test('colormaps: named maps from their first to their last sample, custom stops, errors naming the field', () => {
  const lut = m.colormapLut('viridis');
  assert.equal(lut.length, 256 * 4);
  const first = m.lutColor(lut, 0).map((c) => Math.round(c * 255));
  const last = m.lutColor(lut, 1).map((c) => Math.round(c * 255));
  assert.deepEqual(first, [0x44, 0x01, 0x54, 255]);
  assert.deepEqual(last, [0xfd, 0xe7, 0x25, 255]);
  for (const name of m.COLORMAP_NAMES) assert.equal(m.colormapLut(name).length, 1024);
  const custom = m.colormapLut([{ at: 0, color: '#000000' }, { at: 0.5, color: 'rgb(255, 0, 0)' }, { at: 1, color: '#fff' }]);
  // the middle stop, within a 256-entry table's step
  const mid = m.lutColor(custom, 0.5).map((c) => Math.round(c * 255));
  assert.ok(mid[0] === 255 && mid[1] <= 2 && mid[2] <= 2, String(mid));
  assert.throws(() => m.colormapLut('rainbow', 'series[2].colormap'), /series\[2\]\.colormap "rainbow" is not a colormap/);
  assert.throws(() => m.colormapLut(['#000', 'blue'], 'c'), /c\[1\] has colour "blue"/);
  assert.throws(() => m.colormapLut([{ at: 0.6, color: '#000' }, { at: 0.2, color: '#fff' }], 'c'), /c\[1\]\.at comes before/);
});

test('colour scales: linear, log (≤ 0 has no colour), sqrt; NaN stays NaN', () => {
  assert.equal(m.colorPosition(5, 0, 10, 'linear'), 0.5);
  assert.equal(m.colorPosition(100, 1, 10000, 'log'), 0.5);
  assert.ok(Number.isNaN(m.colorPosition(0, 1, 100, 'log')));
  assert.equal(m.colorPosition(2.5, 0, 10, 'sqrt'), 0.5);
  assert.equal(m.colorPosition(20, 0, 10, 'linear'), 1);
  assert.ok(Number.isNaN(m.colorPosition(NaN, 0, 1, 'linear')));
});

test('heatmap grid: checks name the field; the max/min pyramid keeps extremes and leaves NaN out', () => {
  const values = Float32Array.from({ length: 12 }, (_, i) => i);
  const g = m.checkGrid({ x0: 0, dx: 2, y0: 10, dy: 1, columns: 4, rows: 3, values }, 'series[0].grid');
  assert.deepEqual([...g.xEdges], [0, 2, 4, 6, 8]);
  assert.deepEqual([...g.yEdges], [10, 11, 12, 13]);
  assert.throws(() => m.checkGrid({ columns: 4, rows: 3, values: new Float32Array(5) }, 'g'), /g\.values has 5 values but columns × rows is 4 × 3 = 12/);
  assert.throws(() => m.checkGrid({ xEdges: [0, 1, Infinity], yEdges: [0, 1], values: new Float32Array(2) }, 'g'), /g\.xEdges\[2\] is Infinity: edges must be finite/);
  assert.throws(() => m.checkGrid({ xEdges: [0, 1], yEdges: [0, 1, 1], values: new Float32Array(2) }, 'g'), /g\.yEdges\[2\] \(1\) is not above yEdges\[1\] \(1\): edges must increase/);
  assert.throws(() => m.checkGrid({ xEdges: [0, 1, 2], columns: 3, yEdges: [0, 1], values: new Float32Array(2) }, 'g'), /g\.xEdges has 3 edges but columns \+ 1 is 4/);
  values[5] = NaN;
  values[6] = 100;
  const p = m.buildPyramid(values, 4, 3);
  assert.deepEqual(p.columns, [4, 2, 1]);
  assert.deepEqual(p.rows, [3, 2, 1]);
  const level1 = (arr) => [...arr.slice(0, 4)];
  // blocks: (0,1,4,NaN) (2,3,100,7) (8,9) (10,11)
  assert.deepEqual(level1(p.max), [4, 100, 9, 11]);
  assert.deepEqual(level1(p.min), [0, 2, 8, 10]);
  assert.equal(p.max[4], 100);
  assert.deepEqual(m.windowRange(g, p, 0, 3, 0, 2), [0, 100]);
  assert.deepEqual(m.windowRange(g, null, 0, 1, 1, 1), [4, 4]);
  assert.equal(m.cellAt(g.xEdges, -1), -1);
  assert.equal(m.cellAt(g.xEdges, 8.5), 4);
  assert.equal(m.cellAt(g.xEdges, 3.9), 1);
});
