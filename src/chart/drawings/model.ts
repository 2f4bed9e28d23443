/**
 * Drawings as plain JSON: what `chart.drawings` gets and sets, what `gpu-drawing` events carry,
 * and what the chart state saves. Anchors live in data coordinates (time in ms, value in the
 * pane's data units), so a drawing stays on its bars under zoom, pan, log and percent scales,
 * the category time scale and streamed rows. Pure TypeScript: no DOM, no GPU.
 */

import { DRAWING_TYPES, isDrawingType, type DrawingType } from './types.js';

export { DRAWING_TYPES, isDrawingType, type DrawingType };

export type DrawingLineStyle = 'solid' | 'dashed' | 'dotted';

export interface DrawingAnchor {
  /** ms since 1970 (may lie between rows or beyond the last one). */
  time: number;
  /** In the pane's data units (not percent, not log). */
  value: number;
}

export interface DrawingStyle {
  /** Line and text colour (any CSS colour). */
  color?: string;
  /** Line width in CSS px (0.5–20). */
  width?: number;
  lineStyle?: DrawingLineStyle;
  /** Fill of rectangles, channels, ranges and Fibonacci bands (any CSS colour; `transparent` for none). */
  fill?: string;
  /** Text of a text note (and an optional label on lines). */
  text?: string;
}

export interface Drawing {
  id: string;
  type: DrawingType;
  anchors: DrawingAnchor[];
  style: DrawingStyle;
  /** Fibonacci levels (retracement and extension), as ratios. */
  levels?: number[];
  /** Locked drawings can be selected but not moved, edited or deleted by the user. */
  locked?: boolean;
  hidden?: boolean;
  /** Pane id (default `main`). */
  pane?: string;
}

export interface ToolInfo {
  /** Anchors a drawing of this type has. */
  anchors: number;
  /** Its name, for buttons, announcements and errors. */
  name: string;
  /** Short label for the built-in toolbar. */
  short: string;
}

export const TOOLS: Record<DrawingType, ToolInfo> = {
  trendline: { anchors: 2, name: 'Trend line', short: '╱' },
  ray: { anchors: 2, name: 'Ray', short: '↗' },
  'extended-line': { anchors: 2, name: 'Extended line', short: '⤢' },
  hline: { anchors: 1, name: 'Horizontal line', short: '─' },
  hray: { anchors: 1, name: 'Horizontal ray', short: '⟶' },
  vline: { anchors: 1, name: 'Vertical line', short: '│' },
  rectangle: { anchors: 2, name: 'Rectangle', short: '▭' },
  channel: { anchors: 3, name: 'Parallel channel', short: '∥' },
  'fib-retracement': { anchors: 2, name: 'Fibonacci retracement', short: 'Fib' },
  'fib-extension': { anchors: 3, name: 'Fibonacci extension', short: 'FibX' },
  text: { anchors: 1, name: 'Text note', short: 'T' },
  arrow: { anchors: 2, name: 'Arrow', short: '➚' },
  'price-range': { anchors: 2, name: 'Price range', short: '↕' },
  'date-range': { anchors: 2, name: 'Date range', short: '↔' },
};

export const FIB_RETRACEMENT_LEVELS = [0, 0.236, 0.382, 0.5, 0.618, 0.786, 1];
export const FIB_EXTENSION_LEVELS = [0, 0.618, 1, 1.618, 2.618];

export const DEFAULT_DRAWING_COLOR = '#2962ff';

/** A deep copy (drawings handed out are never the chart's own objects). */
export function cloneDrawing(d: Drawing): Drawing {
  return {
    ...d,
    anchors: d.anchors.map((a) => ({ time: a.time, value: a.value })),
    style: { ...d.style },
    ...(d.levels ? { levels: [...d.levels] } : {}),
  };
}

export function levelsOf(d: Drawing): number[] {
  return d.levels ?? (d.type === 'fib-extension' ? FIB_EXTENSION_LEVELS : FIB_RETRACEMENT_LEVELS);
}

const LINE_STYLES: readonly string[] = ['solid', 'dashed', 'dotted'];

