/**
 * Start-up ahead of the first chart: when <gpu-chart> is defined in a browser, the shared device
 * is requested and the pipelines every chart draws with (lines, rectangles, text) are compiled
 * for the canvas format, while the page goes on loading its data. The first chart then finds
 * them ready (bench/README.md: cold start). A page opts out with
 * `<meta name="gpu-chart-prewarm" content="off">`; nothing happens outside a browser with WebGPU.
 */
import { lineFamily, rectsFamily, textFamily } from '../../gpu/families.js';
import { gpuRegistry } from '../../gpu/registry.js';

let asked = false;

function optedOut(): boolean {
  const meta = globalThis.document?.querySelector?.('meta[name="gpu-chart-prewarm"]');
  return meta?.getAttribute('content')?.trim().toLowerCase() === 'off';
}

export function prewarmGpu(): void {
  if (asked || typeof navigator === 'undefined' || !navigator.gpu || optedOut()) return;
  asked = true;
  const acquired = gpuRegistry().prewarm();
  // Failures are the chart's to report when it asks for the same (cached) pipelines.
  acquired?.then((gpu) => Promise.all([lineFamily(gpu.device, gpu.format), rectsFamily(gpu.device, gpu.format), textFamily(gpu.device, gpu.format)])).catch(() => undefined);
}
