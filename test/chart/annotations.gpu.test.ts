/**
 * Annotations from code (issue 17 item 4): series markers, price lines, time markers and
 * ranges, dashed and dotted series lines, and what bad input does.
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import { gpuRegistry, type GpuChart, type SeriesMarker } from '../../src/index.js';
import type { GpuErrorDetail } from '../../src/elements/events.js';
import type { SeriesSpec } from '../../src/chart/series/spec.js';
import { colorDistance, countColor, decodePng, hexToRgba, logAdapterOnce, saveImage, type Picture } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const BG = '#ffffff';
const LINE = '#888888';
const RED = '#ff0000';
const BLUE = '#0000ff';
const GREEN = '#00a000';
const times = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * DAY);
const near = (p: Picture, x: number, y: number, hex: string, radius = 1, tol = 60) => {
  for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) if (colorDistance(p.at(Math.round(x) + dx, Math.round(y) + dy), hexToRgba(hex)) <= tol) return true;
  return false;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function makeChart(data: Record<string, number[]> | null, opts: { series?: SeriesSpec[]; type?: string; size?: [number, number]; attrs?: Record<string, string> } = {}): { chart: GpuChart; errors: GpuErrorDetail[] } {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.setAttribute('pixel-ratio', '1');
  for (const [k, v] of Object.entries(opts.attrs ?? {})) chart.setAttribute(k, v);
  if (opts.type) chart.type = opts.type;
  const [w, h] = opts.size ?? [360, 240];
  chart.style.cssText = `width:${w}px;height:${h}px;--gpu-chart-background:${BG};--gpu-chart-grid:${BG};--gpu-chart-series-1:${LINE};--gpu-chart-up:${LINE};--gpu-chart-down:${LINE}`;
  const errors: GpuErrorDetail[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
  if (data) chart.data = data as unknown as GpuChart['data'];
  if (opts.series) chart.series = opts.series;
  document.body.append(chart);
  return { chart, errors };
}

async function picture(chart: GpuChart, name: string): Promise<Picture> {
  await chart.updateComplete;
  const blob = await chart.toBlob();
  await saveImage(`annotations-${name}.png`, blob);
  return decodePng(blob);
}

/** Draw calls recorded while `run` draws (every render pass of the page). */
async function countDraws(run: () => Promise<unknown>): Promise<number> {
  const proto = GPURenderPassEncoder.prototype;
  const original = proto.drawIndexed;
  let n = 0;
  proto.drawIndexed = function (this: GPURenderPassEncoder, ...args: Parameters<typeof original>) {
    n++;
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    proto.drawIndexed = original;
  }
  return n;
}

const ohlc = (n: number) => {
  const t = times(n);
  const close = t.map((_, i) => 100 + 10 * Math.sin(i / 3));
  return { time: t, open: close.map((c) => c - 1), high: close.map((c) => c + 4), low: close.map((c) => c - 4), close };
};

