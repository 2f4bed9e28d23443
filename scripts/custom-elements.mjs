// custom-elements.json (Custom Elements Manifest, schema 2.1.0) for the three elements, read from
// the sources with the TypeScript compiler API, and the editor and framework files made from it.
// An own script rather than @custom-elements-manifest/analyzer: the analyzer finds no tag names
// (the elements register through defineOnce) and learns events, slots, parts and CSS properties
// only from JSDoc written by hand, which drifts; here they come from the code itself:
//  - attributes and properties: lit's @property declarations (attribute name, reflect, type as
//    written, default), public accessors and fields; methods: public methods with their
//    signatures (statics too), of the class and of the package's class it extends (<gpu-chart>'s
//    declarations are chart-properties.ts); `updateComplete` from lit;
//  - events: `fire(…, 'gpu-…')` calls in the element's folder, detail types from
//    src/elements/events.ts (GpuChartEventMap);
//  - slots and parts: `<slot name=…>` and `part="…"` in the element's templates (and parts set with
//    setAttribute('part', …) in the chart's interaction DOM), the config script slot;
//  - CSS custom properties: the `--_gc-x: var(--gpu-chart-x, default)` declarations of the styles
//    (light defaults), and the `var(--gpu-chart-…, default)` ones used directly;
//  - <gpu-indicator>'s parameter attributes: every indicator's parameters (dist/indicators.js).
// The rollup npm build calls `writeCustomElements` after writing dist/ (rollup.config.mjs).
// test/node/custom-elements.test.mjs checks the result against the README's tables.
import ts from 'typescript';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const ELEMENTS = [
  { tag: 'gpu-chart', className: 'GpuChart', file: 'src/elements/chart/gpu-chart.ts', dirs: ['src/elements/chart', 'src/chart/interaction'], entry: 'dist/chart.js' },
  { tag: 'gpu-datasource', className: 'GpuDatasource', file: 'src/elements/datasource/gpu-datasource.ts', dirs: ['src/elements/datasource'], entry: 'dist/datasource.js' },
  { tag: 'gpu-indicator', className: 'GpuIndicator', file: 'src/elements/indicator/gpu-indicator.ts', dirs: ['src/elements/indicator'], entry: 'dist/indicator.js' },
];

/** Lit's lifecycle and rendering methods: part of every element, not of this API. */
const LIFECYCLE = new Set(['render', 'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback', 'firstUpdated', 'updated', 'willUpdate', 'update', 'shouldUpdate', 'createRenderRoot', 'getUpdateComplete', 'scheduleUpdate', 'performUpdate', 'adoptedCallback']);

const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const parse = (p) => ts.createSourceFile(p, read(p), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

function filesUnder(dir) {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(`${dir}/${d.name}`) : d.name.endsWith('.ts') ? [`${dir}/${d.name}`] : []));
}

function docOf(node) {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join('\n').trim();
  return text ? text.replace(/\s+/g, ' ') : undefined;
}

const hasModifier = (node, kind) => !!node.modifiers?.some((m) => m.kind === kind);
const isPublic = (node) =>
  !hasModifier(node, ts.SyntaxKind.PrivateKeyword) && !hasModifier(node, ts.SyntaxKind.ProtectedKeyword) && node.name && !ts.isPrivateIdentifier(node.name) && !node.name.getText().startsWith('_');

function decorator(node, name) {
  for (const d of ts.getDecorators(node) ?? []) {
    const call = d.expression;
    if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === name) return call;
  }
  return null;
}

