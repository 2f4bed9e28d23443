/**
 * The GPU side of one chart: its canvas context, the pipeline families its layers need (made on
 * demand, cached per device), the shared batches for rectangles and labels, and the render pass
 * of a frame. It draws nothing by itself: the engine walks the layers through a pass it opens.
 */
import type { AcquiredGpu } from '../../gpu/registry.js';
import { barsFamily, lineFamily, rectsFamily, textFamily, type Family } from '../../gpu/families.js';
import { RectBatch } from '../rects.js';
import { LabelLayer } from '../labels.js';
import type { Families } from '../series/renderer.js';
import type { Theme } from '../theme.js';

/** A pipeline family a layer needs beyond lines, rects and text (which every chart has). */
export interface FamilyNeed {
  /** Key in `Families` (`fill`, `bars`, `scatter`, or a plugin's `custom:<type>`). */
  key: string;
  make(device: GPUDevice, format: GPUTextureFormat): Promise<Family>;
  /** Phase of the `gpu-error` when it fails (`plugin` for user WGSL). */
  phase: 'gpu' | 'plugin';
}

/** The families of the series kinds in the core (scatter's and the fills' are in their chunks: layers/series/scatter.ts, fills.ts). */
export const BUILTIN_FAMILY_NEEDS: Record<'bars', FamilyNeed> = {
  bars: { key: 'bars', make: barsFamily, phase: 'gpu' },
};

export interface GpuState {
  gpu: AcquiredGpu;
  context: GPUCanvasContext;
  /** How the canvas was configured ('opaque' once the chart animates on an opaque background; see AlphaModeTracker). */
  alphaMode: GPUCanvasAlphaMode;
  families: Families;
  /** Families whose pipeline failed on this device (reported once; their layers are skipped). */
  familiesFailed: Set<string>;
  rects: Family;
  text: Family;
  /** Rectangles drawn under the series (grid, guides, price lines) and over them (crosshair). */
  under: RectBatch;
  over: RectBatch;
  labels: LabelLayer;
}

export type ReportError = (phase: 'gpu' | 'render' | 'plugin', message: string, cause?: unknown) => void;

/** Frames in a row after which a chart counts as animating (see AlphaModeTracker). */
const ANIMATING_FRAMES = 3;
/** Most time between two frames of an animation (20 frames/s): a stream or a drag, not zoom steps a click apart. */
const ANIMATING_GAP_MS = 50;

/**
 * An opaque background lets the canvas be configured 'opaque': the page compositor then copies
 * it instead of blending it (on a software GPU ~15 % more frames per second while streaming).
 * But the browser builds a conversion pipeline for each canvas configured so (measured: ~10 ms
 * more GPU time before the first frame shows), which a chart drawn once never earns back. So a
 * chart starts 'premultiplied' and turns 'opaque' once it animates (ANIMATING_FRAMES frames in
 * a row, each within ANIMATING_GAP_MS of the last), and stays so. A translucent background
 * always needs 'premultiplied', so the page shows through.
 */
export class AlphaModeTracker {
  private framesInARow = 0;
  private lastFrameAt = -Infinity;

  mode(theme: Theme, current: GPUCanvasAlphaMode | null): GPUCanvasAlphaMode {
    if (theme.background[3] < 1) return 'premultiplied';
    return current === 'opaque' || this.framesInARow >= ANIMATING_FRAMES ? 'opaque' : 'premultiplied';
  }

  /** Counts a frame and reconfigures the canvas when the mode changes. */
  frameDrawn(s: GpuState, theme: Theme): void {
    const now = performance.now();
    this.framesInARow = now - this.lastFrameAt <= ANIMATING_GAP_MS ? this.framesInARow + 1 : 1;
    this.lastFrameAt = now;
    const alphaMode = this.mode(theme, s.alphaMode);
    if (alphaMode === s.alphaMode) return;
    s.context.configure({ device: s.gpu.device, format: s.gpu.format, alphaMode });
    s.alphaMode = alphaMode;
  }
}

