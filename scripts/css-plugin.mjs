// lit's css`…` templates as written carry comments and indentation that the JS minifiers leave
// alone (a template literal's text is data to them): the chart's styles were ~7 KB of source
// text in every build. This rollup plugin shortens the static ones before esbuild sees the file.
// The dev server and the tests serve them as written.

/**
 * CSS without comments and without the whitespace no token needs: quoted strings are kept as they
 * are, comments go, every other run of whitespace becomes one space, and spaces next to `{ } ; >`
 * and after `:` go (a space before `:` is kept: in a selector `a :hover` and `a:hover` differ;
 * after it none is meaningful). A `;` before `}` goes too. Spaces after commas stay: inside
 * `var(--x, fallback)` the browser keeps the fallback's tokens as written (a custom property's
 * value read back by readCssTheme stays the same text).
 */
export function minifyCss(source) {
  // One scan: comments (which may hold an apostrophe) and strings (which may hold `/*`) in order.
  const pieces = [];
  let text = '';
  for (let i = 0; i < source.length; ) {
    if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new Error('minifyCss: unterminated comment');
      text += ' ';
      i = end + 2;
    } else if (source[i] === '"' || source[i] === "'") {
      const end = source.indexOf(source[i], i + 1);
      if (end < 0) throw new Error('minifyCss: unterminated string');
      pieces.push(squeeze(text), source.slice(i, end + 1));
      text = '';
      i = end + 1;
    } else text += source[i++];
  }
  pieces.push(squeeze(text));
  return pieces.join('').trim();
}

const squeeze = (css) =>
  css
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}');

/** Rollup plugin: minifies css`…` templates without `${…}` or escapes in the project's .ts files. */
export function cssRollup() {
  return {
    name: 'lit-css-minify',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || !code.includes('css`')) return null;
      const next = code.replace(/\bcss`([^`\\$]*)`/g, (_all, text) => `css\`${minifyCss(text)}\``);
      return next === code ? null : { code: next, map: null };
    },
  };
}
