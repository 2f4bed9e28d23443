/**
 * What the interaction layer (pointer, wheel, touch, keyboard, crosshair, sync, a11y) may ask
 * of a chart. The engine implements it; the interaction code depends only on this contract.
 */
import type { ColumnMap } from '../data/table.js';
import type { PlotRect } from './scales.js';

export interface CrosshairState {
  /** Pointer position in CSS px relative to the chart element. */
  x: number;
  y: number;
  /** Row under the crosshair (after magnet snapping), or -1 when there is no data. */
  index: number;
  /** Time at the crosshair's vertical line (the row's time when snapped to a row). */
  time: number;
  /** Show the horizontal line at y (false: vertical line only, as for a synced chart). */
  horizontal: boolean;
  /** The rows drawn as one merged bar with `index` (the line then sits on that bar's centre). */
  first?: number;
  last?: number;
}

/** A series' values over a row or a merged bar, by its (unique) name: fields and formatted text. */
export interface SeriesReadoutText {
  name: string;
  /** `open`, `high`, `low`, `close` and `change` (percent) for bars; `value` for others. */
  fields: Record<string, number>;
  /** As the legend shows it: "O 1.00 H 2.00 L 0.50 C 1.50 +0.52 %", "494.66K". */
  text: string;
  /** The main value (close, value) alone in the series' format. */
  valueText: string;
}

export interface InteractionTarget {
  /** The plot area in CSS px relative to the element's top-left corner (main pane). */
  readonly plotRect: PlotRect;
  /** The full chart size in CSS px. */
  readonly size: { width: number; height: number };
  visibleRange: { from: number; to: number };
  /** Time span of all data, or null when empty. */
  dataRange(): { from: number; to: number } | null;
  /** The time column (ascending, ms). Binary-search it; never scan it whole. */
  times(): Float64Array;
  /** Values of every series at a row (close for bars), keyed by series name (NaN where none). */
  valuesAt(index: number): Record<string, number>;
  /** Rows drawn as one bar with `index` (merged bars of the main series), or null. */
  mergedRowsAt?(index: number): { first: number; last: number } | null;
  /** Every series' readout over rows first..last, in series order. */
  readoutAt?(first: number, last: number): SeriesReadoutText[];
  /**
   * Rows of the series a drawn row stands for, when the rows came from M4 tiles (the table's
   * `tile_rows` column, docs/tiles.md): more than 1 means the row is one of a pixel column's
   * first, last, lowest and highest rows. Undefined for ordinary rows.
   */
  tileRowsAt?(index: number): number | undefined;
  /** The M4 bucket a drawn row stands for (its rows and time range [from, to)), when known. */
  tileBucketAt?(index: number): { rows: number; from: number; to: number } | undefined;
  /** The series' own rows in [from, to) from the bound source (null: the source cannot say). */
  fetchBucketRows?(from: number, to: number): Promise<ColumnMap> | null;
  /** The column a magnet crosshair snaps to (close or value) at a row, or NaN. */
  magnetValueAt(index: number): number;
  /**
   * Values of the main pane the keyboard's ↑/↓ move the crosshair between (a heatmap's row
   * centres, ascending), or null: ↑/↓ then scale the value axis.
   */
  verticalStops?(): Float64Array | null;
  /** Value-axis mapping for the pane under y (CSS px). */
  valueAtY(y: number): number;
  yOfValue(value: number, paneOfY: number): number;
  /** Draws (or hides, with null) the crosshair lines and axis labels; updates the legend. */
  setCrosshair(state: CrosshairState | null): void;
  /** Scales the value axis around its centre (dragging the axis); turns auto-scale off. */
  scaleValueAxis(factor: number, paneY: number): void;
  /** Turns auto-scale back on for the pane under y. */
  resetValueAxis(paneY: number): void;
  /** The vertical centre of every pane, CSS px (to reach each pane's value axis). */
  paneCentres(): number[];
  /** Shows all data (double-click). */
  fitContent(): void;
  /** Series names, for the accessible summary. */
  seriesNames(): string[];
}
