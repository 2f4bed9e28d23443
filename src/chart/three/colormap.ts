/**
 * The lookup table a 3D series is coloured through. The shared colormaps module (issue 16:
 * chart/colormaps.ts) is not on this branch yet, so every series is drawn in its one colour
 * (null: no table) until it is; then this returns its table for `colormap`.
 */
import type { Rgba } from '../colors.js';
import type { Colormap3D } from './spec.js';

export function colormapTable(_colormap: Colormap3D | undefined, _fallback: Rgba): Float32Array | null {
  return null;
}
