import { GpuChart } from './gpu-chart.js';
import { defineOnce } from '../define.js';

defineOnce('gpu-chart', GpuChart);

declare global {
  interface HTMLElementTagNameMap {
    'gpu-chart': GpuChart;
  }
}

export { GpuChart };
