/**
 * What a drawing draws, in device px: lines, fills, texts and the handles of its anchors,
 * clipped to its pane. The drawings layer draws exactly this, and hit tests measure against
 * exactly this, so what the pointer finds is what is on screen. Pure TypeScript.
 */
import type { PlotRect } from '../scales.js';
import { levelsOf, type Drawing, type DrawingLineStyle } from './model.js';

/** Maps a pane's data to device px and formats what labels show. */
export interface Projection {
  readonly plot: PlotRect;
  readonly dpr: number;
  x(time: number): number;
  y(value: number): number;
  formatValue(value: number): string;
  /** Rows between two times (the bar count a range measure shows). */
  barsBetween(from: number, to: number): number;
}

export interface GeoLine {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Overrides the drawing's line style (guides are dashed). */
  lineStyle?: DrawingLineStyle;
  /** Opacity factor (guides are fainter). */
  alpha?: number;
}

export interface GeoText {
  text: string;
  x: number;
  y: number;
  align: 'left' | 'right' | 'center';
  /** Drawn on a filled tag (text notes, measures) rather than as plain text. */
  tag: boolean;
}

export interface Geometry {
  lines: GeoLine[];
  /** Convex polygons as flat [x0, y0, x1, y1, …], clipped; filled with the drawing's fill. */
  fills: number[][];
  /** Fill opacity factor per polygon (Fibonacci bands alternate). */
  fillAlpha: number[];
  texts: GeoText[];
  /** Anchor positions (unclipped), where the handles are. */
  handles: Array<{ x: number; y: number }>;
  /** Areas a click inside selects (rectangles, ranges, channels, notes). */
  areas: number[][];
  /** The pane's plot (device px) it was clipped to. */
  plot: PlotRect;
}

type P = { x: number; y: number };

/** Clips a segment to a rectangle (Liang–Barsky); null when it lies outside. */
export function clipSegment(x0: number, y0: number, x1: number, y1: number, r: PlotRect): [number, number, number, number] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const edges: Array<[number, number]> = [
    [-dx, x0 - r.x],
    [dx, r.x + r.width - x0],
    [-dy, y0 - r.y],
    [dy, r.y + r.height - y0],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return null;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return null;
      if (t < t1) t1 = t;
    }
  }
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}

/** Clips a convex polygon to a rectangle (Sutherland–Hodgman). */
export function clipPolygon(points: number[], r: PlotRect): number[] {
  let pts = points;
  const planes: Array<[(x: number, y: number) => number]> = [
    [(x) => x - r.x],
    [(x) => r.x + r.width - x],
    [(_x, y) => y - r.y],
    [(_x, y) => r.y + r.height - y],
  ];
  for (const [inside] of planes) {
    const out: number[] = [];
    const n = pts.length / 2;
    for (let i = 0; i < n; i++) {
      const ax = pts[i * 2];
      const ay = pts[i * 2 + 1];
      const bx = pts[((i + 1) % n) * 2];
      const by = pts[((i + 1) % n) * 2 + 1];
      const da = inside(ax, ay);
      const db = inside(bx, by);
      if (da >= 0) out.push(ax, ay);
      if ((da >= 0) !== (db >= 0)) {
        const t = da / (da - db);
        out.push(ax + (bx - ax) * t, ay + (by - ay) * t);
      }
    }
    pts = out;
    if (pts.length < 6) return [];
  }
  return pts;
}

/** Far points along a→b: backwards (extended lines) and forwards (rays), beyond any plot. */
function extend(a: P, b: P, r: PlotRect, backward: boolean): [P, P] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len < 1e-9) return [a, b];
  const k = (4 * (r.width + r.height + Math.abs(a.x - r.x) + Math.abs(a.y - r.y))) / len;
  return [backward ? { x: a.x - dx * k, y: a.y - dy * k } : a, { x: a.x + dx * k, y: a.y + dy * k }];
}

function rectPolygon(a: P, b: P): number[] {
  return [a.x, a.y, b.x, a.y, b.x, b.y, a.x, b.y];
}

function percentText(change: number, base: number): string {
  if (!(base !== 0) || !Number.isFinite(change / base)) return '';
  const p = (change / Math.abs(base)) * 100;
  return ` (${p >= 0 ? '+' : ''}${p.toFixed(2)} %)`;
}

/** A time span in words a trader reads at a glance: "3d 4h", "45m", "2.5s". */
export function spanText(ms: number): string {
  const a = Math.abs(ms);
  const d = Math.floor(a / 86_400_000);
  const h = Math.floor((a % 86_400_000) / 3_600_000);
  const m = Math.floor((a % 3_600_000) / 60_000);
  if (d > 0) return h ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return a >= 1000 ? `${+(a / 1000).toFixed(1)}s` : `${Math.round(a)}ms`;
}

