/**
 * The heatmap chunk: loaded with a dynamic import the first time a chart is given a `heatmap`
 * series (layers/series/lazy-kinds.ts), so pages without heatmaps never download it. Importing
 * it registers the kind.
 */
import { colormapLut, lutColor } from '../colormaps.js';
import { registerSeriesKind, rgbaCss } from '../layers/series/kinds.js';
import { checkHeatmapSpec, HeatmapLayer } from './heatmap-layer.js';

registerSeriesKind('heatmap', {
  usesPalette: false,
  columns: () => [],
  colors: (spec) => {
    // the legend swatch: the colormap's middle (a bad colormap is refused before this)
    let color: [number, number, number, number] = [0.5, 0.5, 0.5, 1];
    try {
      color = lutColor(colormapLut(spec.colormap ?? 'viridis'), 0.5);
    } catch {
      // checked in check(); never drawn with a bad one
    }
    return { color, color2: color, css: rgbaCss(color) };
  },
  naming: () => ({ id: 'heatmap', title: 'heatmap' }),
  check: checkHeatmapSpec,
  ownTable: true,
  create: (init, env) => new HeatmapLayer(init, env),
});

export { HeatmapLayer };
