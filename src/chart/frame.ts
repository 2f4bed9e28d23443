import type { PlotRect, TimeScale, ValueScale } from './scales.js';
import type { TableGpu } from './gpu-columns.js';
import type { ColumnTable } from '../data/table.js';

/** What a series needs to draw one frame. */
export interface FrameContext {
  device: GPUDevice;
  format: GPUTextureFormat;
  pass: GPURenderPassEncoder;
  canvasPx: [number, number];
  plot: PlotRect;
  time: TimeScale;
  value: ValueScale;
  dpr: number;
  table: ColumnTable;
  tableGpu: TableGpu;
  /** Visible rows [first, last] (inclusive, one row beyond each edge so lines reach it). */
  first: number;
  last: number;
}
