// Issue 20 item 2: the build minifies WGSL (scripts/wgsl-plugin.mjs). Minifying must not change
// a shader: every shader's token sequence, read by a greedy WGSL tokenizer, is the same before and
// after, and the minified text has no comments left and is smaller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { minifyWgsl } from '../../scripts/wgsl-plugin.mjs';

// Longest operators first, so `>>=` is one token and `a - -b` stays two minus tokens.
const OPERATORS = ['>>=', '<<=', '->', '<=', '>=', '==', '!=', '&&', '||', '<<', '>>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '++', '--'];

/** WGSL tokens, comments (nested block comments too) skipped. */
function tokens(source) {
  const out = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) i++;
    else if (source.startsWith('//', i)) while (i < source.length && source[i] !== '\n') i++;
    else if (source.startsWith('/*', i)) {
      let depth = 0;
      do {
        if (source.startsWith('/*', i)) (depth++, (i += 2));
        else if (source.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      } while (depth > 0 && i < source.length);
    } else {
      const word = /^(?:[A-Za-z_][A-Za-z0-9_]*|0[xX][0-9a-fA-F.]+(?:[pP][+-]?\d+)?[fhiu]?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fhiu]?)/.exec(source.slice(i, i + 200));
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      const t = word?.[0] ?? op ?? c;
      out.push(t);
      i += t.length;
    }
  }
  return out;
}

const shaders = readdirSync('shaders').filter((f) => f.endsWith('.wgsl'));

test('the tokenizer sees what the minifier must keep apart', () => {
  assert.deepEqual(tokens('a - -b; x >>= 1u; /* a /* nested */ comment */ c// end\nd'), ['a', '-', '-', 'b', ';', 'x', '>>=', '1u', ';', 'c', 'd']);
  assert.equal(minifyWgsl('a - -b;  // c\n  fn f( x : f32 ) { return x; } /* a /* b */ c */'), 'a - -b;fn f(x:f32){return x;}');
});

for (const file of shaders) {
  test(`${file}: the same tokens after minifying, no comments, smaller`, () => {
    const source = readFileSync(`shaders/${file}`, 'utf8');
    const min = minifyWgsl(source);
    assert.deepEqual(tokens(min), tokens(source));
    assert.ok(!min.includes('//') && !min.includes('/*'), 'a comment is left');
    assert.ok(min.length < source.length * 0.9, `${min.length} of ${source.length} characters`);
  });
}
