/**
 * Cheap `series` updates. Pages set `series` (and `panes`, which re-sends the series) every
 * frame; when the new specs differ from the drawn ones only in how they look, the layers take
 * the new colours and widths in place, and when series come and go (`visible`), the layers that
 * stay keep their GPU renderers. Only a change of what a series reads or where it sits (type,
 * columns, pane, scale, format, table, …) makes its layer anew.
 */
import type { Theme } from '../../theme.js';
import type { SeriesSpec } from '../../series/spec.js';
import type { SeriesLayer } from '../layer.js';
import { paletteColor, seriesKind, withValidColors } from './kinds.js';

/** Fields that change only how a series looks; the draws read them every frame. */
const STYLE_FIELDS: ReadonlySet<string> = new Set(['color', 'upColor', 'downColor', 'topColor', 'bottomColor', 'width', 'lineStyle', 'hollow', 'marker', 'size', 'visible', 'colormap', 'colorScale', 'colorRange', 'colorBar', 'opacity']);
/**
 * Data a layer takes in place (a heatmap's `grid`: new values are an upload, not a rebuild):
 * left out of the shape key, which would otherwise serialise millions of cells.
 */
const DATA_FIELDS: ReadonlySet<string> = new Set(['grid', 'points']);

/** What a series is, apart from its look: equal keys (and the same table) draw the same rows the same way. */
export function seriesShapeKey(spec: SeriesSpec): string {
  const entries: Array<[string, unknown]> = [];
  for (const key of Object.keys(spec).sort()) {
    if (key === 'table' || STYLE_FIELDS.has(key) || DATA_FIELDS.has(key)) continue;
    entries.push([key, (spec as unknown as Record<string, unknown>)[key]]);
  }
  return JSON.stringify(entries);
}

function sameShape(a: SeriesSpec, b: SeriesSpec): boolean {
  return a.table === b.table && (a.visible === false) === (b.visible === false) && seriesShapeKey(a) === seriesShapeKey(b);
}

/**
 * Gives `layers` (made from `before`) the look of `after` in place, palette colours handed out
 * in the same order as when they were made. False (nothing changed) when anything but the look
 * differs: the caller rebuilds.
 */
export function restyleSeriesLayers(
  layers: readonly SeriesLayer[],
  before: readonly SeriesSpec[],
  after: readonly SeriesSpec[],
  theme: Theme,
  repaired: (spec: SeriesSpec, message: string) => void,
): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) if (!sameShape(before[i], after[i])) return false;
  // Which specs made a layer (hidden ones and those without a kind did not), in order.
  const drawn = after.filter((spec) => spec.visible !== false && seriesKind(spec.type));
  if (drawn.length !== layers.length || layers.some((layer) => !layer.restyle)) return false;
  // The table may have other columns now (same table object, new data): the layers must read the same ones.
  for (let i = 0; i < drawn.length; i++) {
    const table = layers[i].table;
    const columns = seriesKind(drawn[i].type)!.columns(drawn[i], (c) => table.has(c) || (table.length === 0 && (c === 'value' || c === 'close')));
    if (columns.join('\u0000') !== layers[i].columns.join('\u0000')) return false;
  }
  let paletteIndex = 0;
  drawn.forEach((given, i) => {
    const spec = withValidColors(given, (message) => repaired(given, message));
    const kind = seriesKind(spec.type)!;
    const colors = kind.colors(spec, theme, paletteColor(theme, kind.usesPalette ? paletteIndex++ : 0));
    layers[i].restyle!(spec, colors);
  });
  return true;
}

/**
 * New layers take the GPU renderers of old ones drawing the same series (same shape key, table
 * and type), in order; the old layers are destroyed afterwards with what is left.
 */
export function carryRenderers(oldLayers: readonly SeriesLayer[], newLayers: readonly SeriesLayer[]): void {
  const pool = new Map<string, SeriesLayer[]>();
  const keyOf = (layer: SeriesLayer) => seriesShapeKey(layer.spec);
  for (const layer of oldLayers) {
    const key = keyOf(layer);
    const list = pool.get(key);
    if (list) list.push(layer);
    else pool.set(key, [layer]);
  }
  for (const layer of newLayers) {
    const list = pool.get(keyOf(layer));
    const index = list?.findIndex((old) => old.table === layer.table && old.spec.type === layer.spec.type) ?? -1;
    if (!list || index < 0 || !layer.adoptRenderers) continue;
    layer.adoptRenderers(list[index]);
    list.splice(index, 1);
  }
}
