/**
 * A heatmap's cells and pyramid levels (one run of floats: level 0, then levels 1…) on the GPU in
 * up to four storage buffers ("bands") when one buffer would pass the device's binding or buffer
 * size limit (or 512 MiB): band b holds floats [b × bandCells, (b + 1) × bandCells). The shaders
 * (heatmap.wgsl, heatmap-levels.wgsl) read a float through `cell(i)`, which picks the band; so a
 * 16 000 × 16 000 matrix (1.33 GiB with its pyramid) draws on a GPU whose bindings stop at 1 GiB (or at 512 MiB),
 * and memory stays 4 bytes a cell plus the pyramid (bands add nothing).
 */
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';
import { StagedWrites, type StagedCopy } from '../../gpu/staged-writes.js';

/** Band bindings the shaders declare (heatmap.wgsl's 8 storage bindings in the fragment stage are WebGPU's default maximum). */
export const MAX_BANDS = 4;
/** Largest band: 4 of them hold 2 GiB, a 20 000² matrix with its pyramid. */
const MAX_BAND_BYTES = 512 * 1048576;

export class CellBands {
  readonly buffers: GPUBuffer[] = [];
  /** Floats in each band (the last may hold fewer). */
  readonly bandCells: number;
  /** Bound for the bands not used (never read; one buffer each, so no writable binding aliases another). */
  private readonly spares: GPUBuffer[] = [];
  /** Large writes (every value replaced) go up through staging buffers (gpu/staged-writes.ts), or null: writeBuffer. */
  private readonly staged: StagedWrites | null;

  /**
   * Throws an Error (naming `what`) when even four bands cannot hold `cells` floats. `staged`: large
   * writes through staging buffers (a heatmap's cells: faster on the H200 and SwiftShader); a 3D
   * surface's z stays on writeBuffer, where staging measured slower on SwiftShader (4000² z
   * replaced every frame: 1.96–2.06/s against 2.31–2.46, bench/README.md) and no faster for sure
   * on the H200.
   */
  constructor(
    private readonly device: GPUDevice,
    readonly cells: number,
    what: string,
    staged = true,
  ) {
    const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    // a multiple of 64 floats (256 bytes), at most MAX_BAND_BYTES: a buffer as large as the limit
    // can still fail to allocate (SwiftShader offers 1 GiB and fails a 1 GiB buffer as out of memory)
    const perBand = Math.max(64, Math.floor(Math.min(limit, MAX_BAND_BYTES) / 4 / 64) * 64);
    const total = Math.max(1, cells);
    const bands = Math.ceil(total / perBand);
    if (bands > MAX_BANDS) {
      throw new Error(`${what}: ${Math.round((total * 4) / 1048576)} MiB with its pyramid, above ${MAX_BANDS} buffers of ${Math.round((perBand * 4) / 1048576)} MiB (this GPU's storage buffer limit is ${Math.round(limit / 1048576)} MiB)`);
    }
    this.bandCells = bands === 1 ? Math.max(total, perBand) : perBand;
    this.staged = staged ? new StagedWrites(device, 'cells') : null;
    for (let b = 0; b < bands; b++) {
      const floats = Math.min(perBand, total - b * perBand);
      this.buffers.push(createBuffer(device, { label: `heatmap cells ${b}`, size: floats * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST }, true));
    }
  }

  /** The buffer bound as band b. */
  band(b: number): GPUBuffer {
    return this.buffers[b] ?? (this.spares[b] ??= createBuffer(this.device, { label: 'heatmap cells (unused band)', size: 16, usage: GPUBufferUsage.STORAGE }));
  }

  /** Writes `data` at float `at`: one copy per band it reaches (one, unless it is split). */
  write(at: number, data: Float32Array): void {
    const copies: StagedCopy[] = [];
    let done = 0;
    while (done < data.length) {
      const i = at + done;
      const b = Math.floor(i / this.bandCells);
      const local = i - b * this.bandCells;
      const n = Math.min(data.length - done, this.bandCells - local);
      copies.push({ target: this.buffers[b], targetOffset: local * 4, from: done, floats: n });
      done += n;
    }
    if (this.staged?.write(data, copies)) return;
    for (const c of copies) this.device.queue.writeBuffer(c.target, c.targetOffset, data.buffer, data.byteOffset + c.from * 4, c.floats * 4);
  }

  destroy(): void {
    this.staged?.destroy();
    for (const b of this.buffers) destroyBuffer(b);
    this.buffers.length = 0;
    for (const b of this.spares) if (b) destroyBuffer(b);
    this.spares.length = 0;
  }
}
