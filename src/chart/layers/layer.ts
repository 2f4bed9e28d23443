/**
 * The layer contract. Everything a chart draws is a layer: the built-in series, the grid, the
 * axis labels, the last-value tags, the crosshair, user primitives and plugin series. A frame
 * walks the layers in stages, each stage in layer order:
 *
 *   layout   axisRoom()          room beside the value axis (the scene fits scales first)
 *   under    drawUnder(ctx)      rectangles under the series (one batch for the whole chart)
 *   series   drawSeries(ctx)     GPU draws, clipped to the layer's pane
 *   outside  drawOutside(ctx)    series' GPU draws beside the plot (a colour bar's strip)
 *   over     drawOver(ctx)       rectangles over the series (crosshair)
 *   labels   drawLabels(ctx)     text, last
 *
 * Series layers add what the rest of the chart asks of them (SeriesLayer): the data they read,
 * their autoscale extent, their legend/tooltip/crosshair values, a hit test and the pipeline
 * family they need.
 */
import type { ColumnTable } from '../../data/table.js';
import type { Family } from '../../gpu/families.js';
import type { Rgba } from '../colors.js';
import type { CrosshairState } from '../interaction-target.js';
import type { LabelLayer } from '../labels.js';
import type { RectBatch } from '../rects.js';
import type { PlotRect, ValueScale } from '../scales.js';
import type { Pane, PaneMember } from '../scene/pane.js';
import type { TimeSeriesScene } from '../scene/time-scene.js';
import type { DrawFrame, DrawRange } from '../series/renderer.js';
import type { SeriesSpec } from '../series/spec.js';
import type { ValueFormat } from '../series/value-format.js';
import type { Theme } from '../theme.js';
import type { FamilyNeed } from '../render/gpu-renderer.js';
import type { TableUses } from '../render/table-uses.js';

/** A named value inside a grouped legend entry (an indicator's output: "Tenkan 101.2"). */
export interface LegendPart {
  name: string;
  value: string;
  /** Swatch colours as drawn: one, or two for series drawn in up/down colours. */
  colors: string[];
}

export interface LegendItem {
  /** What hides and shows the entry's series: the series' id, or its legend group's id. */
  id: string;
  title: string;
  /** The first swatch colour (`colors[0]`; empty for a group, whose parts have swatches). */
  color: string;
  /** Swatch colours as drawn: one, two for up/down series, none for a group. */
  colors: string[];
  value: string;
  /** A group's members (an indicator's outputs), in order; empty for a single series. */
  parts: LegendPart[];
  /** Hidden by the user (clicking the entry): the entry stays, its series are not drawn. */
  hidden: boolean;
}

export interface LegendPane {
  id: string;
  /** Top of the pane in CSS px. */
  top: number;
  left: number;
  /** Width of the pane's plot in CSS px (the legend stays within it). */
  width: number;
  items: LegendItem[];
}

/** What every stage of a frame gives a layer. */
export interface FrameContext {
  readonly scene: TimeSeriesScene<SeriesLayer>;
  readonly theme: Theme;
  readonly dpr: number;
  readonly canvasPx: [number, number];
  readonly device: GPUDevice;
  readonly crosshair: CrosshairState | null;
  readonly under: RectBatch;
  readonly over: RectBatch;
  readonly labels: LabelLayer;
  /** The GPU copies of the tables in use and their visible rows. */
  readonly tables: TableUses;
  /** Reports an exception or bad result from user code (plugins, primitives). */
  pluginError(message: string, cause?: unknown): void;
  /**
   * Asks for another frame (a layer found its layout out of date, e.g. wider axis labels).
   * `followUp`: the frame only shows what a read-back of an earlier frame brought (colour bar
   * labels); `updateComplete` does not wait for it.
   */
  requestFrame(followUp?: boolean): void;
}

/** The series stage: the render pass, clipped to `pane`. */
export interface SeriesContext extends FrameContext {
  readonly pass: GPURenderPassEncoder;
  readonly pane: Pane<SeriesLayer>;
  readonly frame: DrawFrame;
}

export interface Layer {
  /** Room this layer needs beside the value axis, device px (asked after the scales are fitted). */
  axisRoom?(ctx: FrameContext): number;
  drawUnder?(ctx: FrameContext): void;
  /** Series layers: for their own pane; other layers (markers): for every pane, after its series. */
  drawSeries?(ctx: SeriesContext): void;
  drawOver?(ctx: FrameContext): void;
  drawLabels?(ctx: FrameContext): void;
  /** Frees GPU resources (the layer is replaced, or the chart stops). */
  destroy?(): void;
  /** The device was lost: forget GPU resources without destroying them. */
  gpuLost?(): void;
}

