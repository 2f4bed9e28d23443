/**
 * The plugin API: custom series written in WGSL (GpuChart.defineSeries) and primitives, drawn
 * by the same layer contract as the built-in series, and what a broken plugin does to the rest.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { GpuChart, priceLine, timeRange, textMarker, type ChartPrimitive } from '../../src/index.js';
import type { GpuCrosshairDetail, GpuErrorDetail } from '../../src/elements/events.js';
import type { SeriesSpec } from '../../src/chart/series/spec.js';
import { colorDistance, countColor, decodePng, hexToRgba, logAdapterOnce, saveImage, type Picture } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const BG = '#ffffff';
const RED = '#ff0000';
const GREEN = '#00b000';
const BLUE = '#0000ff';
const times = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * DAY);
const is = (p: Picture, x: number, y: number, hex: string, tol = 40) => colorDistance(p.at(Math.round(x), Math.round(y)), hexToRgba(hex)) <= tol;

/** One 6-px-wide column per row, from the row's value down to the pane's bottom. */
const COLUMNS_WGSL = /* wgsl */ `
@group(0) @binding(3) var<storage, read> values: array<f32>;

struct Out { @builtin(position) position: vec4f };

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> Out {
  let row = view.firstVertex + vid / 4u;
  let corner = vid % 4u;
  var out: Out;
  let top = valueY(values[min(row, view.rows - 1u)], 0u);
  if (row >= view.rows || top >= GAP) {
    out.position = OFFSCREEN;
    return out;
  }
  let dx = select(-3.0, 3.0, corner == 1u || corner == 2u);
  out.position = toClip(vec2f(rowX(row) + dx, select(top, view.plotBottom, corner >= 2u)));
  return out;
}

@fragment
fn fs(in: Out) -> @location(0) vec4f {
  return premultiply(view.color, 1.0);
}
`;

/** Squares of 8 px at device-px centres computed on the CPU (instance data: x, y per square). */
const SQUARES_WGSL = /* wgsl */ `
@group(0) @binding(4) var<storage, read> data: array<f32>;

struct Out { @builtin(position) position: vec4f };

@vertex
fn vs(@builtin(vertex_index) vid: u32) -> Out {
  let i = vid / 4u;
  let corner = vid % 4u;
  let c = vec2f(data[2u * i], data[2u * i + 1u]);
  let d = vec2f(select(-4.0, 4.0, corner == 1u || corner == 2u), select(-4.0, 4.0, corner >= 2u));
  var out: Out;
  out.position = toClip(c + d);
  return out;
}

@fragment
fn fs(in: Out) -> @location(0) vec4f {
  return premultiply(view.color2, 1.0);
}
`;

let defined = false;
function defineTestSeries(): void {
  if (defined) return;
  defined = true;
  GpuChart.defineSeries('test-columns', {
    wgsl: COLUMNS_WGSL,
    columns: { value: 'value' },
    edgeRoom: true,
    // Twice the value in the legend, so the test can tell it from the default.
    legend: (row, data) => `x2=${(data.column('value')![row] * 2).toFixed(0)}`,
    // Inside a column (device px) is a hit at distance 0; beside it, the horizontal distance.
    hitTest: (x, y, frame) => {
      const values = frame.column('value')!;
      let best = Infinity;
      for (let i = Math.max(0, frame.first); i <= frame.last; i++) {
        const cx = frame.timeToX(frame.time[i]);
        const top = frame.valueToY(values[i]);
        if (y < top || y > frame.plot.y + frame.plot.height) continue;
        best = Math.min(best, Math.max(0, Math.abs(x - cx) - 3));
      }
      return Number.isFinite(best) ? best : null;
    },
  });
  GpuChart.defineSeries('test-squares', {
    wgsl: SQUARES_WGSL,
    columns: { price: 'value' },
    instances: (frame) => {
      // A square on the highest visible value.
      const values = frame.column('price')!;
      let best = frame.first;
      for (let i = frame.first; i <= frame.last; i++) if (values[i] > values[best]) best = i;
      return { count: 1, data: new Float32Array([frame.timeToX(frame.time[best]), frame.valueToY(values[best])]) };
    },
    extent: () => [0, 1000],
  });
  GpuChart.defineSeries('test-broken-wgsl', {
    wgsl: 'this is not WGSL;',
    columns: { value: 'value' },
  });
  GpuChart.defineSeries('test-throws', {
    wgsl: SQUARES_WGSL,
    columns: { value: 'value' },
    instances: () => {
      throw new Error('boom in instances');
    },
  });
}