/**
 * Configures the canvas and makes the families every chart needs (line, rects, text), with
 * those of the layers known now started alongside (cached per device, so `familiesReady`
 * takes them without waiting again). Null when the canvas has no WebGPU context.
 */
export async function buildGpuState(gpu: AcquiredGpu, canvas: HTMLCanvasElement, alphaMode: GPUCanvasAlphaMode, known: FamilyNeed[], report: ReportError): Promise<GpuState | null> {
  const { device, format } = gpu;
  const context = canvas.getContext('webgpu');
  if (!context) return null;
  context.configure({ device, format, alphaMode });
  device.pushErrorScope('validation');
  // Every chart draws lines, rects and text; the other families are made when a layer needs
  // them, so a page's first chart does not wait for pipelines it does not use (on a software
  // GPU each costs tens of ms, and they compete for the same cores).
  const [line, rects, text] = await Promise.all([
    lineFamily(device, format),
    rectsFamily(device, format),
    textFamily(device, format),
    ...known.map((need) => need.make(device, format).catch(() => null)),
  ]);
  // Not awaited: the answer is a round trip to the GPU process, which may be busy compositing
  // the page for a whole frame, and the first frame need not wait for it.
  void device.popErrorScope().then((err) => {
    if (err) report('gpu', `Pipeline creation failed: ${err.message}`, err);
  });
  return { gpu, context, alphaMode, families: { line }, familiesFailed: new Set(), rects, text, under: new RectBatch(device), over: new RectBatch(device), labels: new LabelLayer(device) };
}

/** Frees a state's batches; `unconfigure` also releases the canvas (not when another state now owns it). */
export function destroyGpuState(s: GpuState, unconfigure = true): void {
  s.under.destroy();
  s.over.destroy();
  s.labels.destroy();
  if (!unconfigure) return;
  try {
    s.context.unconfigure();
  } catch {
    /* the device may already be gone */
  }
}

/**
 * Makes the families in `needs` that this device lacks. True when all are there (or failed:
 * their layers are skipped); otherwise resolves `loading` once they are, so the frame can wait
 * for them: a frame never shows some layers without the others.
 */
export function makeMissingFamilies(s: GpuState, needs: Iterable<FamilyNeed>, isCurrent: () => boolean, report: ReportError): Promise<void> | null {
  let missing: Map<string, FamilyNeed> | null = null; // allocated only when one is missing (runs every frame)
  for (const need of needs) {
    if (!s.families[need.key] && !s.familiesFailed.has(need.key)) (missing ??= new Map()).set(need.key, need);
  }
  if (!missing) return null;
  return Promise.all(
    [...missing.values()].map(async (need) => {
      try {
        s.families[need.key] = await need.make(s.gpu.device, s.gpu.format);
      } catch (err) {
        s.familiesFailed.add(need.key);
        // A device lost meanwhile fails it too; its successor makes its own.
        if (isCurrent()) {
          const what = need.phase === 'plugin' ? `the series type "${need.key.replace(/^custom:/, '')}"` : `its ${need.key} pipeline`;
          report(need.phase, `The chart could not prepare ${what}: ${String((err as Error)?.message ?? err)}`, err);
        }
      }
    }),
  ).then(() => undefined);
}

/** Opens the frame's render pass on `texture`, cleared to the theme's background. */
export function beginPass(encoder: GPUCommandEncoder, texture: GPUTexture, theme: Theme, timestampWrites?: GPURenderPassTimestampWrites): GPURenderPassEncoder {
  const bg = theme.background;
  return encoder.beginRenderPass({
    ...(timestampWrites ? { timestampWrites } : {}),
    colorAttachments: [
      {
        view: texture.createView(),
        loadOp: 'clear',
        storeOp: 'store',
        clearValue: { r: bg[0] * bg[3], g: bg[1] * bg[3], b: bg[2] * bg[3], a: bg[3] },
      },
    ],
  });
}
