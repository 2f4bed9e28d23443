// Frame telemetry and the GPU timer: one lazy chunk, loaded when a chart first turns telemetry on (engine.ts).
export { FrameTelemetry } from './telemetry.js';
export { GpuTimer } from './render/gpu-timer.js';
