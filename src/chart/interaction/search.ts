/**
 * Binary searches over the ascending time column. The interaction layer calls these on every
 * pointer move, so they must stay O(log n): never scan the column.
 */

/** First index whose time is >= t (times.length when every time is smaller). */
export function lowerBound(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the row nearest to time t (ties go to the earlier row), or -1 when there are no rows. */
export function nearestIndex(times: ArrayLike<number>, t: number): number {
  const n = times.length;
  if (n === 0 || Number.isNaN(t)) return -1;
  const i = lowerBound(times, t);
  if (i === 0) return 0;
  if (i === n) return n - 1;
  return t - times[i - 1] <= times[i] - t ? i - 1 : i;
}

/** Rows with from <= time <= to, as a half-open index range [start, end). */
export function indexRange(times: ArrayLike<number>, from: number, to: number): { start: number; end: number } {
  const start = lowerBound(times, from);
  // upper bound of `to`: first index with time > to
  let lo = start;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= to) lo = mid + 1;
    else hi = mid;
  }
  return { start, end: lo };
}
