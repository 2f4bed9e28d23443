// Plugins shared by the demo server (npm start) and the test runner (npm test), so that both
// serve the same code the same way.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { wgslDevServer } from './wgsl-plugin.mjs';
import { demoFeedPlugin } from './demo-feed.mjs';
import { tsAsJsDevServer } from './worker-plugin.mjs';

export function sharedPlugins() {
  return [demoFeedPlugin(), wgslDevServer(), tsAsJsDevServer(), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })];
}
