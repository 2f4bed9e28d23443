// `npm test`: every suite, one total. Type check, library build and its types, Node tests (SSR
// import, pure modules, the package and its entry points, the size budget), then the browser tests
// in headless Chromium with WebGPU. Ends with `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { findBrowser } from './browser.mjs';

const totals = { passed: 0, failed: 0 };
const bin = (name) => `node_modules/.bin/${name}`;

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function step(label, cmd, args) {
  const ok = run(label, cmd, args) === 0;
  totals[ok ? 'passed' : 'failed']++;
  return ok;
}

mkdirSync('test-results', { recursive: true });

// The browser first, so a missing one stops with a clear message before anything else runs.
try {
  process.env.CHROME_PATH = findBrowser();
  console.log(`[gpu-chart] browser: ${process.env.CHROME_PATH}`);
} catch (e) {
  console.error(`[gpu-chart] ${e.message}`);
  process.exit(1);
}

step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
// A clean dist/: chunks of earlier builds (hashed names) would be packed and measured too.
rmSync('dist', { recursive: true, force: true });
// The same steps as `npm run build`, so what the package tests pack is what `npm publish` ships.
const built =
  step('build', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']) &&
  step('types', bin('tsc'), ['-p', 'tsconfig.build.json']) &&
  step('prune types', process.execPath, ['scripts/prune-types.mjs']) &&
  step('config schema', process.execPath, ['scripts/config-schema.mjs']);

// Node's own runner for tests that need no browser (SSR import of the built package, CLI).
const nodeTests = existsSync('test/node')
  ? readdirSync('test/node').filter((f) => f.endsWith('.test.mjs')).map((f) => `test/node/${f}`)
  : [];
if (nodeTests.length) {
  const tap = 'test-results/node.tap';
  rmSync(tap, { force: true });
  run('node tests', process.execPath, [
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...nodeTests,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const pass = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? (built ? 1 : 0));
  totals.passed += pass;
  totals.failed += fail + (text ? 0 : 1);
}

const counts = 'test-results/browser.json';
rmSync(counts, { force: true });
const wtrStatus = run('browser tests', bin('web-test-runner'), ['--config', 'web-test-runner.config.mjs'], {
  TEST_COUNTS_FILE: counts,
});
if (existsSync(counts)) {
  const c = JSON.parse(readFileSync(counts, 'utf8'));
  totals.passed += c.passed;
  totals.failed += c.failed;
} else {
  totals.failed += 1; // the runner itself did not finish
}
if (wtrStatus !== 0 && totals.failed === 0) totals.failed += 1;

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
