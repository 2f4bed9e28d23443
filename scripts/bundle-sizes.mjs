// What an app's production bundle gets from each entry point of the package: each entry is
// bundled on its own, as a consumer would (`export * from 'gpu-chart/data'`, resolved through the
// package's `exports` with the browser and production conditions, lit and the other dependencies
// included), minified with terser as the CDN build is, and gzipped. Lazy chunks (dynamic imports:
// the indicator math, the decode worker) are measured apart. Used by test/node/size.test.mjs
// (budgets) and test/node/entries.test.mjs (what each entry pulls in); `node scripts/bundle-sizes.mjs`
// prints the README's table. Needs the npm build in dist/.
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { minify } from 'terser';
import { gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ENTRY_POINTS = ['gpu-chart', 'gpu-chart/chart', 'gpu-chart/datasource', 'gpu-chart/indicator', 'gpu-chart/data', 'gpu-chart/indicators'];

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** raw (bundled, not minified), min (terser) and gzip (of min, level 6) byte counts of a chunk. */
async function measure(code) {
  const min = (await minify(code, { ecma: 2020, module: true })).code ?? '';
  return { raw: Buffer.byteLength(code), min: Buffer.byteLength(min), gzip: gzipSync(min, { level: 6 }).length };
}

/**
 * For each entry point: `entry` (the chunk loaded at import, with everything it imports
 * statically), `lazy` (chunks loaded later, by name) and `modules` (the package's files and its
 * dependencies' in the entry chunk, relative to the repository).
 */
export async function bundleSizes(entries = ENTRY_POINTS) {
  const dir = mkdtempSync(join(tmpdir(), 'gpu-chart-sizes-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    // Installed as a consumer has it: imports go through package.json's exports.
    symlinkSync(ROOT, join(dir, 'node_modules', 'gpu-chart'), 'dir');
    const out = {};
    for (const entry of entries) {
      const file = join(dir, `${entry.replace(/\W/g, '_')}.js`);
      writeFileSync(file, `export * from '${entry}';\n`);
      const bundle = await rollup({
        input: file,
        plugins: [nodeResolve({ browser: true, exportConditions: ['production'] })],
        onwarn: (w, warn) => (w.code === 'CIRCULAR_DEPENDENCY' ? undefined : warn(w)),
      });
      const { output } = await bundle.generate({ format: 'es', chunkFileNames: '[name].js' });
      await bundle.close();
      const result = { entry: null, lazy: {}, modules: [] };
      // Loaded at import: the entry chunk and every chunk it imports statically (rollup moves
      // code that the entry shares with lazy chunks into a chunk of its own); each is a file of
      // its own, so their sizes add up. Every other chunk is loaded by a dynamic import.
      const chunks = new Map(output.filter((c) => c.type === 'chunk').map((c) => [c.fileName, c]));
      const atImport = new Set();
      const visit = (name) => {
        if (atImport.has(name)) return;
        atImport.add(name);
        for (const dep of chunks.get(name).imports) visit(dep);
      };
      for (const c of chunks.values()) if (c.isEntry) visit(c.fileName);
      const entrySize = { raw: 0, min: 0, gzip: 0 };
      for (const chunk of chunks.values()) {
        const size = await measure(chunk.code);
        if (atImport.has(chunk.fileName)) {
          for (const k of Object.keys(entrySize)) entrySize[k] += size[k];
          result.modules.push(...Object.keys(chunk.modules).filter((id) => id.startsWith(`${ROOT}/`)).map((id) => id.slice(ROOT.length + 1)));
        } else {
          // By name without the npm build's content hash (`markers-CwLTL-Yz` → `markers`), so budgets outlive builds.
          result.lazy[chunk.name.replace(/-[\w-]{8}$/, '')] = size;
        }
      }
      result.entry = entrySize;
      out[entry] = result;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/**
 * The README table: one row per entry, and one per lazy chunk under the last entry that loads it
 * (`gpu-chart` loads the same chunks as `gpu-chart/chart` and `gpu-chart/indicator`).
 */
export function sizeTable(sizes) {
  const rows = ['| import | loaded | bundled | min | gzip |', '|---|---|---|---|---|'];
  const lastLoader = {};
  for (const [entry, r] of Object.entries(sizes)) for (const name of Object.keys(r.lazy)) lastLoader[name] = entry;
  for (const [entry, r] of Object.entries(sizes)) {
    rows.push(`| \`${entry}\` | at import | ${kb(r.entry.raw)} | ${kb(r.entry.min)} | ${kb(r.entry.gzip)} |`);
    for (const [name, s] of Object.entries(r.lazy)) if (lastLoader[name] === entry) rows.push(`| \`${entry}\` | lazy: ${name} | ${kb(s.raw)} | ${kb(s.min)} | ${kb(s.gzip)} |`);
  }
  return rows.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(sizeTable(await bundleSizes()));
}
