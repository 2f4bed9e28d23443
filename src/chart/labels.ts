/**
 * Text on the GPU: axis labels, last-value tags and crosshair labels.
 *
 * Each distinct string (per font) is rasterised once with Canvas2D into a shared atlas texture
 * (coverage only), and every frame draws each label as one quad copying its atlas cell. So the
 * chart is a single WebGPU canvas: no second, full-size 2D canvas to clear, redraw, upload and
 * composite every frame (on a software GPU that layer halved the frame rate of a streaming chart).
 * Labels that change every frame (a streaming last value) cost one small rasterisation each.
 */
import type { Family } from '../gpu/families.js';
import { GrowableBuffer, createBuffer, destroyBuffer } from '../gpu/buffers.js';
import { drawQuadRange } from '../gpu/quad-index.js';
import type { Rgba } from './colors.js';
import type { PlotRect } from './scales.js';
import type { Theme } from './theme.js';
import { RectBatch } from './rects.js';

export interface AxisLabel {
  /** Position along the axis in device px. */
  at: number;
  text: string;
  bold?: boolean;
}

const ATLAS_WIDTH = 2048;
const ATLAS_HEIGHT = 1024;
/** Empty space left of a string in its cell (Canvas2D may draw a little before x). */
const PAD = 2;

interface Cell {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Row of the cell where the string's middle (textBaseline 'middle') lies. */
  middle: number;
  /** The string's advance width in px. */
  advance: number;
}

type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function scratchContext(): Context2D {
  const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(256, 64) : document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as Context2D | null;
  if (!ctx) throw new Error('Canvas2D is not available for the chart labels');
  return ctx;
}

/** One per device: rasterised strings packed in shelves of equal height. */
export class LabelAtlas {
  readonly texture: GPUTexture;
  readonly view: GPUTextureView;
  private cells = new Map<string, Cell>();
  private widths = new Map<string, number>();
  private shelves: Array<{ y: number; height: number; x: number }> = [];
  private nextShelfY = 0;
  private ctx: Context2D;
  private pixels = new Uint8Array(0);

  constructor(private readonly device: GPUDevice) {
    this.texture = device.createTexture({
      label: 'label atlas',
      size: [ATLAS_WIDTH, ATLAS_HEIGHT],
      format: 'r8unorm',
      usage: GPUTextureUsage.TEXTURE_BINDING | GPUTextureUsage.COPY_DST,
    });
    this.view = this.texture.createView();
    this.ctx = scratchContext();
    // A web font that finishes loading changes how every string looks.
    globalThis.document?.fonts?.addEventListener?.('loadingdone', () => this.reset());
  }

  /** Starts a frame: when the atlas is mostly full it starts over, so a frame always fits. */
  beginFrame(): void {
    if (this.nextShelfY > ATLAS_HEIGHT * 0.7 || this.cells.size > 4000) this.reset();
  }

