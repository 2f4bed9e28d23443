/**
 * Export: the frame is encoded again into a texture the chart owns and read back (reading the
 * WebGPU canvas itself after an await gives transparent pixels); the DOM legend is painted on
 * top, where the DOM shows it on screen.
 */
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';
import type { GpuState } from './gpu-renderer.js';

/** Draws a frame with `encode` into a texture of the canvas size and returns its pixels. */
export async function readFrame(s: GpuState, width: number, height: number, encode: (texture: GPUTexture) => void): Promise<ImageData> {
  const device = s.gpu.device;
  const texture = device.createTexture({
    label: 'export frame',
    size: [width, height],
    format: s.gpu.format,
    usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
  });
  encode(texture);
  const bytesPerRow = Math.ceil((width * 4) / 256) * 256;
  const buffer = createBuffer(device, { label: 'export readback', size: bytesPerRow * height, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const enc = device.createCommandEncoder();
  enc.copyTextureToBuffer({ texture }, { buffer, bytesPerRow }, [width, height]);
  device.queue.submit([enc.finish()]);
  await buffer.mapAsync(GPUMapMode.READ);
  const src = new Uint8Array(buffer.getMappedRange());
  const image = new ImageData(width, height);
  const dst = image.data;
  const bgra = s.gpu.format === 'bgra8unorm';
  for (let y = 0; y < height; y++) {
    let si = y * bytesPerRow;
    let di = y * width * 4;
    for (let x = 0; x < width; x++, si += 4, di += 4) {
      const a = src[si + 3];
      // Premultiplied on the GPU; ImageData is straight alpha.
      const k = a === 0 ? 0 : 255 / a;
      const r = bgra ? src[si + 2] : src[si];
      const b = bgra ? src[si] : src[si + 2];
      dst[di] = Math.min(255, Math.round(r * k));
      dst[di + 1] = Math.min(255, Math.round(src[si + 1] * k));
      dst[di + 2] = Math.min(255, Math.round(b * k));
      dst[di + 3] = a;
    }
  }
  buffer.unmap();
  destroyBuffer(buffer);
  texture.destroy();
  return image;
}

/** A piece of the legend as laid out on screen, in CSS px from the chart's corner. */
export type LegendPaint =
  | { kind: 'swatch'; rect: PaintRect; colors: string[]; opacity: number }
  | { kind: 'text'; rect: PaintRect; text: string; font: string; color: string; opacity: number };

interface PaintRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Paints the legend into an exported picture where the DOM shows it, wrapped lines included
 * (the pieces come from the element's layout, so the picture cannot disagree with the screen).
 */
export function paintLegend(ctx: OffscreenCanvasRenderingContext2D, pieces: readonly LegendPaint[], dpr: number): void {
  const d = dpr;
  for (const p of pieces) {
    ctx.globalAlpha = p.opacity;
    const { x, y, width, height } = p.rect;
    if (p.kind === 'swatch') {
      const [a, b] = p.colors;
      if (!a) continue;
      ctx.fillStyle = a;
      if (!b) {
        ctx.fillRect(Math.round(x * d), Math.round(y * d), Math.round(width * d), Math.round(height * d));
        continue;
      }
      // Two colours: the halves of the diagonal, as the CSS gradient draws them.
      ctx.beginPath();
      ctx.moveTo(x * d, y * d);
      ctx.lineTo((x + width) * d, y * d);
      ctx.lineTo(x * d, (y + height) * d);
      ctx.fill();
      ctx.fillStyle = b;
      ctx.beginPath();
      ctx.moveTo((x + width) * d, y * d);
      ctx.lineTo((x + width) * d, (y + height) * d);
      ctx.lineTo(x * d, (y + height) * d);
      ctx.fill();
      continue;
    }
    ctx.font = scaledFont(p.font, d);
    ctx.fillStyle = p.color;
    ctx.textBaseline = 'middle';
    ctx.fillText(p.text, Math.round(x * d), Math.round((y + height / 2) * d));
  }
  ctx.globalAlpha = 1;
}

/** A computed CSS font with its px sizes multiplied by the pixel ratio. */
function scaledFont(font: string, dpr: number): string {
  return font.replace(/(\d+(?:\.\d+)?)px/g, (_, n: string) => `${Number(n) * dpr}px`);
}
