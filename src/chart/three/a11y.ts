/**
 * A 3D chart's text for assistive technology, pure TypeScript: its accessible name (what the
 * series are and the data box's ranges) and the hidden data table's rows (every series' points:
 * points3d and line3d rows as x, y, z and colour value; surface grid points as x, y, z), at most
 * `maxRows` in all, sampled evenly within each series beyond that as the 2D table is.
 */
import type { DataTableRows } from '../interaction/a11y.js';
import type { FormatOptions } from '../interaction/format.js';
import type { CheckedSeries, DataBox } from './data.js';

/** Rows a series has for the table (a surface: its grid points). */
function rowCount(c: CheckedSeries): number {
  return c.grid ? c.grid.xs.length * c.grid.ys.length : (c.spec as { x: ArrayLike<number> }).x.length;
}

/** Rows per series within `maxRows`: all when they fit, else shares by size (each row budget spent). */
function shares(counts: number[], maxRows: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const budget = Math.max(0, Math.floor(maxRows));
  if (total <= budget) return counts.slice();
  const out = counts.map((n) => Math.min(n, Math.floor((budget * n) / total)));
  let left = budget - out.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0 && i < out.length; i++) {
    const more = Math.min(left, counts[i] - out[i]);
    out[i] += more;
    left -= more;
  }
  return out;
}

function numberText(locale: string | undefined): (v: number) => string {
  const f = new Intl.NumberFormat(locale, { maximumSignificantDigits: 6 });
  return (v) => (Number.isFinite(v) ? f.format(v) : 'no value');
}

/** The table: Series, Point, x, y, z (the axis titles), and Colour value when a point cloud has one. */
export function tableRows3D(series: readonly CheckedSeries[], titles: readonly [string, string, string], fmt: FormatOptions, maxRows: number): DataTableRows {
  const shown = series.filter((c) => c.spec.visible !== false);
  const counts = shown.map(rowCount);
  const take = shares(counts, maxRows);
  const withValue = shown.some((c) => c.spec.type === 'points3d' && c.spec.colorValues);
  const columns = ['Series', 'Point', ...titles.map((t, i) => t || 'xyz'[i]), ...(withValue ? ['Colour value'] : [])];
  const num = numberText(fmt.locale);
  const whole = new Intl.NumberFormat(fmt.locale);
  const rows: string[][] = [];
  shown.forEach((c, s) => {
    const n = counts[s];
    const k = take[s];
    for (let j = 0; j < k; j++) {
      // even sample that always includes the series' first and last points
      const i = k === 1 ? 0 : Math.round((j * (n - 1)) / (k - 1));
      const spec = c.spec;
      if (spec.type === 'surface') {
        const { xs, ys } = c.grid!;
        const column = i % xs.length;
        const row = Math.floor(i / xs.length);
        const cells = [c.title, `column ${whole.format(column)}, row ${whole.format(row)}`, num(xs[column]), num(ys[row]), num(spec.grid.values[i])];
        if (withValue) cells.push('');
        rows.push(cells);
        continue;
      }
      const cells = [c.title, whole.format(i), num(spec.x[i]), num(spec.y[i]), num(spec.z[i])];
      if (withValue) cells.push(spec.type === 'points3d' && spec.colorValues ? num(spec.colorValues[i]) : '');
      rows.push(cells);
    }
  });
  const total = counts.reduce((a, b) => a + b, 0);
  return { columns, rows, total, sampled: rows.length < total, unit: 'points' };
}

/** "<label>. 3D chart of wave (40 × 30 surface), cloud (1,000 points); x from 0 to 39, y from …, z from …." */
export function summary3D(series: readonly CheckedSeries[], box: DataBox, titles: readonly [string, string, string], label: string | undefined, fmt: FormatOptions): string {
  const parts: string[] = [];
  const title = label?.trim();
  if (title) parts.push(title.endsWith('.') ? title : `${title}.`);
  const shown = series.filter((c) => c.spec.visible !== false);
  if (!shown.length) {
    parts.push('3D chart with no data.');
    return parts.join(' ');
  }
  const whole = new Intl.NumberFormat(fmt.locale);
  const num = numberText(fmt.locale);
  const what = shown.map((c) => {
    if (c.grid) return `${c.title} (${whole.format(c.grid.xs.length)} × ${whole.format(c.grid.ys.length)} surface)`;
    const n = rowCount(c) - c.skipped;
    return `${c.title} (${whole.format(n)} ${c.spec.type === 'line3d' ? 'line points' : n === 1 ? 'point' : 'points'})`;
  });
  const ranges = box.ranges.map(([a, b], i) => `${titles[i] || 'xyz'[i]} from ${num(a)} to ${num(b)}`);
  parts.push(`3D chart of ${what.join(', ')}; ${ranges.join(', ')}.`);
  return parts.join(' ');
}