describe('annotations', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('draws each marker shape above, below, in a bar and at a price, where the bar is', async () => {
    const data = ohlc(12);
    const { chart, errors } = makeChart(data, { type: 'candlestick' });
    const markers: SeriesMarker[] = [
      { time: data.time[2], position: 'aboveBar', shape: 'arrowDown', color: RED },
      { time: data.time[4], position: 'belowBar', shape: 'arrowUp', color: BLUE },
      { time: data.time[6], position: 'inBar', shape: 'circle', color: GREEN, size: 1.5 },
      { time: data.time[8], position: 'atPrice', price: 95, shape: 'square', color: RED },
    ];
    chart.markers = markers;
    const pic = await picture(chart, 'shapes');
    expect(errors).to.deep.equal([]);
    const x = (i: number) => chart.timeToX(data.time[i]);
    const y = (v: number) => chart.valueToY(v);
    // Arrow down above bar 2: its centre 3 + 6 px above the high; nothing of it below the high.
    const a = y(data.high[2]) - 9;
    expect(near(pic, x(2), a, RED), 'arrow above bar 2').to.equal(true);
    expect(near(pic, x(2), a + 5, RED), 'tip of the arrow down, near the bar').to.equal(true);
    expect(near(pic, x(2) - 3, a + 1, RED, 0), 'the head is wide near the tip').to.equal(true);
    expect(near(pic, x(2) - 5, a - 5, RED, 0), 'the stem is narrow at the top').to.equal(false);
    // Arrow up below bar 4.
    const b = y(data.low[4]) + 9;
    expect(near(pic, x(4), b, BLUE), 'arrow below bar 4').to.equal(true);
    expect(near(pic, x(4) - 3, b - 1, BLUE, 0), 'head of the arrow up is at its top').to.equal(true);
    expect(near(pic, x(4) - 5, b + 5, BLUE, 0), 'stem below is narrow').to.equal(false);
    // Circle (18 px) on bar 6's close: filled centre, round (corners of its box empty).
    const c = y(data.close[6]);
    expect(near(pic, x(6), c, GREEN, 0), 'circle centre').to.equal(true);
    expect(near(pic, x(6) + 7, c, GREEN, 0), 'circle right').to.equal(true);
    expect(near(pic, x(6) + 7, c - 7, GREEN, 0), 'circle box corner').to.equal(false);
    // Square at 95 near bar 8: its corners are filled.
    const d = y(95);
    expect(near(pic, x(8), d, RED, 0), 'square centre').to.equal(true);
    expect(near(pic, x(8) + 3, d - 3, RED, 0) && near(pic, x(8) - 3, d + 3, RED, 0), 'square corners').to.equal(true);
    expect(near(pic, x(8) + 8, d, RED, 0), 'nothing beyond the square').to.equal(false);
  });

  it('keeps markers on their bar after zoom, on a log scale, in category mode and after 1 000 appended rows', async () => {
    const data = ohlc(40);
    const { chart, errors } = makeChart(data, { type: 'candlestick' });
    chart.markers = [
      { time: data.time[10] + 3 * 3_600_000, position: 'aboveBar', shape: 'circle', color: RED }, // between rows: snaps to row 10
      { time: data.time[30], position: 'belowBar', shape: 'circle', color: BLUE },
    ];
    const check = async (name: string) => {
      const pic = await picture(chart, name);
      const xA = chart.timeToX(data.time[10]);
      const xB = chart.timeToX(data.time[30]);
      const plot = chart.paneRects[0];
      if (xA > plot.x && xA < plot.x + plot.width) expect(near(pic, xA, chart.valueToY(data.high[10]) - 9, RED, 1), `${name}: marker on bar 10`).to.equal(true);
      if (xB > plot.x && xB < plot.x + plot.width) expect(near(pic, xB, chart.valueToY(data.low[30]) + 9, BLUE, 1), `${name}: marker under bar 30`).to.equal(true);
      return pic;
    };
    await check('track-initial');
    chart.visibleRange = { from: data.time[5], to: data.time[15] };
    const zoomed = await check('track-zoomed');
    expect(countColor(zoomed, hexToRgba(BLUE), 60), 'the marker out of view is not drawn').to.equal(0);
    chart.setAttribute('value-scale', 'log');
    chart.fitContent();
    await check('track-log');
    chart.setAttribute('value-scale', 'percent');
    await check('track-percent');
    chart.setAttribute('time-scale', 'category');
    await check('track-category');
    expect(errors).to.deep.equal([]);
  });

  it('keeps markers on their bar while 1 000 rows stream into its datasource', async () => {
    const data = ohlc(1040);
    const first = (k: keyof typeof data) => data[k].slice(0, 40);
    const ds = document.createElement('gpu-datasource');
    ds.id = 'annotations-stream';
    ds.data = { time: first('time'), open: first('open'), high: first('high'), low: first('low'), close: first('close') };
    const { chart, errors } = makeChart(null, { type: 'candlestick', attrs: { source: 'annotations-stream' } });
    document.body.append(ds);
    chart.markers = [{ time: data.time[20], position: 'aboveBar', shape: 'circle', color: RED }, { time: data.time[900], position: 'belowBar', shape: 'circle', color: BLUE }];
    await chart.updateComplete;
    for (let from = 40; from < 1040; from += 50) {
      ds.append(Array.from({ length: 50 }, (_, k) => ({ time: data.time[from + k], open: data.open[from + k], high: data.high[from + k], low: data.low[from + k], close: data.close[from + k] })));
      if (from % 200 === 0) await chart.updateComplete;
    }
    await chart.updateComplete;
    // Following the data: the whole range. Then zoomed to each marker.
    for (const [i, color, side] of [[20, RED, 'high'], [900, BLUE, 'low']] as const) {
      chart.visibleRange = { from: data.time[i - 15], to: data.time[i + 15] };
      const pic = await picture(chart, `stream-${i}`);
      const y = side === 'high' ? chart.valueToY(data.high[i]) - 9 : chart.valueToY(data.low[i]) + 9;
      expect(near(pic, chart.timeToX(data.time[i]), y, color, 1), `marker on bar ${i} after the appends`).to.equal(true);
    }
    expect(errors).to.deep.equal([]);
    ds.remove();
  });

  it('stacks several markers on one bar and draws their text beside them, without overlap', async () => {
    const data = ohlc(10);
    const { chart } = makeChart(data, { type: 'candlestick' });
    const t = data.time[5];
    chart.markers = [
      { time: t, position: 'aboveBar', shape: 'square', color: RED, text: 'A' },
      { time: t, position: 'aboveBar', shape: 'square', color: BLUE, text: 'B' },
      { time: t, position: 'belowBar', shape: 'circle', color: GREEN, text: 'C' },
    ];
    const pic = await picture(chart, 'stack');
    const x = chart.timeToX(t);
    const high = chart.valueToY(data.high[5]);
    // First square (12 px) 3 px above the bar; its text above it; the second square above that text.
    expect(near(pic, x, high - 5, RED, 0, 40) && near(pic, x, high - 13, RED, 0, 40), 'first square').to.equal(true);
    expect(near(pic, x, high - 2, RED, 0, 40), 'a gap between bar and marker').to.equal(false);
    const redTop = high - 15;
    let blueBottom = -1;
    for (let y = Math.round(redTop); y > 0 && blueBottom < 0; y--) if (near(pic, x, y, BLUE, 0, 40)) blueBottom = y;
    expect(redTop - blueBottom, 'the second marker is above the first and its text').to.be.within(10, 20);
    // Text in the marker's colour between the two squares (the letter A), and below the green circle (C).
    const between = countColor(pic, hexToRgba(RED), 120, { x: Math.round(x) - 8, y: blueBottom + 2, width: 16, height: redTop - blueBottom - 3 });
    expect(between, 'text A between the squares').to.be.greaterThan(3);
    const low = chart.valueToY(data.low[5]);
    expect(countColor(pic, hexToRgba(GREEN), 120, { x: Math.round(x) - 8, y: Math.round(low + 17), width: 16, height: 14 }), 'text C under the circle').to.be.greaterThan(3);
  });

  it('draws 10 000 markers at 10 000 bars in one frame and one draw call', async () => {
    const n = 10_000;
    const t = times(n);
    // Gentle enough that the markers of neighbouring rows (25 a pixel) do not cover each other's side.
    const value = t.map((_, i) => 100 + 5 * Math.sin(i / 1500));
    const { chart, errors } = makeChart({ time: t, value }, { type: 'line', size: [400, 240] });
    await chart.updateComplete;
    const withoutMarkers = await countDraws(() => chart.toBlob());
    // Frames submitted from setting them until the chart is idle: one.
    const submit = GPUQueue.prototype.submit;
    let frames = 0;
    GPUQueue.prototype.submit = function (this: GPUQueue, buffers: Iterable<GPUCommandBuffer>) {
      frames++;
      return submit.call(this, buffers);
    };
    try {
      chart.markers = t.map((time, i) => ({ time, position: i % 2 ? 'aboveBar' : 'belowBar', shape: i % 3 ? 'circle' : 'arrowUp', color: i % 2 ? RED : BLUE, size: 0.5 }) as SeriesMarker);
      await chart.updateComplete;
    } finally {
      GPUQueue.prototype.submit = submit;
    }
    expect(frames, 'frames drawn to show 10 000 markers').to.equal(1);
    const pic = await picture(chart, 'ten-thousand');
    const withMarkers = await countDraws(() => chart.toBlob());
    expect(withMarkers - withoutMarkers, 'the markers are one draw call').to.equal(1);
    // Markers of the first, middle and last rows are there after one whenIdle.
    for (const i of [1001, 4999, 9001]) {
      const x = chart.timeToX(t[i]);
      expect(near(pic, x, chart.valueToY(value[i]) - 6, RED, 1), `marker above row ${i}`).to.equal(true);
      expect(near(pic, x, chart.valueToY(value[i]) + 6, BLUE, 1), `marker below row ${i - 1}`).to.equal(true);
    }
    expect(countColor(pic, hexToRgba(BLUE), 60)).to.be.greaterThan(500);
    expect(errors).to.deep.equal([]);
  });

  it('draws price lines with their axis label and title, time markers across every pane and shaded time ranges', async () => {
    const t = times(30);
    const value = t.map((_, i) => 100 + i);
    const { chart, errors } = makeChart({ time: t, value }, { type: 'line', series: [{ type: 'histogram', value: 'value', pane: 'lower', color: '#cccccc' }] });
    chart.priceLines = [
      { price: 110, color: RED, lineWidth: 2, lineStyle: 'solid', title: 'target' },
      { price: 120, color: BLUE, lineStyle: 'dotted', axisLabelVisible: false },
    ];
    chart.timeMarkers = [{ time: t[20], color: GREEN, label: 'event' }];
    chart.timeRanges = [{ from: t[5], to: t[10], color: 'rgba(255, 0, 0, 0.25)' }];
    const pic = await picture(chart, 'lines');
    expect(errors).to.deep.equal([]);
    const [main, lower] = chart.paneRects;
    const y110 = chart.valueToY(110);
    // Solid red line across the plot; its tag on the axis with the price.
    expect(near(pic, main.x + main.width * 0.9, y110, RED, 1, 30)).to.equal(true);
    expect(near(pic, main.x + main.width * 0.6, y110, RED, 1, 30)).to.equal(true);
    const axisX = main.x + main.width + 8;
    expect(near(pic, axisX, y110, RED, 1, 30), 'axis tag of the price line').to.equal(true);
    // The dotted blue line has gaps, and no tag.
    const y120 = chart.valueToY(120);
    let on = 0, off = 0;
    for (let x = Math.round(main.x + 10); x < main.x + main.width - 10; x++) [-1, 0, 1].some((dy) => near(pic, x, y120 + dy, BLUE, 0, 60)) ? on++ : off++;
    expect(on).to.be.greaterThan(20);
    expect(off).to.be.greaterThan(20);
    expect(near(pic, axisX, y120, BLUE, 1, 30), 'no tag for the dotted line').to.equal(false);
    // The time marker crosses both panes.
    const xm = chart.timeToX(t[20]);
    expect(near(pic, xm, main.y + main.height * 0.8, GREEN, 1, 60), 'time marker in the main pane').to.equal(true);
    expect(near(pic, xm, lower.y + lower.height / 2, GREEN, 1, 60), 'time marker in the lower pane').to.equal(true);
    // The time range is shaded (light red) in both panes, and not outside it.
    const shade = pic.at(Math.round((chart.timeToX(t[6]) + chart.timeToX(t[7])) / 2), Math.round(main.y + main.height * 0.45));
    expect(shade[0]).to.be.greaterThan(200);
    expect(shade[1]).to.be.within(150, 215);
    const lowerShade = pic.at(Math.round(chart.timeToX(t[7])) + 3, Math.round(lower.y + 3));
    expect(lowerShade[1]).to.be.within(150, 215);
    const outside = pic.at(Math.round(chart.timeToX(t[12])), Math.round(main.y + main.height * 0.45));
    expect(outside[1]).to.be.greaterThan(240);
  });

  it('draws dashed and dotted series lines with gaps along them, and solid lines without', async () => {
    const t = times(50);
    const flat = t.map(() => 100);
    const { chart, errors } = makeChart({ time: t, a: flat, b: flat.map((v) => v - 10), c: flat.map((v) => v - 20), value: flat.map((v) => v - 30) }, {
      type: 'none',
      series: [
        { type: 'line', value: 'a', color: RED, lineStyle: 'dashed', lastValue: false },
        { type: 'line', value: 'b', color: BLUE, lineStyle: 'dotted', lastValue: false },
        { type: 'line', value: 'c', color: GREEN, lastValue: false },
        { type: 'area', value: 'value', color: '#000000', lineStyle: 'dashed', lastValue: false },
      ],
    });
    const pic = await picture(chart, 'dashes');
    expect(errors).to.deep.equal([]);
    const plot = chart.paneRects[0];
    const runs = (y: number, hex: string) => {
      const states: boolean[] = [];
      for (let x = Math.round(plot.x + 10); x < plot.x + plot.width - 10; x++) states.push(near(pic, x, y, hex, 0, 60));
      let changes = 0;
      for (let i = 1; i < states.length; i++) if (states[i] !== states[i - 1]) changes++;
      return { on: states.filter(Boolean).length, changes };
    };
    const dashed = runs(chart.valueToY(100), RED);
    // 2 px wide: dashes of 8 px, gaps of 6 px: about 2 changes per 14 px.
    expect(dashed.changes, 'dashed: on and off along the line').to.be.greaterThan(30);
    expect(dashed.on / (plot.width - 20)).to.be.within(0.4, 0.75);
    const dotted = runs(chart.valueToY(90), BLUE);
    expect(dotted.changes, 'dotted: dots along the line').to.be.greaterThan(60);
    const solid = runs(chart.valueToY(80), GREEN);
    expect(solid.changes, 'solid: no gaps').to.equal(0);
    const areaLine = runs(chart.valueToY(70), '#000000');
    expect(areaLine.changes, "the area's outline is dashed").to.be.greaterThan(30);
    // A dense dashed line (many rows per pixel column) is dashed too.
    const n = 20_000;
    const dense = Array.from({ length: n }, (_, i) => T0 + i * 60_000);
    chart.data = { time: dense, a: dense.map(() => 100), b: dense.map(() => 90), c: dense.map(() => 80), value: dense.map(() => 70) } as unknown as GpuChart['data'];
    const densePic = await picture(chart, 'dashes-dense');
    let changes = 0, prev = false;
    for (let x = Math.round(plot.x + 10); x < plot.x + plot.width - 10; x++) {
      const on = near(densePic, x, chart.valueToY(100), RED, 0, 60);
      if (on !== prev) changes++;
      prev = on;
    }
    expect(changes, 'dense dashed line').to.be.greaterThan(30);
  });

  it('dashes steep segments along their length', async () => {
    const t = times(12);
    const zigzag = t.map((_, i) => (i % 2 ? 100 : 0));
    const { chart } = makeChart({ time: t, value: zigzag }, { series: [], type: 'none', size: [360, 300] });
    chart.series = [{ type: 'line', value: 'value', color: RED, lineStyle: 'dashed', lastValue: false }];
    const pic = await picture(chart, 'dashes-zigzag');
    // Along the segment from row 4 (0) to row 5 (100), between 10 % and 90 % of it.
    const [x0, y0, x1, y1] = [chart.timeToX(t[4]), chart.valueToY(0), chart.timeToX(t[5]), chart.valueToY(100)];
    let changes = 0, on = 0, prev = true;
    for (let k = 10; k <= 90; k++) {
      const hit = near(pic, x0 + ((x1 - x0) * k) / 100, y0 + ((y1 - y0) * k) / 100, RED, 0, 90);
      if (hit !== prev) changes++;
      if (hit) on++;
      prev = hit;
    }
    expect(y0 - y1, 'a steep segment').to.be.greaterThan(150);
    expect(changes, 'dashes and gaps along it').to.be.greaterThan(8);
    expect(on).to.be.within(30, 65);
  });

  it('skips bad markers, price lines, time markers and ranges with one gpu-error each, naming them; the others are drawn', async () => {
    const data = ohlc(10);
    const { chart, errors } = makeChart(data, { type: 'candlestick' });
    chart.markers = [
      { time: data.time[3], position: 'aboveBar', shape: 'circle', color: RED },
      { time: NaN, position: 'aboveBar', shape: 'circle' },
      { time: data.time[4], position: 'sideways', shape: 'circle' },
      { time: data.time[5], position: 'aboveBar', shape: 'star' },
      { time: data.time[6], position: 'atPrice', shape: 'circle' },
      { time: data.time[6], position: 'aboveBar', shape: 'circle', color: 'url(https://example.com/x)' },
    ] as unknown as SeriesMarker[];
    chart.priceLines = [{ price: Infinity }, { price: 101, color: BLUE, lineStyle: 'wavy' }, { price: 99, color: BLUE, lineWidth: 2, lineStyle: 'solid' }] as unknown as GpuChart['priceLines'];
    chart.timeMarkers = [{ time: 'yesterday' }, { time: data.time[7], color: GREEN }] as unknown as GpuChart['timeMarkers'];
    chart.timeRanges = [{ from: data.time[1], to: undefined }] as unknown as GpuChart['timeRanges'];
    const pic = await picture(chart, 'bad-input');
    const messages = errors.map((e) => `${e.phase}: ${e.message}`);
    expect(messages).to.deep.equal([
      'data: chart.markers[1] is skipped: time NaN is not a time in ms',
      'data: chart.markers[2] is skipped: position "sideways" is not one of aboveBar, belowBar, inBar, atPrice',
      'data: chart.markers[3] is skipped: shape "star" is not one of arrowUp, arrowDown, circle, square',
      'data: chart.markers[4] is skipped: price (missing) is not a finite number',
      'data: chart.markers[5] is skipped: color "url(https://example.com/x)" is not a CSS colour',
      'data: chart.priceLines[0] is skipped: price Infinity is not a finite number',
      'data: chart.priceLines[1] is skipped: lineStyle "wavy" is not one of solid, dashed, dotted',
      'data: chart.timeRanges[0] is skipped: to (missing) is not a time in ms',
      'data: chart.timeMarkers[0] is skipped: time "yesterday" is not a time in ms',
    ]);
    expect(chart.shadowRoot!.querySelector('[part="error"]')?.textContent, 'a visible message').to.contain('is skipped');
    // The good ones are drawn.
    expect(near(pic, chart.timeToX(data.time[3]), chart.valueToY(data.high[3]) - 9, RED, 1)).to.equal(true);
    expect(near(pic, chart.paneRects[0].x + 20, chart.valueToY(99), BLUE, 1, 30)).to.equal(true);
    expect(near(pic, chart.timeToX(data.time[7]), chart.paneRects[0].y + 30, GREEN, 1)).to.equal(true);
    // A marker naming a series the chart does not have: one data error.
    chart.markers = [{ time: data.time[3], position: 'inBar', shape: 'circle', series: 'nope' }];
    await chart.updateComplete;
    expect(errors.at(-1)?.message).to.equal('A marker names the series "nope", which the chart does not have; its markers are not drawn');
    // A price line in a pane the chart does not have: one data error.
    chart.priceLines = [{ price: 100, pane: 'volume' }];
    await chart.updateComplete;
    expect(errors.at(-1)?.message).to.equal('chart.priceLines[0] is not drawn: the chart has no pane "volume"');
    // A bad series lineStyle is repaired (drawn solid) with an error.
    chart.series = [{ type: 'line', value: 'close', lineStyle: 'zigzag' as 'solid', title: 'z' }];
    await chart.updateComplete;
    expect(errors.at(-1)?.message).to.contain('lineStyle "zigzag"');
  });

  it('shares time markers with the charts of its sync group', async () => {
    const t = times(20);
    const value = t.map((_, i) => 100 + i);
    const a = makeChart({ time: t, value }, { attrs: { sync: 'g1' } });
    const b = makeChart({ time: t, value }, { attrs: { sync: 'g1' } });
    const c = makeChart({ time: t, value }, { attrs: { sync: 'other' } });
    a.chart.timeMarkers = [{ time: t[5], color: RED }];
    b.chart.timeMarkers = [{ time: t[12], color: BLUE }];
    const [pa, pb, pc] = [await picture(a.chart, 'sync-a'), await picture(b.chart, 'sync-b'), await picture(c.chart, 'sync-c')];
    const mid = (ch: GpuChart) => ch.paneRects[0].y + ch.paneRects[0].height * 0.9;
    for (const [pic, ch] of [[pa, a.chart], [pb, b.chart]] as const) {
      expect(near(pic, ch.timeToX(t[5]), mid(ch), RED, 1), 'the marker of chart a').to.equal(true);
      expect(near(pic, ch.timeToX(t[12]), mid(ch), BLUE, 1), 'the marker of chart b').to.equal(true);
    }
    expect(countColor(pc, hexToRgba(RED), 60) + countColor(pc, hexToRgba(BLUE), 60), 'another group sees none').to.equal(0);
    // Chart a leaves the group: b no longer draws a's marker.
    a.chart.remove();
    await sleep(20);
    const pb2 = await picture(b.chart, 'sync-b-after');
    expect(near(pb2, b.chart.timeToX(t[5]), mid(b.chart), RED, 1)).to.equal(false);
    expect(near(pb2, b.chart.timeToX(t[12]), mid(b.chart), BLUE, 1)).to.equal(true);
  });

  it('keeps markers and price lines through a device loss', async () => {
    const data = ohlc(16);
    const { chart, errors } = makeChart(data, { type: 'candlestick' });
    chart.markers = [{ time: data.time[8], position: 'aboveBar', shape: 'arrowDown', color: RED, text: 'sell' }];
    chart.priceLines = [{ price: 100, color: BLUE, title: 'p', lineStyle: 'solid' }];
    const before = await picture(chart, 'loss-before');
    const device = gpuRegistry().device!;
    device.destroy();
    const deadline = performance.now() + 10_000;
    while ((gpuRegistry().device === null || gpuRegistry().device === device) && performance.now() < deadline) await sleep(5);
    await sleep(50);
    const after = await picture(chart, 'loss-after');
    let differing = 0;
    for (let i = 0; i < before.data.length; i += 4) if (Math.abs(before.data[i] - after.data[i]) > 2 || Math.abs(before.data[i + 2] - after.data[i + 2]) > 2) differing++;
    expect(differing, 'pixels that differ after the loss').to.equal(0);
    expect(near(after, chart.timeToX(data.time[8]), chart.valueToY(data.high[8]) - 9, RED, 1)).to.equal(true);
    expect(errors.filter((e) => e.phase !== 'gpu')).to.deep.equal([]);
  });

  it('a <gpu-indicator line-style="dashed"> draws its line dashed', async () => {
    const t = times(60);
    const flat = t.map(() => 100);
    const { chart, errors } = makeChart({ time: t, close: flat, open: flat, high: flat.map((v) => v + 1), low: flat.map((v) => v - 1) }, { type: 'none' });
    const ind = document.createElement('gpu-indicator');
    ind.setAttribute('type', 'sma');
    ind.setAttribute('period', '3');
    ind.setAttribute('color', RED);
    ind.setAttribute('line-style', 'dashed');
    chart.append(ind);
    await chart.updateComplete;
    await ind.computed;
    await chart.updateComplete;
    const pic = await picture(chart, 'indicator-dashed');
    const plot = chart.paneRects[0];
    let changes = 0, on = 0, prev = false;
    for (let x = Math.round(plot.x + chart.timeToX(t[5]) - plot.x); x < plot.x + plot.width - 10; x++) {
      const hit = near(pic, x, chart.valueToY(100), RED, 1, 60);
      if (hit !== prev) changes++;
      if (hit) on++;
      prev = hit;
    }
    expect(on, 'the SMA is drawn').to.be.greaterThan(50);
    expect(changes, 'with gaps').to.be.greaterThan(20);
    expect(errors).to.deep.equal([]);
  });

  it('makes the markers pipeline only for a chart that has markers', async () => {
    const t = times(10);
    const { chart } = makeChart({ time: t, value: t.map((_, i) => i) }, { type: 'line' });
    await chart.updateComplete;
    type Inside = { engine: { state: { families: Record<string, unknown> } | null; familyNeedList: Array<{ key: string }> } };
    const engine = (chart as unknown as Inside).engine;
    expect(engine.familyNeedList.map((n) => n.key)).to.not.include('markers');
    chart.markers = [{ time: t[3], position: 'inBar', shape: 'circle', color: RED }];
    await chart.updateComplete;
    expect(engine.familyNeedList.map((n) => n.key)).to.include('markers');
    expect(engine.state?.families.markers, 'made once markers are set').to.not.equal(undefined);
    chart.markers = [];
    await chart.updateComplete;
    expect(engine.familyNeedList.map((n) => n.key)).to.not.include('markers');
  });

  it('draws markers on a series of another pane, with everything together (showcase)', async () => {
    const data = ohlc(60);
    const osc = data.close.map((c) => (c - 100) * 3);
    const { chart, errors } = makeChart({ ...data, osc }, {
      type: 'candlestick',
      size: [560, 340],
      series: [{ type: 'line', value: 'osc', pane: 'osc', title: 'osc', color: '#7a4fd1', lineStyle: 'dashed' }],
    });
    const signals: SeriesMarker[] = [];
    for (let i = 1; i < 60; i++) {
      if (osc[i - 1] < 0 && osc[i] >= 0) signals.push({ time: data.time[i], position: 'belowBar', shape: 'arrowUp', color: GREEN, text: 'buy' });
      if (osc[i - 1] > 0 && osc[i] <= 0) signals.push({ time: data.time[i], position: 'aboveBar', shape: 'arrowDown', color: RED, text: 'sell' });
    }
    chart.markers = [...signals, { time: data.time[40], position: 'inBar', shape: 'circle', color: BLUE, series: 'osc' }];
    chart.priceLines = [{ price: 108, color: GREEN, lineStyle: 'dashed', title: 'target' }, { price: 93, color: RED, lineStyle: 'solid', title: 'stop' }];
    chart.timeMarkers = [{ time: data.time[30], color: BLUE, label: 'event', lineStyle: 'dotted' }];
    chart.timeRanges = [{ from: data.time[44], to: data.time[50], color: 'rgba(255, 160, 0, 0.18)', label: 'range' }];
    const pic = await picture(chart, 'showcase');
    expect(errors).to.deep.equal([]);
    expect(signals.length).to.be.greaterThan(3);
    // The circle sits on the oscillator's value at row 40, in its pane.
    const osPane = chart.paneRects[1];
    const y = chart.valueToY(osc[40], 'osc');
    expect(y).to.be.within(osPane.y, osPane.y + osPane.height);
    expect(near(pic, chart.timeToX(data.time[40]), y, BLUE, 1)).to.equal(true);
  });
});