/** An arrow head at `tip`, pointing away from `from`: two short lines. */
function arrowHead(from: P, tip: P, size: number): GeoLine[] {
  const dx = tip.x - from.x;
  const dy = tip.y - from.y;
  const len = Math.hypot(dx, dy);
  if (len < 1e-6) return [];
  const ux = dx / len;
  const uy = dy / len;
  const s = Math.min(size, len / 2);
  const c = Math.cos(Math.PI / 7);
  const sn = Math.sin(Math.PI / 7);
  const wing = (sign: number): GeoLine => ({
    x0: tip.x,
    y0: tip.y,
    x1: tip.x - s * (ux * c - sign * uy * sn),
    y1: tip.y - s * (uy * c + sign * ux * sn),
  });
  return [wing(1), wing(-1)];
}

/** The geometry of a drawing (its anchors projected; `measure` sizes text notes for hit tests). */
export function drawingGeometry(d: Drawing, proj: Projection, measure: (text: string) => number): Geometry {
  const r = proj.plot;
  const dpr = proj.dpr;
  const pts: P[] = d.anchors.map((a) => ({ x: proj.x(a.time), y: proj.y(a.value) }));
  const g: Geometry = { lines: [], fills: [], fillAlpha: [], texts: [], handles: pts, areas: [], plot: r };
  const [a, b, c] = pts;
  const line = (p: P, q: P, extra: Partial<GeoLine> = {}) => g.lines.push({ x0: p.x, y0: p.y, x1: q.x, y1: q.y, ...extra });
  const fill = (poly: number[], alpha = 1, hit = true) => {
    g.fills.push(poly);
    g.fillAlpha.push(alpha);
    if (hit) g.areas.push(poly);
  };
  const right = r.x + r.width;
  const measureLabelY = (top: number, bottom: number) => {
    const h = 12 * dpr;
    return top - h >= r.y ? top - h : Math.min(r.y + r.height - h, bottom + h);
  };
  switch (d.type) {
    case 'trendline':
      line(a, b);
      break;
    case 'ray': {
      const [p, q] = extend(a, b, r, false);
      line(p, q);
      break;
    }
    case 'extended-line': {
      const [p, q] = extend(a, b, r, true);
      line(p, q);
      break;
    }
    case 'arrow':
      line(a, b);
      g.lines.push(...arrowHead(a, b, 10 * dpr + 2 * (d.style.width ?? 1) * dpr));
      break;
    case 'hline':
      line({ x: r.x, y: a.y }, { x: right, y: a.y });
      g.texts.push({ text: proj.formatValue(d.anchors[0].value), x: right - 4 * dpr, y: a.y - 9 * dpr, align: 'right', tag: false });
      break;
    case 'hray':
      line(a, { x: right, y: a.y });
      g.texts.push({ text: proj.formatValue(d.anchors[0].value), x: right - 4 * dpr, y: a.y - 9 * dpr, align: 'right', tag: false });
      break;
    case 'vline':
      line({ x: a.x, y: r.y }, { x: a.x, y: r.y + r.height });
      break;
    case 'rectangle':
      line(a, { x: b.x, y: a.y });
      line({ x: b.x, y: a.y }, b);
      line(b, { x: a.x, y: b.y });
      line({ x: a.x, y: b.y }, a);
      fill(rectPolygon(a, b));
      break;
    case 'channel': {
      // The second line is the first moved to pass through the third anchor.
      const slope = Math.abs(b.x - a.x) > 1e-9 ? (b.y - a.y) / (b.x - a.x) : 0;
      const dy = c.y - (a.y + slope * (c.x - a.x));
      const a2 = { x: a.x, y: a.y + dy };
      const b2 = { x: b.x, y: b.y + dy };
      line(a, b);
      line(a2, b2);
      line({ x: a.x, y: a.y + dy / 2 }, { x: b.x, y: b.y + dy / 2 }, { lineStyle: 'dashed', alpha: 0.6 });
      fill([a.x, a.y, b.x, b.y, b2.x, b2.y, a2.x, a2.y]);
      // The third handle sits on the second line, halfway: dragging it moves only that line.
      g.handles = [a, b, { x: (a2.x + b2.x) / 2, y: (a2.y + b2.y) / 2 }];
      break;
    }
    case 'fib-retracement':
    case 'fib-extension': {
      const ext = d.type === 'fib-extension';
      const levels = levelsOf(d);
      const [v0, v1] = [d.anchors[0].value, d.anchors[1].value];
      // Retracement: level 0 at the second anchor, 1 at the first. Extension: from the third
      // anchor, by the first move (first → second) times the level.
      const valueAt = (l: number) => (ext ? d.anchors[2].value + (v1 - v0) * l : v1 + (v0 - v1) * l);
      const x0 = ext ? c.x : Math.min(a.x, b.x);
      const x1 = ext ? c.x + Math.max(Math.abs(b.x - a.x), 40 * dpr) : Math.max(a.x, b.x);
      line(a, b, { lineStyle: 'dashed', alpha: 0.5 });
      if (ext) line(b, c, { lineStyle: 'dashed', alpha: 0.5 });
      const sorted = [...levels].sort((p, q) => p - q);
      let prevY: number | null = null;
      sorted.forEach((l, i) => {
        const v = valueAt(l);
        const y = proj.y(v);
        if (!Number.isFinite(y)) return;
        line({ x: x0, y }, { x: x1, y });
        g.texts.push({ text: `${+l.toFixed(3)} (${proj.formatValue(v)})`, x: x0 + 3 * dpr, y: y - 8 * dpr, align: 'left', tag: false });
        if (prevY !== null) fill([x0, prevY, x1, prevY, x1, y, x0, y], i % 2 ? 1 : 0.6, false);
        prevY = y;
      });
      break;
    }
    case 'text': {
      const text = d.style.text || 'Text';
      const w = measure(text) + 8 * dpr;
      const h = 20 * dpr;
      g.texts.push({ text, x: a.x, y: a.y, align: 'left', tag: true });
      g.areas.push(rectPolygon({ x: a.x, y: a.y - h / 2 }, { x: a.x + w, y: a.y + h / 2 }));
      break;
    }
    case 'price-range':
    case 'date-range': {
      fill(rectPolygon(a, b));
      const [t0, t1] = [d.anchors[0].time, d.anchors[1].time];
      const [p0, p1] = [d.anchors[0].value, d.anchors[1].value];
      const bars = proj.barsBetween(Math.min(t0, t1), Math.max(t0, t1));
      const change = p1 - p0;
      const changeText = `${change >= 0 ? '+' : '−'}${proj.formatValue(Math.abs(change))}${percentText(change, p0)}`;
      const midX = (a.x + b.x) / 2;
      const midY = (a.y + b.y) / 2;
      let text: string;
      if (d.type === 'price-range') {
        const from = { x: midX, y: a.y };
        const to = { x: midX, y: b.y };
        line(from, to);
        g.lines.push(...arrowHead(from, to, 8 * dpr));
        text = `${changeText}, ${bars} bar${bars === 1 ? '' : 's'}`;
      } else {
        const from = { x: a.x, y: midY };
        const to = { x: b.x, y: midY };
        line(from, to);
        g.lines.push(...arrowHead(from, to, 8 * dpr));
        text = `${bars} bar${bars === 1 ? '' : 's'}, ${spanText(t1 - t0)}, ${changeText}`;
      }
      const top = Math.min(a.y, b.y);
      const bottom = Math.max(a.y, b.y);
      g.texts.push({ text, x: midX, y: measureLabelY(top, bottom), align: 'center', tag: true });
      break;
    }
  }
  // Clip what is drawn to the pane; handles stay where the anchors are.
  g.lines = g.lines.flatMap((l) => {
    const s = clipSegment(l.x0, l.y0, l.x1, l.y1, r);
    return s ? [{ ...l, x0: s[0], y0: s[1], x1: s[2], y1: s[3] }] : [];
  });
  const clipped = g.fills.map((f) => clipPolygon(f, r));
  g.fillAlpha = g.fillAlpha.filter((_, i) => clipped[i].length >= 6);
  g.fills = clipped.filter((f) => f.length >= 6);
  g.texts = g.texts.filter((t) => t.x >= r.x - 1 && t.x <= right + 1 && t.y >= r.y - 1 && t.y <= r.y + r.height + 1);
  return g;
}

