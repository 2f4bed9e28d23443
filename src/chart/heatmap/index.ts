/**
 * The heatmap chunk: loaded with a dynamic import the first time a chart is given a `heatmap`
 * series (layers/series/lazy-kinds.ts), so pages without heatmaps never download it. Importing
 * it registers the kind.
 */
import { colormapSwatch } from '../colormaps.js';
import { registerSeriesKind, rgbaCss } from '../layers/series/kinds.js';
import { checkHeatmapSpec, HeatmapLayer } from './heatmap-layer.js';

registerSeriesKind('heatmap', {
  usesPalette: false,
  columns: () => [],
  colors: (spec) => {
    // the legend swatch: the colormap's middle
    const color = colormapSwatch(spec.colormap);
    return { color, color2: color, css: rgbaCss(color) };
  },
  naming: () => ({ id: 'heatmap', title: 'heatmap' }),
  check: checkHeatmapSpec,
  ownTable: true,
  create: (init, env) => new HeatmapLayer(init, env),
});

export { HeatmapLayer };
