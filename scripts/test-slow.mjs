// `npm run test:slow` (test/slow): the long-task test at the sizes issue 23 names, a 1M-row CSV
// (~45 MB) and a 10M-row .gcol.zst, loaded in the decode worker while a PerformanceObserver
// watches for main-thread tasks over 50 ms; and one decode worker against two for concurrent
// loads (times logged). Kept out of `npm test` (which runs a 250k-row CSV), because
// making and loading these files takes minutes on a 2-core CI machine. Needs the zstd command
// to make the .gcol.zst (once, into bench/data with the bench's files) and builds dist/ for its encoder.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureLoadFile } from '../bench/load-files.mjs';

if (!existsSync('dist/gpu-chart.js')) {
  const build = spawnSync('node_modules/.bin/rollup', ['-c', 'rollup.config.mjs', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
for (const rows of [1_000_000, 10_000_000]) {
  const file = await ensureLoadFile(rows);
  if (!file) {
    console.error('[test:slow] the zstd command is needed to make the 10M-row .gcol.zst (apt-get install zstd)');
    process.exit(1);
  }
  console.log(`[test:slow] ${file.url}: ${(file.bytes / 2 ** 20).toFixed(1)} MB`);
}
const run = spawnSync('node_modules/.bin/web-test-runner', ['--config', 'web-test-runner.config.mjs'], {
  stdio: 'inherit',
  env: { ...process.env, TEST_FILES: 'test/slow/*.test.ts' },
});
process.exit(run.status ?? 1);
