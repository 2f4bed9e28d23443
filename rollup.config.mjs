// Two builds from one source:
//  - dist/*.js: the npm build (ENTRIES below), dependencies left as imports so bundlers share one lit;
//  - dist/cdn/gpu-chart.js: everything inlined and minified, for one <script type="module"> tag.
// Indicator code stays in its own chunk in both (loaded only by pages that use <gpu-indicator>), so
// do the chart's optional parts (dynamic imports: drawings, the drawing editor, markers, annotations,
// primitives, plugin series, chart state persistence, telemetry, toBlob's readback; README "Size"),
// and the decode worker is its own file, decode-worker.js, in both (scripts/worker-plugin.mjs).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { wgslRollup } from './scripts/wgsl-plugin.mjs';
import { workerRollup } from './scripts/worker-plugin.mjs';
import { cssRollup } from './scripts/css-plugin.mjs';
import { writeCustomElements } from './scripts/custom-elements.mjs';

/** After the npm build is written: dist/custom-elements.json and the editor and framework files made from it. */
function customElementsManifest() {
  return { name: 'gpu-chart-custom-elements', writeBundle: () => writeCustomElements() };
}

/**
 * Empties a folder of hashed chunk names before a build writes it: `npm run build` starts from an
 * empty dist/, but `rollup -c` alone (bench/, the dev loop) would otherwise leave the chunks of
 * every earlier build beside the new ones, to be packed and precached.
 */
function cleanChunks(dir) {
  return { name: 'gpu-chart-clean-chunks', buildStart: () => rmSync(dir, { recursive: true, force: true }) };
}

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

// The npm build's entry points (package.json "exports"): everything; one element each (the define
// modules themselves, so each registration stays in its own entry file, the files `sideEffects`
// names); the pure data and indicator modules (no lit, no element: test/node/entries.test.mjs).
export const ENTRIES = {
  'gpu-chart': 'src/index.ts',
  chart: 'src/elements/chart/define.ts',
  datasource: 'src/elements/datasource/define.ts',
  indicator: 'src/elements/indicator/define.ts',
  data: 'src/data/index.ts',
  indicators: 'src/indicators/index.ts',
};

export default [
  {
    input: ENTRIES,
    external,
    // Whitespace, syntax and local identifiers minified (exported names and properties stay;
    // the consumer's bundler does the rest): the package stays under 400 KB with the CDN build
    // beside it (test/node/package.test.mjs). Source maps (dist/, not shipped) map the names back.
    plugins: [wgslRollup(), workerRollup(), cssRollup(), ts(), minify({ minify: false, minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: true, target: 'es2022', legalComments: 'none' }), customElementsManifest(), cleanChunks('dist/chunks')],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      // A lazy chunk imports only what it uses, not (again) every module its imports import.
      hoistTransitiveImports: false,
      // Rollup moves an element's define module into the chunk it shares with `gpu-chart`; such a
      // chunk registers an element, so it is named register-… and package.json's `sideEffects`
      // keeps it (every other chunk may be dropped by a consumer's bundler when unused).
      chunkFileNames: (chunk) =>
        chunk.moduleIds.some((id) => /[\\/]src[\\/]elements[\\/]\w+[\\/]define\.ts$/.test(id)) ? 'chunks/register-[hash].js' : 'chunks/[name]-[hash].js',
      // Maps stay in dist/ for reading a production stack trace here, without embedding the sources
      // and without a sourceMappingURL comment: the package ships neither maps nor src/.
      sourcemap: 'hidden',
      sourcemapExcludeSources: true,
    },
  },
  {
    input: { 'gpu-chart': 'src/index.ts' },
    // The lazy chunks import what they share from the entry file itself (it exports those bindings
    // too), so the CDN entry stays one file: no facade importing a chunk, no second request.
    preserveEntrySignatures: 'allow-extension',
    plugins: [wgslRollup(), workerRollup(), cssRollup(), nodeResolve({ browser: true, exportConditions: ['production'] }), ts(), terser({ ecma: 2020, module: true }), precacheManifest(), cleanChunks('dist/cdn')],
    output: {
      dir: 'dist/cdn',
      format: 'es',
      hoistTransitiveImports: false,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // Maps stay in dist/ for reading a production stack trace here, without embedding the sources
      // and without a sourceMappingURL comment: the package ships neither maps nor src/.
      sourcemap: 'hidden',
      sourcemapExcludeSources: true,
    },
  },
  {
    // The Service Worker: a classic script (every browser with service workers runs those).
    input: 'src/sw/service-worker.ts',
    plugins: [ts(), terser({ ecma: 2020 })],
    output: { file: 'dist/sw.js', format: 'iife' },
  },
];
