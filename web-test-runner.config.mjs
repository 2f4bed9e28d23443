import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { sharedPlugins } from './scripts/server-plugins.mjs';
import { findBrowser, WEBGPU_FLAGS } from './scripts/browser.mjs';
import { countingReporter } from './scripts/counting-reporter.mjs';
import { testCommandsPlugin } from './scripts/test-commands.mjs';
import { slowFileMiddleware } from './scripts/slow-file.mjs';
import { tilesMiddleware } from './scripts/tiles-middleware.mjs';

const executablePath = findBrowser();

function chromium(concurrency) {
  const launcher = chromeLauncher({
    launchOptions: { executablePath, headless: true, args: [...WEBGPU_FLAGS, '--window-size=1024,768'] },
  });
  // Pages that draw with WebGPU run one at a time in their own browser: a page that is not
  // in front gets no animation frames (and no ResizeObserver callbacks) in headless Chromium.
  launcher.concurrency = concurrency;
  return launcher;
}

// Files named *.gpu.test.ts draw charts; the interaction tests wait for animation frames, which
// a page not in front never gets: both run one page at a time. Every other test file is pure
// logic, DOM or network, and runs two at a time.
const GPU_TESTS = 'test/**/*.gpu.test.ts';
const FRAME_TESTS = 'test/interaction/*.test.ts';
// test/slow: the issue-size long-task test, run by `npm run test:slow` only (minutes on CI).
const SLOW_TESTS = 'test/slow/**';
const only = process.env.TEST_FILES ? process.env.TEST_FILES.split(',') : null;

export default {
  rootDir: '.',
  nodeResolve: true,
  concurrentBrowsers: 2,
  testsFinishTimeout: 900_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 30_000 } },
  plugins: [...sharedPlugins(), testCommandsPlugin()],
  middleware: [slowFileMiddleware(), tilesMiddleware()],
  ...(only
    ? { files: only, browsers: [chromium(Number(process.env.TEST_CONCURRENCY ?? 1))] }
    : {
        // test/frameworks holds apps with node_modules of their own (npm run test:frameworks).
        files: ['test/**/*.test.ts', '!test/frameworks/**', `!${GPU_TESTS}`, `!${FRAME_TESTS}`, `!${SLOW_TESTS}`],
        browsers: [chromium(2)],
        groups: [{ name: 'gpu', files: [GPU_TESTS, FRAME_TESTS], browsers: [chromium(1)] }],
      }),
  reporters: [defaultReporter(), countingReporter(process.env.TEST_COUNTS_FILE ?? 'test-results/browser.json')],
};