/** A property's type as written, or the initializer's kind. */
function typeText(node) {
  if (node.type) return node.type.getText().replace(/\s+/g, ' ');
  const init = node.initializer;
  if (!init) return undefined;
  if (ts.isNumericLiteral(init) || (ts.isPrefixUnaryExpression(init) && ts.isNumericLiteral(init.operand))) return 'number';
  if (init.kind === ts.SyntaxKind.TrueKeyword || init.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (ts.isStringLiteral(init)) return 'string';
  if (ts.isIdentifier(init) && /^[A-Z_]+$/.test(init.text)) return 'number';
  return undefined;
}

function litOptions(call) {
  const arg = call.arguments[0];
  const out = {};
  if (!arg || !ts.isObjectLiteralExpression(arg)) return out;
  for (const p of arg.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = p.name.getText();
    const v = p.initializer;
    if (key === 'attribute') out.attribute = ts.isStringLiteral(v) ? v.text : v.kind === ts.SyntaxKind.FalseKeyword ? false : undefined;
    if (key === 'reflect') out.reflect = v.kind === ts.SyntaxKind.TrueKeyword;
    if (key === 'type') out.type = v.getText();
  }
  return out;
}

function classMembers(cls) {
  const members = [];
  const attributes = [];
  const accessors = new Map();
  for (const m of cls.members) {
    if (!isPublic(m)) continue;
    const name = m.name.getText();
    const isStatic = hasModifier(m, ts.SyntaxKind.StaticKeyword);
    if (ts.isPropertyDeclaration(m)) {
      if (decorator(m, 'state') || decorator(m, 'query') || name === 'styles') continue;
      const prop = decorator(m, 'property');
      const type = typeText(m) ?? (prop && litOptions(prop).type === 'Number' ? 'number' : prop && litOptions(prop).type === 'Boolean' ? 'boolean' : undefined);
      const field = { kind: 'field', name, ...(isStatic ? { static: true } : {}), ...(type ? { type: { text: type } } : {}), ...(m.initializer ? { default: m.initializer.getText() } : {}), ...(docOf(m) ? { description: docOf(m) } : {}) };
      if (prop) {
        const o = litOptions(prop);
        if (o.attribute !== false) {
          const attr = o.attribute ?? name.toLowerCase();
          field.attribute = attr;
          if (o.reflect) field.reflects = true;
          attributes.push({ name: attr, fieldName: name, ...(field.type ? { type: field.type } : {}), ...(field.default ? { default: field.default } : {}), ...(field.description ? { description: field.description } : {}) });
        }
      }
      members.push(field);
    } else if (ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) {
      const key = `${isStatic}:${name}`;
      const entry = accessors.get(key) ?? { kind: 'field', name, ...(isStatic ? { static: true } : {}), readonly: true };
      if (ts.isSetAccessorDeclaration(m)) {
        delete entry.readonly;
        const t = m.parameters[0]?.type?.getText();
        if (t && !entry.type) entry.type = { text: t.replace(/\s+/g, ' ') };
      } else if (m.type) entry.type = { text: m.type.getText().replace(/\s+/g, ' ') };
      entry.description ??= docOf(m);
      if (!entry.description) delete entry.description;
      if (!accessors.has(key)) {
        accessors.set(key, entry);
        members.push(entry);
      }
    } else if (ts.isMethodDeclaration(m)) {
      if (LIFECYCLE.has(name)) continue;
      members.push({
        kind: 'method',
        name,
        ...(isStatic ? { static: true } : {}),
        parameters: m.parameters.map((p) => ({ name: p.name.getText(), ...(p.type ? { type: { text: p.type.getText().replace(/\s+/g, ' ') } } : {}), ...(p.questionToken || p.initializer ? { optional: true } : {}) })),
        ...(m.type ? { return: { type: { text: m.type.getText().replace(/\s+/g, ' ') } } } : {}),
        ...(docOf(m) ? { description: docOf(m) } : {}),
      });
    }
  }
  return { members, attributes };
}

/**
 * The public members and attributes of a class and of the classes of the package it extends
 * (`class GpuChart extends ChartProperties`: the lit declarations live in their own file), the
 * base's first; a member the subclass declares again is its own.
 */
function elementMembers(file, className) {
  const sf = parse(file);
  let cls;
  sf.forEachChild((n) => ts.isClassDeclaration(n) && n.name?.text === className && (cls = n));
  if (!cls) throw new Error(`${className} not found in ${file}`);
  const own = classMembers(cls);
  const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression.getText();
  let from;
  sf.forEachChild((n) => {
    if (ts.isImportDeclaration(n) && n.moduleSpecifier.text.startsWith('.') && n.importClause?.namedBindings?.elements?.some((e) => e.name.text === base)) from = n.moduleSpecifier.text;
  });
  if (!from) return own;
  const inherited = elementMembers(relative(ROOT, resolve(ROOT, dirname(file), from.replace(/\.js$/, '.ts'))), base);
  const key = (m) => `${!!m.static}:${m.name}`;
  const ownKeys = new Set(own.members.map(key));
  const ownAttributes = new Set(own.attributes.map((a) => a.name));
  return {
    members: [...inherited.members.filter((m) => !ownKeys.has(key(m))), ...own.members],
    attributes: [...inherited.attributes.filter((a) => !ownAttributes.has(a.name)), ...own.attributes],
  };
}

/** Detail types by event name, from GpuChartEventMap. */
function eventDetails() {
  const sf = parse('src/elements/events.ts');
  const out = new Map();
  const docs = new Map();
  sf.forEachChild((n) => {
    if ((ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) && docOf(n)) docs.set(n.name.text, docOf(n));
    if (ts.isInterfaceDeclaration(n) && n.name.text === 'GpuChartEventMap') {
      for (const m of n.members) {
        const t = m.type;
        if (t && ts.isTypeReferenceNode(t) && t.typeArguments?.[0]) out.set(m.name.getText().replace(/'/g, ''), t.typeArguments[0].getText());
      }
    }
  });
  return { types: out, docs };
}

function scan(element) {
  const files = element.dirs.flatMap(filesUnder);
  const events = new Set();
  const slots = new Map();
  const parts = new Set();
  for (const f of files) {
    const text = read(f);
    for (const m of text.matchAll(/fire\(\s*(?:this|element|this\.host|host)\s*,\s*'(gpu-[a-z-]+)'/g)) events.add(m[1]);
    for (const m of text.matchAll(/<slot(?:\s+name="([\w-]+)")?/g)) slots.set(m[1] ?? '', true);
    for (const m of text.matchAll(/\bpart="([\w\s-]+)"/g)) for (const p of m[1].split(/\s+/)) parts.add(p);
    for (const m of text.matchAll(/setAttribute\('part',\s*'([\w-]+)'\)/g)) parts.add(m[1]);
    // Light-DOM content the element reads by slot name (the config script).
    for (const m of text.matchAll(/script\[slot="([\w-]+)"\]/g)) slots.set(m[1], true);
  }
  return { events: [...events].sort(), slots: [...slots.keys()].sort(), parts: [...parts].sort() };
}

/** `var(--name, fallback)` occurrences of the public properties, fallbacks read to their closing parenthesis. */
function varUses(text) {
  const out = [];
  for (const m of text.matchAll(/var\((--gpu-chart-[\w-]+)/g)) {
    let i = m.index + m[0].length;
    let fallback;
    if (text[i] === ',') {
      let depth = 0;
      const start = ++i;
      for (; i < text.length && !(depth === 0 && text[i] === ')'); i++) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
      fallback = text.slice(start, i).trim();
    }
    out.push({ name: m[1], fallback });
  }
  return out;
}

/** CSS custom properties the chart reads, with their light-theme defaults. */
function cssProperties() {
  // The element's styles, the loading panel's and the drawing toolbar's (which comes with the drawings chunk).
  const text = read('src/elements/chart/gpu-chart.styles.ts') + read('src/elements/chart/loading-state.ts') + read('src/elements/chart/drawings-part.ts');
  const props = new Map();
  // The first fallback of each is its light default (:host comes before :host([theme='dark'])); a
  // fallback through a private property reads as the public one it resolves.
  for (const { name, fallback } of varUses(text)) if (!props.get(name)) props.set(name, fallback?.replace(/var\(--_gc-([\w-]+)\)/g, 'var(--gpu-chart-$1)'));
  return [...props.keys()].sort().map((name) => ({ name, ...(props.get(name) ? { default: props.get(name) } : {}) }));
}

async function indicatorParameterAttributes() {
  const { INDICATORS } = await import(pathToFileURL(join(ROOT, 'dist/indicators.js')).href);
  const params = new Map();
  for (const [type, spec] of Object.entries(INDICATORS)) {
    for (const [name, value] of Object.entries(spec.defaults)) {
      if (name === 'source') continue;
      const attr = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const e = params.get(attr) ?? { name: attr, fieldName: undefined, types: new Set(), of: [] };
      e.types.add(typeof value);
      e.of.push(type);
      params.set(attr, e);
    }
  }
  return [...params.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map((p) => ({ name: p.name, type: { text: [...p.types].join(' | ') }, description: `Parameter of ${p.of.join(', ')} (see the indicator table).` }));
}

/** The manifest. Needs dist/indicators.js (the npm build) for the indicator parameters. */
export async function buildManifest() {
  const { types, docs } = eventDetails();
  const modules = [];
  for (const el of ELEMENTS) {
    const { members, attributes } = elementMembers(el.file, el.className);
    members.push({ kind: 'field', name: 'updateComplete', type: { text: 'Promise<boolean>' }, readonly: true, inheritedFrom: { name: 'ReactiveElement', package: '@lit/reactive-element' } });
    const found = scan(el);
    if (el.tag === 'gpu-indicator') attributes.push(...(await indicatorParameterAttributes()));
    // The file's leading block comment describes the element.
    const lead = /^\/\*\*([\s\S]*?)\*\//.exec(read(el.file))?.[1] ?? '';
    const description = lead.split(/\n\s*\*\s*@/)[0].replace(/^\s*\* ?/gm, '').replace(/\s+/g, ' ').trim();
    const declaration = {
      kind: 'class',
      customElement: true,
      tagName: el.tag,
      name: el.className,
      description,
      superclass: { name: 'LitElement', package: 'lit' },
      members,
      attributes,
      events: found.events.map((name) => ({ name, type: { text: `CustomEvent<${types.get(name) ?? 'unknown'}>` }, ...(docs.get(types.get(name)) ? { description: docs.get(types.get(name)) } : {}) })),
      slots: found.slots.map((name) => ({ name })),
      cssParts: found.parts.map((name) => ({ name })),
      cssProperties: el.tag === 'gpu-chart' ? cssProperties() : [],
    };
    for (const e of declaration.events) if (!types.has(e.name)) throw new Error(`${e.name} has no detail type in GpuChartEventMap`);
    modules.push({
      kind: 'javascript-module',
      path: el.entry,
      declarations: [declaration],
      exports: [
        { kind: 'js', name: el.className, declaration: { name: el.className, module: el.entry } },
        { kind: 'custom-element-definition', name: el.tag, declaration: { name: el.className, module: el.entry } },
      ],
    });
  }
  return { schemaVersion: '2.1.0', readme: 'README.md', modules };
}

const declarations = (manifest) => manifest.modules.flatMap((m) => m.declarations.filter((d) => d.customElement));
const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const eventProp = (name) => `on${name}`;
/** Vue's prop for a listener: `@gpu-range` is `onGpuRange`. */
const vueEvent = (name) => `on${camel(name)[0].toUpperCase()}${camel(name).slice(1)}`;

/** TypeScript for the props of one element: its settable fields, typed as in the sources. */
function propsInterface(d, eventStyle) {
  const lines = [];
  for (const m of d.members) {
    if (m.kind !== 'field' || m.static || m.readonly) continue;
    lines.push(`    ${JSON.stringify(m.name)}?: ${typeFor(d, m)};`);
  }
  // Attributes without a property (the indicator's parameters) are strings in markup.
  for (const a of d.attributes) if (!a.fieldName) lines.push(`    ${JSON.stringify(a.name)}?: string | number;`);
  for (const e of d.events) lines.push(`    ${JSON.stringify(eventStyle(e.name))}?: (event: GlobalEventHandlersEventMap[${JSON.stringify(e.name)}]) => void;`);
  return lines.join('\n');
}

/** Property types name the package's exported types through the element class itself. */
const typeFor = (d, m) => `${d.name}[${JSON.stringify(m.name)}]`;

/** The framework declaration files, by path under dist/. */
export function frameworkFiles(manifest) {
  const els = declarations(manifest);
  const head = (what) => `// ${what} for gpu-chart's elements, generated from custom-elements.json (scripts/custom-elements.mjs).\nimport type { GpuChart, GpuDatasource, GpuIndicator } from '../types/index.js';\n`;
  const common = 'children?: unknown;\n    class?: string;\n    className?: string;\n    id?: string;\n    slot?: string;\n    style?: unknown;\n    ref?: unknown;\n    key?: unknown;\n    hidden?: boolean;\n    part?: string;\n    tabIndex?: number;';
  const props = (eventStyle) => els.map((d) => `  interface ${d.name}Props {\n    ${common}\n${propsInterface(d, eventStyle)}\n  }`).join('\n');
  const intrinsic = els.map((d) => `        ${JSON.stringify(d.tagName)}: ${d.name}Props;`).join('\n');
  const jsx = (pkg, what, eventStyle) => `${head(what)}
declare global {
  namespace GpuChartJSX {
${props(eventStyle).replace(/^/gm, '  ')}
  }
}

declare module '${pkg}' {
  namespace JSX {
    interface IntrinsicElements {
${intrinsic.replace(/: (\w+)Props/g, ': GpuChartJSX.$1Props')}
    }
  }
}
export {};
`;
  const vueProps = els.map((d) => `    ${JSON.stringify(d.tagName)}: DefineComponent<GpuChartVue.${d.name}Props>;`).join('\n');
  const vue = `${head('Vue GlobalComponents (templates with strictTemplates / vue-tsc)')}import type { DefineComponent } from 'vue';

declare global {
  namespace GpuChartVue {
${els.map((d) => `    interface ${d.name}Props {\n${propsInterface(d, vueEvent)}\n    }`).join('\n').replace(/^ {4}(?= {4}")/gm, '    ')}
  }
}

declare module 'vue' {
  interface GlobalComponents {
${vueProps}
  }
}
export {};
`;
  const svelte = `${head('Svelte 5 element types (svelte-check; import type {} from "gpu-chart/svelte")')}
declare global {
  namespace GpuChartSvelte {
${els.map((d) => `    interface ${d.name}Props extends HTMLAttributes<HTMLElement> {\n${propsInterface(d, eventProp)}\n    }`).join('\n')}
  }
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
${els.map((d) => `    ${JSON.stringify(d.tagName)}: GpuChartSvelte.${d.name}Props;`).join('\n')}
  }
}
export {};
`.replace("import type { GpuChart,", "import type { HTMLAttributes } from 'svelte/elements';\nimport type { GpuChart,");
  return {
    'frameworks/svelte.d.ts': svelte,
    'frameworks/react.d.ts': jsx('react', 'React 19 JSX types (import type {} from "gpu-chart/react")', eventProp),
    'frameworks/preact.d.ts': jsx('preact', 'Preact JSX types (import type {} from "gpu-chart/preact")', eventProp),
    // Solid's JSX namespace (jsxImportSource solid-js) lives in solid-js/jsx-runtime, apart from the one 'solid-js' re-exports.
    'frameworks/solid.d.ts': jsx('solid-js/jsx-runtime', 'Solid JSX types (import type {} from "gpu-chart/solid")', (n) => `on:${n}`),
    'frameworks/vue.d.ts': vue,
  };
}

/** VS Code HTML custom data (html.customData). */
export function vscodeData(manifest) {
  return {
    version: 1.1,
    tags: declarations(manifest).map((d) => ({
      name: d.tagName,
      description: d.description,
      attributes: d.attributes.map((a) => {
        const values = [...(a.type?.text ?? '').matchAll(/'([^']+)'/g)].map((m) => ({ name: m[1] }));
        return { name: a.name, ...(a.description ? { description: a.description } : {}), ...(values.length ? { values } : a.type?.text === 'boolean' ? { valueSet: 'v' } : {}) };
      }),
    })),
  };
}

/** JetBrains web-types. */
export function webTypes(manifest, pkg) {
  return {
    $schema: 'https://raw.githubusercontent.com/JetBrains/web-types/master/schema/web-types.json',
    name: pkg.name,
    version: pkg.version,
    'description-markup': 'markdown',
    contributions: {
      html: {
        elements: declarations(manifest).map((d) => ({
          name: d.tagName,
          description: d.description,
          attributes: d.attributes.map((a) => ({ name: a.name, ...(a.description ? { description: a.description } : {}), value: { type: a.type?.text ?? 'string', required: false } })),
          events: d.events.map((e) => ({ name: e.name, ...(e.description ? { description: e.description } : {}) })),
          slots: d.slots.map((s) => ({ name: s.name })),
          js: {
            properties: d.members.filter((m) => m.kind === 'field' && !m.static).map((m) => ({ name: m.name, ...(m.type ? { type: m.type.text } : {}), ...(m.description ? { description: m.description } : {}) })),
            events: d.events.map((e) => ({ name: e.name })),
          },
        })),
      },
      css: {
        properties: declarations(manifest).flatMap((d) => d.cssProperties.map((p) => ({ name: p.name, ...(p.default ? { description: `default ${p.default}` } : {}) }))),
        parts: declarations(manifest).flatMap((d) => d.cssParts.map((p) => ({ name: p.name }))),
      },
    },
  };
}

/** Writes dist/custom-elements.json and everything made from it. */
export async function writeCustomElements(dist = join(ROOT, 'dist')) {
  const manifest = await buildManifest();
  const pkg = JSON.parse(read('package.json'));
  const files = {
    'custom-elements.json': JSON.stringify(manifest),
    'vscode.html-custom-data.json': JSON.stringify(vscodeData(manifest)),
    'web-types.json': JSON.stringify(webTypes(manifest, pkg)),
    ...frameworkFiles(manifest),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dist, name)), { recursive: true });
    writeFileSync(join(dist, name), `${text}\n`);
  }
  return Object.keys(files).map((f) => relative(ROOT, join(dist, f)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) console.log((await writeCustomElements()).join('\n'));
