/**
 * Series kinds: how each `type` of the `series` objects becomes a layer — the columns it reads,
 * its colours from the spec or the theme, its name in the legend, and the layer class. The
 * built-in types are registered here; plugin types (GpuChart.defineSeries) through the same
 * call. A new series type is a new kind, never a branch elsewhere.
 */
import { ColumnTable } from '../../../data/table.js';
import { isCssColor, parseColor, withAlpha, type Rgba } from '../../colors.js';
import { MAIN_PANE } from '../../scene/pane.js';
import type { ValueScale } from '../../scales.js';
import { seriesColumns, type SeriesSpec } from '../../series/spec.js';
import type { Theme } from '../../theme.js';
import type { SeriesColors, SeriesInit, SeriesLayer } from '../layer.js';
import type { SeriesEnv } from './base.js';
import type { XMapping } from '../../x-mapping.js';
import { LineLayer } from './lines.js';
import { HistogramLayer, OhlcLayer } from './bars.js';

export interface SeriesKind {
  /** Takes the next palette colour (bars take the theme's up/down colours instead). */
  readonly usesPalette: boolean;
  /** Columns it reads, in binding order; `has` says whether the table has a column. */
  columns(spec: SeriesSpec, has: (column: string) => boolean): string[];
  colors(spec: SeriesSpec, theme: Theme, palette: { color: Rgba; css: string }): SeriesColors;
  /** Default id and legend title (the spec's `title` wins). */
  naming(columns: string[]): { id: string; title: string };
  create(init: SeriesInit, env: SeriesEnv): SeriesLayer;
  /**
   * Throws an Error naming the field at fault (`field`: `series[i]`) when the spec cannot be
   * drawn; the chart then keeps the series' last good spec (heatmap grids, colormaps).
   */
  check?(spec: SeriesSpec, field: string, x: XMapping): void;
  /** Its layer brings its own table (a heatmap's columns): it is made without the chart's data. */
  readonly ownTable?: boolean;
  /** While the kind's code is still loading (plugin series, a lazy chunk): the load; else null. */
  pending?(): Promise<unknown> | null;
}

export function rgbaCss(c: Rgba): string {
  return `rgba(${Math.round(c[0] * 255)}, ${Math.round(c[1] * 255)}, ${Math.round(c[2] * 255)}, ${c[3]})`;
}

/** The palette colour, or the spec's `color`. */
export function paletteColors(spec: SeriesSpec, palette: { color: Rgba; css: string }): SeriesColors {
  const color = spec.color ? parseColor(spec.color) : palette.color;
  // The swatch is the parsed colour: a user's string never reaches CSS as it is.
  return { color, color2: color, css: rgbaCss(color) };
}

/**
 * The i-th palette colour of a chart: the theme's colours first, then further hues spread by the
 * golden angle, so that no two series of a chart (ten indicators with three lines each) share one.
 */
export function paletteColor(theme: Theme, i: number): { color: Rgba; css: string } {
  const n = theme.series.length;
  if (i < n) return { color: theme.series[i], css: rgbaCss(theme.series[i]) };
  const k = i - n + 1;
  const hue = (k * 137.508 + 20) % 360;
  const dark = theme.background[0] + theme.background[1] + theme.background[2] < 1.5;
  const lightness = (dark ? 0.64 : 0.44) + ((k % 3) - 1) * 0.07;
  const color = hslToRgba(hue, 0.62, lightness);
  return { color, css: rgbaCss(color) };
}

function hslToRgba(h: number, s: number, l: number): Rgba {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4), 1];
}

const byValueColumn = (columns: string[]) => ({ id: columns[0], title: columns[0] });

function lineLike(make: (init: SeriesInit, env: SeriesEnv) => SeriesLayer): SeriesKind {
  return { usesPalette: true, columns: seriesColumns, colors: (spec, _theme, palette) => paletteColors(spec, palette), naming: byValueColumn, create: make };
}

function ohlcKind(type: 'candlestick' | 'ohlc'): SeriesKind {
  return {
    usesPalette: false,
    columns: seriesColumns,
    colors: (spec, theme) => {
      const color = spec.upColor ? parseColor(spec.upColor) : theme.up;
      const color2 = spec.downColor ? parseColor(spec.downColor) : theme.down;
      return { color, color2, css: rgbaCss(color), swatch: [rgbaCss(color), rgbaCss(color2)] };
    },
    naming: (columns) => ({ id: columns[3], title: 'price' }),
    create: (init, env) => new OhlcLayer(init, env, type),
  };
}

