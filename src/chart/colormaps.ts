/**
 * Colormaps: named ones (viridis, magma, inferno, plasma, cividis, turbo, greys, rdbu) and
 * custom stops, sampled into a lookup table; and the colour scales (linear, log, sqrt) that turn
 * a value into a position on the map. Pure TypeScript (no DOM, no GPU): heatmaps and density
 * layers use it, and so will 3D surfaces. The shaders repeat `colorPosition` (heatmap.wgsl).
 */

export type ColormapName = 'viridis' | 'magma' | 'inferno' | 'plasma' | 'cividis' | 'turbo' | 'greys' | 'rdbu';

/** A custom colormap: CSS hex or rgb() colours evenly spaced, or stops `{ at: 0…1, color }`. */
export type ColormapStops = ReadonlyArray<string | { at: number; color: string }>;

export type ColormapSpec = ColormapName | ColormapStops;

export type ColorScaleKind = 'linear' | 'log' | 'sqrt';

export const COLOR_SCALES: readonly ColorScaleKind[] = ['linear', 'log', 'sqrt'];

/** Samples of each map at evenly spaced positions (matplotlib's maps, Google's turbo, ColorBrewer's RdBu). */
const NAMED: Record<ColormapName, readonly string[]> = {
  viridis: ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'],
  magma: ['#000004', '#1d1147', '#51127c', '#822681', '#b63679', '#e65164', '#fb8861', '#fec287', '#fcfdbf'],
  inferno: ['#000004', '#1f0c48', '#550f6d', '#88226a', '#ba3655', '#e35933', '#f98c0a', '#f9c932', '#fcffa4'],
  plasma: ['#0d0887', '#4c02a1', '#7e03a8', '#a92395', '#cc4778', '#e56b5d', '#f89441', '#fdc328', '#f0f921'],
  cividis: ['#00224e', '#123570', '#3b496c', '#575d6d', '#707173', '#8a8678', '#a59c74', '#c3b369', '#e1cc55', '#fee838'],
  turbo: ['#30123b', '#4662d7', '#36aaf9', '#1ae4b6', '#72fe5e', '#c8ef34', '#faba39', '#f66b19', '#ca2a04', '#7a0403'],
  greys: ['#ffffff', '#000000'],
  // diverging: low values red, the middle white, high values blue (as matplotlib's RdBu)
  rdbu: ['#67001f', '#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac', '#053061'],
};

export const COLORMAP_NAMES = Object.keys(NAMED) as ColormapName[];

/** Entries of a lookup table (256 RGBA colours, straight alpha, 0…1). */
export const LUT_SIZE = 256;

/** A colour as RGBA 0…1 from `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb(a)(r, g, b[, a])`; null when it is none of these. */
export function parseStopColor(css: string): [number, number, number, number] | null {
  const s = String(css).trim().toLowerCase();
  let m = /^#([0-9a-f]{3})$/.exec(s);
  if (m) return [0, 1, 2].map((i) => parseInt(m![1][i] + m![1][i], 16) / 255).concat(1) as [number, number, number, number];
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
  if (m) {
    const v = [0, 2, 4].map((i) => parseInt(m![1].slice(i, i + 2), 16) / 255);
    return [v[0], v[1], v[2], m[2] ? parseInt(m[2], 16) / 255 : 1];
  }
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(s);
  if (m) {
    const [r, g, b] = [m[1], m[2], m[3]].map((v) => Math.min(255, Number(v)) / 255);
    const a = m[4] === undefined ? 1 : Math.min(1, Number(m[4]));
    if ([r, g, b, a].every(Number.isFinite)) return [r, g, b, a];
  }
  return null;
}

/**
 * The colormap's stops as (position, RGBA), positions from 0 to 1 ascending; throws an Error
 * naming what is wrong (`field`: where it came from, e.g. `series[0].colormap`).
 */
