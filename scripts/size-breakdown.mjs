// What an entry's gzip is made of: bundles one source entry (default: the `<gpu-chart>` define
// module) as the CDN build does (lit inlined, WGSL minified), then minifies each module's rendered
// code on its own and gzips it. Modules gzipped alone compress worse than inside the bundle, so the
// column sums to more than the bundle; the ranking is what it is for. Lazy chunks are listed apart.
// `node scripts/size-breakdown.mjs [src/…/entry.ts] [--top N]`
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { minify } from 'terser';
import { gzipSync } from 'node:zlib';
import { resolve, relative } from 'node:path';
import { wgslRollup } from './wgsl-plugin.mjs';
import { workerRollup } from './worker-plugin.mjs';
import { cssRollup } from './css-plugin.mjs';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : Infinity;
const input = resolve(args[0] ?? 'src/elements/chart/define.ts');

const bundle = await rollup({
  input,
  plugins: [wgslRollup(), workerRollup(), cssRollup(), nodeResolve({ browser: true, exportConditions: ['production'] }), esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' })],
  onwarn: (w, warn) => (w.code === 'CIRCULAR_DEPENDENCY' ? undefined : warn(w)),
});
const { output } = await bundle.generate({ format: 'es' });
await bundle.close();

const chunks = new Map(output.filter((c) => c.type === 'chunk').map((c) => [c.fileName, c]));
const atImport = new Set();
const visit = (name) => {
  if (atImport.has(name)) return;
  atImport.add(name);
  for (const dep of chunks.get(name).imports) visit(dep);
};
for (const c of chunks.values()) if (c.isEntry) visit(c.fileName);

const gz = async (code) => gzipSync((await minify(code, { ecma: 2020, module: true, compress: false })).code ?? '', { level: 6 }).length;
for (const chunk of output) {
  if (chunk.type !== 'chunk') continue;
  const whole = gzipSync((await minify(chunk.code, { ecma: 2020, module: true })).code, { level: 6 }).length;
  const rows = [];
  for (const [id, m] of Object.entries(chunk.modules)) {
    if (!m.code) continue;
    rows.push({ id: relative(process.cwd(), id.replace(/^\0/, '')), gzip: await gz(m.code) });
  }
  rows.sort((a, b) => b.gzip - a.gzip);
  const sum = rows.reduce((s, r) => s + r.gzip, 0);
  console.log(`\n${atImport.has(chunk.fileName) ? 'at import' : 'lazy'} ${chunk.fileName}: ${(whole / 1024).toFixed(1)} KB gzip as one chunk; modules gzipped alone sum to ${(sum / 1024).toFixed(1)} KB`);
  for (const r of rows.slice(0, top)) console.log(`${(r.gzip / 1024).toFixed(2).padStart(7)} KB  ${r.id}`);
}
