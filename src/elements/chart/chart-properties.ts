/**
 * The attributes and properties of <gpu-chart> as lit declares them (types, defaults, attribute
 * names, reflection), and the statics every chart shares: the page's telemetry switch, the device
 * handed in, custom series types. What the element does with them is gpu-chart.ts, which extends
 * this class (scripts/custom-elements.mjs reads both for the manifest).
 */
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { PaneOptions, SeriesSpec } from '../../chart/engine.js';
import { defineSeries } from '../../chart/plugins/define-series.js';
import type { CustomSeriesDefinition } from '../../chart/plugins/custom-series.js';
import type { ChartPrimitive } from '../../chart/layers/primitives.js';
import type { ValueScaleMode } from '../../chart/scales.js';
import type { XScaleKind } from '../../chart/x-mapping.js';
import type { PriceLineOptions, SeriesMarker, TimeMarkerOptions, TimeRangeOptions } from '../../chart/annotations/types.js';
import type { Series3DSpec } from '../../chart/three/spec.js';
import type { Projection } from '../../chart/three/camera.js';
import type { CrosshairMode } from '../../chart/interaction/index.js';
import { gpuRegistry } from '../../gpu/registry.js';
import { pageTelemetry } from '../telemetry-switch.js';
import type { ChartColumns } from './inputs.js';
import type { ChartDataSource } from './source-binding.js';

export abstract class ChartProperties extends LitElement {
  /**
   * Defines a custom series type drawn with your own WGSL, usable in every chart's `series`
   * (and as `type`) like a built-in one. See docs/plugins.md.
   */
  static defineSeries(type: string, definition: CustomSeriesDefinition): void {
    defineSeries(type, definition);
  }

  /** The connected charts (the page's telemetry switch reaches each). */
  protected static readonly live = new Set<ChartProperties>();

  /** Telemetry for every chart and data source of the page (as the `telemetry` attribute on each). */
  static get telemetry(): boolean {
    return pageTelemetry.on;
  }

  static set telemetry(on: boolean) {
    pageTelemetry.on = on;
    for (const chart of ChartProperties.live) chart.applyTelemetry();
  }

  /** Hands the application's own GPUDevice to every chart (call before the first one connects). */
  static provideDevice(device: GPUDevice, adapterInfo?: GPUAdapterInfo): void {
    gpuRegistry().provideDevice(device, adapterInfo);
  }

  /** The `telemetry` attribute or the page's switch changed: on or off for this chart. */
  protected abstract applyTelemetry(): void;

  /** `light` or `dark`: picks the default colours (each one can be overridden in CSS). */
  @property({ reflect: true }) theme: 'light' | 'dark' = 'light';

  /** IANA time zone for time labels (default: the browser's). */
  @property({ attribute: 'time-zone' }) timeZone: string | undefined;

  /** Language for labels (default: the browser's). */
  @property() locale: string | undefined;

  /** `linear`, `log` or `percent`. */
  @property({ attribute: 'value-scale' }) valueScale: ValueScaleMode = 'linear';

  /** Where the value axis goes: `right`, `left` or `both`. */
  @property({ attribute: 'value-axis' }) valueAxis: 'right' | 'left' | 'both' = 'right';

  /** Overrides window.devicePixelRatio (exports at a fixed resolution, tests). */
  @property({ type: Number, attribute: 'pixel-ratio' }) pixelRatio: number | undefined;

  /** Columns to draw: `{ time, value }` (time in ms since 1970), arrays or typed arrays. */
  @property({ attribute: false }) data: ChartColumns | null = null;

  /**
   * The default series' type: `line`, `area`, `baseline`, `candlestick`, `ohlc`, `histogram`,
   * `scatter`, `band`, or `none`. By default `candlestick` when the data has open/high/low/close,
   * else a `line` of `value` (or `close`).
   */
  @property({ reflect: true }) type: string | undefined;

  /**
   * Further series drawn after the default one (plain objects, see SeriesSpec). 3D series
   * (`points3d`, `surface`, `line3d`: Series3DSpec) make the chart a 3D scene (its own chunk).
   */
  @property({ attribute: false }) series: Array<SeriesSpec | Series3DSpec> | null = null;

  /** 3D charts: `perspective` (default) or `orthographic`. */
  @property({ reflect: true }) projection: Projection = 'perspective';

