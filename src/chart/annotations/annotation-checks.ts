/**
 * The checks of annotations set from code (chart.markers, chart.priceLines, chart.timeMarkers,
 * chart.timeRanges) that keep one bad item from spoiling the others: each bad item is left out
 * and named (index and field). A lazy chunk, loaded by the first annotation a page gives a chart
 * (elements/chart/annotations.ts). Pure TypeScript.
 */
import { isCssColor } from '../colors.js';
import type { AnnotationLineStyle, MarkerPosition, MarkerShape, PriceLineOptions, SeriesMarker, TimeMarkerOptions, TimeRangeOptions } from './types.js';

export const LINE_STYLES: readonly AnnotationLineStyle[] = ['solid', 'dashed', 'dotted'];
export const MARKER_POSITIONS: readonly MarkerPosition[] = ['aboveBar', 'belowBar', 'inBar', 'atPrice'];
export const MARKER_SHAPES: readonly MarkerShape[] = ['arrowUp', 'arrowDown', 'circle', 'square'];

/** The largest time in ms a Date can hold. */
const MAX_TIME = 8.64e15;
/** Longest text kept (a marker's text, a title, a label). */
const MAX_TEXT = 200;
/** Bad items reported one by one; beyond, one message counts the rest. */
const MAX_REPORTED = 10;

type Check = (item: Record<string, unknown>) => string | null;

const time = (field: string): Check => (o) => (typeof o[field] === 'number' && Math.abs(o[field] as number) <= MAX_TIME ? null : `${field} ${show(o[field])} is not a time in ms`);
const finite = (field: string, optional: boolean): Check => (o) => ((optional && o[field] === undefined) || (typeof o[field] === 'number' && Number.isFinite(o[field])) ? null : `${field} ${show(o[field])} is not a finite number`);
const positive = (field: string): Check => (o) => (o[field] === undefined || (typeof o[field] === 'number' && (o[field] as number) > 0 && Number.isFinite(o[field])) ? null : `${field} ${show(o[field])} is not a positive number`);
const oneOf = (field: string, values: readonly string[], optional: boolean): Check => (o) =>
  (optional && o[field] === undefined) || values.includes(o[field] as string) ? null : `${field} ${show(o[field])} is not one of ${values.join(', ')}`;
const color: Check = (o) => (o.color === undefined || isCssColor(o.color) ? null : `color ${show(o.color)} is not a CSS colour`);
const text = (field: string): Check => (o) => (o[field] === undefined || typeof o[field] === 'string' ? null : `${field} ${show(o[field])} is not a string`);

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
  if (typeof v === 'number') return String(v);
  return v === undefined ? '(missing)' : v === null ? 'null' : typeof v;
}

/**
 * The good items of `input` (an array of `name` objects); each bad one is left out and named
 * (index and field) through `report`, the first MAX_REPORTED one by one.
 */
function validList<T>(name: string, input: unknown, checks: Check[], report: (message: string) => void): T[] {
  if (input === null || input === undefined) return [];
  if (!Array.isArray(input)) {
    report(`chart.${name} must be an array; nothing of it is drawn`);
    return [];
  }
  const out: T[] = [];
  let bad = 0;
  input.forEach((item: unknown, i) => {
    let problem: string | null = typeof item === 'object' && item !== null ? null : 'it is not an object';
    for (const check of checks) problem ??= check(item as Record<string, unknown>);
    if (problem === null) {
      out.push(item as T);
      return;
    }
    if (++bad <= MAX_REPORTED) report(`chart.${name}[${i}] is skipped: ${problem}`);
  });
  if (bad > MAX_REPORTED) report(`chart.${name}: ${bad - MAX_REPORTED} more items are skipped for the same kinds of reasons`);
  return out;
}

const clip = (s: string | undefined) => (s === undefined ? undefined : s.slice(0, MAX_TEXT));

export function validMarkers(input: unknown, report: (message: string) => void): SeriesMarker[] {
  const atPrice: Check = (o) => (o.position === 'atPrice' ? finite('price', false)(o) : finite('price', true)(o));
  const list = validList<SeriesMarker>('markers', input, [time('time'), oneOf('position', MARKER_POSITIONS, false), oneOf('shape', MARKER_SHAPES, false), atPrice, color, text('text'), positive('size'), text('series')], report);
  return list.map((m) => ({ ...m, text: clip(m.text) }));
}

export function validPriceLines(input: unknown, report: (message: string) => void): PriceLineOptions[] {
  const list = validList<PriceLineOptions>('priceLines', input, [finite('price', false), color, positive('lineWidth'), oneOf('lineStyle', LINE_STYLES, true), text('title'), text('pane')], report);
  return list.map((p) => ({ ...p, title: clip(p.title) }));
}

export function validTimeMarkers(input: unknown, report: (message: string) => void): TimeMarkerOptions[] {
  const list = validList<TimeMarkerOptions>('timeMarkers', input, [time('time'), color, text('label'), oneOf('lineStyle', LINE_STYLES, true)], report);
  return list.map((t) => ({ ...t, label: clip(t.label) }));
}

export function validTimeRanges(input: unknown, report: (message: string) => void): TimeRangeOptions[] {
  const list = validList<TimeRangeOptions>('timeRanges', input, [time('from'), time('to'), color, text('label')], report);
  return list.map((t) => ({ ...t, label: clip(t.label) }));
}
