/**
 * The page's one GPU device, shared by every chart.
 *
 * Charts acquire it when they connect and release it when they go; the device is destroyed
 * 1.5 s after the last chart releases it (so DOM moves and replaced charts reuse it). When the device is lost for any other reason the registry requests a new
 * one and tells every client to rebuild its resources and redraw from the data it kept.
 * An application may hand in its own device first; that one is shared but never destroyed.
 */
import type { AdapterSummary } from './adapter-info.js';
import { canvasFormatFor, summarizeAdapter } from './adapter-info.js';
import { forgetDevice } from './buffers.js';

export interface GpuClient {
  /** The device was lost; resources made on it are gone. A new one follows through `gpuRestored`. */
  gpuLost(reason: string): void;
  /** A new device replaced a lost one: rebuild resources on it and redraw. */
  gpuRestored(device: GPUDevice): void;
  /** No replacement could be made after a loss (default: gpuLost again, with the reason). */
  gpuUnrecoverable?(reason: string): void;
  /**
   * A chart drawn once off screen to warm the code up (elements/chart/warm-up.ts): it shares the
   * prewarmed device without ending the prewarm's hold, so the device stays for the first real chart.
   */
  readonly transient?: boolean;
}

export class GpuUnavailableError extends Error {
  override name = 'GpuUnavailableError';
}

export interface AcquiredGpu {
  device: GPUDevice;
  adapter: AdapterSummary;
  format: GPUTextureFormat;
}

/**
 * How long the device outlives the last chart. Long enough that a framework moving a chart, or
 * a page replacing its charts (a route change), reuses the device and its compiled pipelines
 * instead of paying for new ones; short enough that a page without charts frees the GPU soon.
 */
const RELEASE_DELAY_MS = 1500;

/**
 * How long a device requested ahead of any chart (`prewarm`) is kept when no chart comes: a page
 * that defines the elements but shows a chart only later (data first, a route change) still
 * finds it; a page without charts frees it soon.
 */
const PREWARM_HOLD_MS = 10_000;

export class GpuRegistry {
  private clients = new Set<GpuClient>();
  private pending: Promise<AcquiredGpu> | null = null;
  private acquired: AcquiredGpu | null = null;
  private provided: GPUDevice | null = null;
  private providedInfo: AdapterSummary | null = null;
  private destroying = new WeakSet<GPUDevice>();
  private releaseTimer: ReturnType<typeof setTimeout> | null = null;
  /** The stand-in client of a prewarmed device, until a chart acquires it or the hold ends. */
  private warm: GpuClient | null = null;
  private warmTimer: ReturnType<typeof setTimeout> | null = null;
  /** How many devices this registry has created (tests use it to see sharing and recovery). */
  devicesCreated = 0;