  /** 3D charts: the titles of the x, y and z axes (default `x`, `y`, `z`). */
  @property({ attribute: false }) axisTitles: [string, string, string] | null = null;

  /**
   * Objects drawn in a pane above or below its series, in data coordinates: `priceLine(…)`,
   * `timeRange(…)`, `textMarker(…)` or your own `{ pane?, zOrder?, draw(ctx) }` (docs/plugins.md).
   */
  @property({ attribute: false }) primitives: ChartPrimitive[] | null = null;

  /** Annotations from code (docs/annotations.md): shapes and text on bars, lines at prices, at times, shaded time ranges. */
  @property({ attribute: false }) markers: SeriesMarker[] | null = null;

  @property({ attribute: false }) priceLines: PriceLineOptions[] | null = null;

  /** Also drawn by the charts of the same `sync` group. */
  @property({ attribute: false }) timeMarkers: TimeMarkerOptions[] | null = null;

  @property({ attribute: false }) timeRanges: TimeRangeOptions[] | null = null;

  /** Pane heights, fixed ranges and guide lines: `[{ id: 'volume', height: 1 }]`. */
  @property({ attribute: false }) panes: PaneOptions[] | null = null;

  /** `time` (x follows time) or `category` (bars at equal spacing, no weekend gaps). */
  @property({ attribute: 'time-scale' }) timeScale: 'time' | 'category' = 'time';

  /** What x is: `time` (ms, default), or a number on a `linear` or `log` axis (numeric-x.ts). */
  @property({ attribute: 'x-scale' }) xScale: XScaleKind = 'time';

  /** Id of a <gpu-datasource> in the same document or shadow root. */
  @property() source: string | undefined;

  /** A data source element set directly (wins over `source` and a nested datasource). */
  @property({ attribute: false }) dataSource: ChartDataSource | null = null;

  /** At most this many newest rows of the chart's own data (`data`, `appendColumns`); older ones leave first. */
  @property({ type: Number }) capacity: number | null = null;

  /** Room after the last bar, in bars, whenever the view fits the data (default 0). */
  @property({ type: Number, attribute: 'right-offset' }) rightOffset = 0;

  /** `on` (default) shows a legend row per pane; `off` hides it (also in toBlob). */
  @property() legend: 'on' | 'off' = 'on';

  /**
   * Legend entries hidden by the user (clicking an entry, or set here): series ids, and for
   * indicators the `<gpu-indicator>`'s legend group id. Their series are not drawn or scaled.
   */
  @property({ attribute: false }) hiddenSeries: string[] = [];

  /** `normal`, `magnet` (snaps to the main value) or `hidden`. */
  @property() crosshair: CrosshairMode = 'normal';

  /** Show a tooltip with the values under the crosshair. */
  @property({ type: Boolean }) tooltip = false;

  /** Fling scrolling; `kinetic="false"` turns it off (it is off anyway under reduced motion). */
  @property({ converter: (v: string | null) => v !== 'false' && v !== 'off' }) kinetic = true;

  /** Charts with the same sync group share crosshair time and visible range. */
  @property() sync: string | undefined;

  /** Chart title for the accessible name. */
  @property() label: string | undefined;

  /** Keep a visually hidden table of the visible rows for screen readers. */
  @property({ type: Boolean, attribute: 'a11y-table' }) a11yTable = false;

  /**
   * Shows the drawing toolbar: empty or `all` for every tool, else the tools to offer
   * (`tools="trendline hline fib-retracement"`). See docs/drawings.md.
   */
  @property() tools: string | null = null;

  /** Snap drawing anchors to the nearest open, high, low or close. */
  @property({ type: Boolean, attribute: 'drawing-magnet' }) drawingMagnet = false;

  /** Saves the chart's state in localStorage under this key, restores it, and follows other tabs (docs/state.md). */
  @property() persist: string | null = null;

  /** Parts saved and synced: `type series panes scales theme locale interaction indicators drawings range camera` (default all). */
  @property({ attribute: 'persist-parts' }) persistParts: string | null = null;

  /** Origins allowed to configure this chart by postMessage (space-separated). */
  @property({ attribute: 'config-origins' }) configOrigins: string | null = null;

  /** URL of a JSON config to apply. */
  @property({ attribute: 'config-src' }) configSrc: string | null = null;

  /** Measures frame costs: `gpu-telemetry` once a second, `metrics()`, User Timing entries (docs/telemetry.md). */
  @property({ type: Boolean }) telemetry = false;
}
