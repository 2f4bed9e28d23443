/**
 * Export: the frame is encoded again into a texture the chart owns and read back (reading the
 * WebGPU canvas itself after an await gives transparent pixels); the DOM legend is painted on
 * top, where the DOM shows it on screen.
 */
import { createBuffer, destroyBuffer } from '../../gpu/buffers.js';
import type { Theme } from '../theme.js';
import type { GpuState } from './gpu-renderer.js';
import type { LegendPane } from '../layers/layer.js';

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

/** Paints the legend rows (DOM on screen) into an exported picture. */
export function paintLegend(ctx: OffscreenCanvasRenderingContext2D, panes: LegendPane[], theme: Theme, dpr: number): void {
  const d = dpr;
  ctx.font = `${Math.round(12 * d)}px ${theme.font}`;
  ctx.textBaseline = 'top';
  for (const pane of panes) {
    let x = (pane.left + 6) * d;
    const y = (pane.top + 4) * d;
    for (const item of pane.items) {
      ctx.fillStyle = item.color;
      ctx.fillRect(Math.round(x), Math.round(y + 2 * d), Math.round(9 * d), Math.round(9 * d));
      x += 13 * d;
      ctx.fillStyle = theme.textCss;
      const text = `${item.title} ${item.value}`;
      ctx.fillText(text, Math.round(x), Math.round(y));
      x += ctx.measureText(text).width + 12 * d;
    }
  }
}
