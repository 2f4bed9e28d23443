/**
 * Primitives: user objects drawn in a pane, below or above its series, in data coordinates
 * (time, value). They draw through a small context with the built-in families (rectangles,
 * lines along the axes, text and axis tags) and need no WGSL. Three ready-made ones:
 * `priceLine`, `timeRange` and `textMarker`.
 */
import { parseColor, type Rgba } from '../colors.js';
import { formatForPane, MAIN_PANE, paneScale, type Pane } from '../scene/pane.js';
import type { RectBatch } from '../rects.js';
import type { PlotRect } from '../scales.js';
import type { FrameContext, Layer, SeriesLayer } from './layer.js';

/** What a primitive draws with, in CSS px relative to the chart; drawings are clipped to the pane. */
export interface PrimitiveDrawContext {
  /** The pane's id and plot rectangle. */
  readonly paneId: string;
  readonly plot: { x: number; y: number; width: number; height: number };
  readonly pixelRatio: number;
  /** x of a time (ms since 1970), y of a value on the pane's scale. */
  timeToX(time: number): number;
  valueToY(value: number): number;
  xToTime(x: number): number;
  yToValue(y: number): number;
  /** A value as the pane's axis formats it. */
  formatValue(value: number): string;
  /** A horizontal line across the pane (or from x0 to x1). */
  hline(y: number, style: LineStyle & { x0?: number; x1?: number }): void;
  /** A vertical line down the pane (or from y0 to y1). */
  vline(x: number, style: LineStyle & { y0?: number; y1?: number }): void;
  /** A filled rectangle between two corners. */
  rect(x0: number, y0: number, x1: number, y1: number, color: string): void;
  /** Text aligned on x, vertically centred on y; with `background`, drawn as a filled tag. */
  text(text: string, x: number, y: number, style?: TextStyle): void;
  /** A filled tag on the pane's value axis at y (as the last-value tags). */
  axisLabel(y: number, text: string, style?: { color?: string; background?: string }): void;
}

export interface LineStyle {
  color: string;
  /** CSS px (default 1). */
  width?: number;
  /** `solid` (default), `dashed` or `dotted`. */
  dash?: 'solid' | 'dashed' | 'dotted';
}

export interface TextStyle {
  color?: string;
  background?: string;
  align?: 'left' | 'right' | 'center';
}

export interface ChartPrimitive {
  /** Pane id (default `main`). */
  pane?: string;
  /** `above` the series (default) or `below` them. */
  zOrder?: 'above' | 'below';
  draw(ctx: PrimitiveDrawContext): void;
}

export class PrimitivesLayer implements Layer {
  private items: readonly ChartPrimitive[] = [];
  /** Widest axis label of the last frame (device px): the value axis makes room for it. */
  private axisLabelWidth = 0;
  private roomThisFrame = 0;

  set(items: readonly ChartPrimitive[]): void {
    this.items = items;
    this.axisLabelWidth = 0;
  }

  axisRoom(): number {
    return this.axisLabelWidth;
  }

  /** Notes an axis label's width; a wider one than the layout allowed asks for another frame. */
  noteAxisLabel(ctx: FrameContext, width: number): void {
    if (width <= this.axisLabelWidth) return;
    this.axisLabelWidth = width;
    if (width > this.roomThisFrame) ctx.requestFrame();
  }

  drawUnder(ctx: FrameContext): void {
    // The layout of this frame made room for what axisRoom() said.
    this.roomThisFrame = this.axisLabelWidth;
    this.drawAll(ctx, 'below', ctx.under);
  }

  drawOver(ctx: FrameContext): void {
    this.drawAll(ctx, 'above', ctx.over);
  }

  private drawAll(ctx: FrameContext, z: 'above' | 'below', batch: RectBatch): void {
    for (const p of this.items) {
      if ((p.zOrder ?? 'above') !== z) continue;
      const pane = ctx.scene.panes.find((x) => x.id === (p.pane ?? MAIN_PANE));
      if (!pane) continue;
      try {
        p.draw(drawContext(ctx, pane, batch, this));
      } catch (err) {
        ctx.pluginError(`A primitive's draw() threw: ${String((err as Error)?.message ?? err)}`, err);
      }
    }
  }
}

function colorOf(css: string | undefined, fallback: Rgba): Rgba {
  return typeof css === 'string' ? parseColor(css, fallback) : fallback;
}

/** Dash pattern (on, off) in device px for a line of width w. */
function dashPattern(dash: LineStyle['dash'], w: number): [number, number] | null {
  if (dash === 'dashed') return [6 * w, 4 * w];
  if (dash === 'dotted') return [w, 2 * w];
  return null;
}

