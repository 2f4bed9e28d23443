/// <reference types="@webgpu/types" preserve="true" />
// The shipped .d.ts name WebGPU types (GPUDevice, …): this keeps the reference in the emitted
// declarations (TypeScript 5.5+ drops written references without preserve="true").
import { GpuChart } from './gpu-chart.js';
import { defineOnce } from '../define.js';
import { prewarmGpu } from '../../chart/render/prewarm.js';
import { warmUpWhenIdle } from './warm-up.js';

defineOnce('gpu-chart', GpuChart);
// The device and the common pipelines are made while the page goes on (after this script's task).
// Then, when the page is idle and no chart exists yet, a chart is drawn once off screen (warm-up.ts).
if (typeof queueMicrotask === 'function') {
  queueMicrotask(() => {
    prewarmGpu();
    warmUpWhenIdle();
  });
}

declare global {
  interface HTMLElementTagNameMap {
    'gpu-chart': GpuChart;
  }
}

export { GpuChart };
