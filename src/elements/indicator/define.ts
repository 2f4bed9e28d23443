import { GpuIndicator } from './gpu-indicator.js';
import { defineOnce } from '../define.js';

defineOnce('gpu-indicator', GpuIndicator);

declare global {
  interface HTMLElementTagNameMap {
    'gpu-indicator': GpuIndicator;
  }
}

export { GpuIndicator };
