/**
 * Time values as files write them (ISO-8601 text, epoch seconds, milliseconds, micro- or
 * nanoseconds) turned into the one unit every chart uses: milliseconds since 1970 UTC.
 */
import { DataError } from '../errors.js';

/**
 * Thresholds that tell epoch units apart by size. 1e11 seconds is the year 5138 while 1e11 ms
 * is March 1973, so a time column whose largest magnitude is below 1e11 is in seconds. The same
 * reasoning, a factor of 1000 up each time, separates ms from µs (1e14) and µs from ns (1e17).
 */
export const SECONDS_BELOW = 1e11;
export const MILLISECONDS_BELOW = 1e14;
export const MICROSECONDS_BELOW = 1e17;

export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

const UNIT_TO_MS: Record<EpochUnit, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 };
const UNIT_NAMES: Record<EpochUnit, string> = {
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
};

/** Picks the unit of a whole column of numeric epoch times from its largest finite magnitude. */
export function detectEpochUnit(values: ArrayLike<number>): EpochUnit {
  let largest = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (v > largest && v !== Infinity) largest = v;
  }
  if (largest < SECONDS_BELOW) return 's';
  if (largest < MILLISECONDS_BELOW) return 'ms';
  if (largest < MICROSECONDS_BELOW) return 'us';
  return 'ns';
}

/** Scales numeric epoch times to ms in place; returns a note when the unit was not already ms. */
export function epochToMilliseconds(values: Float64Array): string | null {
  const unit = detectEpochUnit(values);
  if (unit === 'ms') return null;
  const factor = UNIT_TO_MS[unit];
  for (let i = 0; i < values.length; i++) values[i] *= factor;
  return `times were read as epoch ${UNIT_NAMES[unit]} (largest value below ${thresholdFor(unit)}) and converted to milliseconds`;
}

/** The largest time a Date can hold, in ms either side of 1970 (ECMA-262 §21.4.1.1): years −271821 to 275760. */
export const MAX_TIME_MS = 8.64e15;

/**
 * Throws a DataError naming the first row whose time is not finite or lies outside ±MAX_TIME_MS
 * (a Date cannot hold it, so every label and tick would fail). `conversion` is the unit note,
 * if the column was converted, so the message says how the number became that time.
 */
export function checkTimeRange(values: Float64Array, columnName: string, locate: (row: number) => string, conversion: string | null): void {
  for (let i = 0; i < values.length; i++) {
    const t = values[i];
    if (t >= -MAX_TIME_MS && t <= MAX_TIME_MS) continue;
    const what = t !== t ? 'missing (NaN)' : t === Infinity || t === -Infinity ? String(t) : `${t} ms since 1970`;
    throw new DataError(
      'parse',
      `${locate(i)}: time "${columnName}" is ${what}, outside the range a date can hold (±8.64e15 ms, the years −271821 to 275760)${conversion && t === t ? `; ${conversion}` : ''}`,
    );
  }
}

function thresholdFor(unit: EpochUnit): string {
  return unit === 's' ? '1e11' : unit === 'us' ? '1e17' : 'no limit';
}

const CHAR_0 = 48;

function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const d = text.charCodeAt(at + i) - CHAR_0;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Parses ISO-8601 date/time text: `YYYY-MM-DD`, optionally followed by `T` or a space and
 * `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fraction`, optionally followed by `Z` or an offset `±hh:mm` /
 * `±hhmm` / `±hh`. Text without an offset is UTC (unlike `Date.parse`, which reads date-times
 * without an offset as local time and so would make a file mean different things in different
 * places). Returns NaN when the text is not in this form or names an impossible date.
 */
export function parseIsoTime(text: string): number {
  const s = text.trim();
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== 45 /* - */ || s.charCodeAt(7) !== 45) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return NaN;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ms = 0;
  let offsetMinutes = 0;
  let i = 10;
  if (i < n) {
    const sep = s.charCodeAt(i);
    if (sep !== 84 /* T */ && sep !== 116 /* t */ && sep !== 32 /* space */) return NaN;
    i++;
    if (s.charCodeAt(i + 2) !== 58 /* : */) return NaN;
    hour = digits(s, i, 2);
    minute = digits(s, i + 3, 2);
    i += 5;
    if (s.charCodeAt(i) === 58) {
      second = digits(s, i + 1, 2);
      i += 3;
      if (s.charCodeAt(i) === 46 /* . */ || s.charCodeAt(i) === 44 /* , */) {
        i++;
        let scale = 100;
        let fraction = 0;
        const start = i;
        while (i < n) {
          const d = s.charCodeAt(i) - CHAR_0;
          if (d < 0 || d > 9) break;
          fraction += d * scale;
          scale /= 10;
          i++;
        }
        if (i === start) return NaN;
        ms = fraction;
      }
    }
    if (!(hour <= 24 && minute <= 59 && second <= 60)) return NaN;
    if (i < n) {
      const z = s.charCodeAt(i);
      if ((z === 90 /* Z */ || z === 122) && i + 1 === n) {
        i++;
      } else if (z === 43 /* + */ || z === 45 /* - */) {
        const sign = z === 43 ? 1 : -1;
        const rest = n - i - 1;
        let oh: number;
        let om = 0;
        if (rest === 2) oh = digits(s, i + 1, 2);
        else if (rest === 4) (oh = digits(s, i + 1, 2)), (om = digits(s, i + 3, 2));
        else if (rest === 5 && s.charCodeAt(i + 3) === 58) (oh = digits(s, i + 1, 2)), (om = digits(s, i + 4, 2));
        else return NaN;
        offsetMinutes = sign * (oh * 60 + om);
        i = n;
      } else {
        return NaN;
      }
    }
  }
  if (Number.isNaN(year + month + day + hour + minute + second + offsetMinutes)) return NaN;
  // Date.UTC would silently roll 31 February over into March; such a date is not a real one.
  if (day > daysInMonth(year, month)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second) + ms - offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
