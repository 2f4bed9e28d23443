// Module workers, one convention for the build and the dev server. The source starts a worker
// the standard way, `new Worker(new URL('./decode-worker.js', import.meta.url), { type: 'module' })`,
// which bundlers (Vite, webpack 5, Parcel) also understand when they bundle our npm build.
//  - rollup: the worker becomes its own chunk, emitted as `<name>.js` next to the entry (so
//    dist/decode-worker.js and dist/cdn/decode-worker.js), and the URL is rewritten to point at
//    it from whichever chunk starts it. Rollup alone would leave the URL as written, pointing at
//    a file nobody emits.
//  - dev server (npm start, tests): the worker's URL names a .js file whose source is .ts; it is
//    served compiled, and so are the .js imports inside it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { transform } from 'esbuild';

const WORKER_URL = /new URL\((['"])(\.\/[\w-]+-worker)\.js\1,\s*import\.meta\.url\)/g;

/** Rollup plugin: emits each `new URL('./x-worker.js', import.meta.url)` as a chunk named x-worker.js. */
export function workerRollup() {
  return {
    name: 'module-worker',
    transform(code, id) {
      if (!code.includes('-worker.js')) return null;
      let changed = false;
      const out = code.replace(WORKER_URL, (_match, _quote, relative) => {
        const source = path.resolve(path.dirname(id), `${relative}.ts`);
        if (!existsSync(source)) this.error(`worker source ${source} not found`);
        const ref = this.emitFile({ type: 'chunk', id: source, fileName: `${path.basename(relative)}.js` });
        changed = true;
        return `import.meta.ROLLUP_FILE_URL_${ref}`;
      });
      return changed ? { code: out, map: null } : null;
    },
    // Keep the standard form in the output, so a bundler consuming dist/ finds the worker too.
    resolveFileUrl({ relativePath, format }) {
      if (format !== 'es') return null;
      const relative = relativePath.startsWith('.') ? relativePath : `./${relativePath}`;
      return `new URL(${JSON.stringify(relative)}, import.meta.url)`;
    },
  };
}

/** @web/dev-server plugin: a request for src/…/x.js that exists only as x.ts gets x.ts compiled. */
export function tsAsJsDevServer(rootDir = process.cwd()) {
  return {
    name: 'ts-as-js',
    async serve(context) {
      if (!context.path.startsWith('/src/') || !context.path.endsWith('.js')) return undefined;
      const file = path.join(rootDir, context.path);
      const source = file.slice(0, -3) + '.ts';
      if (existsSync(file) || !existsSync(source)) return undefined;
      const { code } = await transform(readFileSync(source, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'es2022',
        sourcefile: source,
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, experimentalDecorators: true } },
      });
      return { body: code, type: 'js' };
    },
  };
}
