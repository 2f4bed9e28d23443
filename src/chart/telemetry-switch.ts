/**
 * One chart's telemetry switch (the `telemetry` attribute): off costs nothing; turned on the
 * first time, it loads the telemetry chunk (telemetry-part.ts: frame costs and the GPU timer) as
 * one of the chart's lazy parts, then times each frame while on and keeps a GPU timer for the
 * device it draws with.
 */
import type { LazyParts } from './lazy-parts.js';
import type { GpuState } from './render/gpu-renderer.js';
import type { GpuTimer } from './render/gpu-timer.js';
import type { ChartMetrics, FrameTelemetry } from './telemetry.js';

export interface TelemetryHost {
  /** Rows in the chart's table (reported with the frame costs). */
  rows(): number;
  /** The last second's numbers (at most once a second). */
  report(metrics: ChartMetrics): void;
  /** The frame scheduler notes when frames are asked for (for the latency figures) while on. */
  timeRequests(on: boolean): void;
}

export class TelemetrySwitch {
  /** Frame costs, kept only while on (telemetry.ts, loaded when first turned on). */
  private frames: FrameTelemetry | null = null;
  private on = false;
  private gpuTimer: { state: GpuState; timer: GpuTimer | null } | null = null;
  private gpuTimerFor: typeof GpuTimer.for | null = null;

  constructor(
    private readonly parts: LazyParts,
    private readonly host: TelemetryHost,
  ) {}

  get enabled(): boolean {
    return this.on;
  }

  set enabled(on: boolean) {
    this.on = on;
    this.host.timeRequests(on);
    if (this.frames) this.frames.enabled = on;
    else if (on)
      // Its own chunk (with the GPU timer): most pages never turn telemetry on.
      this.parts.load('telemetry', () => import('./telemetry-part.js'), (m) => {
        this.frames = new m.FrameTelemetry(() => this.host.rows(), (metrics) => this.host.report(metrics));
        this.frames.enabled = this.on;
        this.gpuTimerFor = m.GpuTimer.for;
      });
    if (!on) {
      this.gpuTimer?.timer?.destroy();
      this.gpuTimer = null;
    }
  }

  /** The frame costs to record this frame into, while on. */
  get frame(): FrameTelemetry | null {
    return this.on ? this.frames : null;
  }

  /** Since telemetry was turned on; null while off. */
  metrics(): ChartMetrics | null {
    return this.frames?.metrics() ?? null;
  }

  /** The GPU timer of a frame drawn on screen with `s` (made for each new device), or null. */
  timerFor(s: GpuState): GpuTimer | null {
    const telemetry = this.frame;
    if (!telemetry) return null;
    if (this.gpuTimer?.state !== s) {
      this.gpuTimer = { state: s, timer: this.gpuTimerFor?.(s.gpu.device, (ms) => telemetry.gpuTime(ms)) ?? null };
      telemetry.gpuTimed = this.gpuTimer.timer !== null;
    }
    return this.gpuTimer.timer;
  }
}
