/** Shared data and chart set-up for the golden-image tests (deterministic: seeded, fixed zone and locale). */
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { nextFrame } from '../helpers/pixels.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const T0 = Date.UTC(2025, 0, 6);

/** Mulberry32: the same numbers on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Ohlcv {
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** A random walk of OHLCV bars, `step` ms apart. */
export function ohlcv(n: number, seed = 1, step = DAY, start = T0, price = 100): Ohlcv {
  const r = rng(seed);
  const d: Ohlcv = { time: [], open: [], high: [], low: [], close: [], volume: [] };
  let p = price;
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = Math.max(1, o * (1 + (r() - 0.5) * 0.04));
    d.time.push(start + i * step);
    d.open.push(o);
    d.close.push(c);
    d.high.push(Math.max(o, c) * (1 + r() * 0.012));
    d.low.push(Math.min(o, c) * (1 - r() * 0.012));
    d.volume.push(Math.round(200_000 + r() * 800_000));
    p = c;
  }
  return d;
}

export interface ChartSetup {
  width?: number;
  height?: number;
  attrs?: Record<string, string>;
  data?: unknown;
  series?: GpuChart['series'];
  panes?: GpuChart['panes'];
  /** Child elements (indicators) to put in the chart before it connects. */
  children?: HTMLElement[];
  css?: string;
}

/** Makes a chart in the page (legend off unless asked for), waits for its first full frame. */
export async function makeChart(s: ChartSetup): Promise<GpuChart> {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('pixel-ratio', '1');
  chart.setAttribute('time-zone', 'UTC');
  chart.setAttribute('locale', 'en-US');
  chart.setAttribute('legend', 'off');
  chart.setAttribute('kinetic', 'false');
  for (const [k, v] of Object.entries(s.attrs ?? {})) chart.setAttribute(k, v);
  chart.style.cssText = `display:block;width:${s.width ?? 400}px;height:${s.height ?? 250}px;${s.css ?? ''}`;
  if (s.data) chart.data = s.data as GpuChart['data'];
  if (s.series) chart.series = s.series;
  if (s.panes) chart.panes = s.panes;
  for (const c of s.children ?? []) chart.append(c);
  document.body.append(chart);
  await chart.updateComplete;
  for (const c of s.children ?? []) await (c as HTMLElement & { computed?: Promise<unknown> }).computed;
  await nextFrame();
  await chart.updateComplete;
  return chart;
}

/** Moves the mouse crosshair to (x, y) CSS px inside the chart and waits until it is drawn. */
export async function pointAt(chart: GpuChart, x: number, y: number): Promise<void> {
  const r = chart.getBoundingClientRect();
  chart.dispatchEvent(new PointerEvent('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: r.left + x, clientY: r.top + y, bubbles: true }));
  await nextFrame();
  await nextFrame();
  await chart.updateComplete;
}

export function indicator(type: string, attrs: Record<string, string> = {}): HTMLElement {
  const el = document.createElement('gpu-indicator');
  el.setAttribute('type', type);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}