/**
 * A kind whose layer is a chunk of its own, loaded by the first chart that draws one: the kind
 * stays registered here, so palette colours are given out in the same order, and the chart
 * waits for the chunk through `pending` (no frame without the series). A failed load may be
 * tried again by the next chart.
 */
function chunk<M>(load: () => Promise<M>): { module: () => M; pending: () => Promise<void> | null } {
  let module: M | null = null;
  let loading: Promise<void> | null = null;
  return {
    module: () => module!,
    pending: () =>
      module
        ? null
        : (loading ??= load().then(
            (m) => {
              module = m;
            },
            (err: unknown) => {
              loading = null;
              throw err;
            },
          )),
  };
}

/** Scatter markers (scatter.ts) and the filled kinds, area, baseline and band (fills.ts): not part of a line or candlestick chart. */
const scatter = chunk(() => import('./scatter.js'));
const fills = chunk(() => import('./fills.js'));

const kinds = new Map<string, SeriesKind>([
  ['line', lineLike((i, e) => new LineLayer(i, e))],
  ['area', { ...lineLike((i, e) => new (fills.module().AreaLayer)(i, e)), pending: fills.pending }],
  ['band', { ...lineLike((i, e) => new (fills.module().BandLayer)(i, e)), pending: fills.pending }],
  ['scatter', { ...lineLike((i, e) => new (scatter.module().ScatterLayer)(i, e)), pending: scatter.pending }],
  [
    'baseline',
    {
      ...lineLike((i, e) => new (fills.module().BaselineLayer)(i, e)),
      pending: fills.pending,
      colors: (spec, theme) => {
        const color = spec.topColor ? parseColor(spec.topColor) : theme.up;
        const color2 = spec.bottomColor ? parseColor(spec.bottomColor) : theme.down;
        return { color, color2, css: rgbaCss(color), swatch: [rgbaCss(color), rgbaCss(color2)] };
      },
    },
  ],
  [
    'histogram',
    {
      ...lineLike((i, e) => new HistogramLayer(i, e)),
      colors: (spec, theme, palette) => {
        const base = paletteColors(spec, palette);
        if (spec.colorBy !== 'direction' && spec.colorBy !== 'sign') return base;
        const color = spec.upColor ? parseColor(spec.upColor) : withAlpha(theme.up, 0.6);
        const color2 = spec.downColor ? parseColor(spec.downColor) : withAlpha(theme.down, 0.6);
        // The swatch shows what is drawn: the up and down colours (opaque, to be seen).
        const opaque = (c: Rgba): Rgba => [c[0], c[1], c[2], 1];
        const swatch = [rgbaCss(opaque(color)), rgbaCss(opaque(color2))];
        return { color, color2, css: swatch[0], swatch: swatch[0] === swatch[1] ? [swatch[0]] : swatch };
      },
    },
  ],
  ['candlestick', ohlcKind('candlestick')],
  ['ohlc', ohlcKind('ohlc')],
]);

/** Adds a series type (plugins). Built-in types cannot be replaced. */
export function registerSeriesKind(type: string, kind: SeriesKind): void {
  kinds.set(type, kind);
}

export function seriesKind(type: string): SeriesKind | undefined {
  return kinds.get(type);
}

export function isBuiltinSeriesType(type: string): boolean {
  return ['line', 'area', 'band', 'scatter', 'baseline', 'histogram', 'candlestick', 'ohlc'].includes(type);
}

/** What building a chart's series layers needs. */
export interface SeriesBuild {
  specs: SeriesSpec[];
  /** The chart's own table (series without `table`). */
  table: ColumnTable | null;
  theme: Theme;
  env: SeriesEnv;
  /** The value scale of a pane (created on first use). */
  scaleOf(paneId: string, side: 'left' | 'right'): ValueScale;
  /** A spec that cannot become a layer (unknown type, a failing plugin). */
  reject(spec: SeriesSpec, message: string, cause?: unknown): void;
  /** A spec field that was repaired (a colour that is not a CSS colour). */
  repaired(spec: SeriesSpec, message: string): void;
  /** A kind's code is loading: its series are left out now, and built again once it is there. */
  wait(load: Promise<unknown>): void;
}

