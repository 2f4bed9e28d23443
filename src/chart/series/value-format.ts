/**
 * A series' value format (the `format` field of a series spec): fixed `precision`, a `minMove`
 * (values round to multiples of it, and show its decimals) and `compact` large numbers
 * ("494.66K", "1.23M"). One format per series, used by its legend, last-value tag, crosshair
 * label, tooltip, live region, data table and the accessible name.
 */
import { formatValue } from '../ticks/value-ticks.js';

export interface ValueFormatSpec {
  /** Fraction digits (0–12). */
  precision?: number;
  /** Smallest price change (0.01, 0.25, 5): values round to it and show its decimals. */
  minMove?: number;
  /** Thousands and more as "494.66K", "1.23M" (default on for volume histograms). */
  compact?: boolean;
}

const compactFormats = new Map<string, Intl.NumberFormat>();

/** 494661 → "494.66K", 1234567 → "1.23M" (en); at most two fraction digits. */
export function formatCompact2(value: number, locale: string | undefined): string {
  const key = locale ?? '';
  let f = compactFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 2 });
    } catch {
      f = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 });
    }
    compactFormats.set(key, f);
  }
  return f.format(value);
}

/** Fraction digits of a min move: 0.01 → 2, 0.25 → 2, 0.005 → 3, 5 → 0. */
function decimalsOf(step: number): number {
  for (let d = 0; d <= 12; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-9 * 10 ** d) return d;
  return 12;
}

export class ValueFormat {
  private readonly decimals: number | null;
  private readonly minMove: number | null;
  readonly compact: boolean;

  constructor(spec: ValueFormatSpec | undefined, compactByDefault = false) {
    const move = spec?.minMove;
    this.minMove = move !== undefined && Number.isFinite(move) && move > 0 ? move : null;
    const p = spec?.precision;
    this.decimals = p !== undefined && Number.isFinite(p) ? Math.max(0, Math.min(12, Math.round(p))) : this.minMove !== null ? decimalsOf(this.minMove) : null;
    this.compact = spec?.compact ?? compactByDefault;
  }

  /** A value as this series shows it; '–' for a gap. A locale Intl rejects reads as the browser's. */
  format(v: number, locale: string | undefined): string {
    try {
      return this.formatIn(v, locale);
    } catch (err) {
      if (locale === undefined) throw err;
      return this.formatIn(v, undefined);
    }
  }

  private formatIn(v: number, locale: string | undefined): string {
    if (!Number.isFinite(v)) return '–';
    const a = Math.abs(v);
    if ((this.compact && a >= 1000) || (this.decimals === null && a >= 1e6)) return formatCompact2(v, locale);
    if (this.minMove !== null) v = Math.round(v / this.minMove) * this.minMove;
    if (this.decimals !== null) return formatValue(v, this.decimals, locale);
    // automatic: enough digits for prices, more for small indicator values
    return formatValue(v, a >= 1 || a === 0 ? 2 : a >= 0.01 ? 4 : 6, locale);
  }
}

/** A change in percent, always two decimals and a sign: "+0.52 %", "−0.21 %". */
export function formatPercentChange(pct: number, locale: string | undefined): string {
  if (!Number.isFinite(pct)) return '–';
  try {
    formatValue(0, 2, locale);
  } catch {
    locale = undefined; // a locale Intl rejects reads as the browser's
  }
  const text = formatValue(Math.abs(pct), 2, locale);
  const sign = text === formatValue(0, 2, locale) ? '' : pct > 0 ? '+' : '−';
  return `${sign}${text} %`;
}
