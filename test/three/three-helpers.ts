/** Shared by the 3D browser tests: a chart drawn and read back, and the scene's internals they reach. */
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import type { Series3DSpec } from '../../src/chart/three/spec.js';
import type { ThreeDScene } from '../../src/chart/three/three-d.js';
import { decodePng, saveImage, type Picture } from '../helpers/pixels.js';

export const BG = '#ffffff';

/** A chart of `series` at `size` CSS px on a white background, drawn, saved as three-NAME.png and decoded. */
export async function draw3d(name: string, series: Series3DSpec[], size = [320, 240], setup?: (c: GpuChart) => void): Promise<{ chart: GpuChart; pic: Picture }> {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('legend', 'off');
  chart.style.cssText = `width:${size[0]}px;height:${size[1]}px;--gpu-chart-background:${BG}`;
  chart.series = series;
  setup?.(chart);
  document.body.append(chart);
  await chart.updateComplete;
  return { chart, pic: await snapshot(chart, name) };
}

/** The chart's frame now, saved as three-NAME.png. */
export async function snapshot(chart: GpuChart, name: string): Promise<Picture> {
  const blob = await chart.toBlob();
  await saveImage(`three-${name}.png`, blob);
  return decodePng(blob);
}

/** The element's 3D view (three-view.ts): its scene and hover. */
export function threeOf(chart: GpuChart): { scene: ThreeDScene; hover(x: number, y: number): unknown } {
  return (chart as unknown as { three: { scene: ThreeDScene; hover(x: number, y: number): unknown } }).three;
}

/** Where data point (x, y, z) is drawn, device px of the frame (and CSS px for hover). */
export function projectData(chart: GpuChart, x: number, y: number, z: number): { x: number; y: number; cssX: number; cssY: number } {
  const scene = threeOf(chart).scene;
  const b = scene.dataBox;
  const p = scene.view!.project(b.toBox(0, x), b.toBox(1, y), b.toBox(2, z));
  const dpr = window.devicePixelRatio || 1;
  return { x: p.x, y: p.y, cssX: p.x / dpr, cssY: p.y / dpr };
}

export const frames = (n = 2) => new Promise<void>((resolve) => {
  const step = (k: number) => (k <= 0 ? resolve() : requestAnimationFrame(() => step(k - 1)));
  step(n);
});
