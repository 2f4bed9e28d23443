// Issue 20 item 3: dist/custom-elements.json (scripts/custom-elements.mjs, written by the rollup
// build) is complete and agrees with the README, so neither can drift: every attribute, event,
// slot, part and CSS custom property the code has is in the README's element reference, and what
// the README's tables and lists name is in the manifest. The framework and editor files are made
// from the manifest and name every element, attribute and event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildManifest } from '../../scripts/custom-elements.mjs';

const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8'));
const readme = readFileSync('README.md', 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const el = (tag) => manifest.modules.flatMap((m) => m.declarations).find((d) => d.tagName === tag);

/** The README from `## \`<tag>\`` to the next element's heading (or the next `## ` heading). */
function section(tag) {
  const start = readme.indexOf(`## \`<${tag}>\``);
  assert.ok(start >= 0, `README has no section for <${tag}>`);
  const next = readme.slice(start + 4).search(/\n## /);
  return readme.slice(start, next < 0 ? undefined : start + 4 + next);
}
const mentioned = (text, name) => new RegExp(`\`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\`|=|\\(| )`).test(text);
const sorted = (xs) => [...new Set(xs)].sort();
/** Backticked names in the first cell of a table's rows, from the line `header` on. */
function firstColumn(text, header) {
  const start = text.indexOf(header);
  assert.ok(start >= 0, `table "${header}" not found`);
  const rows = text.slice(start).split('\n').slice(2);
  const out = [];
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const cell = row.split('|')[1];
    for (const m of cell.matchAll(/`([^`]+)`/g)) out.push(m[1]);
  }
  return out;
}
/** The backticked names after `label` up to the end of its sentence. */
function listAfter(text, label) {
  const start = text.indexOf(label);
  assert.ok(start >= 0, `"${label}" not found`);
  const rest = text.slice(start + label.length);
  const end = rest.search(/;|\.\s/);
  return [...rest.slice(0, end).matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((n) => !n.includes('<'));
}

test('the manifest written by the build is the one the sources give, with the package.json fields', async () => {
  assert.deepEqual(manifest, JSON.parse(JSON.stringify(await buildManifest())));
  assert.equal(pkg.customElements, 'dist/custom-elements.json');
  assert.deepEqual(manifest.modules.map((m) => m.declarations[0].tagName), ['gpu-chart', 'gpu-datasource', 'gpu-indicator']);
  for (const m of manifest.modules) {
    const d = m.declarations[0];
    assert.ok(d.attributes.length && d.members.length && d.events.length, `${d.tagName}: attributes, members and events`);
    for (const e of d.events) assert.match(e.type.text, /^CustomEvent<Gpu\w+Detail>$/, `${d.tagName} ${e.name}`);
  }
});

test('<gpu-chart>: attributes, events, slots, parts and CSS properties match the README', () => {
  const text = section('gpu-chart');
  const chart = el('gpu-chart');
  const attrs = chart.attributes.map((a) => a.name);
  const fields = chart.members.filter((m) => m.kind === 'field').map((m) => m.name);
  const methods = chart.members.filter((m) => m.kind === 'method').map((m) => m.name);
  assert.deepEqual(attrs.filter((a) => !mentioned(text, a)), [], 'attributes the README does not name');
  assert.deepEqual(chart.events.map((e) => e.name).filter((e) => !mentioned(text, e)), [], 'events the README does not name');
  // What the README's tables name exists.
  const named = [...firstColumn(text, '| attribute / property |'), ...firstColumn(text, '| Attribute | Values |'), ...firstColumn(text, '| API | What |'), ...firstColumn(text, '| Attribute / member |')];
  const unknown = named
    .map((n) => n.replace(/=.*$/, '').replace(/\(.*\)$/, '').replace(/ event$/, ''))
    .filter((n) => !n.startsWith('<') && !attrs.includes(n) && !fields.includes(n) && !methods.includes(n) && !chart.events.some((e) => e.name === n));
  assert.deepEqual(unknown, [], 'named in the README tables but not in the manifest');
  const readmeMethods = [...text.slice(text.indexOf('**Methods**'), text.indexOf('**Events**')).matchAll(/`(?:await )?(?:static )?(?:chart\.|GpuChart\.)?(\w+)\(/g)].map((m) => m[1]);
  assert.deepEqual(readmeMethods.filter((m) => !methods.includes(m)), [], 'README methods missing from the manifest');
  assert.deepEqual(firstColumn(text, '| event | detail | when |').filter((e) => !chart.events.some((x) => x.name === e)), []);
  // Slots and parts: the README's list is exactly the manifest's.
  const slotSentence = text.slice(text.indexOf('**Slots and parts**'));
  assert.deepEqual(sorted(listAfter(slotSentence, 'parts ')), sorted(chart.cssParts.map((p) => p.name)));
  const slots = [...slotSentence.slice(0, slotSentence.indexOf('; parts')).matchAll(/slots? `([\w-]+)`|, `([\w-]+)` \(|and `([\w-]+)`|(the default slot)/g)].map((m) => (m[4] ? '' : m[1] ?? m[2] ?? m[3]));
  assert.deepEqual(sorted(slots), sorted(chart.slots.map((s) => s.name)));
  const partsNamed = [...text.matchAll(/::part\(([\w-]+)\)/g)].map((m) => m[1]);
  assert.deepEqual(partsNamed.filter((p) => !chart.cssParts.some((x) => x.name === p)), [], '::part() the element does not have');
  // CSS custom properties: the table is exactly the manifest's list (ranges like -1 … -8 expanded).
  const cssNamed = [];
  for (const n of firstColumn(text, '| property | light default | what |')) cssNamed.push(n);
  const expanded = [];
  for (let i = 0; i < cssNamed.length; i++) {
    const range = /^(--[\w-]+-)(\d+)$/.exec(cssNamed[i]);
    const to = range && /^(--[\w-]+-)(\d+)$/.exec(cssNamed[i + 1] ?? '');
    if (range && to && to[1] === range[1]) {
      for (let k = +range[2]; k <= +to[2]; k++) expanded.push(`${range[1]}${k}`);
      i++;
    } else expanded.push(cssNamed[i]);
  }
  assert.deepEqual(sorted(expanded), sorted(chart.cssProperties.map((p) => p.name)));
});

test('<gpu-datasource>: the attribute table, events and methods match the README', () => {
  const text = section('gpu-datasource');
  const ds = el('gpu-datasource');
  assert.deepEqual(sorted(firstColumn(text, '| attribute | default | meaning |')), sorted(ds.attributes.map((a) => a.name)));
  assert.deepEqual(sorted(listAfter(text, 'Events: ').filter((n) => n.startsWith('gpu-'))), sorted(ds.events.map((e) => e.name)));
  const methods = ds.members.filter((m) => m.kind === 'method').map((m) => m.name);
  const readmeMethods = [...text.slice(text.indexOf('Properties `data`')).matchAll(/`(\w+)\([^`]*\)`/g)].map((m) => m[1]);
  assert.ok(readmeMethods.length >= 4);
  assert.deepEqual(readmeMethods.filter((m) => !methods.includes(m)), []);
  assert.deepEqual(methods.filter((m) => !readmeMethods.includes(m)), [], 'methods the README does not name');
  assert.deepEqual(ds.cssParts.map((p) => p.name).filter((p) => !text.includes(`::part(${p})`)), []);
});

test('<gpu-indicator>: attributes (parameters included) and events are in the README', () => {
  const text = section('gpu-indicator');
  const ind = el('gpu-indicator');
  const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  const missing = ind.attributes.filter((a) => !mentioned(text, a.name) && !new RegExp(`\\b${camel(a.name)} `).test(text)).map((a) => a.name);
  assert.deepEqual(missing, [], 'attributes (or parameters) the README does not name');
  assert.deepEqual(ind.events.map((e) => e.name).filter((e) => !mentioned(text, e)), []);
  // Every parameter of the README's table is an attribute.
  const params = [...text.matchAll(/^\| \w+ \| [^|]+ \| ([^|]+) \|/gm)].flatMap((m) => [...m[1].matchAll(/\b([a-z][a-zA-Z]+) (?:[\d.]+|`?\w+`?)/g)].map((x) => x[1]));
  const attrs = ind.attributes.map((a) => camel(a.name));
  assert.deepEqual(sorted(params.filter((p) => !attrs.includes(p) && !['fast', 'slow', 'fixed', 'as'].includes(p))).filter((p) => /^[a-z]+[A-Z]/.test(p)), []);
});

test('the framework and editor files name every element, attribute and event', () => {
  const react = readFileSync('dist/frameworks/react.d.ts', 'utf8');
  const vue = readFileSync('dist/frameworks/vue.d.ts', 'utf8');
  const solid = readFileSync('dist/frameworks/solid.d.ts', 'utf8');
  const vscode = JSON.parse(readFileSync('dist/vscode.html-custom-data.json', 'utf8'));
  const webTypes = JSON.parse(readFileSync('dist/web-types.json', 'utf8'));
  for (const m of manifest.modules) {
    const d = m.declarations[0];
    assert.ok(react.includes(`"${d.tagName}": GpuChartJSX.${d.name}Props`), `react ${d.tagName}`);
    assert.ok(vue.includes(`"${d.tagName}": DefineComponent<GpuChartVue.${d.name}Props>`), `vue ${d.tagName}`);
    for (const e of d.events) {
      assert.ok(react.includes(`"on${e.name}"?: (event: GlobalEventHandlersEventMap["${e.name}"]) => void`), `react on${e.name}`);
      assert.ok(solid.includes(`"on:${e.name}"?`), `solid on:${e.name}`);
      const vueName = `on${e.name.replace(/(^|-)([a-z])/g, (_, _dash, c) => c.toUpperCase())}`;
      assert.ok(vue.includes(`"${vueName}"?: (event: GlobalEventHandlersEventMap["${e.name}"]) => void`), `vue ${vueName}`);
    }
    const tag = vscode.tags.find((t) => t.name === d.tagName);
    assert.deepEqual(tag.attributes.map((a) => a.name), d.attributes.map((a) => a.name));
    const wt = webTypes.contributions.html.elements.find((t) => t.name === d.tagName);
    assert.deepEqual(wt.events.map((e) => e.name), d.events.map((e) => e.name));
  }
  assert.equal(pkg['web-types'], 'dist/web-types.json');
  const svelte = readFileSync('dist/frameworks/svelte.d.ts', 'utf8');
  for (const d of manifest.modules.map((m) => m.declarations[0])) assert.ok(svelte.includes(`"${d.tagName}": GpuChartSvelte.${d.name}Props`), `svelte ${d.tagName}`);
  for (const fw of ['react', 'preact', 'solid', 'vue', 'svelte']) assert.equal(pkg.exports[`./${fw}`].types, `./dist/frameworks/${fw}.d.ts`);
});