const COLOR_FIELDS = ['color', 'upColor', 'downColor', 'topColor', 'bottomColor'] as const;

/** The spec without colour fields that are not CSS colours (they fall back to the theme). */
export function withValidColors(spec: SeriesSpec, repaired: (message: string) => void): SeriesSpec {
  let out = spec;
  for (const field of COLOR_FIELDS) {
    const value = spec[field];
    if (value === undefined || isCssColor(value)) continue;
    repaired(`The series "${spec.title ?? spec.type}" has ${field} ${JSON.stringify(String(value)).slice(0, 80)}, which is not a CSS colour; the theme's colour is used`);
    if (out === spec) out = { ...spec };
    delete out[field];
  }
  if (spec.lineStyle !== undefined && !['solid', 'dashed', 'dotted'].includes(spec.lineStyle)) {
    repaired(`The series "${spec.title ?? spec.type}" has lineStyle ${JSON.stringify(String(spec.lineStyle)).slice(0, 80)}, which is not solid, dashed or dotted; it is drawn solid`);
    if (out === spec) out = { ...spec };
    delete out.lineStyle;
  }
  return out;
}

/** Turns specs into layers, in order, with palette colours given out in order. */
export function createSeriesLayers(b: SeriesBuild): SeriesLayer[] {
  let paletteIndex = 0;
  const out: SeriesLayer[] = [];
  // Ids and titles are unique in a chart ("price", "price 2"): events, the tooltip and the table
  // key values by them, and two series must never read as one.
  const ids = new Set<string>();
  const titles = new Set<string>();
  const unique = (name: string, taken: Set<string>): string => {
    let out = name;
    for (let k = 2; taken.has(out); k++) out = `${name} ${k}`;
    taken.add(out);
    return out;
  };
  for (const given of b.specs) {
    if (given.visible === false) continue;
    const spec = withValidColors(given, (message) => b.repaired(given, message));
    const kind = kinds.get(spec.type);
    const table = spec.table ?? b.table ?? (kind?.ownTable ? new ColumnTable() : null);
    if (!table) continue;
    if (!kind) {
      b.reject(spec, `Unknown series type "${String(spec.type)}" (define it with GpuChart.defineSeries)`);
      continue;
    }
    const loading = kind.pending?.();
    if (loading) {
      b.wait(loading);
      continue;
    }
    try {
      const columns = kind.columns(spec, (c) => table.has(c) || (table.length === 0 && (c === 'value' || c === 'close')));
      const paneId = spec.pane ?? MAIN_PANE;
      let colors: SeriesColors;
      if (kind.usesPalette) colors = kind.colors(spec, b.theme, paletteColor(b.theme, paletteIndex++));
      else colors = kind.colors(spec, b.theme, paletteColor(b.theme, 0));
      const naming = kind.naming(columns);
      const init: SeriesInit = {
        spec,
        table,
        columns,
        colors,
        paneId,
        scale: b.scaleOf(paneId, spec.scale === 'left' ? 'left' : 'right'),
        id: unique(spec.title ?? naming.id ?? spec.type, ids),
        title: unique(spec.title ?? naming.title, titles),
      };
      out.push(kind.create(init, b.env));
    } catch (err) {
      b.reject(spec, `The series "${spec.title ?? spec.type}" could not be created: ${String((err as Error)?.message ?? err)}`, err);
    }
  }
  return out;
}

/**
 * Gives existing layers the colours a new theme gives them (same palette order as when they
 * were made), in place: a theme change redraws without making any layer or GPU buffer again.
 */
export function recolorSeriesLayers(layers: readonly SeriesLayer[], theme: Theme): void {
  let paletteIndex = 0;
  for (const layer of layers) {
    const kind = kinds.get(layer.spec.type);
    if (!kind) continue;
    // The same colours createSeriesLayers gives (past the theme's own, the golden-angle hues).
    Object.assign(layer.colors, kind.colors(layer.spec, theme, paletteColor(theme, kind.usesPalette ? paletteIndex++ : 0)));
  }
}