  /** The device in use now, or null. */
  get device(): GPUDevice | null {
    return this.acquired?.device ?? null;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * Use the application's own device (interop with other WebGPU content). Must be called before
   * the first chart connects; the registry never destroys a device it was given.
   */
  provideDevice(device: GPUDevice, adapterInfo?: GPUAdapterInfo): void {
    // A device requested ahead of time (prewarm) that no chart uses yet gives way to the app's.
    if (this.warm && this.clients.size === 1) this.abandonWarm();
    if (this.acquired || this.pending) {
      throw new Error('provideDevice() must be called before the first chart connects');
    }
    this.provided = device;
    this.providedInfo = summarizeAdapter(adapterInfo ?? (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo);
  }

  /** Registers a client and resolves with the shared device, requesting it on first use. */
  acquire(client: GpuClient): Promise<AcquiredGpu> {
    this.clients.add(client);
    if (this.warm && client !== this.warm && !client.transient) this.endWarm(); // a chart holds it now
    if (this.releaseTimer !== null) {
      clearTimeout(this.releaseTimer);
      this.releaseTimer = null;
    }
    if (this.acquired) return Promise.resolve(this.acquired);
    if (!this.pending) {
      const pending: Promise<AcquiredGpu> = this.createDevice().then(
        (gpu) => {
          if (this.pending !== pending) {
            // Abandoned while it was being made (the app provided its own device).
            this.destroying.add(gpu.device);
            forgetDevice(gpu.device);
            gpu.device.destroy();
            return gpu;
          }
          this.pending = null;
          this.acquired = gpu;
          return gpu;
        },
        (err) => {
          if (this.pending === pending) this.pending = null;
          throw err;
        },
      );
      this.pending = pending;
    }
    return this.pending;
  }

  /**
   * Requests the device before any chart asks for it (the elements call this when they are
   * defined in a browser), so that the page's first chart finds it made and its pipelines
   * compiled. Held for a chart for PREWARM_HOLD_MS; a chart that comes takes it over. Null when
   * a device is there or coming anyway, or the app provided its own.
   */
  prewarm(): Promise<AcquiredGpu> | null {
    if (this.warm || this.acquired || this.pending || this.provided || this.clients.size) return null;
    const warm: GpuClient = { gpuLost: () => undefined, gpuRestored: () => undefined, gpuUnrecoverable: () => undefined };
    this.warm = warm;
    this.warmTimer = setTimeout(() => this.endWarm(), PREWARM_HOLD_MS);
    const acquired = this.acquire(warm);
    acquired.catch(() => this.endWarm());
    return acquired;
  }

  /** Ends the prewarm hold: the device stays if a chart holds it, else goes as after the last chart. */
  private endWarm(): void {
    const warm = this.warm;
    if (!warm) return;
    this.warm = null;
    if (this.warmTimer !== null) clearTimeout(this.warmTimer);
    this.warmTimer = null;
    this.release(warm);
  }

  /** Drops a prewarmed device that no chart uses, at once (made or still coming). */
  private abandonWarm(): void {
    const warm = this.warm!;
    this.warm = null;
    if (this.warmTimer !== null) clearTimeout(this.warmTimer);
    this.warmTimer = null;
    this.clients.delete(warm);
    this.pending = null; // its handler sees it was abandoned and destroys the device
    this.dispose();
  }

  /** Unregisters a client; the device goes when no client is left. */
  release(client: GpuClient): void {
    if (!this.clients.delete(client) || this.clients.size > 0) return;
    if (this.releaseTimer !== null) clearTimeout(this.releaseTimer);
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = null;
      if (this.clients.size === 0) this.dispose();
    }, RELEASE_DELAY_MS);
  }

  /** Resolves once a pending release has happened (for tests and orderly teardown). */
  async settled(): Promise<void> {
    while (this.releaseTimer !== null || this.pending) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private dispose(): void {
    const gpu = this.acquired;
    this.acquired = null;
    if (!gpu) return;
    if (gpu.device === this.provided) return; // the application's device: never destroyed
    this.destroying.add(gpu.device);
    forgetDevice(gpu.device);
    gpu.device.destroy();
  }

  private async createDevice(): Promise<AcquiredGpu> {
    const gpu = typeof navigator !== 'undefined' ? navigator.gpu : undefined;
    if (!gpu) throw new GpuUnavailableError('WebGPU is not available in this browser (navigator.gpu is missing).');
    const preferred = gpu.getPreferredCanvasFormat();
    if (this.provided) {
      this.watchLoss(this.provided);
      const adapter = this.providedInfo ?? summarizeAdapter(undefined);
      return { device: this.provided, adapter, format: canvasFormatFor(adapter, preferred) };
    }
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) throw new GpuUnavailableError('WebGPU is available, but no GPU adapter was found.');
    const device = await adapter.requestDevice({
      // GPU frame times for telemetry, where the adapter offers them (never required).
      requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
      requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
    });
    this.devicesCreated++;
    this.watchLoss(device);
    const summary = summarizeAdapter(adapter.info);
    return { device, adapter: summary, format: canvasFormatFor(summary, preferred) };
  }

  private watchLoss(device: GPUDevice): void {
    void device.lost.then((info) => {
      forgetDevice(device);
      if (this.destroying.has(device)) return; // our own release
      if (this.acquired?.device !== device) return;
      this.acquired = null;
      if (device === this.provided) this.provided = null; // cannot revive the app's device
      const clients = [...this.clients];
      for (const c of clients) c.gpuLost(info.message || info.reason || 'device lost');
      if (this.clients.size === 0) return;
      // Request a replacement and hand it to every client still registered.
      this.acquire(clients[0]).then(
        (gpu) => {
          for (const c of this.clients) c.gpuRestored(gpu.device);
        },
        (err: unknown) => {
          const reason = `could not recover the GPU device: ${String(err)}`;
          for (const c of this.clients) (c.gpuUnrecoverable ? c.gpuUnrecoverable(reason) : c.gpuLost(reason));
        },
      );
    });
  }
}

let shared: GpuRegistry | null = null;

/** The page-wide registry (created on first use, never at import). */
export function gpuRegistry(): GpuRegistry {
  return (shared ??= new GpuRegistry());
}
