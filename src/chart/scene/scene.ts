/**
 * Scene kinds. A scene is the pure model of what a chart shows: its plot areas, its axes and
 * the mapping from data to pixels, laid out for a canvas size. It draws nothing and holds no GPU
 * state, so it is tested in Node. Layers read it while they record a frame.
 *
 * Today's kind is `time` (time-series panes sharing one time axis: scene/time-scene.ts). A
 * numeric x (linear or log: heatmaps, density) is a kind of its x mapping, not of the scene
 * (x-mapping.ts `scale`: axis values ride the time column), so it needs no `xy` scene. The kind
 * planned next plugs in beside `time` through the same contract:
 * - `3d`: a camera (orbit: yaw, pitch, distance) instead of panes; its layers get a view-
 *   projection matrix instead of x and value scales.
 * The engine asks a scene only what this interface names; a layer that needs a kind's own
 * mappings checks `scene.kind` once when it is created.
 */

export type SceneKindName = 'time' | 'xy' | '3d';

/** The canvas a scene is laid out for, in device px, and how to measure a label. */
export interface SceneGeometry {
  width: number;
  height: number;
  dpr: number;
  fontPx: number;
  /** Width in device px of a label's text. */
  measure(text: string): number;
}

export interface Scene {
  readonly kind: SceneKindName;
  /**
   * Lays out the plot areas and fits the scales for one frame. `axisRoom` is asked after the
   * scales are fitted: the widest thing layers put beside the value axis (tags), device px.
   */
  layout(geometry: SceneGeometry, axisRoom: () => number): void;
}
