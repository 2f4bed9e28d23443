/**
 * Default text formats for the tooltip, live region, summary and data table. Formatters are
 * cached per locale/time zone because Intl constructors are slow and pointer moves are many.
 */

const DAY_MS = 86_400_000;

export interface FormatOptions {
  locale?: string;
  timeZone?: string;
  /** Replaces the default time text (tooltip, live region, table, summary). */
  formatTime?: (time: number, step: number) => string;
  /** Replaces the default value text. */
  formatValue?: (value: number, series: string) => string;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(key: string, o: FormatOptions, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `d|${key}|${o.locale ?? ''}|${o.timeZone ?? ''}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(o.locale, { ...opts, timeZone: o.timeZone });
    } catch {
      // an unknown locale or zone must not break the chart: fall back to the browser's
      f = new Intl.DateTimeFormat(undefined, opts);
    }
    cache.set(k, f);
  }
  return f;
}

/** How much of a time a row spacing of `step` ms needs: the date, minutes, seconds or milliseconds. */
export type TimePrecision = 'day' | 'minute' | 'second' | 'ms';

export function timePrecision(step: number): TimePrecision {
  return step >= DAY_MS ? 'day' : step >= 60_000 ? 'minute' : step >= 1000 ? 'second' : 'ms';
}

/**
 * A row's time with the precision its spacing needs (`step` ms): the date only for daily and
 * slower bars (no "12:00:00 AM"), then minutes, seconds, and milliseconds for sub-second rows.
 * The one rule for the crosshair label, tooltip, live region, data table and summary. `long`
 * spells the month out (for speech).
 */
export function formatTime(t: number, step: number, o: FormatOptions = {}, long = false): string {
  return Number.isFinite(t) ? timeFormatter(step, o, long).format(t) : '';
}

function timeFormatter(step: number, o: FormatOptions, long: boolean): Intl.DateTimeFormat {
  const precision = timePrecision(step);
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: long ? 'long' : 'short', day: 'numeric' };
  if (precision !== 'day') {
    opts.hour = 'numeric';
    opts.minute = '2-digit';
  }
  if (precision === 'second' || precision === 'ms') opts.second = '2-digit';
  if (precision === 'ms') opts.fractionalSecondDigits = 3;
  return dateFormat(`${precision}|${long}`, o, opts);
}

/** A time span (a merged bar's first and last row): "Mar 3 – 6, 2025", at the rows' precision. */
export function formatTimeSpan(from: number, to: number, step: number, o: FormatOptions = {}, long = false): string {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return '';
  if (!(to > from)) return formatTime(from, step, o, long);
  return timeFormatter(step, o, long).formatRange(from, to);
}

/** A value with a precision that suits its size (prices, volumes, small indicator values). */
export function formatValue(v: number, o: FormatOptions = {}): string {
  if (Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  const digits = a >= 1000 ? 2 : a >= 1 ? 4 : a === 0 ? 0 : 6;
  const k = `n|${digits}|${o.locale ?? ''}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) {
    try {
      f = new Intl.NumberFormat(o.locale, { maximumFractionDigits: digits });
    } catch {
      f = new Intl.NumberFormat(undefined, { maximumFractionDigits: digits });
    }
    cache.set(k, f);
  }
  return f.format(v);
}

/** Spacing of rows around `index` (the smaller neighbour gap), for choosing a time format. */
export function stepAt(times: ArrayLike<number>, index: number): number {
  const n = times.length;
  if (n < 2 || index < 0) return DAY_MS;
  const i = Math.min(Math.max(index, 1), n - 1);
  const before = times[i] - times[i - 1];
  const after = i + 1 < n ? times[i + 1] - times[i] : before;
  return Math.min(before, after);
}

/** Time text through the page's formatter when it gave one. */
export function timeText(t: number, step: number, o: FormatOptions = {}, long = false): string {
  return o.formatTime ? o.formatTime(t, step) : formatTime(t, step, o, long);
}

/** Value text through the page's formatter when it gave one. */
export function valueText(v: number, series: string, o: FormatOptions = {}): string {
  return o.formatValue ? o.formatValue(v, series) : formatValue(v, o);
}