async function makeChart(data: Record<string, number[]>, series: SeriesSpec[], size = [300, 200], legend = 'off'): Promise<{ chart: GpuChart; errors: GpuErrorDetail[] }> {
  defineTestSeries();
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', legend);
  chart.type = 'none';
  chart.style.cssText = `width:${size[0]}px;height:${size[1]}px;--gpu-chart-background:${BG};--gpu-chart-grid:${BG};--gpu-chart-series-1:${RED};--gpu-chart-series-2:${GREEN}`;
  const errors: GpuErrorDetail[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
  chart.data = data as unknown as GpuChart['data'];
  chart.series = series;
  document.body.append(chart);
  await chart.updateComplete;
  return { chart, errors };
}

async function picture(chart: GpuChart, name: string): Promise<Picture> {
  const blob = await chart.toBlob();
  await saveImage(`plugins-${name}.png`, blob);
  return decodePng(blob);
}

describe('plugin API', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('a custom WGSL series draws its own shapes at the rows and values it reads, and autoscales', async () => {
    const data = { time: times(5), value: [100, 140, 120, 180, 160] };
    const { chart, errors } = await makeChart(data, [{ type: 'test-columns' }]);
    const pic = await picture(chart, 'columns');
    expect(errors).to.deep.equal([]);
    const plot = chart.paneRects[0];
    const bottom = plot.y + plot.height;
    for (let i = 0; i < 5; i++) {
      const x = chart.timeToX(data.time[i]);
      const top = chart.valueToY(data.value[i]);
      expect(top, `row ${i} inside the plot (autoscaled)`).to.be.within(plot.y, bottom);
      // Filled from just below its value to the bottom, 6 px wide; nothing above the value.
      expect(is(pic, x, top + 2, RED), `top of column ${i}`).to.equal(true);
      expect(is(pic, x, bottom - 2, RED), `bottom of column ${i}`).to.equal(true);
      expect(is(pic, x + 1, (top + bottom) / 2, RED) && is(pic, x - 2, (top + bottom) / 2, RED), `width of column ${i}`).to.equal(true);
      expect(is(pic, x + 6, (top + bottom) / 2, BG, 8), `right of column ${i}`).to.equal(true);
      expect(is(pic, x, top - 4, BG, 8), `above column ${i}`).to.equal(true);
    }
    // Autoscale from the default extent (min/max of its column): 100..180 with margins.
    expect(chart.valueToY(180)).to.be.lessThan(chart.valueToY(100) - plot.height * 0.7);
    // Edge room: the first and last columns are whole inside the plot.
    expect(chart.timeToX(data.time[0]) - 3).to.be.greaterThan(plot.x);
  });

  it('a custom series appears in the legend (its own text), in gpu-crosshair values and in hit tests', async () => {
    const data = { time: times(5), value: [100, 140, 120, 180, 160] };
    const { chart } = await makeChart(data, [{ type: 'test-columns', title: 'cols' }, { type: 'line', value: 'value', title: 'line' }], [300, 200], 'on');
    const legend = [...chart.shadowRoot!.querySelectorAll('.legend .item')].map((el) => el.textContent!.replace(/\s+/g, ' ').trim());
    expect(legend[0]).to.equal('cols x2=320');
    const events: GpuCrosshairDetail[] = [];
    chart.addEventListener('gpu-crosshair', (e) => events.push(e.detail));
    const rect = chart.getBoundingClientRect();
    const x = chart.timeToX(data.time[3]);
    chart.dispatchEvent(new PointerEvent('pointermove', { clientX: rect.left + x, clientY: rect.top + 50, bubbles: true, pointerType: 'mouse' }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await chart.updateComplete;
    const last = events.at(-1);
    expect(last, 'a gpu-crosshair event').to.not.equal(undefined);
    expect(last!.index).to.equal(3);
    expect(last!.values.cols).to.equal(180);
    const legendAtCrosshair = [...chart.shadowRoot!.querySelectorAll('.legend .item')].map((el) => el.textContent!.replace(/\s+/g, ' ').trim());
    expect(legendAtCrosshair[0]).to.equal('cols x2=360');
    // Hit test: inside the column of row 2 (below its value) hits it; far above does not.
    const hit = chart.hitTest(chart.timeToX(data.time[2]), chart.valueToY(120) + 10);
    expect(hit?.series).to.equal('cols');
    expect(hit?.index).to.equal(2);
    expect(chart.hitTest(chart.timeToX(data.time[2]) + 20, chart.paneRects[0].y + 2)).to.equal(null);
  });

  it('a custom series with CPU instance data draws where its callback says, and its extent sets the scale', async () => {
    const data = { time: times(6), value: [10, 30, 20, 90, 40, 50] };
    const { chart, errors } = await makeChart(data, [{ type: 'line' }, { type: 'test-squares', downColor: BLUE }]);
    const pic = await picture(chart, 'squares');
    expect(errors).to.deep.equal([]);
    // The square sits on the highest value (row 3), in its second colour.
    const x = chart.timeToX(data.time[3]);
    const y = chart.valueToY(90);
    expect(is(pic, x + 3, y + 3, BLUE), 'square on the maximum').to.equal(true);
    expect(countColor(pic, hexToRgba(BLUE), 40)).to.be.within(50, 90);
    // Its extent (0..1000) is part of the pane's autoscale.
    const plot = chart.paneRects[0];
    expect(chart.valueToY(1000)).to.be.within(plot.y, plot.y + plot.height * 0.1);
  });

  it('primitives draw above (or below) the series of their pane and follow zoom', async () => {
    const data = { time: times(20), value: Array.from({ length: 20 }, (_, i) => 100 + (i % 2 ? 10 : -10)) };
    const { chart, errors } = await makeChart(data, [{ type: 'line', width: 6 }]);
    chart.primitives = [timeRange({ from: data.time[4], to: data.time[8], color: GREEN }), priceLine({ value: 100, color: BLUE, width: 2, dash: 'solid', axisLabel: false })];
    await chart.updateComplete;
    let pic = await picture(chart, 'primitives');
    expect(errors).to.deep.equal([]);
    const y = Math.round(chart.valueToY(100));
    // The price line crosses the red line: blue wins where they meet (above the series).
    const crossings = Array.from({ length: 19 }, (_, i) => (chart.timeToX(data.time[i]) + chart.timeToX(data.time[i + 1])) / 2);
    for (const cx of crossings) expect(is(pic, cx, y, BLUE), `price line above the series at x=${cx}`).to.equal(true);
    // The shaded range is below the series: red stays red inside it, green where nothing else is.
    const mid = (chart.timeToX(data.time[5]) + chart.timeToX(data.time[6])) / 2;
    expect(is(pic, chart.timeToX(data.time[6]), chart.valueToY(90), RED), 'series over the range').to.equal(true);
    expect(is(pic, mid, chart.paneRects[0].y + 4, GREEN), 'range shaded').to.equal(true);
    const left = Math.round(chart.timeToX(data.time[4]));
    expect(is(pic, left + 2, chart.paneRects[0].y + 4, GREEN)).to.equal(true);
    expect(is(pic, left - 3, chart.paneRects[0].y + 4, BG, 8)).to.equal(true);
    // Zoom: the range moves with its times.
    chart.visibleRange = { from: data.time[3], to: data.time[12] };
    await chart.updateComplete;
    pic = await picture(chart, 'primitives-zoomed');
    const left2 = Math.round(chart.timeToX(data.time[4]));
    expect(left2).to.not.equal(left);
    expect(is(pic, left2 + 2, chart.paneRects[0].y + 4, GREEN), 'range follows zoom').to.equal(true);
    expect(is(pic, left2 - 3, chart.paneRects[0].y + 4, BG, 8)).to.equal(true);
  });

  it('a text marker and a price line label draw text; a primitive that throws is reported and the rest still draws', async () => {
    const data = { time: times(10), value: [5, 6, 7, 8, 9, 8, 7, 6, 5, 4] };
    const { chart, errors } = await makeChart(data, [{ type: 'line' }]);
    const bad: ChartPrimitive = {
      draw() {
        throw new Error('primitive failure');
      },
    };
    chart.primitives = [bad, textMarker({ time: data.time[2], value: 7, text: 'HIGH', color: BLUE }), priceLine({ value: 6, color: GREEN, label: 'target' })];
    await chart.updateComplete;
    const pic = await picture(chart, 'marker');
    expect(errors.map((e) => e.phase)).to.deep.equal(['plugin']);
    expect(errors[0].message).to.contain('primitive failure');
    expect(countColor(pic, hexToRgba(BLUE), 40), 'marker tag').to.be.greaterThan(100);
    expect(countColor(pic, hexToRgba(RED), 60), 'the series still draws').to.be.greaterThan(100);
    // The green axis tag of the price line, on the value axis.
    const plot = chart.paneRects[0];
    expect(is(pic, plot.x + plot.width + 3, chart.valueToY(6) - 5, GREEN)).to.equal(true);
  });

  it('WGSL that does not compile fires gpu-error (phase plugin) with its line, and the built-in series keep drawing', async () => {
    const data = { time: times(10), value: [5, 6, 7, 8, 9, 8, 7, 6, 5, 4] };
    const { chart, errors } = await makeChart(data, [{ type: 'line' }, { type: 'test-broken-wgsl' }]);
    const pic = await picture(chart, 'broken-wgsl');
    const plugin = errors.filter((e) => e.phase === 'plugin');
    expect(plugin.length, JSON.stringify(errors)).to.equal(1);
    expect(plugin[0].message).to.contain('test-broken-wgsl');
    expect(plugin[0].message).to.match(/line 1\b/);
    expect(errors.filter((e) => e.phase !== 'plugin'), 'no other error').to.deep.equal([]);
    expect(countColor(pic, hexToRgba(RED), 60)).to.be.greaterThan(100);
    // Another chart on the same device still draws the good custom type.
    const other = await makeChart(data, [{ type: 'test-columns' }]);
    expect(countColor(await picture(other.chart, 'after-broken'), hexToRgba(RED), 60)).to.be.greaterThan(100);
    expect(other.errors).to.deep.equal([]);
  });

  it('an exception in a callback, a missing column or an unknown type is a gpu-error (plugin); the rest keeps drawing', async () => {
    const data = { time: times(10), value: [5, 6, 7, 8, 9, 8, 7, 6, 5, 4] };
    const { chart, errors } = await makeChart(data, [{ type: 'line' }, { type: 'test-throws' }, { type: 'test-columns', columns: { value: 'nope' } }, { type: 'no-such-type' }]);
    const pic = await picture(chart, 'callback-throws');
    const messages = errors.filter((e) => e.phase === 'plugin').map((e) => e.message);
    expect(messages.some((m) => m.includes('boom in instances')), messages.join('\n')).to.equal(true);
    expect(messages.some((m) => m.includes('"nope"')), messages.join('\n')).to.equal(true);
    expect(messages.some((m) => m.includes('no-such-type')), messages.join('\n')).to.equal(true);
    expect(countColor(pic, hexToRgba(RED), 60)).to.be.greaterThan(100);
    // Reported once, not once per frame.
    chart.visibleRange = { from: data.time[1], to: data.time[8] };
    await chart.updateComplete;
    expect(errors.filter((e) => e.message.includes('boom in instances')).length).to.equal(1);
  });

  it('rejects bad definitions at once', () => {
    expect(() => GpuChart.defineSeries('line', { wgsl: '', columns: { v: 'value' } })).to.throw(/built-in/);
    defineTestSeries();
    expect(() => GpuChart.defineSeries('test-columns', { wgsl: '', columns: { v: 'value' } })).to.throw(/already defined/);
    expect(() => GpuChart.defineSeries('no columns', { wgsl: '', columns: { v: 'value' } })).to.throw(/not a valid type name/);
    expect(() => GpuChart.defineSeries('too-many', { wgsl: '', columns: { a: 'a', b: 'b', c: 'c', d: 'd', e: 'e' } })).to.throw(/1 to 4/);
  });
});
