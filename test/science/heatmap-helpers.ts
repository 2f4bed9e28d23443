/** What the heatmap tests share: a chart without data of its own, its errors, pixels, viridis. */
import type { GpuChart } from '../../src/index.js';
import type { Picture, RGBA } from '../helpers/pixels.js';
import { colormapLut, lutColor } from '../../src/chart/colormaps.js';

export interface EngineView {
  valueToY(value: number): number;
  plotRect: { x: number; y: number; width: number; height: number };
  readoutAt(first: number, last: number): Array<{ name: string; fields: Record<string, number> }>;
}
export const engineOf = (chart: GpuChart) => (chart as unknown as { engine: EngineView }).engine;

/** A chart on a white background, no legend, on an x axis of `xScale`; series are set by the test. */
export function newChart(xScale: 'time' | 'linear', width = 360, height = 220): GpuChart {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `position:fixed;left:0;top:0;display:block;width:${width}px;height:${height}px;--gpu-chart-background:#ffffff;`;
  chart.setAttribute('legend', 'off');
  chart.setAttribute('x-scale', xScale);
  chart.type = 'none';
  return chart;
}

export function errorsOf(chart: GpuChart): string[] {
  const errors: string[] = [];
  chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
  return errors;
}

export function pixel(p: Picture, x: number, y: number): RGBA {
  const i = (Math.round(y) * p.width + Math.round(x)) * 4;
  return [p.data[i], p.data[i + 1], p.data[i + 2], p.data[i + 3]];
}

const VIRIDIS = colormapLut('viridis');
export const viridis = (t: number): RGBA => lutColor(VIRIDIS, t).map((c) => Math.round(c * 255)) as RGBA;
