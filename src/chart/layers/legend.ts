/**
 * Legend content: one entry per series, or per legend group (an indicator's outputs as one
 * entry with short names), with swatches in the colours the series are drawn in.
 */
import type { LegendItem, SeriesLayer } from './layer.js';

/** What hides and shows a series from the legend: its group's id, else its own. */
export function legendKey(layer: SeriesLayer): string {
  return layer.spec.legendGroup?.id ?? layer.id;
}

function swatchOf(layer: SeriesLayer): string[] {
  return layer.colors.swatch ?? [layer.colors.css];
}

/** A pane's legend entries at a row (-1: the last), consecutive members of a group merged. */
/** `last`: the last row of the merged bar under the crosshair (one row by default). */
export function legendItems(members: readonly SeriesLayer[], index: number, locale: string | undefined, last = index): LegendItem[] {
  const items: LegendItem[] = [];
  let group: LegendItem | null = null;
  for (const layer of members) {
    const g = layer.spec.legendGroup;
    const value = layer.legendValue(index, locale, last);
    if (!g) {
      group = null;
      const colors = swatchOf(layer);
      items.push({ id: layer.id, title: layer.title, color: colors[0], colors, value, parts: [], hidden: layer.hidden });
      continue;
    }
    if (!group || group.id !== g.id) {
      group = { id: g.id, title: g.title, color: '', colors: [], value: '', parts: [], hidden: layer.hidden };
      items.push(group);
    }
    const name = layer.spec.legendName ?? layer.title;
    const previous = group.parts[group.parts.length - 1];
    if (previous && previous.name === name) {
      // Parts of one line drawn as several series (a trend by direction, the cloud by which
      // span is above): one part, every colour, the value of the one that has it.
      for (const c of swatchOf(layer)) if (!previous.colors.includes(c)) previous.colors.push(c);
      if (!/\d/.test(previous.value)) previous.value = value;
      continue;
    }
    group.parts.push({ name, value, colors: swatchOf(layer) });
  }
  // A group of one is shown as that series under the group's title.
  for (const item of items) {
    if (item.parts.length !== 1) continue;
    const [only] = item.parts;
    item.colors = only.colors;
    item.color = only.colors[0];
    item.value = only.value;
    item.parts = [];
  }
  return items;
}
