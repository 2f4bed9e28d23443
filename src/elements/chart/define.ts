/// <reference types="@webgpu/types" preserve="true" />
// The shipped .d.ts name WebGPU types (GPUDevice, …): this keeps the reference in the emitted
// declarations (TypeScript 5.5+ drops written references without preserve="true").
import { GpuChart } from './gpu-chart.js';
import { defineOnce } from '../define.js';
import { prewarmGpu } from '../../chart/render/prewarm.js';

defineOnce('gpu-chart', GpuChart);
// The device and the common pipelines are made while the page goes on (after this script's task).
if (typeof queueMicrotask === 'function') queueMicrotask(prewarmGpu);

declare global {
  interface HTMLElementTagNameMap {
    'gpu-chart': GpuChart;
  }
}

export { GpuChart };
