/**
 * gpu-chart: GPU-rendered charts as custom elements. Importing this module defines
 * <gpu-chart> (and the other elements); importing it in Node (SSR) is safe and defines nothing
 * that needs a browser until an element connects.
 */
export { GpuChart } from './elements/chart/define.js';
export { gpuRegistry, GpuRegistry } from './gpu/registry.js';
export { buffersCreated } from './gpu/buffers.js';
export type { SeriesSpec, VisibleRange } from './chart/engine.js';
export type * from './elements/events.js';
