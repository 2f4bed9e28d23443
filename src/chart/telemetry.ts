/**
 * What a chart's frames cost, kept only while telemetry is on (`telemetry` attribute or
 * `GpuChart.telemetry`): frames drawn, CPU ms per frame (encoding it: layout, layers, uploads),
 * GPU ms per frame (timestamp queries, where the device has them), bytes uploaded, late frames.
 * Off, the engine does one boolean check per frame and nothing else.
 */
import { bytesUploaded, gpuBytesAllocated } from '../gpu/buffers.js';

/** A frame drawn more than this after the change that asked for it counts as dropped (1.5 display frames at 60 Hz). */
export const LATE_FRAME_MS = 25;
/** Samples kept for the percentiles. */
const SAMPLES = 600;

export interface Percentiles {
  median: number;
  p95: number;
}

export interface ChartMetrics {
  /** Frames drawn (since telemetry was turned on, or in the event's window). */
  frames: number;
  /** CPU time to encode a frame, ms. */
  cpuMs: Percentiles | null;
  /** GPU time of a frame's render pass, ms; absent where the adapter has no `timestamp-query`. */
  gpuMs?: Percentiles | null;
  /** Rows of the chart's main table. */
  rows: number;
  /** Bytes written to GPU buffers during this chart's frames. */
  bytesUploaded: number;
  /** Bytes this library holds on the GPU now (every chart of the page: they share buffers and the device). */
  gpuBytes: number;
  /** Frames drawn more than LATE_FRAME_MS after the change that asked for them. */
  droppedFrames: number;
  /** Milliseconds the numbers cover (performance.now() time base). */
  from: number;
  to: number;
}

function percentiles(samples: number[]): Percentiles | null {
  if (!samples.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: +at(0.5).toFixed(3), p95: +at(0.95).toFixed(3) };
}

class Window {
  frames = 0;
  cpu: number[] = [];
  gpu: number[] = [];
  uploaded = 0;
  dropped = 0;
  constructor(public from: number) {}

  add(list: number[], v: number): void {
    list.push(v);
    if (list.length > SAMPLES) list.shift();
  }
}

export class FrameTelemetry {
  private total: Window | null = null;
  private window: Window | null = null;
  private frameStart = 0;
  private uploadedBefore = 0;
  /** GPU timing is possible on this device (set by the engine). */
  gpuTimed = false;

  constructor(
    private readonly rows: () => number,
    /** Called at most once a second with the last window's numbers. */
    private readonly emit: (metrics: ChartMetrics) => void,
  ) {}

  get enabled(): boolean {
    return this.total !== null;
  }

  set enabled(on: boolean) {
    if (on === this.enabled) return;
    const now = performance.now();
    this.total = on ? new Window(now) : null;
    this.window = on ? new Window(now) : null;
  }

  begin(): void {
    this.frameStart = performance.now();
    this.uploadedBefore = bytesUploaded();
  }

  /** A frame was encoded and submitted; `requestedAt` is when the change that asked for it was made. */
  end(requestedAt: number): void {
    const total = this.total;
    const window = this.window;
    if (!total || !window) return;
    const end = performance.now();
    const cpu = end - this.frameStart;
    const uploaded = bytesUploaded() - this.uploadedBefore;
    const late = requestedAt > 0 && this.frameStart - requestedAt > LATE_FRAME_MS ? 1 : 0;
    for (const w of [total, window]) {
      w.frames++;
      w.add(w.cpu, cpu);
      w.uploaded += uploaded;
      w.dropped += late;
    }
    performance.measure('gpu-chart frame', { start: this.frameStart, end, detail: { uploaded } });
    if (end - window.from >= 1000) {
      // The performance panel records entries as they are made; dropping the older ones keeps
      // the page's timeline buffer from growing for as long as the chart runs.
      performance.clearMeasures('gpu-chart frame');
      this.emit(this.metricsOf(window, end));
      this.window = new Window(end);
    }
  }

  gpuTime(ms: number): void {
    this.total?.add(this.total.gpu, ms);
    this.window?.add(this.window.gpu, ms);
  }

  /** Since telemetry was turned on; null while it is off. */
  metrics(): ChartMetrics | null {
    return this.total ? this.metricsOf(this.total, performance.now()) : null;
  }

  private metricsOf(w: Window, to: number): ChartMetrics {
    const m: ChartMetrics = { frames: w.frames, cpuMs: percentiles(w.cpu), rows: this.rows(), bytesUploaded: w.uploaded, gpuBytes: gpuBytesAllocated(), droppedFrames: w.dropped, from: w.from, to };
    if (this.gpuTimed) m.gpuMs = percentiles(w.gpu);
    return m;
  }
}
