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

function makeChart(data: Record<string, number[]>, opts: { series?: SeriesSpec[]; type?: string; size?: [number, number]; attrs?: Record<string, string> } = {}): { chart: GpuChart; errors: GpuErrorDetail[] } {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.setAttribute('pixel-ratio', '1');
  for (const [k, v] of Object.entries(opts.attrs ?? {})) chart.setAttribute(k, v);
  if (opts.type) chart.type = opts.type;
  const [w, h] = opts.size ?? [360, 240];
  chart.style.cssText = `width:${w}px;height:${h}px;--gpu-chart-background:${BG};--gpu-chart-grid:${BG};--gpu-chart-series-1:${LINE};--gpu-chart-up:${LINE};--gpu-chart-down:${LINE}`;
  const errors: GpuErrorDetail[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail));
  chart.data = data as unknown as GpuChart['data'];
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
});
