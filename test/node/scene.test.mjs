// The scene model (panes, layout, scale fitting, value labels) is pure TypeScript: it runs in
// plain Node, without a browser or a GPU. esbuild bundles the sources for this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

async function load() {
  const out = await build({
    stdin: {
      contents: `export * from './src/chart/scene/time-scene.ts'; export * from './src/chart/scene/pane.ts'; export { ValueScale } from './src/chart/scales.ts'; export { categoryTicks } from './src/chart/ticks/category-ticks.ts';`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

const scene = await load();

/** A pane member with a fixed extent, as a series layer would report for the visible rows. */
function member(scale, extent, extra = {}) {
  return { scale, autoscales: true, growsFromBase: false, onLeftScale: false, extent: () => extent, firstVisibleValue: () => extent?.[0] ?? NaN, ...extra };
}

const geometry = (width, height) => ({ width, height, dpr: 1, fontPx: 11, measure: (text) => text.length * 6 });

test('the scene imports in Node without touching DOM or GPU globals', () => {
  assert.equal(typeof globalThis.document, 'undefined');
  assert.equal(typeof globalThis.navigator?.gpu, 'undefined');
  const s = new scene.TimeSeriesScene();
  assert.equal(s.kind, 'time');
  assert.deepEqual(s.panes.map((p) => p.id), ['main']);
});

test('panes share the height by their shares above the time axis, in order of first use', () => {
  const s = new scene.TimeSeriesScene();
  s.setPaneOptions([{ id: 'volume', height: 1 }, { id: 'rsi', height: 2, range: [0, 100], guides: [30, 70] }]);
  s.rebuildPanes((paneOf) => {
    paneOf('rsi').members.push(member(paneOf('rsi').right, [20, 80]));
    paneOf('main').members.push(member(paneOf('main').right, [100, 110]));
    paneOf('volume').members.push(member(paneOf('volume').right, [0, 5000], { growsFromBase: true }));
  });
  assert.deepEqual(s.panes.map((p) => p.id), ['main', 'rsi', 'volume']);
  s.x.from = 0;
  s.x.to = 1000;
  s.layout(geometry(800, 600), () => 0);
  const [main, rsi, volume] = s.panes;
  // 8 px top margin, a time axis of 11 + 12 px: 569 px shared 3 : 2 : 1, but the main pane
  // gets at least 55 % (its share is raised to 0.55 / 0.45 of the others').
  const mainShare = (3 * 0.55) / 0.45;
  assert.equal(main.rect.y, 8);
  assert.equal(main.rect.height, Math.round((569 * mainShare) / (mainShare + 3)));
  assert.equal(rsi.rect.y, main.rect.y + main.rect.height);
  assert.equal(rsi.rect.height, Math.round((569 * 2) / (mainShare + 3)));
  assert.equal(volume.rect.y + volume.rect.height, s.timeAxisTop);
  assert.equal(s.timeAxisTop, 600 - 23);
  // Every pane has the same plot width, right of nothing, left of the value axis.
  for (const p of s.panes) {
    assert.equal(p.rect.x, s.plotLeft);
    assert.equal(p.rect.width, s.plotWidth);
  }
  assert.equal(s.plotLeft, 4);
  assert.ok(s.plotWidth > 700 && s.plotWidth < 790);
});

test('panes collapse to a strip and maximise; a dragged divider lifts the main pane\'s floor', () => {
  const s = new scene.TimeSeriesScene();
  s.rebuildPanes((paneOf) => {
    for (const id of ['main', 'a', 'b', 'c', 'd']) paneOf(id).members.push(member(paneOf(id).right, [0, 1]));
  });
  s.layout(geometry(800, 700), () => 0);
  const shared = () => s.panes.reduce((sum, p) => sum + p.rect.height, 0);
  assert.ok(s.main.rect.height / shared() >= 0.55 - 1e-3, 'four panes leave the main one 55 %');
  const before = s.main.rect.height;
  assert.equal(s.setPaneState('a', 'collapsed'), true);
  s.layout(geometry(800, 700), () => 0);
  assert.equal(s.panes[1].rect.height, 11 + 14, 'a strip: the legend row');
  assert.ok(s.main.rect.height > before, 'the main pane gets some of the room');
  assert.deepEqual(s.panes[1].rightLabels, []);
  s.setPaneState('c', 'maximized');
  s.layout(geometry(800, 700), () => 0);
  assert.ok(s.panes[3].rect.height > 500);
  assert.ok(s.panes.every((p, i) => i === 3 || p.rect.height === 25));
  assert.equal(s.panes.reduce((sum, p) => sum + p.rect.height, 0) + 8, s.timeAxisTop);
  s.setPaneState('c', 'normal');
  s.setPaneState('a', 'normal');
  s.layout(geometry(800, 700), () => 0);
  assert.equal(s.main.rect.height, before);
  // Collapsing every pane leaves them all open.
  for (const p of s.panes) s.setPaneState(p.id, 'collapsed');
  s.layout(geometry(800, 700), () => 0);
  assert.ok(s.panes.every((p) => p.rect.height > 25));
  for (const p of s.panes) s.setPaneState(p.id, 'normal');
  s.layout(geometry(800, 700), () => 0);
  // The user drags the divider below the main pane up: what they chose holds.
  s.moveDivider(0, 200, 24);
  s.layout(geometry(800, 700), () => 0);
  assert.ok(Math.abs(s.main.rect.y + s.main.rect.height - 200) <= 1);
});

test('scales fit what their members show, with margins; fixed ranges and zero bases hold', () => {
  const s = new scene.TimeSeriesScene();
  s.setPaneOptions([{ id: 'rsi', range: [0, 100], guides: [30, 70] }]);
  s.rebuildPanes((paneOf) => {
    const main = paneOf('main');
    main.members.push(member(main.right, [100, 110]), member(main.right, [95, 104]), member(main.right, [0, 1e9], { autoscales: false }));
    paneOf('rsi').members.push(member(paneOf('rsi').right, [20, 80]));
    paneOf('vol').members.push(member(paneOf('vol').right, [10, 5000], { growsFromBase: true }));
  });
  s.layout(geometry(800, 600), () => 0);
  const [main, rsi, vol] = s.panes;
  // 95..110 with 8 % margins; the member left out of autoscale does not stretch it.
  assert.ok(Math.abs(main.right.min - (95 - 15 * 0.08)) < 1e-9);
  assert.ok(Math.abs(main.right.max - (110 + 15 * 0.08)) < 1e-9);
  assert.deepEqual([rsi.right.min, rsi.right.max], [0, 100]);
  // guides are labelled, and so are ordinary ticks (not crowding a guide)
  const rsiTexts = rsi.rightLabels.map((l) => l.text);
  assert.ok(rsiTexts.includes('30') && rsiTexts.includes('70') && rsiTexts.length > 2, rsiTexts.join(' '));
  assert.deepEqual(rsi.rightLabels.map((l) => l.value), [...rsi.rightLabels.map((l) => l.value)].sort((a, b) => a - b));
  assert.equal(vol.right.min, 0, 'columns grow from zero');
  // Labels sit on their values.
  for (const l of main.rightLabels) assert.ok(Math.abs(l.at - main.right.displayToPx(l.value, main.rect)) < 1e-9);
});

test('the value axis is as wide as its widest label or tag, on the sides in use', () => {
  const s = new scene.TimeSeriesScene();
  s.rebuildPanes((paneOf) => {
    const main = paneOf('main');
    main.members.push(member(main.right, [1000, 2000]), member(main.left, [1, 2], { onLeftScale: true }));
  });
  s.layout(geometry(800, 400), () => 0);
  assert.equal(s.usesLeft, true);
  assert.equal(s.usesRight, true);
  const widest = Math.max(...s.main.rightLabels.map((l) => l.text.length * 6), ...s.main.leftLabels.map((l) => l.text.length * 6));
  assert.equal(s.plotLeft, Math.round(widest + 14));
  // A tag wider than every label widens the axes.
  s.layout(geometry(800, 400), () => 200);
  assert.equal(s.plotLeft, 214);
  assert.equal(s.plotWidth, 800 - 2 * 214);
});

test('percent scales measure from the first visible value; log scales fit in decades', () => {
  const s = new scene.TimeSeriesScene();
  s.setValueScaleMode('percent');
  s.rebuildPanes((paneOf) => paneOf('main').members.push(member(paneOf('main').right, [50, 75])));
  s.layout(geometry(600, 300), () => 0);
  assert.equal(s.main.right.base, 50);
  assert.ok(s.main.right.min < 0 && s.main.right.max > 50);
  assert.ok(s.main.rightLabels.every((l) => l.text.endsWith('%')));
  s.setValueScaleMode('log');
  s.layout(geometry(600, 300), () => 0);
  assert.ok(s.main.right.min > 0 && s.main.right.min < 50 && s.main.right.max > 75);
});

test('time ticks land inside the plot and are laid out for its width', () => {
  const s = new scene.TimeSeriesScene();
  s.timeZone = 'UTC';
  s.locale = 'en-GB';
  s.rebuildPanes((paneOf) => paneOf('main').members.push(member(paneOf('main').right, [1, 2])));
  s.x.from = Date.UTC(2024, 0, 1);
  s.x.to = Date.UTC(2024, 0, 31);
  s.layout(geometry(900, 300), () => 0);
  assert.ok(s.timeLabels.length >= 4, `${s.timeLabels.length} labels`);
  for (const l of s.timeLabels) assert.ok(l.at >= s.plotLeft - 0.5 && l.at <= s.plotLeft + s.plotWidth + 0.5);
  const xs = s.timeLabels.map((l) => l.at);
  assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
});

test('a rebuild keeps the panes that stay, with their zoomed scales and shares', () => {
  const s = new scene.TimeSeriesScene();
  s.rebuildPanes((paneOf) => paneOf('rsi').members.push(member(paneOf('rsi').right, [0, 1])));
  const rsi = s.panes[1];
  rsi.share = 2.5;
  rsi.right.autoScale = false;
  s.rebuildPanes((paneOf) => paneOf('rsi'));
  assert.equal(s.panes[1], rsi);
  assert.equal(s.panes[1].share, 2.5);
  assert.equal(s.panes[1].members.length, 0);
  s.rebuildPanes(() => {});
  assert.deepEqual(s.panes.map((p) => p.id), ['main']);
});

test('a pane with valueRoom leaves that many px above its highest and below its lowest value (linear and log)', () => {
  for (const mode of ['linear', 'log']) {
    const s = new scene.TimeSeriesScene();
    s.setValueScaleMode(mode);
    s.rebuildPanes((paneOf) => {
      const main = paneOf('main');
      main.members.push(member(main.right, [100, 110]));
    });
    s.main.valueRoom = { above: 40, below: 25 };
    s.layout(geometry(800, 400), () => 0);
    const r = s.main.rect;
    const top = s.main.right.toPx(110, r) - r.y;
    const bottom = r.y + r.height - s.main.right.toPx(100, r);
    assert.ok(top >= 40 - 1e-6 && top < 40 + 2, `${mode}: ${top} px above the highest value`);
    assert.ok(bottom >= 25 - 1e-6 && bottom < 25 + 2, `${mode}: ${bottom} px below the lowest value`);
    s.main.valueRoom = undefined;
    s.layout(geometry(800, 400), () => 0);
    assert.ok(s.main.right.toPx(110, r) - r.y < 40, `${mode}: without room, the usual margin`);
  }
});

test('a pane with guides gets ordinary value ticks too (MACD around 0)', () => {
  const s = new scene.TimeSeriesScene();
  s.setPaneOptions([{ id: 'macd', guides: [0] }]);
  s.rebuildPanes((paneOf) => {
    paneOf('main').members.push(member(paneOf('main').right, [100, 110]));
    paneOf('macd').members.push(member(paneOf('macd').right, [-2.2, 3.1]));
  });
  s.layout(geometry(800, 600), () => 0);
  const texts = s.panes[1].rightLabels.map((l) => l.text);
  assert.ok(texts.includes('0'), texts.join(' '));
  assert.ok(texts.some((t) => t !== '0' && t.startsWith('-')) && texts.some((t) => t !== '0' && !t.startsWith('-')), texts.join(' '));
});

test('value-axis left: labels on the left only', () => {
  const s = new scene.TimeSeriesScene();
  s.valueAxis = 'left';
  s.rebuildPanes((paneOf) => paneOf('main').members.push(member(paneOf('main').right, [100, 110])));
  s.layout(geometry(800, 400), () => 0);
  assert.equal(s.usesLeft, true);
  assert.equal(s.usesRight, false);
  assert.ok(s.plotLeft > 20);
  assert.equal(s.plotLeft + s.plotWidth, 800 - 4);
});

test('time axis of 250 daily bars at 1200 px: labels about 55–70 px apart, in time and category mode', () => {
  const times = Float64Array.from({ length: 250 }, (_, i) => Date.UTC(2025, 0, 6) + i * 86_400_000);
  for (const category of [false, true]) {
    const s = new scene.TimeSeriesScene();
    s.timeZone = 'UTC';
    s.locale = 'en-US';
    s.rebuildPanes((paneOf) => paneOf('main').members.push(member(paneOf('main').right, [90, 110])));
    s.x.times = times;
    s.x.category = category;
    // The engine hands the scene its category tick labels (a lazy chunk) with the first category scale.
    s.categoryTicks = scene.categoryTicks;
    s.fitX(times, true);
    s.layout(geometry(1240, 400), () => 0);
    const gaps = s.timeLabels.slice(1).map((l, i) => l.at - s.timeLabels[i].at);
    assert.ok(s.timeLabels.length >= 14, `${category ? 'category' : 'time'}: ${s.timeLabels.map((l) => l.text).join(' ')}`);
    assert.ok(Math.max(...gaps) < 110, `${category}: gaps ${gaps.map(Math.round).join(' ')}`);
  }
});
