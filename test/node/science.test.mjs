// Issue 16's pure parts: numeric x ticks and engineering labels, and the colormaps. They run in
// plain Node; esbuild bundles the sources for this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

async function load() {
  const out = await build({
    stdin: {
      contents: `export * from './src/chart/ticks/numeric-ticks.ts'; export { XMapping } from './src/chart/x-mapping.ts'; export { TimeSeriesScene } from './src/chart/scene/time-scene.ts';`,
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
