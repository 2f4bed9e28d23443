// Issue 20 (size): the build shortens lit's css`…` templates (scripts/css-plugin.mjs). It must not
// change a rule: in every static css`…` template of src/, the CSS tokens (strings, words and
// punctuation, comments left out) are the same before and after, a space between two words stays,
// a space before `:` stays (`a :hover` is not `a:hover`), and the text is shorter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { minifyCss } from '../../scripts/css-plugin.mjs';

/**
 * CSS tokens with comments left out. A whitespace run counts (as one ' ') where it can matter:
 * between two words (`layout paint`), before a `:` (`a :hover`), and next to `(` or `)`
 * (`@media (…)`, `calc(… - …)`), and after `,` (kept as written: a `var()` fallback's text); next
 * to `{ } ; >` and after `:` it never does.
 */
function tokens(css) {
  const re = /\/\*[\s\S]*?\*\/|"[^"]*"|'[^']*'|\s+|[{}();,:>]|[^\s{}();,:>"'/]+|\//g;
  const raw = [...css.matchAll(re)].map((m) => m[0]).filter((t) => !t.startsWith('/*'));
  // Comments gone, adjacent whitespace runs are one.
  const merged = raw.reduce((acc, t) => (/^\s+$/.test(t) && /^\s+$/.test(acc.at(-1) ?? '') ? acc : [...acc, t]), []);
  const punct = (x) => x === undefined || /^[{};>:]$/.test(x);
  const out = merged.flatMap((t, i) => {
    if (!/^\s+$/.test(t)) return [t];
    const prev = merged[i - 1];
    const next = merged[i + 1];
    if (next === ':' && prev !== undefined && !punct(prev)) return [' '];
    return punct(prev) || punct(next) ? [] : [' '];
  });
  // A last declaration's `;` is optional.
  return out.filter((t, i) => !(t === ';' && out[i + 1] === '}'));
}

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('minifyCss keeps every token of every css`…` template in src/ and shortens it', () => {
  let templates = 0;
  for (const file of sources('src')) {
    for (const [, css] of readFileSync(file, 'utf8').matchAll(/\bcss`([^`\\$]*)`/g)) {
      templates++;
      const min = minifyCss(css);
      assert.deepEqual(tokens(min), tokens(css), file);
      assert.ok(min.length < css.length, file);
      assert.doesNotMatch(min, /\/\*|\n/, file);
    }
  }
  assert.ok(templates >= 3, `found ${templates} templates`);
});

test('minifyCss: strings, word spaces and the space before a pseudo-class stay', () => {
  assert.equal(minifyCss(`a :hover > b  { font: 12px/1.4 'Segoe  UI' ; /* don't */ margin : 0 auto ; }`), `a :hover>b{font:12px/1.4 'Segoe  UI';margin :0 auto}`);
  assert.equal(minifyCss(`.x { width: calc(100% - 32px); content: "/* kept */"; }`), `.x{width:calc(100% - 32px);content:"/* kept */"}`);
  assert.equal(minifyCss(`@media (prefers-reduced-motion: reduce) {\n  p { animation: none; }\n}`), `@media (prefers-reduced-motion:reduce){p{animation:none}}`);
});
