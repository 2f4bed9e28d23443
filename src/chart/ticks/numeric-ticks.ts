/**
 * Ticks and labels for a numeric x axis (`x-scale="linear"` or `"log"`): 1/2/5 steps or log
 * decades (value-ticks.ts), labelled in engineering notation (exponents in multiples of three,
 * written as SI prefixes: 1.5k, 20M, 250µ) with the locale's digits and decimal separator.
 */
import { logValueTicks, niceValueTicks } from './value-ticks.js';

export interface NumericTick {
  /** The tick's value in data units. */
  value: number;
  label: string;
  /** Powers of ten on a log axis. */
  major: boolean;
}

/** SI prefixes from 10^-15 to 10^15 by exponent / 3 + 5. */
const PREFIXES = ['f', 'p', 'n', 'µ', 'm', '', 'k', 'M', 'G', 'T', 'P'];

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, decimals: number): Intl.NumberFormat {
  const key = `${locale ?? ''}|${decimals}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: decimals, useGrouping: false });
    } catch {
      // an unknown locale must not break the chart
      f = new Intl.NumberFormat(undefined, { minimumFractionDigits: 0, maximumFractionDigits: decimals, useGrouping: false });
    }
    formats.set(key, f);
  }
  return f;
}

/** The engineering exponent (a multiple of 3 within the SI prefixes) for a magnitude. */
function engineeringExponent(magnitude: number): number {
  if (!(magnitude > 0) || !Number.isFinite(magnitude)) return 0;
  const e = Math.floor(Math.log10(magnitude) / 3 + 1e-9) * 3;
  return Math.max(-15, Math.min(15, e));
}

/**
 * `value` in engineering notation: `resolution` (the smallest difference that must show, e.g.
 * the tick step) sets the decimals; without it four significant digits. Trailing zeros are left
 * out ("1k", "1.5k"), so neighbouring ticks differ only where their values do.
 */
export function formatEngineering(value: number, locale?: string, resolution?: number): string {
  if (Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const magnitude = Math.abs(value);
  if (magnitude === 0 || (resolution !== undefined && magnitude < resolution * 1e-6)) return numberFormat(locale, 0).format(0);
  const exponent = engineeringExponent(magnitude);
  const mantissa = value / 10 ** exponent;
  const decimals =
    resolution !== undefined && resolution > 0
      ? Math.max(0, Math.min(9, -Math.floor(Math.log10(resolution / 10 ** exponent) + 1e-9)))
      : Math.max(0, Math.min(9, 3 - Math.floor(Math.log10(Math.abs(mantissa)) + 1e-9)));
  return numberFormat(locale, decimals).format(mantissa) + PREFIXES[exponent / 3 + 5];
}

/**
 * Ticks over the view [from, to] of a numeric x axis, in data units, at least `minSpacingCss`
 * apart on a plot `widthCss` wide. On a log axis [from, to] must be > 0.
 */
export function numericTicks(scale: 'linear' | 'log', from: number, to: number, widthCss: number, locale?: string, minSpacingCss = 56): NumericTick[] {
  if (!(to > from) || !Number.isFinite(from) || !Number.isFinite(to)) return [];
  const maxCount = Math.max(2, Math.floor(widthCss / minSpacingCss));
  if (scale === 'log') {
    if (!(from > 0)) return [];
    const values = logValueTicks(from, to, maxCount);
    return values.map((value, i) => {
      // each label at its own resolution: 2, 5, 10, 20 …; a linear fallback at its step
      const step = values.length > 1 ? Math.min(Math.abs(value - (values[i - 1] ?? values[i + 1])), Math.abs(value)) : Math.abs(value);
      const power = Math.abs(Math.log10(value) - Math.round(Math.log10(value))) < 1e-9;
      return { value, label: formatEngineering(value, locale, step), major: power };
    });
  }
  const { ticks, step } = niceValueTicks(from, to, maxCount);
  return ticks.map((value) => ({ value, label: formatEngineering(value, locale, step || undefined), major: false }));
}
