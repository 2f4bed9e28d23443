// The dependency direction the architecture promises: elements → chart → gpu + shaders, with
// data and indicators pure. Checked on the import statements of every source file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports. */
function imports(path) {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function violations(dir, forbidden) {
  const out = [];
  for (const file of files(dir)) {
    for (const spec of imports(file)) {
      if (forbidden.some((f) => f.test(spec))) out.push(`${relative('.', file)} imports ${spec}`);
    }
  }
  return out;
}

test('chart/ never imports elements/ or lit', () => {
  assert.deepEqual(violations('src/chart', [/\/elements\//, /^lit/]), []);
});

test('gpu/ imports neither chart/ nor elements/', () => {
  assert.deepEqual(violations('src/gpu', [/\/chart\//, /\/elements\//, /^lit/]), []);
});

test('data/ and indicators/ are pure: no chart, elements, gpu or lit', () => {
  const forbidden = [/\/chart\//, /\/elements\//, /\/gpu\//, /^lit/];
  assert.deepEqual([...violations('src/data', forbidden), ...violations('src/indicators', forbidden)], []);
});

test('the scene model imports nothing that draws', () => {
  assert.deepEqual(violations('src/chart/scene', [/\/gpu\//, /\/render\//, /\/layers\//, /labels/, /rects/]), []);
});
