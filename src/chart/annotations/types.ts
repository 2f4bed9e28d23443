/**
 * Annotations set from code (chart.markers, chart.priceLines, chart.timeMarkers,
 * chart.timeRanges): their public types, named as in lightweight-charts where it has the same
 * thing. Their checks are annotation-checks.ts (a lazy chunk). Pure TypeScript.
 */

export type AnnotationLineStyle = 'solid' | 'dashed' | 'dotted';
export type MarkerPosition = 'aboveBar' | 'belowBar' | 'inBar' | 'atPrice';
export type MarkerShape = 'arrowUp' | 'arrowDown' | 'circle' | 'square';

/** A marker on a bar: a shape (and text) above, below or on the bar at `time`, or at `price`. */
export interface SeriesMarker {
  /** ms since 1970; snapped to the row nearest this time. */
  time: number;
  position: MarkerPosition;
  shape: MarkerShape;
  /** Required with `atPrice`. */
  price?: number;
  /** CSS colour (default the theme's text colour). */
  color?: string;
  text?: string;
  /** Size multiplier (default 1: 12 CSS px). */
  size?: number;
  /** Id (title) of the series the marker belongs to (default the main pane's first series). */
  series?: string;
}

/** A horizontal line at a price, with an optional title and a tag on the value axis. */
export interface PriceLineOptions {
  price: number;
  color?: string;
  /** CSS px (default 1). */
  lineWidth?: number;
  /** Default `dashed`. */
  lineStyle?: AnnotationLineStyle;
  title?: string;
  /** Tag with the price on the value axis (default true). */
  axisLabelVisible?: boolean;
  /** Pane id (default `main`). */
  pane?: string;
}

/** A vertical line at a time across every pane (also drawn by the charts of the same `sync` group). */
export interface TimeMarkerOptions {
  time: number;
  color?: string;
  label?: string;
  /** Default `solid`. */
  lineStyle?: AnnotationLineStyle;
}

/** A shaded band between two times, below the series, across every pane. */
export interface TimeRangeOptions {
  from: number;
  to: number;
  color?: string;
  label?: string;
}
