// Issue 20 item 5: installing the project is quiet and reproducible. Every package in the lock file
// accepts the oldest Node that package.json's `engines` allows (no EBADENGINE warnings on Node 20),
// and `npm install` writes back the lock file exactly as committed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

// semver is npm's own version logic (installed with the dev tools), so ranges read as npm reads them.
const semver = createRequire(import.meta.url)('semver');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));

test('every locked package accepts the oldest Node that engines allows, and the running one', () => {
  const oldest = semver.minVersion(pkg.engines.node).version;
  assert.ok(semver.satisfies(process.versions.node, pkg.engines.node), `running Node ${process.versions.node} is outside engines ${pkg.engines.node}`);
  const refused = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const range = entry.engines?.node;
    if (!path || !range || entry.optional) continue;
    if (!semver.satisfies(oldest, range) || !semver.satisfies(process.versions.node, range)) refused.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}`);
  }
  assert.deepEqual(refused, [], `engines says ${pkg.engines.node}, but`);
});

test('npm install leaves package-lock.json as committed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpu-chart-lock-'));
  try {
    copyFileSync('package.json', join(dir, 'package.json'));
    copyFileSync('package-lock.json', join(dir, 'package-lock.json'));
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe' });
    assert.equal(readFileSync(join(dir, 'package-lock.json'), 'utf8'), readFileSync('package-lock.json', 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
