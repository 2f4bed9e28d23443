/**
 * Text for assistive technology: the chart's accessible name (a one-sentence summary), the live
 * region line for the bar under the keyboard crosshair, and an optional visually hidden table of
 * the visible rows. Everything is plain text set through textContent.
 *
 * Role: the focusable chart gets role="application" with aria-roledescription="chart". It has its
 * own arrow/Home/End/+/- keys; with a non-interactive role (img, figure) NVDA and JAWS stay in
 * browse mode and consume those keys, and role="img" would also hide the data table (its
 * children are presentational). "application" hands the keys to the chart; the live region then
 * speaks each bar, and the summary is the accessible name.
 */
import type { InteractionTarget } from '../interaction-target.js';
import { formatPercentChange } from '../series/value-format.js';
import { formatTimeSpan, stepAt, timeText, valueText, type FormatOptions } from './format.js';

/** Most rows the hidden data table lists; longer views are sampled evenly (and the caption says so). */
export const A11Y_TABLE_MAX_ROWS = 500;

export const CHART_ROLE = 'application';
export const CHART_ROLE_DESCRIPTION = 'chart';

/** Short names of bar fields on screen, as in the legend. */
const SHORT: Record<string, string> = { open: 'O', high: 'H', low: 'L', close: 'C' };

export interface NamedValue {
  /** The series' name (unique in the chart; the key of `gpu-crosshair`'s values). */
  name: string;
  /** Its main value (close for bars). */
  value: number;
  /** Its text as the legend shows it, or through the page's `formatValue` field by field. */
  text(fmt: FormatOptions): string;
}

/**
 * Every series' values over rows first..last (a row, or the rows of a merged bar), named as in
 * the legend: candles read "O … H … L … C … +0.52 %" in the tooltip, live region and table.
 */
export function namedValues(target: InteractionTarget, first: number, last = first): NamedValue[] {
  const readouts = target.readoutAt?.(first, last);
  if (!readouts) {
    // a target without readouts: its values by id, named by its titles when the counts agree
    const values = target.valuesAt(last);
    const keys = Object.keys(values);
    const names = target.seriesNames();
    const titled = names.length === keys.length;
    return keys.map((key, i) => ({ name: titled ? names[i] : key, value: values[key], text: (fmt) => valueText(values[key], key, fmt) }));
  }
  return readouts.map(({ name, fields, text }) => ({
    name,
    value: fields.close ?? fields.value ?? NaN,
    text: (fmt: FormatOptions) => {
      const own = fmt.formatValue;
      if (!own) return text;
      const parts = Object.entries(fields).map(([k, v]) => (k === 'change' ? formatPercentChange(v, fmt.locale) : k === 'value' ? own(v, name) : `${SHORT[k] ?? k} ${own(v, name)}`));
      return parts.join(' ');
    },
  }));
}

/** The time of rows first..last: one row's time, or a merged bar's span ("Mar 3 – 6, 2025"). */
export function rowsTimeText(target: InteractionTarget, first: number, last: number, fmt: FormatOptions = {}, long = false): string {
  const times = target.times();
  const step = stepAt(times, first);
  if (last <= first || fmt.formatTime) return timeText(times[first], step, fmt, long);
  return formatTimeSpan(times[first], times[last], step, fmt, long);
}

/**
 * The accessible name: "<label>. Chart of A, B from <date> to <date>. Last A 12.5, change +3.1 %
 * over the period." Empty data gives "<label>. Chart with no data."
 */
export function chartSummary(target: InteractionTarget, label: string | undefined, fmt: FormatOptions = {}): string {
  const parts: string[] = [];
  const title = label?.trim();
  if (title) parts.push(title.endsWith('.') ? title : `${title}.`);
  const names = target.seriesNames();
  const times = target.times();
  const n = times.length;
  if (n === 0) {
    parts.push('Chart with no data.');
    return parts.join(' ');
  }
  const of = names.length ? ` of ${names.join(', ')}` : '';
  const step = stepAt(times, n - 1);
  parts.push(
    n === 1
      ? `Chart${of} at ${timeText(times[0], step, fmt, true)}.`
      : `Chart${of} from ${timeText(times[0], step, fmt, true)} to ${timeText(times[n - 1], step, fmt, true)}, ${n} points.`,
  );
  // the main series' value (close or value), the one a magnet crosshair snaps to
  const main = names[0];
  const first = target.magnetValueAt(0);
  const last = target.magnetValueAt(n - 1);
  if (!Number.isNaN(last)) {
    const lastText = fmt.formatValue ? undefined : target.readoutAt?.(n - 1, n - 1)[0]?.valueText;
    let s = `Last ${main ?? 'value'} ${lastText ?? valueText(last, main ?? 'value', fmt)}`;
    if (n > 1 && Number.isFinite(first) && first !== 0) {
      const pct = ((last - first) / Math.abs(first)) * 100;
      s += `, change ${formatPercentChange(pct, fmt.locale)} over the period`;
    }
    parts.push(`${s}.`);
  }
  return parts.join(' ');
}

/**
 * The live-region line for a row (or the merged bar drawn there), named and formatted as the
 * legend and tooltip: "3 January 2024: price O 100.00 H 102.00 L 99.50 C 101.50 +1.50 %, volume 2K".
 */
export function barAnnouncement(target: InteractionTarget, index: number, fmt: FormatOptions = {}): string {
  const times = target.times();
  if (index < 0 || index >= times.length) return '';
  const merged = target.mergedRowsAt?.(index);
  const first = merged?.first ?? index;
  const last = merged?.last ?? index;
  const items = namedValues(target, first, last).map((v) => `${v.name} ${v.text(fmt)}`);
  const when = rowsTimeText(target, first, last, fmt, true);
  return items.length ? `${when}: ${items.join(', ')}` : when;
}

export interface DataTableRows {
  /** Header cells: "Time" then one per series. */
  columns: string[];
  rows: string[][];
  /** Rows in the visible range (rows.length is smaller when sampled). */
  total: number;
  /** True when the rows are an even sample of `total`. */
  sampled: boolean;
  /** What the caption counts (default `visible rows`; a 3D chart's table counts `points`). */
  unit?: string;
}

/**
 * Where a chart that is not a time scene (a 3D chart) takes its accessible name and data table
 * from; the controller asks it instead of the target while it is set.
 */
export interface A11yTextSource {
  summary(label: string | undefined, fmt: FormatOptions): string;
  tableRows(fmt: FormatOptions, maxRows: number): DataTableRows;
}

/** Hides an element visually while keeping it in the accessibility tree. */
export function makeVisuallyHidden(el: HTMLElement): void {
  const s = el.style;
  s.position = 'absolute';
  s.width = '1px';
  s.height = '1px';
  s.margin = '-1px';
  s.padding = '0';
  s.overflow = 'hidden';
  s.clipPath = 'inset(50%)';
  s.whiteSpace = 'nowrap';
  s.border = '0';
}

/** The polite live region announcing the keyboard crosshair's bar. */
export function createLiveRegion(doc: Document = document): HTMLDivElement {
  const el = doc.createElement('div');
  el.className = 'live';
  el.setAttribute('role', 'status');
  el.setAttribute('aria-live', 'polite');
  el.setAttribute('aria-atomic', 'true');
  makeVisuallyHidden(el);
  return el;
}

/** An empty, visually hidden table for `fillDataTable`. */
export function createDataTable(doc: Document = document): HTMLTableElement {
  const table = doc.createElement('table');
  table.className = 'a11y-table';
  table.setAttribute('part', 'a11y-table');
  makeVisuallyHidden(table);
  return table;
}
