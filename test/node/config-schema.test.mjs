// The shipped config.schema.json is the schema the chart validates against (written from
// src/chart/state/schema.ts), and saved configs of earlier versions migrate to the current one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { configSchemaJson } from '../../scripts/config-schema.mjs';

test('config.schema.json equals the schema the chart enforces', async () => {
  assert.equal(readFileSync('config.schema.json', 'utf8'), await configSchemaJson());
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.ok(pkg.files.includes('config.schema.json'), 'shipped in the package');
  assert.equal(pkg.exports['./config.schema.json'], './config.schema.json');
});

async function load() {
  const out = await build({
    stdin: { contents: `export * from './src/chart/state/validate.ts'; export * from './src/chart/state/migrate.ts'; export * from './src/chart/state/schema.ts';`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}
const m = await load();

test('an invalid field is dropped and named by its path; the valid rest stays', () => {
  const issues = [];
  const clean = m.sanitize(
    { version: 2, valueScale: 'loggy', panes: [{ id: 'a', height: -1 }, { id: 'b', height: 2, range: [0, 'x'] }], tooltip: true, bogus: 1, indicators: [{ type: 'sma', period: 20 }, { period: 3 }] },
    m.CONFIG_SCHEMA,
    '$',
    issues,
  );
  assert.deepEqual(clean, { version: 2, panes: [{ id: 'a' }, { id: 'b', height: 2 }], tooltip: true, indicators: [{ type: 'sma', period: 20 }] });
  assert.deepEqual(issues.map((i) => i.path), ['$.valueScale', '$.panes[0].height', '$.panes[1].range[1]', '$.bogus', '$.indicators[1]']);
});

test('a version-1 state migrates: range and pane heights move into place', () => {
  const r = m.migrateConfig({ version: 1, range: [10, 20], paneHeights: { main: 3, rsi: 1 }, panes: [{ id: 'rsi', range: [0, 100] }], theme: 'dark' });
  assert.deepEqual(r.config, { version: 2, theme: 'dark', visibleRange: { from: 10, to: 20 }, panes: [{ id: 'rsi', range: [0, 100], height: 1 }, { id: 'main', height: 3 }] });
  assert.match(m.migrateConfig({ version: 9 }).error, /newer than this library understands/);
  assert.match(m.migrateConfig([]).error, /not an object/);
});
