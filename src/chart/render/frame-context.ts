/**
 * Records one frame: the scene is laid out, then every layer is walked stage by stage (see
 * layers/layer.ts) into one render pass: rectangles under the series, the series of each pane
 * clipped to it, rectangles over them, then the labels.
 */
import type { CrosshairState } from '../interaction-target.js';
import type { Layer, FrameContext, SeriesContext, SeriesLayer } from '../layers/layer.js';
import type { TimeSeriesScene } from '../scene/time-scene.js';
import { forgetFrameSpans, type DrawFrame } from '../series/renderer.js';
import type { Theme } from '../theme.js';
import { beginPass, type GpuState } from './gpu-renderer.js';
import type { TableUses } from './table-uses.js';
import type { GpuTimer } from './gpu-timer.js';

export interface FrameInputs {
  scene: TimeSeriesScene<SeriesLayer>;
  /** Layers other than series, in stage order (grid, axis labels, tags, primitives, crosshair). */
  layers: readonly Layer[];
  tables: TableUses;
  theme: Theme;
  dpr: number;
  width: number;
  height: number;
  crosshair: CrosshairState | null;
  levelOfDetail: boolean;
  pluginError(message: string, cause?: unknown): void;
  requestFrame(followUp?: boolean): void;
  /** Times the pass on the GPU (telemetry on, device with timestamp queries). */
  timer?: GpuTimer | null;
}

/** Lays out and records one frame into `texture`, and submits it. */
export function recordFrame(s: GpuState, f: FrameInputs, texture: GPUTexture): void {
  const { scene, layers, width, height, theme, dpr } = f;
  const device = s.gpu.device;
  const labels = s.labels;
  labels.begin();
  // Data first: the scales depend on what is visible.
  f.tables.syncFrame(scene.x);
  const ctx: FrameContext = {
    scene,
    theme,
    dpr,
    canvasPx: [width, height],
    device,
    crosshair: f.crosshair,
    under: s.under,
    over: s.over,
    labels,
    tables: f.tables,
    pluginError: f.pluginError,
    requestFrame: f.requestFrame,
  };
  // Series layers take part in the other stages too where they have them (a heatmap's colour bar).
  const staged: Layer[] = [...layers];
  for (const member of scene.members()) if (!member.hidden && (member.axisRoom || member.drawUnder || member.drawOver || member.drawLabels)) staged.push(member);
  scene.layout({ width, height, dpr, fontPx: theme.fontSizePx * dpr, measure: (text) => labels.measure(text, theme, dpr) }, () => {
    let room = 0;
    for (const layer of staged) if (layer.axisRoom) room = Math.max(room, layer.axisRoom(ctx));
    return room;
  });

  s.under.reset();
  for (const layer of staged) layer.drawUnder?.(ctx);
  s.over.reset();
  for (const layer of staged) layer.drawOver?.(ctx);

  const encoder = device.createCommandEncoder({ label: 'chart frame' });
  // compute passes of series layers (density binning) come before the render pass
  for (const member of scene.members()) if (!member.hidden) member.encodeCompute?.(ctx, encoder);
  const timestamps = f.timer?.passWrites();
  const pass = beginPass(encoder, texture, theme, timestamps);
  s.under.draw(pass, s.rects, [width, height]);
  const frame: DrawFrame = { pass, canvasPx: [width, height], plot: scene.main.rect, x: scene.x, dpr, families: s.families, levelOfDetail: f.levelOfDetail };
  for (const pane of scene.panes) {
    const r = pane.rect;
    const sx = Math.min(width, Math.max(0, Math.round(r.x)));
    const sy = Math.min(height, Math.max(0, Math.round(r.y)));
    const sw = Math.max(0, Math.min(Math.round(r.width), width - sx));
    const sh = Math.max(0, Math.min(Math.round(r.height), height - sy));
    if (sw === 0 || sh === 0 || scene.collapsed(pane)) continue; // a pane squeezed to nothing, or collapsed
    pass.setScissorRect(sx, sy, sw, sh);
    frame.plot = r;
    const seriesCtx: SeriesContext = { ...ctx, pass, pane, frame };
    for (const layer of pane.members) if (!layer.hidden) layer.drawSeries(seriesCtx);
    // Other layers drawn with their own GPU families over the series (markers).
    for (const layer of layers) layer.drawSeries?.(seriesCtx);
  }
  pass.setScissorRect(0, 0, width, height);
  for (const member of scene.members()) if (!member.hidden) member.drawOutside?.(ctx, pass);
  s.over.draw(pass, s.rects, [width, height]);

  // Text on top, in the same pass.
  for (const layer of staged) layer.drawLabels?.(ctx);
  labels.draw(pass, s.rects, s.text, [width, height]);
  pass.end();
  const readback = timestamps ? f.timer!.resolveInto(encoder) : null;
  device.queue.submit([encoder.finish()]);
  if (readback) f.timer!.read(readback);
  forgetFrameSpans();
}