function distanceToSegment(px: number, py: number, l: GeoLine): number {
  const dx = l.x1 - l.x0;
  const dy = l.y1 - l.y0;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - l.x0) * dx + (py - l.y0) * dy) / len2)) : 0;
  return Math.hypot(px - (l.x0 + t * dx), py - (l.y0 + t * dy));
}

/** Point in a convex or simple polygon (even–odd rule). */
function insidePolygon(px: number, py: number, poly: number[]): boolean {
  let inside = false;
  const n = poly.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[i * 2];
    const yi = poly[i * 2 + 1];
    const xj = poly[j * 2];
    const yj = poly[j * 2 + 1];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance (device px) from a point to what a geometry draws; 0 inside its areas. */
export function distanceToGeometry(g: Geometry, px: number, py: number): number {
  let best = Infinity;
  for (const l of g.lines) best = Math.min(best, distanceToSegment(px, py, l));
  for (const area of g.areas) if (insidePolygon(px, py, area)) return 0;
  return best;
}

/** Index of the handle within `radius` device px of a point, or -1. */
export function handleAt(g: Geometry, px: number, py: number, radius: number): number {
  let best = -1;
  let bestD = radius;
  g.handles.forEach((h, i) => {
    const d = Math.hypot(h.x - px, h.y - py);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}