/** Resolved colours of a series (from its spec, else the theme). */
export interface SeriesColors {
  color: Rgba;
  color2: Rgba;
  /** CSS colour of its legend swatch. */
  css: string;
  /** Legend swatch colours when it draws in more than one (up/down bars and columns). */
  swatch?: string[];
}

/** What creating a series layer is given. */
export interface SeriesInit {
  spec: SeriesSpec;
  table: ColumnTable;
  /** Columns it reads, resolved against the table (series/spec.ts). */
  columns: string[];
  colors: SeriesColors;
  scale: ValueScale;
  paneId: string;
  id: string;
  title: string;
}

/** A series' values over a row or a merged bar: candles give open/high/low/close, others their value. */
export interface SeriesReadout {
  fields: Array<{ name: string; value: number }>;
  /** Change of the close (value) from the row before, in percent; NaN when it has none. */
  change: number;
}

/** A hit on a series: how far the point is from what it draws at the row under it. */
export interface SeriesHit {
  /** Distance in CSS px from the point to the drawn shape (0 inside bars). */
  distance: number;
  index: number;
}

/** The contract of every series, built-in or plugin. */
export interface SeriesLayer extends Layer, PaneMember {
  readonly id: string;
  readonly title: string;
  /** Takes a spec that differs from its own only in how it looks (layers/series/restyle.ts); read by the next frame. */
  restyle?(spec: SeriesSpec, colors: SeriesColors): void;
  /** Takes over the GPU renderers of an old layer drawing the same series (kept across a rebuild). */
  adoptRenderers?(from: SeriesLayer): void;
  readonly spec: SeriesSpec;
  readonly table: ColumnTable;
  /** Columns it reads, in the order its shader binds them. */
  readonly columns: readonly string[];
  readonly colors: SeriesColors;
  readonly paneId: string;
  /** A pipeline family beyond line/rects/text, or null. */
  readonly family: FamilyNeed | null;
  /** Bars and markers need half a row of room at the ends of the time axis. */
  readonly needsEdgeRoom: boolean;
  /** Draws a last-value line and tag (spec.lastValue, else its type's default). */
  readonly showsLastValue: boolean;
  /** Hidden from the legend by the user: not drawn, scaled, tagged or hit. */
  hidden: boolean;
  /**
   * The scale it is drawn with: its pane's, measured from its own first visible value on a
   * percent scale (a comparison chart), so every series starts at 0 %.
   */
  readonly view: ValueScale;
  /** Its value at a row (close for bars), for the crosshair, tooltip, a11y and the tag. */
  valueAt(index: number): number;
  /**
   * Legend text at a row (the last row when the index is out of range), or over the rows
   * index..last drawn as one merged bar.
   */
  legendValue(index: number, locale: string | undefined, last?: number): string;
  /** Its value format (series option `format`). */
  readonly valueFormat: ValueFormat;
  /** What it shows over rows first..last (one row, or a merged bar): named values and the change. */
  readout(first: number, last: number): SeriesReadout;
  /** The rows drawn as one bar with `index` in the last frame (merged bars), or null. */
  mergedRows?(index: number): { first: number; last: number } | null;
  /** Last finite value and the colour of its tag, or null. */
  lastValue(): { value: number; color: Rgba } | null;
  /** How close a point (CSS px in the chart) is to what it draws, or null when it is not near. */
  hitTest(xCss: number, yCss: number, ctx: HitContext): SeriesHit | null;
  drawSeries(ctx: SeriesContext): void;
  destroy(): void;
  gpuLost(): void;
  /** The x range (axis values) it covers when its own table drives the x axis (a heatmap's outer edges). */
  xExtent?(): [number, number] | null;
  /**
   * GPU draws outside its pane, after every pane's series (not clipped: the canvas): a colour
   * bar's strip, coloured from the same GPU range buffer as its cells.
   */
  drawOutside?(ctx: FrameContext, pass: GPURenderPassEncoder): void;
  /** GPU compute work before the frame's render pass (a density layer bins its points). */
  encodeCompute?(ctx: FrameContext, encoder: GPUCommandEncoder): void;
  /** The crosshair moved (CSS px; null: it left): a layer whose readout depends on y (heatmaps) notes it. */
  crosshairMoved?(state: CrosshairState | null, dpr: number): void;
  /** Values (ascending, the pane's units) the keyboard's ↑/↓ step the crosshair between: a heatmap's row centres. */
  verticalStops?(): Float64Array;
}

export interface HitContext {
  readonly dpr: number;
  /** The pane's plot rect in device px. */
  readonly plot: PlotRect;
  /** Row nearest a CSS x. */
  indexAtX(xCss: number): number;
  /** CSS-px x of a row. */
  xOfIndex(index: number): number;
}

export type { DrawFrame, DrawRange, Family };
