/// <reference types="@webgpu/types" preserve="true" />
// The shipped .d.ts name WebGPU types (GPUDevice, …): this keeps the reference in the emitted
// declarations (TypeScript 5.5+ drops written references without preserve="true").
/** Registers <gpu-datasource> (import this module for its side effect). */
import { defineOnce } from '../define.js';
import { GpuDatasource } from './gpu-datasource.js';

defineOnce('gpu-datasource', GpuDatasource);

export { GpuDatasource };

declare global {
  interface HTMLElementTagNameMap {
    'gpu-datasource': GpuDatasource;
  }
}
