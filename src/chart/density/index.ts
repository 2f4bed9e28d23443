/**
 * The density chunk: loaded with a dynamic import the first time a chart is given a `density`
 * series (layers/series/lazy-kinds.ts). Importing it registers the kind.
 */
import { colormapLut, lutColor } from '../colormaps.js';
import { registerSeriesKind, rgbaCss } from '../layers/series/kinds.js';
import { checkDensitySpec, DensityLayer } from './density-layer.js';

registerSeriesKind('density', {
  usesPalette: false,
  columns: () => [],
  colors: (spec) => {
    let color: [number, number, number, number] = [0.5, 0.5, 0.5, 1];
    try {
      color = lutColor(colormapLut(spec.colormap ?? 'viridis'), 0.5);
    } catch {
      // checked in check(); never drawn with a bad one
    }
    return { color, color2: color, css: rgbaCss(color) };
  },
  naming: () => ({ id: 'density', title: 'density' }),
  check: checkDensitySpec,
  ownTable: true,
  create: (init, env) => new DensityLayer(init, env),
});

export { DensityLayer };
