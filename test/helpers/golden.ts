/**
 * Golden images: a picture compared per pixel with `test/goldens/<name>.png`. A pixel differs
 * when one channel is off by more than `channelTolerance`; the test fails when more than
 * `maxDiffPixels` differ (anti-aliasing noise is allowed, a moved label or bar is not). On a
 * failure the actual picture and a diff image (differing pixels red over a faded copy) are
 * written to `test-results/goldens/` and the message names them. Goldens are written only by
 * `npm run test:update-goldens` (UPDATE_GOLDENS=1).
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { decodePng, type Picture } from './pixels.js';

export interface GoldenOptions {
  /** Largest per-channel difference that still counts as the same pixel (0–255). */
  channelTolerance?: number;
  /** Most pixels allowed to differ beyond the tolerance. */
  maxDiffPixels?: number;
}

let updateMode: boolean | null = null;

async function isUpdating(): Promise<boolean> {
  if (updateMode === null) updateMode = Boolean(((await executeServerCommand('golden-mode')) as { update: boolean } | undefined)?.update);
  return updateMode;
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(base64: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: 'image/png' });
}

export interface GoldenDiff {
  differing: number;
  /** Largest channel difference seen. */
  worst: number;
  diff: Blob | null;
}

/** Pixels of `actual` that differ from `expected` beyond the tolerance, and a diff image. */
export async function comparePictures(actual: Picture, expected: Picture, channelTolerance: number): Promise<GoldenDiff> {
  const width = Math.max(actual.width, expected.width);
  const height = Math.max(actual.height, expected.height);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  const out = ctx.createImageData(width, height);
  let differing = 0;
  let worst = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const inBoth = x < actual.width && y < actual.height && x < expected.width && y < expected.height;
      let d = 255;
      let gray = 255;
      if (inBoth) {
        const a = (y * actual.width + x) * 4;
        const e = (y * expected.width + x) * 4;
        d = 0;
        for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(actual.data[a + c] - expected.data[e + c]));
        gray = 255 - Math.round((255 - (actual.data[a] + actual.data[a + 1] + actual.data[a + 2]) / 3) * 0.3);
      }
      worst = Math.max(worst, d);
      if (d > channelTolerance) {
        differing++;
        out.data.set([255, 0, 0, 255], o);
      } else {
        out.data.set([gray, gray, gray, 255], o);
      }
    }
  }
  if (!differing) return { differing, worst, diff: null };
  ctx.putImageData(out, 0, 0);
  return { differing, worst, diff: await canvas.convertToBlob({ type: 'image/png' }) };
}

/**
 * Compares a PNG with its golden (or writes the golden in update mode). Throws with the paths
 * of the actual and diff images when they differ.
 */
export async function expectGolden(name: string, png: Blob, options: GoldenOptions = {}): Promise<void> {
  const channelTolerance = options.channelTolerance ?? 24;
  const maxDiffPixels = options.maxDiffPixels ?? 12;
  if (await isUpdating()) {
    await executeServerCommand('golden-write', { name, images: { '': await toBase64(png) } });
    return;
  }
  const response = await fetch(`/test/goldens/${name}.png`, { cache: 'no-store' });
  if (!response.ok) {
    const files = (await executeServerCommand('golden-failure', { name, images: { '.actual': await toBase64(png) } })) as string[];
    throw new Error(`no golden test/goldens/${name}.png (run npm run test:update-goldens, then look at it); actual picture: ${files.join(', ')}`);
  }
  const actual = await decodePng(png);
  const expected = await decodePng(await response.blob());
  const { differing, worst, diff } = await comparePictures(actual, expected, channelTolerance);
  const sizeDiffers = actual.width !== expected.width || actual.height !== expected.height;
  if (!sizeDiffers && differing <= maxDiffPixels) return;
  const images: Record<string, string> = { '.actual': await toBase64(png) };
  if (diff) images['.diff'] = await toBase64(diff);
  const files = (await executeServerCommand('golden-failure', { name, images })) as string[];
  const size = sizeDiffers ? ` size ${actual.width}×${actual.height}, golden ${expected.width}×${expected.height};` : '';
  throw new Error(`golden ${name}:${size} ${differing} pixels differ by more than ${channelTolerance} (allowed ${maxDiffPixels}, worst ${worst}); see ${files.join(' and ')}`);
}

/** A page screenshot of an element's box (CSS px), for goldens where DOM parts matter. */
export async function screenshotElement(el: Element): Promise<Blob> {
  const r = el.getBoundingClientRect();
  const base64 = (await executeServerCommand('screenshot', { x: Math.round(r.left + scrollX), y: Math.round(r.top + scrollY), width: Math.round(r.width), height: Math.round(r.height) })) as string;
  return fromBase64(base64);
}
