/**
 * The drawings layer: every visible drawing of the chart (drawings/model.ts), the one being
 * drawn, and the handles of the selected one, over the series of their pane. Shapes go into
 * the chart's `over` batch (anti-aliased segments, fills, discs), texts into the label layer.
 * The geometry of the last frame is kept for hit tests, so the pointer finds what is drawn.
 */
import { parseColor, withAlpha, type Rgba } from '../colors.js';
import { DEFAULT_DRAWING_COLOR, type Drawing, type DrawingLineStyle } from '../drawings/model.js';
import { distanceToGeometry, drawingGeometry, handleAt, type Geometry, type Projection } from '../drawings/geometry.js';
import { lowerBound } from '../scales.js';
import { formatNumber, MAIN_PANE, paneScale, type Pane } from '../scene/pane.js';
import type { TimeSeriesScene } from '../scene/time-scene.js';
import type { FrameContext, Layer, SeriesLayer } from './layer.js';

/** Handle radius in CSS px (the hit radius adds the tolerance). */
export const HANDLE_RADIUS = 4.5;

/** What the layer draws: the chart's drawings, the selection and a drawing in progress. */
export interface DrawingsSource {
  readonly all: readonly Drawing[];
  readonly selectedId: string | null;
  /** A drawing being placed (not yet in the list), or null. */
  readonly preview: Drawing | null;
}

/** Dash pattern (on, off) in device px for a line of width w (device px). */
export function dashFor(style: DrawingLineStyle | undefined, w: number): [number, number] | null {
  if (style === 'dashed') return [6 * w, 4 * w];
  if (style === 'dotted') return [Math.max(1, w), 2 * w + 1];
  return null;
}

/** Projection of a pane's data to device px (x of the scene, y of the pane's scale). */
export function paneProjection(scene: TimeSeriesScene<SeriesLayer>, pane: Pane<SeriesLayer>, dpr: number, times: Float64Array, locale: string | undefined): Projection {
  const r = pane.rect;
  const scale = paneScale(pane);
  return {
    plot: r,
    dpr,
    x: (t) => scene.x.timeToPx(t, r),
    y: (v) => scale.toPx(v, r),
    formatValue: (v) => formatNumber(v, locale),
    barsBetween: (from, to) => Math.max(0, lowerBound(times, to + 1e-9) - lowerBound(times, from)),
  };
}

interface Drawn {
  drawing: Drawing;
  geometry: Geometry;
  pane: string;
}

export class DrawingsLayer implements Layer {
  private drawn: Drawn[] = [];
  private dpr = 1;

  constructor(private readonly source: DrawingsSource) {}

  drawOver(ctx: FrameContext): void {
    const { scene, dpr, theme } = ctx;
    this.dpr = dpr;
    this.drawn = [];
    const list = this.source.preview ? [...this.source.all, this.source.preview] : this.source.all;
    if (!list.length) return;
    const projections = new Map<string, Projection>();
    const measure = (text: string) => ctx.labels.measure(text, theme, dpr);
    for (const d of list) {
      if (d.hidden) continue;
      const paneId = d.pane ?? MAIN_PANE;
      let proj = projections.get(paneId);
      if (!proj) {
        const pane = scene.panes.find((p) => p.id === paneId);
        if (!pane) continue;
        proj = paneProjection(scene, pane, dpr, scene.x.times, scene.locale);
        projections.set(paneId, proj);
      }
      const geometry = drawingGeometry(d, proj, measure);
      this.drawn.push({ drawing: d, geometry, pane: paneId });
      const color = parseColor(d.style.color ?? DEFAULT_DRAWING_COLOR, [0.16, 0.38, 1, 1]);
      const fill = d.style.fill !== undefined ? parseColor(d.style.fill, withAlpha(color, 0.15)) : withAlpha(color, 0.15);
      geometry.fills.forEach((poly, i) => fillPolygon(ctx, poly, withAlpha(fill, geometry.fillAlpha[i])));
      const w = Math.max(0.5, (d.style.width ?? 1.5) * dpr);
      for (const l of geometry.lines) ctx.over.segment(l.x0, l.y0, l.x1, l.y1, w, l.alpha !== undefined ? withAlpha(color, l.alpha) : color, dashFor(l.lineStyle ?? d.style.lineStyle, w));
      if (d.id === this.source.selectedId || d === this.source.preview) {
        for (const h of geometry.handles) {
          ctx.over.disc(h.x, h.y, (HANDLE_RADIUS + 1) * dpr, color);
          ctx.over.disc(h.x, h.y, (HANDLE_RADIUS - 1) * dpr, theme.background);
        }
      }
    }
  }

  drawLabels(ctx: FrameContext): void {
    const { theme, dpr } = ctx;
    for (const { drawing, geometry } of this.drawn) {
      const color = parseColor(drawing.style.color ?? DEFAULT_DRAWING_COLOR, [0.16, 0.38, 1, 1]);
      for (const t of geometry.texts) {
        if (t.tag) {
          const background: Rgba = drawing.type === 'text' && drawing.style.fill ? parseColor(drawing.style.fill, color) : color;
          ctx.labels.tag(t.text, t.x, t.y, t.align, background, [1, 1, 1, 1], theme, dpr);
        } else {
          ctx.labels.note(t.text, t.x, t.y, t.align, color, theme, dpr);
        }
      }
    }
  }

  /**
   * The drawing under a point (CSS px) within `tolerance` CSS px, topmost first, with the index
   * of the handle under it (only the selected drawing's handles count), from the last frame.
   */
  hitTest(xCss: number, yCss: number, tolerance: number, selectedId: string | null): { id: string; handle: number; distance: number } | null {
    const px = xCss * this.dpr;
    const py = yCss * this.dpr;
    const tol = tolerance * this.dpr;
    for (let i = this.drawn.length - 1; i >= 0; i--) {
      const { drawing, geometry } = this.drawn[i];
      if (drawing !== this.source.preview && drawing.id === selectedId) {
        const h = handleAt(geometry, px, py, (HANDLE_RADIUS + 2) * this.dpr + tol);
        if (h >= 0) return { id: drawing.id, handle: h, distance: 0 };
      }
    }
    let best: { id: string; distance: number } | null = null;
    for (let i = this.drawn.length - 1; i >= 0; i--) {
      const { drawing, geometry } = this.drawn[i];
      if (drawing === this.source.preview) continue;
      const r = geometry.plot;
      if (px < r.x || px > r.x + r.width || py < r.y || py > r.y + r.height) continue;
      const d = distanceToGeometry(geometry, px, py);
      // Topmost wins ties: later drawings are drawn on top.
      if (d <= tol && (!best || d < best.distance)) best = { id: drawing.id, distance: d };
    }
    return best && { id: best.id, handle: -1, distance: best.distance / this.dpr };
  }

  /** Ids of the drawings drawn in the last frame, bottom to top (keyboard selection order). */
  drawnIds(): string[] {
    return this.drawn.filter((d) => d.drawing !== this.source.preview).map((d) => d.drawing.id);
  }
}

/** A convex polygon as a fan of triangles (each a quad repeating its last corner). */
function fillPolygon(ctx: FrameContext, poly: number[], color: Rgba): void {
  if (color[3] <= 0) return;
  const n = poly.length / 2;
  for (let i = 1; i + 1 < n; i++) {
    ctx.over.quad(poly[0], poly[1], poly[i * 2], poly[i * 2 + 1], poly[i * 2 + 2], poly[i * 2 + 3], poly[i * 2 + 2], poly[i * 2 + 3], color);
  }
}
