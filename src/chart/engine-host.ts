/**
 * What the chart engine tells the element that holds it (engine.ts): the first frame, errors,
 * a missing WebGPU, view and data changes, the legend, telemetry and drawing edits. The engine
 * never fires DOM events itself.
 */
import type { AdapterSummary } from '../gpu/adapter-info.js';
import type { LegendPane } from './layers/layer.js';
import type { LegendPaint } from './render/export.js';
import type { ChartMetrics } from './telemetry.js';
import type { DrawingChange } from './drawings/store.js';

export type ErrorPhase = 'gpu' | 'render' | 'data' | 'plugin';

export interface EngineHost {
  readonly gpuCanvas: HTMLCanvasElement;
  /** The first frame is on screen. */
  ready(adapter: AdapterSummary): void;
  error(phase: ErrorPhase, message: string, cause?: unknown): void;
  unsupported(reason: string): void;
  /** The engine moved the view by itself (fitting data it follows). */
  viewChanged?(): void;
  /** Rows were loaded, appended or updated. */
  dataChanged?(): void;
  /** The legend's content or place changed. */
  legend?(panes: LegendPane[]): void;
  /** The legend as laid out on screen, for exports (nothing when it is off). */
  legendPicture?(): LegendPaint[];
  /** A frame was drawn and finished with no render error. */
  frameDrawn?(): void;
  /** Telemetry is on: the last second's frame numbers (at most once a second). */
  telemetry?(metrics: ChartMetrics): void;
  /** The user (or undo/redo) created, changed, removed or selected drawings. */
  drawingsChanged?(changes: DrawingChange[]): void;
  /** A warm-up chart drawn off screen (elements/chart/warm-up.ts): it leaves the prewarmed device held. */
  readonly transient?: boolean;
}
