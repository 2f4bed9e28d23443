/**
 * Ticks for an index-based time scale (one slot per bar, gaps such as nights and weekends
 * removed), where ticks can only sit on bars.
 *
 * A bar is a candidate when a round boundary of the chosen grid (say every 2 months, or every
 * 4 hours) lies between it and the bar before: the first bar of that slot. The grid is the
 * finest of the same 1/2/5... sequence timeTicks uses whose candidates fit the axis. Candidates
 * are then taken greedily, largest boundary first (a new year before a new month before a new
 * day; earliest first among equals), whenever they keep minSpacingPx from every bar taken.
 * Labels follow the rules of timeTicks, with the chosen grid's unit as the grid.
 */
import { formatTimeLabel, isSubDay, labelLevel, levelRank, type TimeTickLevel } from './time-labels.js';
import { DEFAULT_MIN_SPACING_PX, type TimeTickOptions } from './time-ticks.js';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  SECOND_MS,
  emptyFields,
  runtimeTimeZone,
  wallFields,
  zoneOffsets,
  type WallFields,
} from './zone.js';

export interface CategoryTick {
  /** Index of the bar in `times`. */
  index: number;
  time: number;
  label: string;
  level: TimeTickLevel;
  major: boolean;
}

const LEVELS: TimeTickLevel[] = ['ms', 'second', 'minute', 'hour', 'day', 'month', 'year'];

/** The round counts of each unit a boundary can fall on, smallest first. */
const COUNTS: Record<TimeTickLevel, number[]> = {
  ms: [1, 2, 5, 10, 20, 50, 100, 200, 500],
  second: [1, 2, 5, 10, 15, 30],
  minute: [1, 2, 5, 10, 15, 30],
  hour: [1, 2, 3, 4, 6, 12],
  day: [1, 2, 7, 14],
  month: [1, 2, 3, 6],
  year: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
};

/** Every grid, finest to coarsest: a grid's rank is its position here. */
const GRIDS = LEVELS.flatMap((unit) => COUNTS[unit].map((count, bit) => ({ unit, count, bit })));
const FIRST_RANK_OF = LEVELS.map((unit) => GRIDS.findIndex((grid) => grid.unit === unit));

// Days of the month: the 2-day grid starts on odd days, the 7-day grid on the 1st/8th/15th/22nd,
// the 14-day grid on the 1st and 15th.
const daySlot = (day: number, count: number): number =>
  count === 7 ? Math.min(3, Math.floor((day - 1) / 7)) : count === 14 ? Math.min(1, Math.floor((day - 1) / 14)) : Math.floor((day - 1) / count);

/** Which grids of one unit lie between two values of its field, as bits of COUNTS[unit]. */
function crossedBits(unit: TimeTickLevel, before: number, after: number): number {
  const counts = COUNTS[unit];
  let bits = 0;
  if (unit === 'day') {
    for (let bit = 0; bit < counts.length; bit++) {
      if (daySlot(before, counts[bit]!) !== daySlot(after, counts[bit]!)) bits |= 1 << bit;
    }
    return bits;
  }
  for (let bit = 0; bit < counts.length; bit++) {
    if (Math.floor(before / counts[bit]!) !== Math.floor(after / counts[bit]!)) bits |= 1 << bit;
  }
  return bits;
}

const NO_CROSSING = -1;
const BITS_PER_LEVEL = 1024; // more than 2^(largest COUNTS length)

/** A crossing packed in one number (level × 1024 + bits), so the per-bar loop allocates nothing. */
function packCrossing(unit: TimeTickLevel, before: number, after: number): number {
  return levelRank(unit) * BITS_PER_LEVEL + crossedBits(unit, before, after);
}

/** Between bars on different local dates: which of year, month, day changed first. */
function dateCrossing(before: WallFields, after: WallFields): number {
  if (before.year !== after.year) return packCrossing('year', before.year, after.year);
  if (before.month !== after.month) return packCrossing('month', before.month, after.month);
  return packCrossing('day', before.day, after.day);
}

/** Between bars on the same local date, from milliseconds since local midnight: plain arithmetic. */
function clockCrossing(before: number, after: number): number {
  const hourBefore = Math.floor(before / HOUR_MS);
  const hourAfter = Math.floor(after / HOUR_MS);
  if (hourBefore !== hourAfter) return packCrossing('hour', hourBefore, hourAfter);
  const minuteBefore = Math.floor(before / MINUTE_MS) % 60;
  const minuteAfter = Math.floor(after / MINUTE_MS) % 60;
  if (minuteBefore !== minuteAfter) return packCrossing('minute', minuteBefore, minuteAfter);
  const secondBefore = Math.floor(before / SECOND_MS) % 60;
  const secondAfter = Math.floor(after / SECOND_MS) % 60;
  if (secondBefore !== secondAfter) return packCrossing('second', secondBefore, secondAfter);
  const msBefore = Math.floor(before % SECOND_MS);
  const msAfter = Math.floor(after % SECOND_MS);
  return msBefore !== msAfter ? packCrossing('ms', msBefore, msAfter) : NO_CROSSING;
}

/** Position of the first element >= value in an ascending array. */
function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Picks the bars to label between firstIndex and lastIndex (inclusive), which span widthPx.
 * The first bar of `times` has no bar before it, so it is never taken as a boundary.
 */
