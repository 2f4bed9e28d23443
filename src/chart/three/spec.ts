/**
 * The 3D series a chart can draw, as plain objects in the `series` property. A chart whose
 * series are 3D is a 3D scene (scene kind `3d`): everything else about it is in the lazily
 * loaded chunk (three-d.ts). This file is types and one check, so 2D pages carry nothing more.
 */

/** The 3D series types. */
export const SERIES_3D_TYPES = ['points3d', 'surface', 'line3d'] as const;
export type Series3DType = (typeof SERIES_3D_TYPES)[number];

import type { ColormapSpec } from '../colormaps.js';

/** A colormap (the shared colormaps module): `viridis`, `magma`, `inferno`, `plasma`, `cividis`, `turbo`, `greys`, `rdbu`, or stops. */
export type Colormap3D = ColormapSpec;

interface Series3DBase {
  /** Name in the tooltip and events (default: the type and its place, e.g. `surface 1`). */
  title?: string;
  /** CSS colour (one colour for the whole series; default the palette's next colour). */
  color?: string;
  visible?: boolean;
}

/** A point cloud: one point per row of x, y, z (equal lengths). */
export interface Points3DSpec extends Series3DBase {
  type: 'points3d';
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
  /** Colour each point by this column (same length) through `colormap`; default one colour. */
  colorValues?: ArrayLike<number>;
  colormap?: Colormap3D;
  /** Diameter in CSS px (default 4). */
  size?: number;
  /** The shape, as 2D scatter's `marker`: `circle` (default), `square` or `triangle` (pointing up on screen); square and triangle cover about the circle's area. */
  marker?: PointMarker3D;
}

export type PointMarker3D = 'circle' | 'square' | 'triangle';

/**
 * z over an x–y grid: `values[row * columns + column]` is z at grid column `column`, row `row`.
 * The columns are at x0 + column·dx, or at `xEdges[column]` (given, increasing: a non-uniform
 * grid); the rows at y0 + row·dy or `yEdges[row]`. NaN leaves a hole.
 */
export interface SurfaceGrid {
  x0?: number;
  dx?: number;
  y0?: number;
  dy?: number;
  /** Grid columns (may be left out when `xEdges` gives them). */
  columns?: number;
  rows?: number;
  /** The x of each grid column (columns values, increasing), instead of x0/dx: the edges of the drawn cells, as a heatmap's `xEdges`. */
  xEdges?: ArrayLike<number>;
  /** The y of each grid row (rows values, increasing), instead of y0/dy. */
  yEdges?: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface Surface3DSpec extends Series3DBase {
  type: 'surface';
  grid: SurfaceGrid;
  /** Colour by z through this colormap (default `viridis`, unless `color` is given: then one colour). */
  colormap?: Colormap3D;
  /** Grid lines over the surface: `true` (the theme's axis colour) or a CSS colour. */
  wireframe?: boolean | string;
}

/** A polyline through (x, y, z) in row order (a trajectory); a non-finite row breaks it. */
export interface Line3DSpec extends Series3DBase {
  type: 'line3d';
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
  /** Width in CSS px (default 2). */
  width?: number;
}

export type Series3DSpec = Points3DSpec | Surface3DSpec | Line3DSpec;

/** True for a 3D series object (the chart then is a 3D scene). */
export function is3dSeries(spec: unknown): spec is Series3DSpec {
  const type = (spec as { type?: unknown } | null)?.type;
  return typeof type === 'string' && (SERIES_3D_TYPES as readonly string[]).includes(type);
}
