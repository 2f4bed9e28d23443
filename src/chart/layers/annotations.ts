/**
 * Price lines, time markers and time ranges set from code (chart.priceLines, chart.timeMarkers,
 * chart.timeRanges). They are primitives (primitives.ts: `priceLine`, `timeRange` and the
 * `timeMarker` sibling below) drawn by a PrimitivesLayer of their own; time markers and ranges
 * mean the same time on every pane, so they get one primitive per pane, made again when the
 * panes change.
 */
import { MAIN_PANE } from '../scene/pane.js';
import type { PriceLineOptions, TimeMarkerOptions, TimeRangeOptions, AnnotationLineStyle } from '../annotations/types.js';
import { priceLine, PrimitivesLayer, timeRange, type ChartPrimitive } from './primitives.js';
import type { FrameContext, Layer } from './layer.js';

const DEFAULT_COLOR = '#2172d9';

/** A vertical line at a time down a pane, with an optional tag at its top (`label`). */
export function timeMarker(o: { time: number; color?: string; label?: string; lineStyle?: AnnotationLineStyle; width?: number; pane?: string }): ChartPrimitive {
  return {
    pane: o.pane,
    zOrder: 'above',
    draw(ctx) {
      const x = ctx.timeToX(o.time);
      const color = o.color ?? DEFAULT_COLOR;
      ctx.vline(x, { color, width: o.width ?? 1, dash: o.lineStyle ?? 'solid' });
      if (o.label) ctx.text(o.label, x, ctx.plot.y + 10, { color: '#ffffff', background: color, align: 'center' });
    },
  };
}

export class AnnotationsLayer implements Layer {
  private readonly primitives = new PrimitivesLayer();
  private priceLines: readonly PriceLineOptions[] = [];
  private timeMarkers: readonly TimeMarkerOptions[] = [];
  private timeRanges: readonly TimeRangeOptions[] = [];
  /** Pane ids the primitives were made for ('' : make them again). */
  private madeFor = '';

  constructor(private readonly reportData: (message: string) => void) {}

  setPriceLines(lines: readonly PriceLineOptions[]): void {
    this.priceLines = lines;
    this.madeFor = '';
  }

  setTimeMarkers(markers: readonly TimeMarkerOptions[]): void {
    this.timeMarkers = markers;
    this.madeFor = '';
  }

  setTimeRanges(ranges: readonly TimeRangeOptions[]): void {
    this.timeRanges = ranges;
    this.madeFor = '';
  }

  get empty(): boolean {
    return !this.priceLines.length && !this.timeMarkers.length && !this.timeRanges.length;
  }

  private update(ctx: FrameContext): void {
    const panes = ctx.scene.panes.map((p) => p.id);
    const key = panes.join('\n') + '\n';
    if (key === this.madeFor) return;
    this.madeFor = key;
    const items: ChartPrimitive[] = [];
    // Labels of time ranges and markers go in the top pane only.
    for (const [i, pane] of panes.entries()) {
      for (const r of this.timeRanges) items.push(timeRange({ from: r.from, to: r.to, color: r.color, label: i === 0 ? r.label : undefined, pane }));
    }
    for (const [i, p] of this.priceLines.entries()) {
      // Reported once per message by the engine.
      if (p.pane !== undefined && !panes.includes(p.pane)) this.reportData(`chart.priceLines[${i}] is not drawn: the chart has no pane "${p.pane.slice(0, 40)}"`);
      items.push(priceLine({ value: p.price, color: p.color, width: p.lineWidth, dash: p.lineStyle, label: p.title, axisLabel: p.axisLabelVisible, pane: p.pane ?? MAIN_PANE }));
    }
    for (const [i, pane] of panes.entries()) {
      for (const m of this.timeMarkers) items.push(timeMarker({ time: m.time, color: m.color, label: i === 0 ? m.label : undefined, lineStyle: m.lineStyle, pane }));
    }
    this.primitives.set(items);
  }

  axisRoom(ctx: FrameContext): number {
    if (this.empty) return 0;
    this.update(ctx);
    return this.primitives.axisRoom();
  }

  drawUnder(ctx: FrameContext): void {
    this.update(ctx);
    this.primitives.drawUnder(ctx);
  }

  drawOver(ctx: FrameContext): void {
    this.primitives.drawOver(ctx);
  }
}
