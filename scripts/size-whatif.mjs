// What a module costs the chart entry with everything only it pulls in: bundles the `<gpu-chart>`
// define module (esbuild, split, WGSL minified as the build does), minifies each chunk loaded at
// import with terser and gzips it, with the modules named on the command line replaced by stubs
// (their exports `undefined`). Run it without arguments for the baseline; the difference is what
// moving that module (and what it alone imports) out of the core could take off at most.
// esbuild's bundle differs a little from the npm build's (bundle-sizes.mjs), so compare runs of
// this script with each other only. `node scripts/size-whatif.mjs [src/…/module.ts …]`
import * as esbuild from 'esbuild';
import { minify } from 'terser';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { minifyWgsl } from './wgsl-plugin.mjs';

const stubs = new Set(process.argv.slice(2).map((p) => resolve(p)));
const plugin = {
  name: 'stub',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!stubs.has(args.path)) return null;
      const source = readFileSync(args.path, 'utf8');
      const names = [...source.matchAll(/^export (?:abstract )?(?:async )?(?:function\*?|const|let|class) (\w+)/gm)].map((m) => m[1]);
      return { contents: names.map((n) => `export const ${n} = undefined;`).join('\n'), loader: 'ts' };
    });
    build.onLoad({ filter: /\.wgsl$/ }, (args) => ({ contents: `export default ${JSON.stringify(minifyWgsl(readFileSync(args.path, 'utf8')))};`, loader: 'js' }));
  },
};
const entryPoint = 'src/elements/chart/define.ts';
const result = await esbuild.build({ entryPoints: [entryPoint], bundle: true, minify: true, format: 'esm', splitting: true, outdir: 'size-whatif-out', metafile: true, write: false, plugins: [plugin], logLevel: 'error', conditions: ['production'], target: 'es2022' });
const outputs = result.metafile.outputs;
const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint === entryPoint);
const atImport = new Set();
const visit = (k) => {
  if (atImport.has(k)) return;
  atImport.add(k);
  for (const i of outputs[k].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
};
visit(entry);
let gzip = 0;
for (const k of atImport) {
  const text = result.outputFiles.find((f) => f.path.endsWith(`/${k}`)).text;
  gzip += gzipSync((await minify(text, { ecma: 2020, module: true })).code, { level: 6 }).length;
}
console.log(`${(gzip / 1024).toFixed(2)} KB gzip at import${stubs.size ? ` without ${process.argv.slice(2).join(' ')}` : ''}`);
