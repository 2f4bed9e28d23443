/**
 * The colour bar of a heatmap or density layer: a strip of its colormap beside the value axis
 * (outside the plot), with ticks and labels over its colour range. Drawn with the frame (the strip
 * on the GPU from the cells' own range, GpuColorBar below; ticks as rects, labels as text), so
 * `toBlob()` has it. Room: the value labels' width, then the bar and its labels.
 */
import { colorPosition, colorScaleCode, lutColor, type ColorScaleKind } from '../colormaps.js';
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';
import { standaloneFamily, type Family } from '../../gpu/families.js';
import colorBarSource from '../../../shaders/color-bar.wgsl';
import colorScaleSource from '../../../shaders/color-scale.wgsl';
import { logValueTicks, niceValueTicks } from '../ticks/value-ticks.js';
import { formatEngineering } from '../ticks/numeric-ticks.js';
import type { FrameContext } from '../layers/layer.js';
import type { Pane } from '../scene/pane.js';
import type { SeriesSpec } from '../series/spec.js';

const SLICES = 64;

/** Checks the colour options of a heatmap or density spec, naming the field. */
export function checkColorOptions(spec: SeriesSpec, field: string): void {
  if (spec.colorScale !== undefined && !['linear', 'log', 'sqrt'].includes(spec.colorScale)) throw new Error(`${field}.colorScale "${String(spec.colorScale).slice(0, 20)}" is not linear, log or sqrt`);
  const r = spec.colorRange;
  if (r !== undefined && (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[1] > r[0]))) {
    throw new Error(`${field}.colorRange must be [low, high] with finite low < high`);
  }
}

export interface ColorBarInput {
  lut: Float32Array;
  lo: number;
  hi: number;
  scale: ColorScaleKind;
  paneId: string;
  /** The strip is drawn on the GPU this frame (color-bar.ts): only ticks and labels here. */
  gpuStrip?: boolean;
  /** No range known on the CPU yet (a density before its first read-back): no ticks or labels. */
  noLabels?: boolean;
  /**
   * The range is automatic: its labels may change a frame after the cells (a range measured on
   * the GPU is read back), so the room is at least RESERVED_LABEL's width and late labels do
   * not change the plot's width (which would bin or lay out again).
   */
  reserveLabels?: boolean;
}

/** The widest label the room of an automatic range is reserved for (engineering notation, 5 digits). */
const RESERVED_LABEL = '-888.88M';

function ticksOf(lo: number, hi: number, scale: ColorScaleKind, count: number): number[] {
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo] : [];
  if (scale === 'log' && lo > 0) return logValueTicks(lo, hi, count);
  return niceValueTicks(lo, hi, count).ticks;
}

/** Labels of the bar and their resolution (the tick step). */
function labelsOf(b: ColorBarInput, count: number, locale: string | undefined): Array<{ value: number; text: string }> {
  const ticks = ticksOf(b.lo, b.hi, b.scale, count);
  const step = ticks.length > 1 ? Math.min(...ticks.slice(1).map((t, i) => Math.abs(t - ticks[i]))) : undefined;
  return ticks.map((value) => ({ value, text: formatEngineering(value, locale, b.scale === 'log' ? Math.abs(value) / 10 : step) }));
}

function paneOf(ctx: FrameContext, id: string) {
  return ctx.scene.panes.find((p) => p.id === id);
}

/** Widest value label of the pane's right scale, device px. */
function valueLabelWidth(ctx: FrameContext, pane: Pane): number {
  let w = 0;
  for (const l of pane.rightLabels) w = Math.max(w, ctx.labels.measure(l.text, ctx.theme, ctx.dpr));
  return w;
}

const barWidth = (dpr: number) => Math.round(10 * dpr);
const gap = (dpr: number) => Math.round(8 * dpr);

/** Room beside the value axis for the value labels, the bar and its labels (device px). */
export function colorBarRoom(ctx: FrameContext, b: ColorBarInput): number {
  const pane = paneOf(ctx, b.paneId);
  if (!pane) return 0;
  const { dpr } = ctx;
  const count = Math.max(2, Math.floor(pane.rect.height / (ctx.theme.fontSizePx * dpr * 2.6)));
  let labelW = 0;
  for (const l of labelsOf(b, count, ctx.scene.locale)) labelW = Math.max(labelW, ctx.labels.measure(l.text, ctx.theme, dpr));
  if (b.reserveLabels) labelW = Math.max(labelW, ctx.labels.measure(RESERVED_LABEL, ctx.theme, dpr));
  return valueLabelWidth(ctx, pane) + gap(dpr) + barWidth(dpr) + Math.round(4 * dpr) + labelW;
}

/** The strip's rectangle (device px: x0, top, x1, bottom), or null where none is drawn. */
export function colorBarRect(ctx: FrameContext, paneId: string): [number, number, number, number] | null {
  const pane = paneOf(ctx, paneId);
  if (!pane || ctx.scene.collapsed(pane)) return null;
  const { dpr } = ctx;
  const r = pane.rect;
  const x0 = Math.round(r.x + r.width + Math.round(6 * dpr) + valueLabelWidth(ctx, pane) + gap(dpr));
  const top = r.y + Math.round(4 * dpr);
  const bottom = r.y + r.height - Math.round(4 * dpr);
  return bottom - top <= 4 ? null : [x0, top, x0 + barWidth(dpr), bottom];
}

/**
 * Draws the bar (rects under the series: the strip, unless the GPU draws it, and the ticks) and
 * its labels, at the right edge of the canvas.
 */
export function drawColorBar(ctx: FrameContext, b: ColorBarInput): void {
  const rect = colorBarRect(ctx, b.paneId);
  if (!rect) return;
  const { dpr, theme } = ctx;
  const [x0, top, x1, bottom] = rect;
  const h = bottom - top;
  if (!b.gpuStrip) {
    for (let i = 0; i < SLICES; i++) {
      const y1 = bottom - (h * i) / SLICES;
      const y0 = bottom - (h * (i + 1)) / SLICES;
      ctx.under.add(x0, Math.floor(y0), x1, Math.ceil(y1), lutColor(b.lut, (i + 0.5) / SLICES));
    }
  }
  if (b.noLabels) return;
  const r = paneOf(ctx, b.paneId)!.rect;
  const count = Math.max(2, Math.floor(r.height / (theme.fontSizePx * dpr * 2.6)));
  for (const l of labelsOf(b, count, ctx.scene.locale)) {
    const t = colorPosition(l.value, b.lo, b.hi, b.scale);
    if (!Number.isFinite(t)) continue;
    const y = Math.round(bottom - t * h);
    ctx.under.add(x1, y - Math.max(1, Math.round(dpr / 2)), x1 + Math.round(3 * dpr), y + Math.max(1, Math.round(dpr / 2)), theme.text);
    ctx.labels.note(l.text, x1 + Math.round(4 * dpr), y, 'left', theme.text, theme, dpr);
  }
}

// ---- the strip on the GPU -----------------------------------------------------------------
/*
 * The strip (shaders/color-bar.wgsl), shared by heatmap and density layers: drawn in the frame's
 * render pass from the same colour range the cells of that frame read — a fixed or CPU-measured range, or the GPU's measured range buffer — so strip and cells
 * always agree in the same frame. Only the tick labels (text, made on the CPU) wait for a range
 * measured on the GPU to be read back; until then the strip is laid out over the range the labels
 * show, each height coloured the way its value is drawn now (color-bar.wgsl explains).
 */

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
    made = standaloneFamily(device, format, 'color-bar', colorScaleSource + colorBarSource, ['uniform', 'storage', 'storage']).then((family) => {
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
