/// <reference types="@webgpu/types" preserve="true" />
// The shipped .d.ts name WebGPU types (GPUDevice, …): this keeps the reference in the emitted
// declarations (TypeScript 5.5+ drops written references without preserve="true").
/**
 * `gpu-chart/data`: the column store, the file formats and the live stream, with no element, no
 * lit and no GPU code (tree-shakable: a bundle gets only what it imports). For Node scripts,
 * workers and apps that prepare data for a chart.
 */
export { ColumnTable, MAX_TIME_MAGNITUDE, TIME_ALIASES } from './table.js';
export type { AppendOptions, AppendResult, ChangeReason, ColumnMap, Row, TableChange, TableListener } from './table.js';
export { loadColumns, decodeBytes, decodeBinary, encodeBinary, isZstd, normalizeColumns, rowsToColumns, inferFormat, DataError, BINARY_CONTENT_TYPE, BINARY_EXTENSION } from './load.js';
export type { Columns, Decoded, DecodeOptions, LoadOptions, LoadResult, DataFormat, DataErrorPhase, BinaryColumnType, EncodeBinaryOptions } from './load.js';
export { DataStream } from './stream.js';
export type { DataStreamOptions, StreamState, StreamStats } from './stream.js';
