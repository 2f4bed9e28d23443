/**
 * Every event the elements fire: `gpu-…` CustomEvents that bubble and cross shadow roots, with
 * their `detail` types declared in GlobalEventHandlersEventMap so listeners type-check.
 */

import type { AdapterSummary } from '../gpu/adapter-info.js';
import type { CrosshairReport } from '../chart/interaction/controller.js';
import type { Drawing } from '../chart/drawings/model.js';
import type { DrawingAction } from '../chart/drawings/store.js';
import type { ConfigPart } from '../chart/state/schema.js';
import type { ChartMetrics } from '../chart/telemetry.js';
import type { SourceMetrics } from './datasource/source-telemetry.js';
import type { ConfigSource } from './chart/state/config-core.js';
export type { AdapterSummary };

export interface GpuReadyDetail {
  adapter: AdapterSummary;
}

export type ErrorPhase = 'gpu' | 'render' | 'data' | 'fetch' | 'decompress' | 'parse' | 'cache' | 'stream' | 'indicator' | 'plugin' | 'config';

export interface GpuErrorDetail {
  phase: ErrorPhase;
  message: string;
  cause?: unknown;
}

export interface GpuUnsupportedDetail {
  reason: string;
}

export interface GpuDataDetail {
  reason: 'load' | 'append' | 'update' | 'clear';
  length: number;
  added: number;
  fromCache: boolean;
}

export interface GpuProgressDetail {
  loaded: number;
  total: number | undefined;
}

export interface GpuStreamDetail {
  state: 'connecting' | 'open' | 'reconnecting' | 'closed';
}

export interface GpuRangeDetail {
  from: number;
  to: number;
}

/** The row, time, pointer position and every series' value under the crosshair. */
export type GpuCrosshairDetailValue = CrosshairReport;
export type GpuCrosshairDetail = GpuCrosshairDetailValue | null;

export interface GpuIndicatorDetail {
  type: string;
  length: number;
  changedFrom: number;
}

/** A drawing was created, changed, removed or selected (by the user, undo/redo or a method). */
export interface GpuDrawingDetail {
  action: DrawingAction;
  /** The drawing as plain JSON (for `removed`, as it was); null when the selection was cleared. */
  drawing: Drawing | null;
}

/** A config was applied (chart.config, the config slot or src, storage, another tab, a message). */
export interface GpuConfigDetail {
  /** The parts that changed (`scales`, `drawings`, `range`, …). */
  changed: ConfigPart[];
  source: ConfigSource;
}

/** A chart's frame costs over the last second (telemetry on), with its bound data source's load and stream costs. */
export type GpuTelemetryDetail = ChartMetrics & { source?: SourceMetrics };

export interface GpuChartEventMap {
  'gpu-ready': CustomEvent<GpuReadyDetail>;
  'gpu-error': CustomEvent<GpuErrorDetail>;
  'gpu-unsupported': CustomEvent<GpuUnsupportedDetail>;
  'gpu-data': CustomEvent<GpuDataDetail>;
  'gpu-progress': CustomEvent<GpuProgressDetail>;
  'gpu-stream': CustomEvent<GpuStreamDetail>;
  'gpu-range': CustomEvent<GpuRangeDetail>;
  'gpu-crosshair': CustomEvent<GpuCrosshairDetail>;
  'gpu-indicator': CustomEvent<GpuIndicatorDetail>;
  'gpu-drawing': CustomEvent<GpuDrawingDetail>;
  'gpu-config': CustomEvent<GpuConfigDetail>;
  'gpu-telemetry': CustomEvent<GpuTelemetryDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface GlobalEventHandlersEventMap extends GpuChartEventMap {}
}

/** Fires a bubbling, composed `gpu-…` event from `target`. */
export function fire<K extends keyof GpuChartEventMap>(
  target: EventTarget,
  name: K,
  detail: GpuChartEventMap[K] extends CustomEvent<infer D> ? D : never,
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
