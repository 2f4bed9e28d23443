// One convention for WGSL: `import source from '../shaders/x.wgsl'` yields the file's text.
// The same rule is offered to rollup (build) and to @web/dev-server (demo and tests).
const isWgsl = (path) => /\.wgsl(\?.*)?$/.test(path);
const asModule = (text) => `export default ${JSON.stringify(text)};`;

/**
 * WGSL without comments and without the whitespace no token needs: block comments (which nest in
 * WGSL) and line comments go, every run of whitespace becomes one space, and spaces next to
 * `{ } ( ) [ ] ; , :` go (none of those is part of a longer token, so the tokens stay the same;
 * test/node/wgsl-minify.test.mjs compares them). WGSL has no string literals, so nothing inside
 * a string can be mistaken for a comment.
 */
export function minifyWgsl(source) {
  let out = '';
  for (let i = 0; i < source.length; ) {
    if (source.startsWith('/*', i)) {
      let depth = 0;
      do {
        if (source.startsWith('/*', i)) (depth++, (i += 2));
        else if (source.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      } while (depth > 0 && i < source.length);
      out += ' ';
    } else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else out += source[i++];
  }
  return out
    .replace(/\s+/g, ' ')
    .replace(/ ?([{}()[\];,:]) ?/g, '$1')
    .trim();
}

/** Rollup plugin: turns .wgsl files into string modules, minified (the dev server keeps them as written). */
export function wgslRollup() {
  return {
    name: 'wgsl',
    transform(code, id) {
      if (!isWgsl(id)) return null;
      return { code: asModule(minifyWgsl(code)), map: { mappings: '' } };
    },
  };
}

/** @web/dev-server plugin: serves .wgsl files as string modules. */
export function wgslDevServer() {
  return {
    name: 'wgsl',
    resolveMimeType(context) {
      if (isWgsl(context.path)) return 'js';
    },
    transform(context) {
      if (isWgsl(context.path)) return { body: asModule(context.body), transformCache: false };
    },
  };
}