export function colormapStops(spec: ColormapSpec, field = 'colormap'): Array<{ at: number; color: [number, number, number, number] }> {
  if (typeof spec === 'string') {
    const named = NAMED[spec as ColormapName];
    if (!named || !Object.prototype.hasOwnProperty.call(NAMED, spec)) {
      throw new Error(`${field} "${String(spec).slice(0, 40)}" is not a colormap: use one of ${COLORMAP_NAMES.join(', ')}, or stops`);
    }
    return named.map((c, i) => ({ at: i / (named.length - 1), color: parseStopColor(c)! }));
  }
  if (!Array.isArray(spec) || spec.length < 2) throw new Error(`${field} needs a colormap name or at least two stops`);
  const out = spec.map((stop, i) => {
    const css = typeof stop === 'string' ? stop : stop?.color;
    const at = typeof stop === 'string' ? i / (spec.length - 1) : Number(stop?.at);
    const color = typeof css === 'string' ? parseStopColor(css) : null;
    if (!color) throw new Error(`${field}[${i}] has colour ${JSON.stringify(String(css)).slice(0, 40)}: use #rrggbb or rgb()`);
    if (!(at >= 0 && at <= 1)) throw new Error(`${field}[${i}].at is ${String(at)}: stops are at 0…1`);
    return { at, color };
  });
  for (let i = 1; i < out.length; i++) if (!(out[i].at >= out[i - 1].at)) throw new Error(`${field}[${i}].at comes before the stop before it: stops go up from 0 to 1`);
  return out;
}

/** The colormap sampled at LUT_SIZE positions: RGBA floats, straight alpha. */
export function colormapLut(spec: ColormapSpec, field = 'colormap'): Float32Array {
  const stops = colormapStops(spec, field);
  const lut = new Float32Array(LUT_SIZE * 4);
  let k = 0;
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = i / (LUT_SIZE - 1);
    while (k < stops.length - 2 && t > stops[k + 1].at) k++;
    const a = stops[k];
    const b = stops[k + 1];
    const f = t <= a.at ? 0 : t >= b.at ? 1 : (t - a.at) / (b.at - a.at || 1);
    for (let c = 0; c < 4; c++) lut[i * 4 + c] = a.color[c] + (b.color[c] - a.color[c]) * f;
  }
  return lut;
}

/** The colour of position t (0…1) in a lookup table. */
export function lutColor(lut: Float32Array, t: number): [number, number, number, number] {
  const i = Math.max(0, Math.min(LUT_SIZE - 1, Math.round(t * (LUT_SIZE - 1)))) * 4;
  return [lut[i], lut[i + 1], lut[i + 2], lut[i + 3]];
}

/**
 * A colormap series' legend swatch: the map's middle, or grey for a map the series' check
 * refuses (such a series is never drawn).
 */
export function colormapSwatch(spec: ColormapSpec | undefined): [number, number, number, number] {
  try {
    return lutColor(colormapLut(spec ?? 'viridis'), 0.5);
  } catch {
    return [0.5, 0.5, 0.5, 1];
  }
}

/**
 * Where a value sits on the map, 0…1 (clamped), through the colour scale over [lo, hi]: linear;
 * log10 (values ≤ 0 and lo ≤ 0 have no place: NaN, drawn transparent); sqrt of the linear
 * position. NaN stays NaN (transparent).
 */
export function colorPosition(value: number, lo: number, hi: number, scale: ColorScaleKind): number {
  if (Number.isNaN(value)) return NaN;
  let t: number;
  if (scale === 'log') {
    if (!(value > 0) || !(lo > 0)) return NaN;
    t = (Math.log10(value) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo) || 1);
  } else {
    t = (value - lo) / (hi - lo || 1);
    if (scale === 'sqrt') t = Math.sqrt(Math.max(0, t));
  }
  return Math.max(0, Math.min(1, t));
}

/** Colour scale as a number for shaders: 0 linear, 1 log, 2 sqrt. */
export function colorScaleCode(scale: ColorScaleKind): number {
  return scale === 'log' ? 1 : scale === 'sqrt' ? 2 : 0;
}
