/**
 * A heatmap's work that grows with its cells, done on the GPU (shaders/heatmap-levels.wgsl), so
 * replacing every cell costs the CPU one `writeBuffer` of the values and O(pixels) of spans:
 * - the levels of the max pyramid, each reduced from the one below it by one dispatch, written
 *   after the cells into the same buffer (the layout heatmap.wgsl reads: grid.ts's pyramid);
 * - the automatic colour range over the cells in view, into a small buffer heatmap.wgsl reads in
 *   the same frame, then copied back for the colour bar's labels (which so follow one frame
 *   later, only where the window is too large to scan on the CPU: heatmap-layer.ts).
 */
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';
import levelsSource from '../../../shaders/heatmap-levels.wgsl';
import type { CellBands } from './cell-bands.js';
import { levelSize } from './grid.js';

interface LevelPipelines {
  layout: GPUBindGroupLayout;
  reduce: GPUComputePipeline;
  range: GPUComputePipeline;
  finish: GPUComputePipeline;
}

/** Compute pipelines per device, made with the render family (a frame never waits for them). */
const pipelinesByDevice = new WeakMap<GPUDevice, LevelPipelines>();

export async function makeLevelPipelines(device: GPUDevice): Promise<void> {
  if (pipelinesByDevice.has(device)) return;
  const entry = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } });
  // 0 the parameters, 1 band 0 of the cells, 2 the range, 3…5 bands 1…3 (cell-bands.ts)
  const layout = device.createBindGroupLayout({ label: 'heatmap levels', entries: [entry(0, 'uniform'), entry(1, 'storage'), entry(2, 'storage'), entry(3, 'storage'), entry(4, 'storage'), entry(5, 'storage')] });
  const module = device.createShaderModule({ label: 'heatmap levels', code: levelsSource });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`WGSL errors in heatmap-levels: ${errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
  const make = (entryPoint: string) => device.createComputePipelineAsync({ label: `heatmap ${entryPoint}`, layout: pipelineLayout, compute: { module, entryPoint } });
  const [reduce, range, finish] = await Promise.all([make('reduceLevel'), make('windowRange'), make('finishRange')]);
  pipelinesByDevice.set(device, { layout, reduce, range, finish });
}

/** Levels 1… of the pyramid over columns × rows (grid.ts buildPyramid's shape, without values). */
export interface PyramidShape {
  /** Offset of level k in the buffer (level 0, the cells, at 0). */
  offsets: number[];
  columns: number[];
  rows: number[];
  /** Cells of levels 1 and up. */
  cells: number;
}

export function pyramidShape(columns: number, rows: number): PyramidShape {
  const offsets = [0];
  const cols = [columns];
  const rws = [rows];
  let total = columns * rows;
  while (cols[cols.length - 1] > 1 || rws[rws.length - 1] > 1) {
    const k = cols.length;
    offsets.push(total);
    cols.push(levelSize(columns, k));
    rws.push(levelSize(rows, k));
    total += cols[k] * rws[k];
  }
  return { offsets, columns: cols, rows: rws, cells: total - columns * rows };
}

const SLOT = 256; // uniform offsets are multiples of 256 bytes
const PARAM_WORDS = 12;

/** The GPU side of one (non-live) heatmap: its pyramid's dispatches and its colour range. */
export class GpuLevels {
  /** [~low key, high key, low, high]: heatmap.wgsl reads the range from [2] and [3]. */
  readonly range: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly readback: GPUBuffer;
  private groups: GPUBindGroup[] = [];
  private reading = false;
  /** A range was measured while the last one was being read: read it after. */
  private stale = false;
  /** The range last read back (for the colour bar's labels); null before the first. */
  lastRange: [number, number] | null = null;

  constructor(
    private readonly device: GPUDevice,
    private readonly cells: CellBands,
    private readonly shape: PyramidShape,
  ) {
    // one parameter slot per level reduced, and one for the window
    this.params = createBuffer(device, { label: 'heatmap levels', size: SLOT * shape.offsets.length, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.range = createBuffer(device, { label: 'heatmap range', size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
    this.readback = createBuffer(device, { label: 'heatmap range readback', size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    // the range before any window was measured: [0, 1] (the layer's own starting range)
    device.queue.writeBuffer(this.range, 0, new Float32Array([0, 0, 0, 1]));
    const levels = new Uint32Array((SLOT / 4) * shape.offsets.length);
    for (let k = 1; k < shape.offsets.length; k++) {
      const o = (SLOT / 4) * (k - 1);
      levels.set([shape.offsets[k - 1], shape.offsets[k], shape.columns[k - 1], shape.rows[k - 1], shape.columns[k], shape.rows[k], shape.columns[k - 1], 0, cells.bandCells], o);
    }
    device.queue.writeBuffer(this.params, 0, levels);
  }

  /** Whether it was made for a grid of this shape. */
  fits(shape: PyramidShape): boolean {
    return shape.columns[0] === this.shape.columns[0] && shape.rows[0] === this.shape.rows[0];
  }

  static ready(device: GPUDevice): boolean {
    return pipelinesByDevice.has(device);
  }

  private group(slot: number, pipelines: LevelPipelines): GPUBindGroup {
    this.groups[slot] ??= this.device.createBindGroup({
      layout: pipelines.layout,
      entries: [
        { binding: 0, resource: { buffer: this.params, offset: slot * SLOT, size: PARAM_WORDS * 4 } },
        { binding: 1, resource: { buffer: this.cells.band(0) } },
        { binding: 2, resource: { buffer: this.range } },
        { binding: 3, resource: { buffer: this.cells.band(1) } },
        { binding: 4, resource: { buffer: this.cells.band(2) } },
        { binding: 5, resource: { buffer: this.cells.band(3) } },
      ],
    });
    return this.groups[slot];
  }

  /** Records the dispatches that build every pyramid level above freshly written cells. */
  encodePyramid(encoder: GPUCommandEncoder): void {
    const pipelines = pipelinesByDevice.get(this.device);
    const s = this.shape;
    if (!pipelines || s.offsets.length < 2) return;
    const pass = encoder.beginComputePass({ label: 'heatmap pyramid' });
    pass.setPipeline(pipelines.reduce);
    for (let k = 1; k < s.offsets.length; k++) {
      pass.setBindGroup(0, this.group(k - 1, pipelines));
      pass.dispatchWorkgroups(Math.ceil(s.columns[k] / 16), Math.ceil(s.rows[k] / 16));
    }
    pass.end();
  }

  /**
   * Records the colour range over columns c0…c1 and rows r0…r1 (inclusive) of the cells (row-major,
   * `stride` a row) into `range`, then a copy for the CPU, read once the frame is submitted;
   * `changed` is called when the range read differs from the last (the colour bar's labels), or
   * when a later window could not be read back yet (the layer measures again in its next frame).
   */
  encodeRange(encoder: GPUCommandEncoder, stride: number, window: [number, number, number, number], positiveOnly: boolean, changed: () => void): void {
    const pipelines = pipelinesByDevice.get(this.device);
    if (!pipelines) return;
    const [c0, c1, r0, r1] = window;
    const columns = c1 - c0 + 1;
    const rows = r1 - r0 + 1;
    const slot = this.shape.offsets.length - 1;
    this.device.queue.writeBuffer(this.params, slot * SLOT, new Uint32Array([r0 * stride + c0, 0, stride, 0, columns, rows, 0, positiveOnly ? 1 : 0, this.cells.bandCells]));
    encoder.clearBuffer(this.range, 0, 8);
    const pass = encoder.beginComputePass({ label: 'heatmap range' });
    pass.setBindGroup(0, this.group(slot, pipelines));
    pass.setPipeline(pipelines.range);
    // each invocation reads at least 16 cells; at most 4096 workgroups of 256
    pass.dispatchWorkgroups(Math.max(1, Math.min(4096, Math.ceil((columns * rows) / (256 * 16)))));
    pass.setPipeline(pipelines.finish);
    pass.dispatchWorkgroups(1);
    pass.end();
    if (this.reading) {
      // one readback at a time: `changed` asks for this window again once that one is read
      this.stale = true;
      return;
    }
    encoder.copyBufferToBuffer(this.range, 8, this.readback, 0, 8);
    this.reading = true;
    const rb = this.readback;
    // after the frame's submit (recordFrame submits before this task ends)
    queueMicrotask(() => {
      rb.mapAsync(GPUMapMode.READ, 0, 8)
        .then(() => {
          const [lo, hi] = new Float32Array(rb.getMappedRange(0, 8).slice(0));
          rb.unmap();
          const before = this.lastRange;
          this.lastRange = [lo, hi];
          if (!before || before[0] !== lo || before[1] !== hi) this.stale = true;
        })
        .catch(() => undefined)
        .finally(() => {
          this.reading = false;
          if (this.stale) {
            this.stale = false;
            changed();
          }
        });
    });
  }

  destroy(): void {
    destroyBuffer(this.params);
    destroyBuffer(this.range);
    if (this.reading) this.readback.destroy();
    else destroyBuffer(this.readback);
  }
}
