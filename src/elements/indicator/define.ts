/// <reference types="@webgpu/types" preserve="true" />
// The shipped .d.ts name WebGPU types (GPUDevice, …): this keeps the reference in the emitted
// declarations (TypeScript 5.5+ drops written references without preserve="true").
import { GpuIndicator } from './gpu-indicator.js';
import { defineOnce } from '../define.js';

defineOnce('gpu-indicator', GpuIndicator);

declare global {
  interface HTMLElementTagNameMap {
    'gpu-indicator': GpuIndicator;
  }
}

export { GpuIndicator };
