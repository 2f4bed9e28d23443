/**
 * Drawing tools: each tool drawn with synthetic pointer events, checked in the picture and in
 * the JSON; editing (select, move, handles), keyboard-only creation, moving and deletion,
 * undo/redo, anchors that stay on their bars (zoom, log scale, streamed rows), bad input,
 * the toolbar and device loss.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { DRAWING_TYPES, gpuRegistry, type Drawing, type GpuChart } from '../../src/index.js';
import type { GpuDrawingDetail, GpuErrorDetail } from '../../src/elements/events.js';
import { countColor, decodePng, hexToRgba, logAdapterOnce, saveImage, type Picture } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const INK = '#ff00ff';
const BG = '#ffffff';
const N = 60;

function rows(n: number, start = 0) {
  const time: number[] = [];
  const value: number[] = [];
  for (let i = start; i < start + n; i++) {
    time.push(T0 + i * DAY);
    value.push(100 + 10 * Math.sin(i / 6));
  }
  return { time, value };
}

async function makeChart(extra: (c: GpuChart) => void = () => {}): Promise<{ chart: GpuChart; errors: GpuErrorDetail[]; events: GpuDrawingDetail[] }> {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.pixelRatio = 1;
  chart.style.cssText = `width:400px;height:260px;--gpu-chart-background:${BG};--gpu-chart-grid:${BG};--gpu-chart-series-1:#c0c0c0`;
  const errors: GpuErrorDetail[] = [];
  const events: GpuDrawingDetail[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
  chart.addEventListener('gpu-drawing', (e) => events.push(e.detail));
  chart.data = rows(N) as unknown as GpuChart['data'];
  extra(chart);
  document.body.append(chart);
  await chart.updateComplete;
  chart.drawingStyle = { color: INK, width: 2 };
  return { chart, errors, events };
}

function pointer(chart: GpuChart, type: string, x: number, y: number, buttons = 1, pointerType = 'mouse'): void {
  const r = chart.getBoundingClientRect();
  chart.dispatchEvent(
    new PointerEvent(type, { clientX: r.left + x, clientY: r.top + y, pointerId: pointerType === 'touch' ? 11 : 7, pointerType, isPrimary: true, button: 0, buttons, bubbles: true, cancelable: true, composed: true }),
  );
}

/** A press at a, a drag through the middle, a release at b. */
function drag(chart: GpuChart, a: [number, number], b: [number, number]): void {
  pointer(chart, 'pointerdown', ...a);
  pointer(chart, 'pointermove', (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
  pointer(chart, 'pointermove', ...b);
  pointer(chart, 'pointerup', ...b, 0);
}

function click(chart: GpuChart, p: [number, number]): void {
  pointer(chart, 'pointerdown', ...p);
  pointer(chart, 'pointerup', ...p, 0);
}

function key(chart: GpuChart, k: string, mods: KeyboardEventInit = {}): void {
  chart.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, composed: true, ...mods }));
}

async function picture(chart: GpuChart, name: string): Promise<Picture> {
  const blob = await chart.toBlob();
  await saveImage(`drawings-${name}.png`, blob);
  return decodePng(blob);
}

/** Ink pixels within `r` px of (x, y) (CSS px at pixel ratio 1). */
function inkNear(p: Picture, x: number, y: number, r = 3): number {
  return countColor(p, hexToRgba(INK), 90, { x: Math.round(x - r), y: Math.round(y - r), width: 2 * r + 1, height: 2 * r + 1 });
}

