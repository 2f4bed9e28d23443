/**
 * The density chunk: loaded with a dynamic import the first time a chart is given a `density`
 * series (layers/series/lazy-kinds.ts). Importing it registers the kind.
 */
import { colormapSwatch } from '../colormaps.js';
import { registerSeriesKind, rgbaCss } from '../layers/series/kinds.js';
import { checkDensitySpec, DensityLayer } from './density-layer.js';

registerSeriesKind('density', {
  usesPalette: false,
  columns: () => [],
  colors: (spec) => {
    // the legend swatch: the colormap's middle
    const color = colormapSwatch(spec.colormap);
    return { color, color2: color, css: rgbaCss(color) };
  },
  naming: () => ({ id: 'density', title: 'density' }),
  check: checkDensitySpec,
  ownTable: true,
  create: (init, env) => new DensityLayer(init, env),
});

export { DensityLayer };
