/** Colours as straight-alpha RGBA floats, parsed from any CSS colour string. */
export type Rgba = [number, number, number, number];

const cache = new Map<string, Rgba>();
let probe: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null = null;

export function parseColor(css: string, fallback: Rgba = [0, 0, 0, 1]): Rgba {
  const key = css.trim();
  if (!key) return fallback;
  const hit = cache.get(key);
  if (hit) return hit;
  // The browser's own parser handles every CSS colour syntax: paint one pixel and read it.
  probe ??= new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
  if (!probe) return fallback;
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = '#000';
  probe.fillStyle = key;
  probe.fillRect(0, 0, 1, 1);
  const d = probe.getImageData(0, 0, 1, 1).data;
  const rgba: Rgba = d[3] === 0 ? [0, 0, 0, 0] : [d[0] / 255, d[1] / 255, d[2] / 255, d[3] / 255];
  cache.set(key, rgba);
  return rgba;
}

export function withAlpha(c: Rgba, a: number): Rgba {
  return [c[0], c[1], c[2], c[3] * a];
}

/** Whether a string is a CSS colour (and nothing else: no url(), no var()). */
export function isCssColor(value: unknown): value is string {
  if (typeof value !== 'string' || /url\(|var\(|image|gradient/i.test(value)) return false;
  return typeof CSS === 'undefined' || CSS.supports('color', value);
}
