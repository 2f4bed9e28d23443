/**
 * Start-up ahead of the first chart: when <gpu-chart> is defined in a browser, the shared device
 * is requested and the pipelines every chart draws with (lines, rectangles, text) are compiled
 * for the canvas format, while the page goes on loading its data. The first chart then finds
 * them ready (bench/README.md: cold start). The first Intl date format (ICU's data: 10–45 ms) and
 * the first measured text (the font) are paid here too, in a task of their own. A page opts out with
 * `<meta name="gpu-chart-prewarm" content="off">`; nothing happens outside a browser with WebGPU.
 */
import { lineFamily, rectsFamily, textFamily } from '../../gpu/families.js';
import { gpuRegistry } from '../../gpu/registry.js';
import { FALLBACK_THEME } from '../theme.js';
import { runtimeTimeZone } from '../ticks/zone.js';

let asked = false;

function optedOut(): boolean {
  const meta = globalThis.document?.querySelector?.('meta[name="gpu-chart-prewarm"]');
  return meta?.getAttribute('content')?.trim().toLowerCase() === 'off';
}

export function prewarmGpu(): void {
  if (asked || typeof navigator === 'undefined' || !navigator.gpu || optedOut()) return;
  asked = true;
  setTimeout(warmTextAndFormats, 0);
  const acquired = gpuRegistry().prewarm();
  // Failures are the chart's to report when it asks for the same (cached) pipelines.
  acquired?.then((gpu) => Promise.all([lineFamily(gpu.device, gpu.format), rectsFamily(gpu.device, gpu.format), textFamily(gpu.device, gpu.format)])).catch(() => undefined);
}

/** One-time costs of the first chart's first frame that need no GPU: ICU's date and number data, the label font. */
function warmTextAndFormats(): void {
  try {
    runtimeTimeZone();
    new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(0);
    new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(1234.5);
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(8, 8) : null;
    const ctx = canvas?.getContext('2d');
    if (ctx) {
      ctx.font = `${FALLBACK_THEME.fontSizePx}px ${FALLBACK_THEME.font}`;
      ctx.measureText('0123456789 Jan');
    }
  } catch {
    // A warm-up only: the chart pays these costs itself if they fail here.
  }
}