function validColor(value: unknown): boolean {
  return typeof value === 'string' && (typeof CSS === 'undefined' || CSS.supports('color', value));
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A time given as ms, a Date or a date string, in ms; NaN when it is none of those. */
function timeOf(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' && v.trim() !== '' && !Number.isFinite(Number(v))) return Date.parse(v);
  return typeof v === 'number' ? v : NaN;
}

export type DrawingResult = { drawing: Drawing } | { error: string };

/**
 * Checks one drawing from outside (JSON, code). A drawing with an unknown type, too few
 * anchors, non-finite anchors or a bad style is refused with a message naming it and the field.
 */
export function parseDrawing(raw: unknown, index: number, makeId: () => string): DrawingResult {
  const where = `drawings[${index}]`;
  if (!raw || typeof raw !== 'object') return { error: `${where} is not an object.` };
  const o = raw as Record<string, unknown>;
  const name = typeof o.id === 'string' && o.id ? `${where} ("${o.id}")` : where;
  if (!isDrawingType(o.type)) return { error: `${name}: unknown type ${JSON.stringify(o.type)}; known types: ${DRAWING_TYPES.join(', ')}.` };
  const need = TOOLS[o.type].anchors;
  if (!Array.isArray(o.anchors) || o.anchors.length < need) {
    return { error: `${name}: a ${o.type} needs ${need} anchor${need > 1 ? 's' : ''} ({ time, value }); it has ${Array.isArray(o.anchors) ? o.anchors.length : 'none'}.` };
  }
  const anchors: DrawingAnchor[] = [];
  for (let i = 0; i < need; i++) {
    const a = o.anchors[i] as Record<string, unknown> | null;
    const time = timeOf(a?.time);
    const value = a?.value;
    if (!Number.isFinite(time)) return { error: `${name}: anchors[${i}].time is not a finite time.` };
    if (!finite(value)) return { error: `${name}: anchors[${i}].value is not a finite number.` };
    anchors.push({ time, value });
  }
  const style: DrawingStyle = {};
  const s = (o.style ?? {}) as Record<string, unknown>;
  if (typeof s !== 'object') return { error: `${name}: style is not an object.` };
  if (s.color !== undefined) {
    if (!validColor(s.color)) return { error: `${name}: style.color ${JSON.stringify(s.color)} is not a CSS colour.` };
    style.color = s.color as string;
  }
  if (s.fill !== undefined) {
    if (!validColor(s.fill)) return { error: `${name}: style.fill ${JSON.stringify(s.fill)} is not a CSS colour.` };
    style.fill = s.fill as string;
  }
  if (s.width !== undefined) {
    if (!finite(s.width) || s.width < 0.5 || s.width > 20) return { error: `${name}: style.width must be a number from 0.5 to 20.` };
    style.width = s.width;
  }
  if (s.lineStyle !== undefined) {
    if (typeof s.lineStyle !== 'string' || !LINE_STYLES.includes(s.lineStyle)) return { error: `${name}: style.lineStyle must be solid, dashed or dotted.` };
    style.lineStyle = s.lineStyle as DrawingLineStyle;
  }
  if (s.text !== undefined) style.text = String(s.text).slice(0, 500);
  const drawing: Drawing = { id: typeof o.id === 'string' && o.id ? o.id : makeId(), type: o.type, anchors, style };
  if (o.levels !== undefined) {
    if (!Array.isArray(o.levels) || !o.levels.every(finite)) return { error: `${name}: levels must be an array of finite numbers.` };
    drawing.levels = [...(o.levels as number[])];
  }
  if (o.locked !== undefined) drawing.locked = Boolean(o.locked);
  if (o.hidden !== undefined) drawing.hidden = Boolean(o.hidden);
  if (o.pane !== undefined) {
    if (typeof o.pane !== 'string') return { error: `${name}: pane must be a pane id.` };
    drawing.pane = o.pane;
  }
  return { drawing };
}

/** A style patch merged into a drawing's style, checked like a new drawing's. */
export function mergeStyle(d: Drawing, patch: Partial<Drawing>, index = 0): DrawingResult {
  const merged = { ...cloneDrawing(d), ...patch, style: { ...d.style, ...(patch.style ?? {}) }, id: d.id, type: patch.type ?? d.type };
  return parseDrawing(merged, index, () => d.id);
}
