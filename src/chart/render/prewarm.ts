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
import { parseColor } from '../colors.js';
import { labelAtlas } from '../labels.js';
import { FALLBACK_THEME } from '../theme.js';
import { timeTicks } from '../ticks/time-ticks.js';
import { formatValue, niceValueTicks } from '../ticks/value-ticks.js';
import { runtimeTimeZone } from '../ticks/zone.js';

let asked = false;
/** Resolves true once the prewarm has the device and the common pipelines (false: it failed or did not run). */
let prewarmed: Promise<boolean> | null = null;

/** The prewarm's outcome, or null when it did not start (opted out, no WebGPU, a device was there). */
export function whenPrewarmed(): Promise<boolean> | null {
  return prewarmed;
}

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
  prewarmed =
    acquired
      ?.then((gpu) => {
        setTimeout(() => warmLabelAtlas(gpu.device), 0);
        return Promise.all([lineFamily(gpu.device, gpu.format), rectsFamily(gpu.device, gpu.format), textFamily(gpu.device, gpu.format)]);
      })
      .then(() => true, () => false) ?? null;
}

/**
 * The device's label atlas (its texture and the Canvas2D context strings are rasterised with),
 * made and used once before a chart needs it: the first chart's first frame otherwise pays for
 * the context, the font and the first read-back in the middle of its frame.
 */
function warmLabelAtlas(device: GPUDevice): void {
  try {
    const atlas = labelAtlas(device);
    for (const dpr of new Set([1, Math.round(globalThis.devicePixelRatio || 1) || 1])) {
      const px = Math.round(FALLBACK_THEME.fontSizePx * dpr);
      atlas.cell('0', `${px}px ${FALLBACK_THEME.font}`, px);
    }
  } catch {
    // A warm-up only.
  }
}

/**
 * One-time costs of the first chart's first frame that need no GPU: ICU's date and number data,
 * the formats the axes, legend and tags use most (kept in their caches, so the chart reuses the
 * same objects), the colour parser's canvas, the label font.
 */
function warmTextAndFormats(): void {
  try {
    runtimeTimeZone();
    new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(0);
    // Time axes over an hour, a day, a month and years: the clock, day, month and year formats.
    const now = Date.now();
    for (const span of [3.6e6, 8.64e7, 30 * 8.64e7, 5 * 365 * 8.64e7]) timeTicks(now - span, now, 800);
    for (let decimals = 0; decimals <= 4; decimals++) formatValue(1234.5, decimals);
    niceValueTicks(0, 1234.5, 8);
    parseColor(FALLBACK_THEME.textCss);
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
