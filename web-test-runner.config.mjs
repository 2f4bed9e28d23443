import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { sharedPlugins } from './scripts/server-plugins.mjs';
import { findBrowser, WEBGPU_FLAGS } from './scripts/browser.mjs';
import { countingReporter } from './scripts/counting-reporter.mjs';
import { testCommandsPlugin } from './scripts/test-commands.mjs';

const executablePath = findBrowser();

export default {
  rootDir: '.',
  files: process.env.TEST_FILES ? process.env.TEST_FILES.split(',') : ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: Number(process.env.TEST_CONCURRENCY ?? 2),
  concurrentBrowsers: 1,
  testsFinishTimeout: 600_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 30_000 } },
  plugins: [...sharedPlugins(), testCommandsPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [...WEBGPU_FLAGS, '--window-size=1024,768'],
      },
    }),
  ],
  reporters: [defaultReporter(), countingReporter(process.env.TEST_COUNTS_FILE ?? 'test-results/browser.json')],
};
