// One convention for WGSL: `import source from '../shaders/x.wgsl'` yields the file's text.
// The same rule is offered to rollup (build) and to @web/dev-server (demo and tests).
const isWgsl = (path) => /\.wgsl(\?.*)?$/.test(path);
const asModule = (text) => `export default ${JSON.stringify(text)};`;

/** Rollup plugin: turns .wgsl files into string modules. */
export function wgslRollup() {
  return {
    name: 'wgsl',
    transform(code, id) {
      if (!isWgsl(id)) return null;
      return { code: asModule(code), map: { mappings: '' } };
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
