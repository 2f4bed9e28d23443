// Two builds from one source:
//  - dist/gpu-chart.js: the npm build, dependencies left as imports so bundlers share one lit;
//  - dist/cdn/gpu-chart.js: everything inlined and minified, for one <script type="module"> tag.
// Indicator code stays in its own chunk in both (loaded only by pages that use <gpu-indicator>).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { wgslRollup } from './scripts/wgsl-plugin.mjs';

const external = (id) => /^(lit|@lit\/|lit-html|lit-element|@lit-labs\/|idb|fzstd)(\/|$)/.test(id);

const ts = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', minify: false });

export default [
  {
    input: { 'gpu-chart': 'src/index.ts' },
    external,
    plugins: [wgslRollup(), ts()],
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
    plugins: [wgslRollup(), nodeResolve({ browser: true, exportConditions: ['production'] }), ts(), terser({ ecma: 2020, module: true })],
    output: {
      dir: 'dist/cdn',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
    },
  },
];