  measure(text: string, font: string): number {
    const key = `${font}\u0000${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      if (this.widths.size > 8000) this.widths.clear();
      this.ctx.font = font;
      w = this.ctx.measureText(text).width;
      this.widths.set(key, w);
    }
    return w;
  }

  /** The atlas cell of `text` in `font` (px size `fontPx`), rasterised on first use; null if it cannot fit. */
  cell(text: string, font: string, fontPx: number): Cell | null {
    const key = `${font}\u0000${text}`;
    const known = this.cells.get(key);
    if (known) return known;
    const advance = this.measure(text, font);
    const width = Math.ceil(advance) + 2 * PAD;
    const height = Math.ceil(fontPx * 1.5) + 2;
    if (width > ATLAS_WIDTH) return null;
    const place = this.allocate(width, height);
    if (!place) return null;
    const middle = Math.round(height / 2);
    const ctx = this.ctx;
    const canvas = ctx.canvas;
    if (canvas.width < width || canvas.height < height) {
      canvas.width = Math.max(canvas.width, width);
      canvas.height = Math.max(canvas.height, height);
    }
    ctx.clearRect(0, 0, width, height);
    ctx.font = font;
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, PAD, middle);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    if (this.pixels.length < width * height) this.pixels = new Uint8Array(width * height * 2);
    const px = this.pixels;
    for (let i = 0, j = 3; i < width * height; i++, j += 4) px[i] = rgba[j];
    this.device.queue.writeTexture({ texture: this.texture, origin: [place.x, place.y] }, px, { bytesPerRow: width }, [width, height]);
    const cell = { x: place.x, y: place.y, width, height, middle, advance };
    this.cells.set(key, cell);
    return cell;
  }

  private allocate(width: number, height: number): { x: number; y: number } | null {
    for (const shelf of this.shelves) {
      if (shelf.height === height && shelf.x + width <= ATLAS_WIDTH) {
        const x = shelf.x;
        shelf.x += width;
        return { x, y: shelf.y };
      }
    }
    if (this.nextShelfY + height > ATLAS_HEIGHT) return null;
    const shelf = { y: this.nextShelfY, height, x: width };
    this.nextShelfY += height;
    this.shelves.push(shelf);
    return { x: 0, y: shelf.y };
  }

  private reset(): void {
    this.cells.clear();
    this.widths.clear();
    this.shelves = [];
    this.nextShelfY = 0;
  }

  destroy(): void {
    this.texture.destroy();
  }
}

const atlases = new WeakMap<GPUDevice, LabelAtlas>();

/** Whether the device's atlas exists yet (the prewarm makes it before the first chart). */
export function hasLabelAtlas(device: GPUDevice): boolean {
  return atlases.has(device);
}

export function labelAtlas(device: GPUDevice): LabelAtlas {
  let a = atlases.get(device);
  if (!a) atlases.set(device, (a = new LabelAtlas(device)));
  return a;
}

const FLOATS_PER_LABEL = 12;

/** Label quads of one kind for one frame: dst x, y, w, h; atlas x, y, -, -; colour rgba. */
class LabelList {
  scratch = new Float32Array(64 * FLOATS_PER_LABEL);
  count = 0;

  /** The scratch array, with room for one more label. */
  room(): Float32Array {
    if ((this.count + 1) * FLOATS_PER_LABEL > this.scratch.length) {
      const next = new Float32Array(this.scratch.length * 2);
      next.set(this.scratch);
      this.scratch = next;
    }
    return this.scratch;
  }
}

/**
 * One chart's labels for one frame: laid out here (same rules as the axes need: centred time
 * labels that skip overlaps, value labels beside the plot, filled tags), drawn in one call after
 * the series. Scratch arrays and GPU buffers are reused from frame to frame.
 */
export class LabelLayer {
  /** Axis labels [0], then tag texts [1]: tags cover the axis labels beneath them. */
  private lists = [new LabelList(), new LabelList()];
  private storage: GrowableBuffer;
  private uniform: GPUBuffer;
  private uniformData = new Float32Array(4);
  private bindGroup: GPUBindGroup | null = null;
  private boundGeneration = -1;
  /** Tag backgrounds, drawn before the text. */
  readonly backgrounds: RectBatch;
  private readonly atlas: LabelAtlas;
  /** This frame's tag boxes (x0, y0, x1, y1 device px): axis labels they touch are left out. */
  private tagBoxes: number[] = [];

  constructor(private readonly device: GPUDevice) {
    this.atlas = labelAtlas(device);
    this.storage = new GrowableBuffer(device, 'labels', GPUBufferUsage.STORAGE, 64 * FLOATS_PER_LABEL * 4);
    this.uniform = createBuffer(device, { label: 'labels view', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.backgrounds = new RectBatch(device);
  }

  font(theme: Theme, dpr: number, bold = false): string {
    return `${bold ? '600 ' : ''}${Math.round(theme.fontSizePx * dpr)}px ${theme.font}`;
  }

  measure(text: string, theme: Theme, dpr: number): number {
    return this.atlas.measure(text, this.font(theme, dpr));
  }

  /** Starts a frame. */
  begin(): void {
    for (const l of this.lists) l.count = 0;
    this.tagBoxes.length = 0;
    this.backgrounds.reset();
    this.atlas.beginFrame();
  }

  /** One string whose left edge is at x and middle at y (device px), in colour c. */
  private text(text: string, left: number, middle: number, theme: Theme, dpr: number, c: Rgba, bold = false, list = this.lists[0]): void {
    const fontPx = Math.round(theme.fontSizePx * dpr);
    const cell = this.atlas.cell(text, this.font(theme, dpr, bold), fontPx);
    if (!cell) return;
    const s = list.room();
    const o = list.count++ * FLOATS_PER_LABEL;
    s[o] = Math.round(left) - PAD;
    s[o + 1] = Math.round(middle) - cell.middle;
    s[o + 2] = cell.width;
    s[o + 3] = cell.height;
    s[o + 4] = cell.x;
    s[o + 5] = cell.y;
    s[o + 6] = 0;
    s[o + 7] = 0;
    s[o + 8] = c[0];
    s[o + 9] = c[1];
    s[o + 10] = c[2];
    s[o + 11] = c[3];
  }

  /**
   * Labels under the plot, centred on their tick, skipping any that would overlap. Edge labels
   * are shifted inside the plot's width: never under the value axis.
   */
  timeLabels(labels: AxisLabel[], plot: PlotRect, theme: Theme, dpr: number): void {
    const fontPx = Math.round(theme.fontSizePx * dpr);
    // Canvas 'top' baseline: the middle of the em box is half a font size below the top.
    const middle = plot.y + plot.height + Math.round(5 * dpr) + fontPx / 2;
    let lastRight = -Infinity;
    const gap = 6 * dpr;
    for (const l of labels) {
      const w = this.atlas.measure(l.text, this.font(theme, dpr, l.bold));
      const x = Math.max(plot.x + w / 2, Math.min(plot.x + plot.width - w / 2, l.at));
      if (x - w / 2 < lastRight + gap) continue;
      this.text(l.text, Math.round(x) - w / 2, middle, theme, dpr, theme.text, l.bold);
      lastRight = x + w / 2;
    }
  }

  /** Labels beside the plot (right or left side), vertically centred on their tick. */
  valueLabels(labels: AxisLabel[], plot: PlotRect, side: 'left' | 'right', theme: Theme, dpr: number): void {
    const pad = Math.round(6 * dpr);
    const half = (theme.fontSizePx * dpr) / 2;
    for (const l of labels) {
      if (l.at < plot.y + half - 1 || l.at > plot.y + plot.height - half + 1) continue;
      const left = side === 'right' ? plot.x + plot.width + pad : plot.x - pad - this.measure(l.text, theme, dpr);
      this.text(l.text, left, l.at, theme, dpr, theme.text);
    }
  }

  /** A plain string (primitives' text), aligned on x and vertically centred on y (device px). */
  note(text: string, x: number, y: number, align: 'left' | 'right' | 'center', color: Rgba, theme: Theme, dpr: number): void {
    const w = this.measure(text, theme, dpr);
    const left = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
    this.text(text, left, y, theme, dpr, color);
  }

  /** Height of a tag in device px (for stacking tags without overlap). */
  tagHeight(theme: Theme, dpr: number): number {
    return Math.round((theme.fontSizePx + 6) * dpr);
  }

  /**
   * A filled tag with text (last-value and crosshair labels). `within` keeps it horizontally
   * inside [min, max] device px (the crosshair's time label stays inside the plot). Axis labels
   * it touches are left out (never half covered).
   */
  tag(text: string, x: number, y: number, align: 'left' | 'right' | 'center', fill: Rgba, color: Rgba, theme: Theme, dpr: number, within?: { min: number; max: number }): void {
    const textWidth = this.measure(text, theme, dpr);
    const w = Math.round(textWidth + 8 * dpr);
    const h = this.tagHeight(theme, dpr);
    let left = Math.round(align === 'left' ? x : align === 'right' ? x - w : x - w / 2);
    if (within) left = Math.max(Math.round(within.min), Math.min(Math.round(within.max) - w, left));
    const top = Math.round(y - h / 2);
    this.backgrounds.add(left, top, left + w, top + h, fill);
    this.tagBoxes.push(left, top, left + w, top + h);
    this.text(text, left + w / 2 - textWidth / 2, y, theme, dpr, color, false, this.lists[1]);
  }

  /** Drops the axis labels (list 0) that a tag touches: compacts the list in place. */
  private dropCoveredAxisLabels(): void {
    const boxes = this.tagBoxes;
    if (!boxes.length) return;
    const list = this.lists[0];
    const s = list.scratch;
    let kept = 0;
    for (let i = 0; i < list.count; i++) {
      const o = i * FLOATS_PER_LABEL;
      // the em box: the cell (1.5 em + 2 px tall, see `cell`) less its padding
      const em = (s[o + 3] - 2) / 1.5;
      const x0 = s[o] + PAD;
      const x1 = s[o] + s[o + 2] - PAD;
      const y0 = s[o + 1] + (s[o + 3] - em) / 2;
      const y1 = y0 + em;
      let covered = false;
      for (let b = 0; b < boxes.length && !covered; b += 4) covered = x0 < boxes[b + 2] && x1 > boxes[b] && y0 < boxes[b + 3] && y1 > boxes[b + 1];
      if (covered) continue;
      if (kept !== i) s.copyWithin(kept * FLOATS_PER_LABEL, o, o + FLOATS_PER_LABEL);
      kept++;
    }
    list.count = kept;
  }

  /** Draws the axis labels, the tag backgrounds over them, then the tags' text. */
  draw(pass: GPURenderPassEncoder, rects: Family, text: Family, canvasPx: [number, number]): void {
    this.dropCoveredAxisLabels();
    const [axis, tags] = this.lists;
    const count = axis.count + tags.count;
    if (!count) {
      this.backgrounds.draw(pass, rects, canvasPx);
      return;
    }
    this.storage.ensure(count * FLOATS_PER_LABEL * 4);
    this.storage.writeAt(axis.scratch, axis.count * FLOATS_PER_LABEL, 0);
    this.storage.writeAt(tags.scratch, tags.count * FLOATS_PER_LABEL, axis.count * FLOATS_PER_LABEL);
    this.uniformData[0] = canvasPx[0];
    this.uniformData[1] = canvasPx[1];
    this.device.queue.writeBuffer(this.uniform, 0, this.uniformData);
    if (!this.bindGroup || this.boundGeneration !== this.storage.generation) {
      this.bindGroup = this.device.createBindGroup({
        layout: text.layout,
        entries: [
          { binding: 0, resource: { buffer: this.uniform } },
          { binding: 1, resource: { buffer: this.storage.buffer } },
          { binding: 2, resource: this.atlas.view },
        ],
      });
      this.boundGeneration = this.storage.generation;
    }
    const bindGroup = this.bindGroup;
    const useText = () => {
      pass.setPipeline(text.pipeline);
      pass.setBindGroup(0, bindGroup);
    };
    useText();
    drawQuadRange(pass, this.device, 0, axis.count);
    this.backgrounds.draw(pass, rects, canvasPx);
    if (tags.count) {
      useText();
      drawQuadRange(pass, this.device, axis.count, tags.count);
    }
  }

  destroy(): void {
    this.storage.destroy();
    this.backgrounds.destroy();
    destroyBuffer(this.uniform);
  }
}
