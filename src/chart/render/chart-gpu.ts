/**
 * One chart's hold on the page's shared GPU device: acquiring and releasing it, building and
 * dropping the chart's GPU state, recovering from a lost device, and making the pipeline
 * families its layers need before a frame may draw.
 */
import { gpuRegistry, GpuUnavailableError, type AcquiredGpu, type GpuClient } from '../../gpu/registry.js';
import type { AdapterSummary } from '../../gpu/adapter-info.js';
import { canvasFormatFor } from '../../gpu/adapter-info.js';
import type { Theme } from '../theme.js';
import { AlphaModeTracker, buildGpuState, destroyGpuState, makeMissingFamilies, type FamilyNeed, type GpuState, type ReportError } from './gpu-renderer.js';

/** What the chart does when its GPU state comes and goes. */
export interface ChartGpuHost {
  readonly canvas: HTMLCanvasElement;
  theme(): Theme;
  /** Families of the layers known now (made alongside the basic ones). */
  familyNeeds(): Iterable<FamilyNeed>;
  report: ReportError;
  unsupported(reason: string): void;
  /** A device is there: give the tables their GPU copies. */
  attached(device: GPUDevice): void;
  /** The state is being dropped (`lost`: the device is gone; forget, do not destroy). */
  detached(device: GPUDevice, lost: boolean): void;
  /** A warm-up chart (GpuClient.transient): it does not end the prewarm's hold on the device. */
  readonly transient?: boolean;
  /** Something changed that a frame should show (a device, pipelines). */
  changed(): void;
  /** Start-up or pipeline work finished (updateComplete may settle). */
  settled(): void;
}

export class ChartGpu implements GpuClient {
  state: GpuState | null = null;
  /** Set while the device is being acquired: updateComplete waits for it. */
  starting: Promise<void> | null = null;
  /** Set from a device loss until a new device is built on: updateComplete waits for it. */
  recovering: Promise<void> | null = null;
  /** Set while families for the layers are being made. */
  familiesLoading: Promise<void> | null = null;
  readonly alpha = new AlphaModeTracker();
  private running = false;
  private lastAdapter: AdapterSummary | null = null;
  private endRecovery: (() => void) | null = null;

  constructor(private readonly host: ChartGpuHost) {}

  get transient(): boolean {
    return this.host.transient === true;
  }

  /** Acquires the shared device and builds GPU resources; resolves when ready to draw. */
  start(): Promise<void> {
    this.running = true;
    if (this.state) {
      this.host.changed();
      return Promise.resolve();
    }
    this.starting ??= this.connect().finally(() => {
      this.starting = null;
      this.host.changed();
      this.host.settled();
    });
    return this.starting;
  }

  /** Releases this chart's GPU resources and its share of the device. */
  stop(): void {
    this.running = false;
    this.drop();
    gpuRegistry().release(this);
  }

  private async connect(): Promise<void> {
    let gpu: AcquiredGpu;
    try {
      gpu = await gpuRegistry().acquire(this);
    } catch (err) {
      gpuRegistry().release(this);
      const reason = err instanceof GpuUnavailableError ? err.message : `WebGPU could not start: ${String((err as Error)?.message ?? err)}`;
      this.host.unsupported(reason);
      return;
    }
    if (!this.running) {
      gpuRegistry().release(this);
      return;
    }
    try {
      await this.build(gpu);
    } catch (err) {
      this.host.report('gpu', `The chart could not prepare its GPU pipelines: ${String((err as Error)?.message ?? err)}`, err);
    }
  }

  /** True while start-up, recovery or pipeline work will ask for a frame later. */
  get busy(): boolean {
    return !!this.starting || !!this.recovering || !!this.familiesLoading;
  }

  private async build(gpu: AcquiredGpu): Promise<boolean> {
    const known = new Map<string, FamilyNeed>();
    for (const need of this.host.familyNeeds()) if (need.phase === 'gpu') known.set(need.key, need);
    const state = await buildGpuState(gpu, this.host.canvas, this.alpha.mode(this.host.theme(), null), [...known.values()], this.host.report);
    if (!state) {
      this.host.unsupported('The canvas could not provide a WebGPU context.');
      return false;
    }
    // The device may have been lost (or replaced) while the pipelines were being made: a state
    // on it would draw with dead objects forever. Its successor is built by gpuRestored.
    if (!this.running || gpuRegistry().device !== gpu.device || this.state) {
      // The canvas context is shared: a newer state (or the next build) has configured it since.
      destroyGpuState(state, false);
      return false;
    }
    this.state = state;
    this.lastAdapter = gpu.adapter;
    gpu.device.addEventListener('uncapturederror', this.onUncapturedError);
    this.host.attached(gpu.device);
    return true;
  }

  private onUncapturedError = (e: Event): void => {
    const error = (e as GPUUncapturedErrorEvent).error;
    this.host.report('render', `GPU error: ${error.message}`, error);
  };

  private drop(): void {
    const s = this.state;
    if (!s) return;
    s.gpu.device.removeEventListener('uncapturederror', this.onUncapturedError);
    this.host.detached(s.gpu.device, false);
    destroyGpuState(s);
    this.state = null;
  }

  gpuLost(_reason: string): void {
    // Everything made on the old device is gone; keep the data and wait for the new device
    // (also when the device goes while this chart is still building on it, or on its successor).
    const s = this.state;
    if (s) {
      s.gpu.device.removeEventListener('uncapturederror', this.onUncapturedError);
      this.host.detached(s.gpu.device, true);
      this.state = null;
    }
    this.familiesLoading = null;
    // Until a new device is ready, updateComplete waits for the recovery.
    this.recovering ??= new Promise<void>((resolve) => (this.endRecovery = resolve)).finally(() => {
      this.recovering = null;
      this.host.changed();
      this.host.settled();
    });
  }

  /** No new device could be made after a loss: say so, and stop waiting. */
  gpuUnrecoverable(reason: string): void {
    this.host.report('gpu', reason);
    this.finishRecovery();
  }

  private finishRecovery(): void {
    this.endRecovery?.();
    this.endRecovery = null;
  }

  gpuRestored(device: GPUDevice): void {
    if (!this.running) return this.finishRecovery();
    const adapter = this.lastAdapter ?? { vendor: '', architecture: '', device: '', description: '' };
    const gpu = { device, adapter, format: canvasFormatFor(adapter, navigator.gpu.getPreferredCanvasFormat()) };
    this.build(gpu).then(
      // Built: the recovery is over. Not built (lost again meanwhile): the next device will be.
      (built) => built && this.finishRecovery(),
      (err) => {
        this.host.report('gpu', `Could not rebuild after losing the GPU device: ${String(err)}`, err);
        this.finishRecovery();
      },
    );
  }

  /**
   * True when every family the layers need is ready. Otherwise starts making the missing ones
   * and asks for a frame once they are there: a frame never shows some series without the others.
   */
  familiesReady(s: GpuState, needs: Iterable<FamilyNeed>): boolean {
    if (this.familiesLoading) return false;
    const loading = makeMissingFamilies(s, needs, () => this.state === s, this.host.report);
    if (!loading) return true;
    this.familiesLoading = loading.then(() => {
      this.familiesLoading = null;
      this.host.changed();
      this.host.settled();
    });
    return false;
  }
}
