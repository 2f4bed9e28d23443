/**
 * Tables whose rows are kept in the order given (`ColumnTable.dataOrder`: scatter and
 * `order: 'data'` series): their times are not sorted, so the first and last rows are not the
 * time range. The range is scanned once per change of the table.
 */
import type { ColumnTable } from '../data/table.js';

const scanned = new WeakMap<ColumnTable, { version: number; extent: [number, number] | null }>();

/** The least and greatest time of the rows (the ends of a sorted table), or null without rows. */
export function timeExtent(table: ColumnTable | null): [number, number] | null {
  if (!table || table.length === 0) return null;
  const time = table.time;
  if (!table.dataOrder) return [time[0], time[time.length - 1]];
  const known = scanned.get(table);
  if (known && known.version === table.version) return known.extent;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const extent: [number, number] | null = lo <= hi ? [lo, hi] : null;
  scanned.set(table, { version: table.version, extent });
  return extent;
}

/**
 * The row whose time is nearest `t` (the first of equals), by a scan: rows in data order cannot
 * be searched by bisection (crosshair, hit test; O(rows) per pointer move).
 */
export function nearestRowByTime(times: Float64Array, t: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < times.length; i++) {
    const d = Math.abs(times[i] - t);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