function drawContext(ctx: FrameContext, pane: Pane<SeriesLayer>, batch: RectBatch, layer: PrimitivesLayer): PrimitiveDrawContext {
  const { dpr, scene, theme } = ctx;
  const r: PlotRect = pane.rect;
  const scale = paneScale(pane);
  // Everything is clipped to the pane's plot (rectangles go into the chart-wide batches).
  const clipRect = (x0: number, y0: number, x1: number, y1: number, c: Rgba) => {
    const a = Math.max(r.x, Math.min(x0, x1));
    const b = Math.min(r.x + r.width, Math.max(x0, x1));
    const top = Math.max(r.y, Math.min(y0, y1));
    const bottom = Math.min(r.y + r.height, Math.max(y0, y1));
    if (b > a && bottom > top) batch.add(a, top, b, bottom, c);
  };
  const line = (horizontal: boolean, at: number, from: number, to: number, style: LineStyle) => {
    const c = colorOf(style.color, theme.text);
    const w = Math.max(1, Math.round((style.width ?? 1) * dpr));
    const edge = Math.round(at * dpr - w / 2);
    const pattern = dashPattern(style.dash, w);
    const start = Math.min(from, to);
    const end = Math.max(from, to);
    const step = pattern ? pattern[0] + pattern[1] : end - start;
    for (let p = start; p < end; p += step) {
      const q = Math.min(end, p + (pattern ? pattern[0] : end - start));
      if (horizontal) clipRect(Math.round(p), edge, Math.round(q), edge + w, c);
      else clipRect(edge, Math.round(p), edge + w, Math.round(q), c);
    }
  };
  return {
    paneId: pane.id,
    plot: { x: r.x / dpr, y: r.y / dpr, width: r.width / dpr, height: r.height / dpr },
    pixelRatio: dpr,
    timeToX: (t) => scene.x.timeToPx(t, r) / dpr,
    valueToY: (v) => scale.toPx(v, r) / dpr,
    xToTime: (x) => scene.x.pxToTime(x * dpr, r),
    yToValue: (y) => scale.fromPx(y * dpr, r),
    formatValue: (v) => formatForPane(pane, scale.display(v), scene.locale),
    hline: (y, style) => line(true, y, style.x0 !== undefined ? style.x0 * dpr : r.x, style.x1 !== undefined ? style.x1 * dpr : r.x + r.width, style),
    vline: (x, style) => line(false, x, style.y0 !== undefined ? style.y0 * dpr : r.y, style.y1 !== undefined ? style.y1 * dpr : r.y + r.height, style),
    rect: (x0, y0, x1, y1, color) => clipRect(Math.round(x0 * dpr), Math.round(y0 * dpr), Math.round(x1 * dpr), Math.round(y1 * dpr), colorOf(color, theme.text)),
    text: (text, x, y, style = {}) => {
      const px = x * dpr;
      const py = y * dpr;
      if (px < r.x || px > r.x + r.width || py < r.y || py > r.y + r.height) return;
      const align = style.align ?? 'center';
      const color = colorOf(style.color, theme.text);
      if (style.background) ctx.labels.tag(String(text), px, py, align, colorOf(style.background, theme.background), color, theme, dpr);
      else ctx.labels.note(String(text), px, py, align, color, theme, dpr);
    },
    axisLabel: (y, text, style = {}) => {
      const py = y * dpr;
      if (py < r.y || py > r.y + r.height) return;
      const right = scene.usesRight;
      const at = right ? scene.plotLeft + scene.plotWidth + scene.lineWidth : scene.plotLeft - scene.lineWidth;
      layer.noteAxisLabel(ctx, ctx.labels.measure(String(text), theme, dpr) + 8 * dpr);
      ctx.labels.tag(String(text), at, py, right ? 'left' : 'right', colorOf(style.background, theme.text), colorOf(style.color, [1, 1, 1, 1]), theme, dpr);
    },
  };
}

/** A horizontal line at a value with an optional label on the value axis (and in the pane). */
export function priceLine(o: { value: number; color?: string; width?: number; dash?: LineStyle['dash']; label?: string; axisLabel?: boolean; pane?: string; zOrder?: 'above' | 'below' }): ChartPrimitive {
  return {
    pane: o.pane,
    zOrder: o.zOrder,
    draw(ctx) {
      const y = ctx.valueToY(o.value);
      const color = o.color ?? '#2172d9';
      ctx.hline(y, { color, width: o.width ?? 1, dash: o.dash ?? 'dashed' });
      if (o.label) ctx.text(o.label, ctx.plot.x + 4, y - 8, { color, align: 'left' });
      if (o.axisLabel ?? true) ctx.axisLabel(y, ctx.formatValue(o.value), { background: color });
    },
  };
}

/** A shaded band between two times, across the pane (below the series by default). */
export function timeRange(o: { from: number; to: number; color?: string; label?: string; pane?: string; zOrder?: 'above' | 'below' }): ChartPrimitive {
  return {
    pane: o.pane,
    zOrder: o.zOrder ?? 'below',
    draw(ctx) {
      const x0 = ctx.timeToX(o.from);
      const x1 = ctx.timeToX(o.to);
      ctx.rect(x0, ctx.plot.y, x1, ctx.plot.y + ctx.plot.height, o.color ?? 'rgba(33, 114, 217, 0.12)');
      if (o.label) ctx.text(o.label, (x0 + x1) / 2, ctx.plot.y + 10, { align: 'center' });
    },
  };
}

/** A text tag at a (time, value) point, above or below it, with a short stem. */
export function textMarker(o: { time: number; value: number; text: string; color?: string; textColor?: string; position?: 'above' | 'below'; pane?: string }): ChartPrimitive {
  return {
    pane: o.pane,
    draw(ctx) {
      const x = ctx.timeToX(o.time);
      const y = ctx.valueToY(o.value);
      const below = o.position === 'below';
      const color = o.color ?? '#2172d9';
      const stem = 14;
      ctx.vline(x, { color, width: 1, y0: below ? y : y - stem, y1: below ? y + stem : y });
      ctx.text(o.text, x, below ? y + stem + 8 : y - stem - 8, { color: o.textColor ?? '#ffffff', background: color, align: 'center' });
    },
  };
}
