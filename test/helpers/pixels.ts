/** Test helpers: decode a chart's PNG, read pixels, save images for people to look at. */
import { executeServerCommand } from '@web/test-runner-commands';

export type RGBA = [number, number, number, number];

export interface Picture {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  at(x: number, y: number): RGBA;
}

export async function decodePng(blob: Blob): Promise<Picture> {
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  return {
    width,
    height,
    data,
    at(x: number, y: number): RGBA {
      const i = (Math.round(y) * width + Math.round(x)) * 4;
      return [data[i], data[i + 1], data[i + 2], data[i + 3]];
    },
  };
}

export function hexToRgba(hex: string): RGBA {
  const h = hex.replace('#', '');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), 255];
}

export function colorDistance(a: RGBA, b: RGBA): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]), Math.abs(a[3] - b[3]));
}

/** True when some pixel within `radius` of (x, y) is within `tolerance` of `color`. */
export function hasColorNear(p: Picture, x: number, y: number, color: RGBA, radius = 1, tolerance = 40): boolean {
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const xx = Math.round(x) + dx;
      const yy = Math.round(y) + dy;
      if (xx < 0 || yy < 0 || xx >= p.width || yy >= p.height) continue;
      if (colorDistance(p.at(xx, yy), color) <= tolerance) return true;
    }
  }
  return false;
}

/** Pixels within `tolerance` of `color` in a rectangle. */
export function countColor(p: Picture, color: RGBA, tolerance = 40, box = { x: 0, y: 0, width: p.width, height: p.height }): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      if (colorDistance(p.at(x, y), color) <= tolerance) n++;
    }
  }
  return n;
}

export async function saveImage(name: string, blob: Blob): Promise<void> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  await executeServerCommand('save-image', { name, base64: btoa(binary) });
}

/**
 * Saves a screenshot of what the page shows inside `el`'s box (DOM overlays included, which
 * toBlob leaves out) under test-results/screens/`name`, and returns it decoded.
 */
export async function savePageScreenshot(name: string, el: Element): Promise<Picture> {
  const box = el.getBoundingClientRect();
  const clip = { x: box.left + scrollX, y: box.top + scrollY, width: box.width, height: box.height };
  const base64 = (await executeServerCommand('page-screenshot', { name, clip })) as string;
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return decodePng(new Blob([bytes], { type: 'image/png' }));
}

export async function setDevicePixelRatio(dpr: number): Promise<void> {
  await executeServerCommand('set-dpr', { dpr });
}

export function nextFrame(): Promise<void> {
  return new Promise((r) => requestAnimationFrame(() => r()));
}

export async function logAdapterOnce(): Promise<void> {
  const w = window as unknown as { __adapterLogged?: boolean };
  if (w.__adapterLogged) return;
  w.__adapterLogged = true;
  const adapter = await navigator.gpu?.requestAdapter();
  const i = adapter?.info;
  console.log(`[webgpu] adapter vendor=${i?.vendor} architecture=${i?.architecture} device=${i?.device} description=${i?.description}`);
}