export function categoryTicks(
  times: Float64Array,
  firstIndex: number,
  lastIndex: number,
  widthPx: number,
  options: TimeTickOptions = {},
): CategoryTick[] {
  firstIndex = Math.max(0, Math.ceil(firstIndex));
  lastIndex = Math.min(times.length - 1, Math.floor(lastIndex));
  if (lastIndex < firstIndex || !(widthPx > 0)) return [];
  const timeZone = options.timeZone ?? runtimeTimeZone();
  const zone = zoneOffsets(timeZone);
  const barCount = lastIndex - firstIndex + 1;
  const pxPerBar = widthPx / barCount;
  const minSpacingPx = options.minSpacingPx ?? DEFAULT_MIN_SPACING_PX;
  const minBarsApart = Math.max(1, Math.ceil(minSpacingPx / pxPerBar - 1e-9));

  // Per bar: the largest unit that changed since the bar before and that unit's grids crossed.
  const levels = new Int8Array(barCount).fill(-1);
  const bits = new Uint16Array(barCount);
  const levelCounts = new Int32Array(LEVELS.length);
  const ownGridCounts = new Int32Array(GRIDS.length);
  const maxLabels = Math.max(1, Math.floor(widthPx / minSpacingPx));
  let hasBefore = firstIndex > 0;
  let wallBefore = hasBefore ? zone.wallTime(times[firstIndex - 1]!) : 0;
  let dayBefore = Math.floor(wallBefore / DAY_MS);
  // First pass: wall times, and whether more local dates start than labels fit. If so the grid
  // is a day or coarser and the time of day of the bars never matters (zoomed-out views of
  // many intraday bars are the expensive case, and this halves it).
  const walls = new Float64Array(barCount);
  let dateChanges = 0;
  for (let i = 0, day = dayBefore; i < barCount; i++) {
    const wall = zone.wallTime(times[firstIndex + i]!);
    walls[i] = wall;
    const nextDay = Math.floor(wall / DAY_MS);
    if ((i > 0 || hasBefore) && nextDay !== day) dateChanges++;
    day = nextDay;
  }
  const timeOfDayMatters = dateChanges <= maxLabels;

  // Calendar fields only when the local date changes; within a day, arithmetic on wall time.
  let before = emptyFields();
  let after = emptyFields();
  let beforeFieldsValid = false;
  for (let i = 0; i < barCount; i++) {
    const wall = walls[i]!;
    const day = Math.floor(wall / DAY_MS);
    let crossed = NO_CROSSING;
    if (hasBefore && day !== dayBefore) {
      if (!beforeFieldsValid) wallFields(wallBefore, before);
      wallFields(wall, after);
      crossed = dateCrossing(before, after);
      [before, after] = [after, before];
      beforeFieldsValid = true;
    } else {
      if (hasBefore && timeOfDayMatters) crossed = clockCrossing(wallBefore - dayBefore * DAY_MS, wall - day * DAY_MS);
      beforeFieldsValid = false;
    }
    if (crossed !== NO_CROSSING) {
      const level = Math.floor(crossed / BITS_PER_LEVEL);
      const crossedGrids = crossed % BITS_PER_LEVEL;
      levels[i] = level;
      bits[i] = crossedGrids;
      levelCounts[level]!++;
      const firstRank = FIRST_RANK_OF[level]!;
      for (let bit = 0; crossedGrids >> bit; bit++) if ((crossedGrids >> bit) & 1) ownGridCounts[firstRank + bit]!++;
    }
    wallBefore = wall;
    dayBefore = day;
    hasBefore = true;
  }

  // The finest grid whose boundaries could all sit minSpacingPx apart if evenly spread. Only
  // its bars are candidates: a regular rhythm (Jan, Mar, May...) rather than a mix of grids
  // that do not nest (quarters, then 2-month starts squeezed between them).
  let gridRank = GRIDS.length - 1;
  for (let rank = 0; rank < GRIDS.length; rank++) {
    const level = levelRank(GRIDS[rank]!.unit);
    let count = ownGridCounts[rank]!;
    for (let larger = level + 1; larger < LEVELS.length; larger++) count += levelCounts[larger]!;
    if (count <= maxLabels) {
      gridRank = rank;
      break;
    }
  }
  const grid = GRIDS[gridRank]!;
  const gridLevel = levelRank(grid.unit);
  const crossesGrid = (bar: number): boolean =>
    levels[bar]! > gridLevel || (levels[bar] === gridLevel && ((bits[bar]! >> grid.bit) & 1) === 1);
  // A bar's priority: the coarsest grid it crosses.
  const priority = (bar: number): number => FIRST_RANK_OF[levels[bar]!]! + 31 - Math.clz32(bits[bar]!);

  const order: number[] = [];
  for (let bar = 0; bar < barCount; bar++) if (crossesGrid(bar)) order.push(bar);
  order.sort((a, b) => priority(b) - priority(a) || a - b);

  const taken: number[] = [];
  for (const bar of order) {
    const at = lowerBound(taken, bar);
    if (at < taken.length && taken[at]! - bar < minBarsApart) continue;
    if (at > 0 && bar - taken[at - 1]! < minBarsApart) continue;
    taken.splice(at, 0, bar);
  }

  return taken.map((bar) => {
    const index = firstIndex + bar;
    const time = times[index]!;
    const level = labelLevel(grid.unit, LEVELS[levels[bar]!]!);
    const ambiguous = isSubDay(level) && zone.isAmbiguous(time);
    return {
      index,
      time,
      label: formatTimeLabel(time, level, timeZone, options.locale, ambiguous),
      level,
      major: levelRank(level) > gridLevel,
    };
  });
}
