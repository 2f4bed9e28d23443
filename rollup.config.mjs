// Two builds from one source:
//  - dist/gpu-chart.js: the npm build, dependencies left as imports so bundlers share one lit;
//  - dist/cdn/gpu-chart.js: everything inlined and minified, for one <script type="module"> tag.
// Indicator code stays in its own chunk in both (loaded only by pages that use <gpu-indicator>),
// and the decode worker is its own file, decode-worker.js, in both (scripts/worker-plugin.mjs).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { createHash } from 'node:crypto';
import { wgslRollup } from './scripts/wgsl-plugin.mjs';
import { workerRollup } from './scripts/worker-plugin.mjs';

/** Writes precache.json beside the CDN build: its version (a hash of every file) and its files, for dist/sw.js. */
function precacheManifest() {
  return {
    name: 'gpu-chart-precache-manifest',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle)
        .filter((f) => f.fileName.endsWith('.js'))
        .sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
      const hash = createHash('sha256');
      for (const f of files) hash.update(f.fileName).update(f.type === 'chunk' ? f.code : f.source);
      const manifest = { version: hash.digest('hex').slice(0, 12), files: files.map((f) => f.fileName) };
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: `${JSON.stringify(manifest, null, 1)}\n` });
    },
  };
}

const external = (id) => /^(lit|@lit\/|lit-html|lit-element|@lit-labs\/|idb|fzstd)(\/|$)/.test(id);

const ts = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', minify: false });

export default [
  {
    input: { 'gpu-chart': 'src/index.ts' },
    external,
    plugins: [wgslRollup(), workerRollup(), ts()],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
    },
  },
  {
    input: { 'gpu-chart': 'src/index.ts' },
    plugins: [wgslRollup(), workerRollup(), nodeResolve({ browser: true, exportConditions: ['production'] }), ts(), terser({ ecma: 2020, module: true }), precacheManifest()],
    output: {
      dir: 'dist/cdn',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
    },
  },
  {
    // The Service Worker: a classic script (every browser with service workers runs those).
    input: 'src/sw/service-worker.ts',
    plugins: [ts(), terser({ ecma: 2020 })],
    output: { file: 'dist/sw.js', format: 'iife' },
  },
];
