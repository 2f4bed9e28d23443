// After `tsc -p tsconfig.build.json`: removes the declaration files no shipped entry reaches.
// tsc writes one .d.ts per source module; a consumer can only reach those that package.json's
// `types` (and the framework files, through ../types/index.js) point at, and what they import.
// The rest (internal modules whose types no public declaration names) only made the tarball
// bigger (test/node/package.test.mjs checks it, and type-checks every entry with skipLibCheck false).
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

const ROOT = 'dist/types';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const roots = [pkg.types, ...Object.values(pkg.exports).map((e) => (typeof e === 'object' ? e.types : null))]
  .filter((t) => typeof t === 'string' && normalize(t).startsWith(`${ROOT}/`))
  .map((t) => relative(ROOT, normalize(t)));

const reached = new Set();
function visit(file) {
  if (reached.has(file)) return;
  const path = join(ROOT, file);
  if (!existsSync(path)) throw new Error(`prune-types: ${path} is named but missing`);
  reached.add(file);
  for (const m of readFileSync(path, 'utf8').matchAll(/(?:from|import\()\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    visit(normalize(join(dirname(file), m[1].replace(/\.js$/, '.d.ts'))));
  }
}
for (const root of roots) visit(root);

let removed = 0;
function prune(dir) {
  for (const name of readdirSync(join(ROOT, dir))) {
    const file = join(dir, name);
    if (statSync(join(ROOT, file)).isDirectory()) {
      prune(file);
      if (!readdirSync(join(ROOT, file)).length) rmSync(join(ROOT, file), { recursive: true });
    } else if (!reached.has(file)) {
      rmSync(join(ROOT, file));
      removed++;
    }
  }
}
prune('');

/**
 * The engine's own classes, functions and constants (dist/types/chart/: ChartEngine, layers,
 * renderers, controllers) are reached only as the types of what the element exposes; nobody
 * calls them from outside, so their doc comments only made the tarball bigger (~15 KB packed).
 * Interfaces and type aliases there keep theirs: they are the shapes users write (series specs,
 * options, annotations), and the elements, data and indicators keep every comment.
 */
function stripImplementationDocs(file) {
  const path = join(ROOT, file);
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const silence = (node) => {
    ts.setEmitFlags(node, ts.EmitFlags.NoComments);
    node.forEachChild(silence);
  };
  for (const statement of source.statements) {
    if (ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isVariableStatement(statement)) silence(statement);
  }
  writeFileSync(path, ts.createPrinter().printFile(source));
}
let stripped = 0;
for (const file of reached) if (/^chart[\\/]/.test(file)) (stripImplementationDocs(file), stripped++);
console.log(`prune-types: kept ${reached.size} declaration files, removed ${removed} no entry reaches, doc comments of ${stripped} engine files' classes and functions left out`);
