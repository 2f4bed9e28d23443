// `npm run test:update-goldens`: runs the golden-image tests in update mode, writing each
// picture to test/goldens/<name>.png instead of comparing. Look at every changed PNG (git diff
// shows which) before committing them. Extra arguments name test files (default: all goldens).
import { spawnSync } from 'node:child_process';
import { findBrowser } from './browser.mjs';

process.env.CHROME_PATH = findBrowser();
const files = process.argv.slice(2).join(',') || 'test/goldens/*.gpu.test.ts';
const r = spawnSync('node_modules/.bin/web-test-runner', ['--config', 'web-test-runner.config.mjs'], {
  stdio: 'inherit',
  env: { ...process.env, UPDATE_GOLDENS: '1', TEST_FILES: files },
});
process.exit(r.status ?? 1);
