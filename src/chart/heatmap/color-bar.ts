/**
 * The colour bar of a heatmap or density layer: a strip of its colormap beside the value axis
 * (outside the plot), with ticks and labels over its colour range. Drawn with the frame (the strip
 * on the GPU from the cells' own range, gpu-color-bar.ts; ticks as rects, labels as text), so
 * `toBlob()` has it. Room: the value labels' width, then the bar and its labels.
 */
import { colorPosition, lutColor, type ColorScaleKind } from '../colormaps.js';
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
  /** The strip is drawn on the GPU this frame (gpu-color-bar.ts): only ticks and labels here. */
  gpuStrip?: boolean;
  /** No range known on the CPU yet (a density before its first read-back): no ticks or labels. */
  noLabels?: boolean;
}

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
