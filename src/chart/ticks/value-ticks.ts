/**
 * Value axis ticks: linear steps of 1, 2 or 5 × 10^k, log decades, and cached number formats.
 *
 * A tick is built as (integer × mantissa) scaled by an exact power of ten, never by repeated
 * addition or by multiplying with an inexact 0.1, so it is the double nearest its decimal value
 * and prints without float noise (0.3, not 0.30000000000000004).
 */

export interface ValueTicks {
  /** Distance between ticks (0 when min equals max). */
  step: number;
  /** Ascending, within [min, max] (up to a relative 1e-9 of a step, so [0.1 + 0.2, 1] keeps 0.3). */
  ticks: number[];
  /** Fraction digits a label needs to show every tick exactly. */
  decimals: number;
}

const MANTISSAS = [1, 2, 5];
/** Powers of ten up to 1e22 are exact doubles. */
const EXACT_POWER_LIMIT = 22;
/** Intl rejects more fraction digits than this in older engines. */
const MAX_DECIMALS = 20;

/** digits × 10^exponent as the nearest double. */
function scaled(digits: number, exponent: number): number {
  if (exponent >= 0 && exponent <= EXACT_POWER_LIMIT) return digits * 10 ** exponent;
  if (exponent < 0 && exponent >= -EXACT_POWER_LIMIT) return digits / 10 ** -exponent;
  return Number(`${digits}e${exponent}`);
}

function tickRange(min: number, max: number, step: number): { first: number; last: number } {
  const slack = 1e-9;
  return { first: Math.ceil(min / step - slack), last: Math.floor(max / step + slack) };
}

/** Fraction digits needed to print `value` exactly (shortest round-trip form), capped. */
function fractionDigits(value: number): number {
  const text = Math.abs(value).toString();
  const exponentAt = text.indexOf('e');
  const mantissa = exponentAt < 0 ? text : text.slice(0, exponentAt);
  const exponent = exponentAt < 0 ? 0 : Number(text.slice(exponentAt + 1));
  const point = mantissa.indexOf('.');
  const digits = point < 0 ? 0 : mantissa.length - point - 1;
  return Math.min(MAX_DECIMALS, Math.max(0, digits - exponent));
}

/**
 * At most maxCount ticks (at least one step's worth when maxCount < 1), with the smallest
 * 1/2/5 step that fits.
 */
export function niceValueTicks(min: number, max: number, maxCount: number): ValueTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { step: 0, ticks: [], decimals: 0 };
  if (min > max) [min, max] = [max, min];
  if (min === max) return { step: 0, ticks: [min], decimals: fractionDigits(min) };
  const count = Math.max(1, Math.floor(maxCount));
  const span = max - min;
  // Start at the decade of span/count and grow: 1, 2, 5, 10, 20, ... until the ticks fit.
  // Terminates: once a step exceeds the span at most one tick is left.
  for (let exponent = Math.floor(Math.log10(span / count)); ; exponent++) {
    for (const mantissa of MANTISSAS) {
      const step = scaled(mantissa, exponent);
      if (step * count < span * (1 - 1e-9)) continue;
      const { first, last } = tickRange(min, max, step);
      if (last - first + 1 > count) continue;
      const ticks: number[] = [];
      // `+ 0` turns the -0 that Math.ceil gives for small negative quotients into 0.
      for (let i = first; i <= last; i++) ticks.push(scaled(i * mantissa, exponent) + 0);
      return { step, ticks, decimals: Math.min(MAX_DECIMALS, Math.max(0, -exponent)) };
    }
  }
}

/**
 * Ticks for a log10 axis (min > 0): powers of ten (every k-th when there are too many), with
 * 2× and 5× added when that still fits maxCount. A range too short to hold two such ticks
 * falls back to linear ticks.
 */
export function logValueTicks(min: number, max: number, maxCount: number): number[] {
  if (min > max) [min, max] = [max, min];
  if (!(min > 0) || !Number.isFinite(max)) return [];
  const count = Math.max(1, Math.floor(maxCount));
  const slack = 1e-9;
  const lowDecade = Math.floor(Math.log10(min) - slack);
  const highDecade = Math.ceil(Math.log10(max) + slack);
  const within = (value: number): boolean => value >= min * (1 - slack) && value <= max * (1 + slack);
  const withMultiples = (multiples: number[]): number[] => {
    const ticks: number[] = [];
    for (let decade = lowDecade; decade <= highDecade; decade++) {
      for (const multiple of multiples) {
        const value = scaled(multiple, decade);
        if (within(value)) ticks.push(value);
      }
    }
    return ticks;
  };
  const withTwosAndFives = withMultiples([1, 2, 5]);
  if (withTwosAndFives.length >= 2 && withTwosAndFives.length <= count) return withTwosAndFives;
  const powers = withMultiples([1]);
  if (powers.length < 2) return niceValueTicks(min, max, count).ticks.filter((value) => value > 0);
  const every = Math.ceil(powers.length / count);
  // Keep powers whose exponent is a multiple of `every`, so 1, 1e3, 1e6 rather than 10, 1e4...
  return powers.filter((value) => Math.round(Math.log10(value)) % every === 0);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** `value` with exactly `decimals` fraction digits, grouped per locale; never "-0". */
export function formatValue(value: number, decimals: number, locale?: string): string {
  const digits = Math.min(MAX_DECIMALS, Math.max(0, Math.round(decimals)));
  // Values that round to zero would print as "-0.00".
  if (Math.abs(value) < 0.5 * 10 ** -digits) value = 0;
  const format = numberFormat(`fixed|${locale ?? ''}|${digits}`, locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(value);
}

/** Short form for large numbers, e.g. volume: 1234567 → "1.2M" (en), "1,2 Mio." (de). */
export function formatCompact(value: number, locale?: string): string {
  if (Math.abs(value) < 0.05) value = 0;
  const format = numberFormat(`compact|${locale ?? ''}`, locale, { notation: 'compact', maximumFractionDigits: 1 });
  return format.format(value);
}
