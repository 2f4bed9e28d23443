/**
 * The colour bar's strip on the GPU (shaders/color-bar.wgsl), shared by heatmap and density
 * layers: drawn in the frame's render pass from the same colour range the cells of that frame
 * read — a fixed or CPU-measured range, or the GPU's measured range buffer — so strip and cells
 * always agree in the same frame. Only the tick labels (text, made on the CPU) wait for a range
 * measured on the GPU to be read back; until then the strip is laid out over the range the labels
 * show, each height coloured the way its value is drawn now (color-bar.wgsl explains).
 */
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';
import { standaloneFamily, type Family } from '../../gpu/families.js';
import colorBarSource from '../../../shaders/color-bar.wgsl';
import { colorScaleCode, type ColorScaleKind } from '../colormaps.js';

const UNIFORM_BYTES = 64;
const families = new WeakMap<GPUDevice, Promise<Family>>();
const ready = new WeakMap<GPUDevice, Family>();

/**
 * The strip's pipeline of a device, made with the series family that draws it (HEATMAP_FAMILY,
 * DENSITY_FAMILY await it), so it is there from that family's first frame.
 */
export function makeColorBarFamily(device: GPUDevice, format: GPUTextureFormat): Promise<Family> {
  let made = families.get(device);
  if (!made) {
    made = standaloneFamily(device, format, 'color-bar', colorBarSource, ['uniform', 'storage', 'storage']).then((family) => {
      ready.set(device, family);
      return family;
    });
    families.set(device, made);
    made.catch(() => families.delete(device));
  }
  return made;
}

/** Where the cells' colour range comes from this frame. */
export type BarRange =
  | { kind: 'fixed'; lo: number; hi: number }
  /** measured on the GPU: floats [2], [3] (a heatmap's range buffer) or [0], [1] (density's) of `buffer` */
  | { kind: 'measured'; buffer: GPUBuffer; at: 0 | 2 };

export interface BarDraw {
  pass: GPURenderPassEncoder;
  canvasPx: [number, number];
  /** The strip, device px: x0, top, x1, bottom. */
  rect: [number, number, number, number];
  lut: GPUBuffer;
  range: BarRange;
  /** The range the tick labels show; null: none yet (the plain colormap, no labels). */
  labels: [number, number] | null;
  scale: ColorScaleKind;
}

/** One layer's strip: its uniform and bind group (remade only when the buffers it binds change). */
export class GpuColorBar {
  private readonly uniform: GPUBuffer;
  private bindGroup: GPUBindGroup | null = null;
  private bound: { lut: GPUBuffer; range: GPUBuffer | null } | null = null;

  constructor(readonly device: GPUDevice) {
    this.uniform = createBuffer(device, { label: 'color bar', size: UNIFORM_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  }

  /** Whether the device's strip pipeline is made (else the CPU draws the plain colormap). */
  static ready(device: GPUDevice): boolean {
    return ready.has(device);
  }

  /** Draws the strip; false while its pipeline is not made yet. */
  draw(d: BarDraw): boolean {
    const family = ready.get(this.device);
    if (!family) return false;
    const [x0, top, x1, bottom] = d.rect;
    const u = new ArrayBuffer(UNIFORM_BYTES);
    const f = new Float32Array(u);
    const n = new Uint32Array(u);
    const r = d.range;
    const labels = d.labels;
    f.set([x0, top, x1 - x0, bottom - top, d.canvasPx[0], d.canvasPx[1], labels?.[0] ?? 0, labels?.[1] ?? 1]);
    f[8] = r.kind === 'fixed' ? r.lo : 0;
    f[9] = r.kind === 'fixed' ? r.hi : 1;
    n[10] = colorScaleCode(d.scale);
    n[11] = r.kind === 'fixed' ? 0 : r.at === 2 ? 1 : 2;
    n[12] = labels ? 0 : 1;
    this.device.queue.writeBuffer(this.uniform, 0, u);
    const rangeBuffer = r.kind === 'measured' ? r.buffer : null;
    if (!this.bindGroup || this.bound?.lut !== d.lut || this.bound.range !== rangeBuffer) {
      this.bound = { lut: d.lut, range: rangeBuffer };
      this.bindGroup = this.device.createBindGroup({
        layout: family.layout,
        entries: [
          { binding: 0, resource: { buffer: this.uniform } },
          { binding: 1, resource: { buffer: d.lut } },
          // a fixed range reads no measured floats: the colormap's buffer stands in
          { binding: 2, resource: { buffer: rangeBuffer ?? d.lut, offset: 0, size: 16 } },
        ],
      });
    }
    d.pass.setPipeline(family.pipeline);
    d.pass.setBindGroup(0, this.bindGroup);
    d.pass.draw(6);
    return true;
  }

  destroy(): void {
    destroyBuffer(this.uniform);
    this.bindGroup = null;
  }
}
