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
