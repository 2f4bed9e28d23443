/**
 * The overlays a chart draws only when a page uses them: annotations (price lines, time markers
 * and ranges), primitives, markers and drawings. Each layer's module is a lazy chunk
 * (lazy-parts.ts), loaded the first time its setter gets something to draw; what was set
 * meanwhile is handed to the layer when it is made. Until then there is nothing to draw, so a
 * missing layer and an empty one look the same. The drawings layer comes with the drawings chunk
 * (elements/chart/drawings-part.ts: the store, the editor, the layer), which hands over its maker.
 */
import type { Layer } from './layers/layer.js';
import type { AnnotationsLayer } from './layers/annotations.js';
import type { ChartPrimitive, PrimitivesLayer } from './layers/primitives.js';
import type { MarkersLayer } from './layers/markers.js';
import type { DrawingsLayer, DrawingsSource } from './layers/drawings.js';
import type { DrawingStore } from './drawings/store.js';
import type { Drawing } from './drawings/model.js';
import type { PriceLineOptions, SeriesMarker, TimeMarkerOptions, TimeRangeOptions } from './annotations/types.js';
import type { LazyParts } from './lazy-parts.js';

export class OptionalLayers {
  private annotations: AnnotationsLayer | null = null;
  private primitives: PrimitivesLayer | null = null;
  markers: MarkersLayer | null = null;
  /** Drawn over the series, under the crosshair; hit tests read its last frame. */
  drawings: DrawingsLayer | null = null;
  private priceLines: readonly PriceLineOptions[] = [];
  private timeMarkers: readonly TimeMarkerOptions[] = [];
  private timeRanges: readonly TimeRangeOptions[] = [];
  private primitiveItems: readonly ChartPrimitive[] = [];
  private markerItems: readonly SeriesMarker[] = [];

  /**
   * The drawings, their selection and undo history (drawings/store.ts): made by the drawings chunk
   * (elements/chart/drawings-part.ts) when the chart first uses drawings (attachDrawings).
   */
  drawingStore: DrawingStore | null = null;
  /** A drawing being placed by the user (drawn with its handles, not yet in the list), or null. */
  preview: Drawing | null = null;
  /** What the drawings layer draws: the store's drawings and selection, and the preview. */
  private readonly drawingsSource: DrawingsSource;

  constructor(
    private readonly parts: LazyParts,
    /** Data problems found by a layer (reported once per message). */
    private readonly reportData: (message: string) => void,
  ) {
    const layers = this;
    this.drawingsSource = {
      get all() {
        return layers.drawingStore?.all ?? [];
      },
      get selectedId() {
        return layers.drawingStore?.selectedId ?? null;
      },
      get preview() {
        return layers.preview;
      },
    };
  }

  /** The loaded layers in stage order (layers/layer.ts): annotations, primitives, markers, drawings. */
  get layers(): Layer[] {
    return [this.annotations, this.primitives, this.markers, this.drawings].filter((layer): layer is NonNullable<typeof layer> => layer !== null);
  }

  setPriceLines(lines: readonly PriceLineOptions[]): void {
    this.priceLines = lines;
    if (this.annotations) this.annotations.setPriceLines(lines);
    else if (lines.length) this.loadAnnotations();
  }

  setTimeMarkers(markers: readonly TimeMarkerOptions[]): void {
    this.timeMarkers = markers;
    if (this.annotations) this.annotations.setTimeMarkers(markers);
    else if (markers.length) this.loadAnnotations();
  }

  setTimeRanges(ranges: readonly TimeRangeOptions[]): void {
    this.timeRanges = ranges;
    if (this.annotations) this.annotations.setTimeRanges(ranges);
    else if (ranges.length) this.loadAnnotations();
  }

  private loadAnnotations(): void {
    this.parts.load('annotations', () => import('./layers/annotations.js'), (m) => {
      const layer = new m.AnnotationsLayer(this.reportData);
      layer.setPriceLines(this.priceLines);
      layer.setTimeMarkers(this.timeMarkers);
      layer.setTimeRanges(this.timeRanges);
      this.annotations = layer;
    });
  }

  setPrimitives(items: readonly ChartPrimitive[]): void {
    this.primitiveItems = items;
    if (this.primitives) this.primitives.set(items);
    else if (items.length)
      this.parts.load('primitives', () => import('./layers/primitives.js'), (m) => {
        this.primitives = new m.PrimitivesLayer();
        this.primitives.set(this.primitiveItems);
      });
  }

  setMarkers(markers: readonly SeriesMarker[]): void {
    this.markerItems = markers;
    if (this.markers) this.markers.set(markers);
    else if (markers.length)
      this.parts.load('markers', () => import('./layers/markers.js'), (m) => {
        this.markers = new m.MarkersLayer(this.reportData);
        this.markers.set(this.markerItems);
      });
  }

  /** Makes the drawings layer: set by the drawings chunk when it arrives (ChartEngine.attachDrawings). */
  makeDrawingsLayer: ((source: DrawingsSource) => DrawingsLayer) | null = null;

  /**
   * The drawings changed: with drawings, or one being placed, the drawings layer is made (the
   * editor finds no hits without it); true when it was made now.
   */
  needDrawings(): boolean {
    if (!(this.drawingStore?.all.length || this.preview)) return false;
    if (this.drawings || !this.makeDrawingsLayer) return false;
    this.drawings = this.makeDrawingsLayer(this.drawingsSource);
    return true;
  }
}