describe('drawing tools', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('draws every tool with the pointer: the JSON has its anchors in data coordinates and the picture shows it', async () => {
    const { chart, errors, events } = await makeChart();
    const plot = chart.paneRects[0];
    const p = (fx: number, fy: number): [number, number] => [plot.x + plot.width * fx, plot.y + plot.height * fy];
    for (const type of DRAWING_TYPES) {
      chart.drawings = [];
      chart.drawingTool = type;
      expect(chart.drawingTool).to.equal(type);
      const a = p(0.25, 0.3);
      const b = p(0.6, 0.7);
      const c = p(0.75, 0.4);
      drag(chart, a, b);
      if (type === 'channel' || type === 'fib-extension') {
        pointer(chart, 'pointermove', ...c, 0);
        click(chart, c);
      }
      await chart.updateComplete;
      const list = chart.drawings;
      expect(list.length, `${type}: one drawing`).to.equal(1);
      const d = list[0];
      expect(d.type).to.equal(type);
      expect(chart.drawingTool, `${type}: the tool ends after one drawing`).to.equal(null);
      expect(chart.selectedDrawing).to.equal(d.id);
      // The first anchor is the press, snapped to a bar: its pixels agree with the chart's mapping.
      expect(Math.abs(chart.timeToX(d.anchors[0].time) - a[0]), `${type}: anchor x`).to.be.lessThan(plot.width / N);
      expect(Math.abs(chart.valueToY(d.anchors[0].value) - a[1]), `${type}: anchor y`).to.be.lessThan(1);
      const pic = await picture(chart, type);
      const ink = countColor(pic, hexToRgba(INK), 90);
      expect(ink, `${type}: drawn`).to.be.greaterThan(20);
      // Where each kind of drawing surely passes.
      const ax = chart.timeToX(d.anchors[0].time);
      const ay = chart.valueToY(d.anchors[0].value);
      const bx = d.anchors[1] ? chart.timeToX(d.anchors[1].time) : ax;
      const by = d.anchors[1] ? chart.valueToY(d.anchors[1].value) : ay;
      const mid: Record<string, [number, number]> = {
        trendline: [(ax + bx) / 2, (ay + by) / 2],
        ray: [bx + (bx - ax) * 0.3, by + (by - ay) * 0.3],
        'extended-line': [ax - (bx - ax) * 0.3, ay - (by - ay) * 0.3],
        hline: [plot.x + 10, ay],
        hray: [ax + 30, ay],
        vline: [ax, plot.y + 10],
        rectangle: [(ax + bx) / 2, ay],
        channel: [(ax + bx) / 2, (ay + by) / 2],
        'fib-retracement': [(ax + bx) / 2, by],
        'fib-extension': d.anchors[2] ? [chart.timeToX(d.anchors[2].time) + 10, chart.valueToY(d.anchors[2].value)] : [0, 0],
        text: [ax + 4, ay],
        arrow: [(ax + bx) / 2, (ay + by) / 2],
        'price-range': [(ax + bx) / 2, (ay + by) / 2],
        'date-range': [(ax + bx) / 2, (ay + by) / 2],
      };
      const [mx, my] = mid[type];
      expect(inkNear(pic, mx, my, 4), `${type}: ink at (${mx.toFixed(0)}, ${my.toFixed(0)})`).to.be.greaterThan(0);
    }
    expect(errors).to.deep.equal([]);
    expect(events.filter((e) => e.action === 'created').length).to.equal(DRAWING_TYPES.length);
  });

  it('selects by click, moves by dragging, drags a handle, deselects on empty space', async () => {
    const { chart, events } = await makeChart();
    chart.drawings = [{ id: 't', type: 'trendline', anchors: [{ time: T0 + 10 * DAY, value: 95 }, { time: T0 + 40 * DAY, value: 105 }], style: { color: INK, width: 2 } }];
    await chart.updateComplete;
    const x0 = chart.timeToX(T0 + 10 * DAY);
    const y0 = chart.valueToY(95);
    const x1 = chart.timeToX(T0 + 40 * DAY);
    const y1 = chart.valueToY(105);
    // A click 3 px off the line picks it.
    click(chart, [(x0 + x1) / 2, (y0 + y1) / 2 + 3]);
    expect(chart.selectedDrawing).to.equal('t');
    expect(events.at(-1)).to.deep.include({ action: 'selected' });
    // Drag the line 5 bars right and down by some px.
    const bar = (x1 - x0) / 30;
    drag(chart, [(x0 + x1) / 2, (y0 + y1) / 2], [(x0 + x1) / 2 + 5 * bar, (y0 + y1) / 2 + 20]);
    await chart.updateComplete;
    let d = chart.drawings[0];
    expect(d.anchors[0].time).to.equal(T0 + 15 * DAY);
    expect(d.anchors[1].time).to.equal(T0 + 45 * DAY);
    expect(d.anchors[0].value).to.be.lessThan(95);
    expect(events.filter((e) => e.action === 'changed').length, 'one change for the whole drag').to.equal(1);
    // Drag the second handle to another bar.
    const hx = chart.timeToX(d.anchors[1].time);
    const hy = chart.valueToY(d.anchors[1].value);
    drag(chart, [hx, hy], [chart.timeToX(T0 + 50 * DAY), chart.valueToY(110)]);
    await chart.updateComplete;
    d = chart.drawings[0];
    expect(d.anchors[1].time).to.equal(T0 + 50 * DAY);
    expect(d.anchors[1].value).to.be.closeTo(110, 0.5);
    expect(d.anchors[0].time, 'the other anchor stays').to.equal(T0 + 15 * DAY);
    const pic = await picture(chart, 'edited');
    expect(inkNear(pic, chart.timeToX(T0 + 50 * DAY), chart.valueToY(110), 6), 'handle and line at the new anchor').to.be.greaterThan(3);
    // Empty space deselects (and pans as usual).
    click(chart, [chart.paneRects[0].x + 5, chart.paneRects[0].y + 5]);
    expect(chart.selectedDrawing).to.equal(null);
  });

  it('creates, moves and deletes a drawing with the keyboard only, and tells a screen reader', async () => {
    const { chart, events } = await makeChart((c) => c.setAttribute('tools', ''));
    chart.focus();
    // The toolbar buttons are reachable and pressable without a mouse.
    const button = chart.shadowRoot!.querySelector<HTMLButtonElement>('button[data-tool="trendline"]')!;
    expect(button.getAttribute('aria-label')).to.equal('Trend line');
    button.focus();
    button.click();
    await chart.updateComplete;
    expect(chart.drawingTool).to.equal('trendline');
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    chart.focus();
    const live = chart.shadowRoot!.querySelector('[aria-live]')!;
    key(chart, 'ArrowLeft');
    key(chart, 'Enter');
    for (let i = 0; i < 5; i++) key(chart, 'ArrowRight');
    key(chart, 'ArrowUp');
    key(chart, 'ArrowUp');
    key(chart, 'Enter');
    await chart.updateComplete;
    expect(chart.drawings.length).to.equal(1);
    const made = chart.drawings[0];
    const times = rows(N).time;
    const i0 = times.indexOf(made.anchors[0].time);
    expect(i0).to.be.greaterThan(-1);
    expect(times.indexOf(made.anchors[1].time) - i0).to.equal(5);
    expect(made.anchors[1].value).to.be.greaterThan(made.anchors[0].value - 10);
    expect(live.textContent).to.match(/Trend line created/);
    expect(events.some((e) => e.action === 'created')).to.equal(true);
    // Selected after creation: arrows move it a bar at a time.
    key(chart, 'ArrowRight');
    await chart.updateComplete;
    expect(chart.drawings[0].anchors[0].time).to.equal(made.anchors[0].time + DAY);
    expect(live.textContent).to.match(/Trend line moved/);
    // Escape deselects, Tab selects again, Delete removes.
    key(chart, 'Escape');
    expect(chart.selectedDrawing).to.equal(null);
    key(chart, 'Tab');
    expect(chart.selectedDrawing).to.equal(made.id);
    expect(live.textContent).to.match(/Trend line selected/);
    key(chart, 'Delete');
    await chart.updateComplete;
    expect(chart.drawings).to.deep.equal([]);
    expect(events.at(-1)?.action).to.equal('removed');
    // Undo brings it back (Ctrl+Z), redo removes it again (Shift+Ctrl+Z).
    key(chart, 'z', { ctrlKey: true });
    expect(chart.drawings.length).to.equal(1);
    key(chart, 'z', { ctrlKey: true, shiftKey: true });
    expect(chart.drawings.length).to.equal(0);
    expect(chart.undo()).to.equal(true);
    expect(chart.drawings.length).to.equal(1);
    expect(chart.redo()).to.equal(true);
    expect(chart.drawings.length).to.equal(0);
  });

  it('undo and redo walk back through creation, move, duplicate, style and delete', async () => {
    const { chart } = await makeChart();
    const id = chart.addDrawing({ type: 'rectangle', anchors: [{ time: T0 + 5 * DAY, value: 92 }, { time: T0 + 20 * DAY, value: 104 }] })!;
    const copy = chart.duplicateDrawing(id)!;
    expect(chart.drawings.map((d) => d.id)).to.deep.equal([id, copy]);
    expect(chart.drawings[1].anchors[0].time).to.equal(T0 + 7 * DAY);
    expect(chart.updateDrawing(id, { style: { color: '#00ff00', lineStyle: 'dashed' }, locked: true })).to.equal(true);
    expect(chart.drawings[0].style).to.deep.include({ color: '#00ff00', lineStyle: 'dashed' });
    chart.selectedDrawing = id;
    key(chart, 'Delete'); // locked: stays
    expect(chart.drawings.length).to.equal(2);
    expect(chart.removeDrawing(copy)).to.equal(true);
    const states: string[] = [];
    while (chart.undo()) states.push(chart.drawings.map((d) => `${d.id}:${d.style.color ?? ''}`).join(','));
    expect(states).to.deep.equal([`${id}:#00ff00,${copy}:`, `${id}:,${copy}:`, `${id}:`, '']);
    while (chart.redo());
    expect(chart.drawings.map((d) => d.id)).to.deep.equal([id]);
  });

  it('keeps drawings on their bars under zoom, log scale, the category scale and 1 000 streamed rows', async () => {
    const { chart } = await makeChart();
    const anchors = [{ time: T0 + 12 * DAY, value: 96 }, { time: T0 + 36 * DAY, value: 108 }];
    chart.drawings = [{ id: 'a', type: 'trendline', anchors, style: { color: INK, width: 2 } }];
    const check = async (label: string) => {
      await chart.updateComplete;
      const pic = await picture(chart, `stays-${label}`);
      for (const a of anchors) {
        const x = chart.timeToX(a.time);
        const y = chart.valueToY(a.value);
        if (x < chart.paneRects[0].x || x > chart.paneRects[0].x + chart.paneRects[0].width) continue;
        expect(inkNear(pic, x, y, 3), `${label}: line at its anchor (${x.toFixed(1)}, ${y.toFixed(1)})`).to.be.greaterThan(2);
      }
    };
    await check('start');
    chart.visibleRange = { from: T0 + 10 * DAY, to: T0 + 30 * DAY };
    await check('zoomed');
    chart.valueScale = 'log';
    await check('log');
    chart.timeScale = 'category';
    await check('category');
    chart.valueScale = 'linear';
    chart.timeScale = 'time';
    chart.fitContent();
    const more = rows(1000, N);
    const all = rows(N + 1000);
    chart.data = all as unknown as GpuChart['data'];
    void more;
    await check('streamed');
    expect(chart.drawings[0].anchors).to.deep.equal(anchors);
  });

  it('skips bad drawings with a gpu-error naming each, and keeps the good ones', async () => {
    const { chart, errors } = await makeChart();
    const good: Drawing = { id: 'ok', type: 'hline', anchors: [{ time: T0, value: 100 }], style: { color: INK } };
    chart.drawings = [
      { id: 'x', type: 'spiral', anchors: [{ time: T0, value: 1 }] },
      { id: 'y', type: 'trendline', anchors: [{ time: T0, value: 1 }] },
      { id: 'z', type: 'ray', anchors: [{ time: T0, value: 1 }, { time: NaN, value: 2 }] },
      { id: 'w', type: 'text', anchors: [{ time: T0, value: 1 }], style: { color: 'url(x)' } },
      good,
    ] as unknown as Drawing[];
    await chart.updateComplete;
    expect(chart.drawings.map((d) => d.id)).to.deep.equal(['ok']);
    const messages = errors.map((e) => e.message);
    expect(messages[0]).to.match(/drawings\[0\] \("x"\): unknown type "spiral"/);
    expect(messages[1]).to.match(/drawings\[1\] \("y"\): a trendline needs 2 anchors/);
    expect(messages[2]).to.match(/drawings\[2\] \("z"\): anchors\[1\]\.time/);
    expect(messages[3]).to.match(/drawings\[3\] \("w"\): style\.color/);
    expect(errors.every((e) => e.phase === 'data')).to.equal(true);
    const pic = await picture(chart, 'bad-input');
    expect(inkNear(pic, chart.paneRects[0].x + 20, chart.valueToY(100), 2)).to.be.greaterThan(0);
  });

  it('shows a toolbar with the tools named in `tools`, replaceable through slot="toolbar"', async () => {
    const { chart } = await makeChart((c) => c.setAttribute('tools', 'trendline fib-retracement'));
    const tools = [...chart.shadowRoot!.querySelectorAll('[part="toolbar"] button[data-tool]')].map((b) => b.getAttribute('data-tool'));
    expect(tools).to.deep.equal(['trendline', 'fib-retracement', 'magnet', 'undo', 'redo', 'delete']);
    // Styled (the drawings chunk brings the toolbar's styles): over the plot, buttons laid out in a row.
    expect(getComputedStyle(chart.shadowRoot!.querySelector('[part="toolbar"]')!).position).to.equal('absolute');
    expect(getComputedStyle(chart.shadowRoot!.querySelector('[part="toolbar"]')!).display).to.equal('flex');
    chart.shadowRoot!.querySelector<HTMLButtonElement>('button[data-tool="magnet"]')!.click();
    await chart.updateComplete;
    // With the magnet a press snaps to the bar's value.
    chart.drawingTool = 'hline';
    const t = T0 + 20 * DAY;
    click(chart, [chart.timeToX(t), chart.valueToY(rows(N).value[20]) + 6]);
    expect(chart.drawings[0].anchors[0]).to.deep.equal({ time: t, value: rows(N).value[20] });
    const custom = document.createElement('div');
    custom.slot = 'toolbar';
    custom.textContent = 'my tools';
    chart.append(custom);
    await chart.updateComplete;
    const slot = chart.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="toolbar"]')!;
    expect(slot.assignedElements()).to.deep.equal([custom]);
  });

  it('draws with touch: a tap at each anchor, and a tap near a line selects it', async () => {
    const { chart } = await makeChart();
    const before = chart.visibleRange;
    chart.drawingTool = 'trendline';
    const t1 = T0 + 10 * DAY;
    const t2 = T0 + 30 * DAY;
    const tap = (x: number, y: number) => {
      pointer(chart, 'pointerdown', x, y, 1, 'touch');
      pointer(chart, 'pointerup', x, y, 0, 'touch');
    };
    tap(chart.timeToX(t1), chart.valueToY(97));
    tap(chart.timeToX(t2), chart.valueToY(103));
    await chart.updateComplete;
    expect(chart.drawings.map((d) => d.anchors.map((a) => a.time))).to.deep.equal([[t1, t2]]);
    expect(chart.visibleRange, 'taps on a tool do not pan').to.deep.equal(before);
    chart.selectedDrawing = null;
    // 10 px off the line is within a finger's reach.
    tap((chart.timeToX(t1) + chart.timeToX(t2)) / 2, (chart.valueToY(97) + chart.valueToY(103)) / 2 + 10);
    expect(chart.selectedDrawing).to.equal(chart.drawings[0].id);
  });

  it('does not draw or hit hidden drawings; locked ones select but do not move', async () => {
    const { chart } = await makeChart();
    chart.drawings = [
      { id: 'h', type: 'hline', anchors: [{ time: T0, value: 95 }], style: { color: INK }, hidden: true },
      { id: 'l', type: 'hline', anchors: [{ time: T0, value: 105 }], style: { color: '#00ff00' }, locked: true },
    ];
    await chart.updateComplete;
    const pic = await picture(chart, 'hidden-locked');
    expect(inkNear(pic, chart.paneRects[0].x + 30, chart.valueToY(95), 3), 'hidden').to.equal(0);
    const x = chart.paneRects[0].x + 30;
    click(chart, [x, chart.valueToY(95)]);
    expect(chart.selectedDrawing).to.equal(null);
    drag(chart, [x, chart.valueToY(105)], [x, chart.valueToY(100)]);
    expect(chart.selectedDrawing).to.equal('l');
    expect(chart.drawings[1].anchors[0].value).to.equal(105);
  });

  it('keeps drawings through a lost device', async () => {
    const { chart } = await makeChart();
    chart.drawings = [{ id: 'r', type: 'rectangle', anchors: [{ time: T0 + 10 * DAY, value: 95 }, { time: T0 + 30 * DAY, value: 105 }], style: { color: INK, width: 2 } }];
    await chart.updateComplete;
    const before = countColor(await picture(chart, 'before-loss'), hexToRgba(INK), 90);
    const device = gpuRegistry().device!;
    device.destroy();
    const deadline = performance.now() + 10_000;
    while ((gpuRegistry().device === null || gpuRegistry().device === device) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await chart.updateComplete;
    const after = countColor(await picture(chart, 'after-loss'), hexToRgba(INK), 90);
    expect(before).to.be.greaterThan(100);
    expect(after).to.equal(before);
  });
});
