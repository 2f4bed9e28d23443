/// <reference types="@webgpu/types" preserve="true" />
// The shipped .d.ts name WebGPU types (GPUDevice, …): this keeps the reference in the emitted
// declarations (TypeScript 5.5+ drops written references without preserve="true").
/**
 * gpu-chart: GPU-rendered charts as custom elements. Importing this module defines
 * <gpu-chart>, <gpu-datasource> and <gpu-indicator>; importing it in Node (SSR) is safe: nothing
 * touches the DOM or the GPU until an element connects. The indicator math is a separate chunk,
 * loaded only when a <gpu-indicator> is used.
 */
export { GpuChart } from './elements/chart/define.js';
export { GpuDatasource } from './elements/datasource/define.js';
export { GpuIndicator } from './elements/indicator/define.js';
export { gpuRegistry, GpuRegistry } from './gpu/registry.js';
export { buffersCreated, gpuBytesAllocated } from './gpu/buffers.js';
export { ColumnTable } from './data/table.js';
export type { AppendResult } from './data/table.js';
export type { AppendColumns } from './data/column-append.js';
export { loadColumns, decodeBytes, decodeBinary, encodeBinary, DataError } from './data/load.js';
export type { SeriesSpec, SeriesType } from './chart/series/spec.js';
export type { VisibleRange, PaneOptions, LegendPane, ChartHit } from './chart/engine.js';
export { priceLine, timeRange, textMarker } from './chart/layers/primitives.js';
export type { ChartPrimitive, PrimitiveDrawContext, LineStyle, TextStyle } from './chart/layers/primitives.js';
export { DRAWING_TYPES, FIB_RETRACEMENT_LEVELS, FIB_EXTENSION_LEVELS } from './chart/drawings/model.js';
export type { Drawing, DrawingAnchor, DrawingStyle, DrawingType, DrawingLineStyle } from './chart/drawings/model.js';
export { timeMarker } from './chart/layers/annotations.js';
export type { SeriesMarker, MarkerPosition, MarkerShape, PriceLineOptions, TimeMarkerOptions, TimeRangeOptions, AnnotationLineStyle } from './chart/annotations/types.js';
export type { CustomSeriesDefinition, CustomSeriesData, CustomSeriesFrame } from './chart/plugins/custom-series.js';
export type { ChartColumns, ChartDataSource } from './elements/chart/gpu-chart.js';
export type { ChartMetrics, Percentiles } from './chart/telemetry.js';
export type * from './elements/events.js';
