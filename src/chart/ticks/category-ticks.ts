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
import { emptyFields, runtimeTimeZone, wallFields, zoneOffsets, type WallFields } from './zone.js';

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
  day: [1, 2, 7],
  month: [1, 2, 3, 6],
  year: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
};

/** Every grid, finest to coarsest: a grid's rank is its position here. */
const GRIDS = LEVELS.flatMap((unit) => COUNTS[unit].map((count, bit) => ({ unit, count, bit })));
const FIRST_RANK_OF = LEVELS.map((unit) => GRIDS.findIndex((grid) => grid.unit === unit));

const evenSlot = (value: number, count: number): number => Math.floor(value / count);
// Days of the month: the 2-day grid starts on odd days, the 7-day grid on the 1st/8th/15th/22nd.
const daySlot = (day: number, count: number): number =>
  count === 7 ? Math.min(3, Math.floor((day - 1) / 7)) : Math.floor((day - 1) / count);

/** Which grids of one unit lie between two values of its field, as bits of COUNTS[unit]. */
function crossedBits(unit: TimeTickLevel, before: number, after: number): number {
  const slot = unit === 'day' ? daySlot : evenSlot;
  const counts = COUNTS[unit];
  let bits = 0;
  for (let bit = 0; bit < counts.length; bit++) {
    if (slot(before, counts[bit]!) !== slot(after, counts[bit]!)) bits |= 1 << bit;
  }
  return bits;
}

/**
 * The largest unit whose field changed between two bars (as its index in LEVELS, -1 for none)
 * and which of that unit's grids the change crosses. Every grid of a smaller unit is crossed too.
 */
function crossing(before: WallFields, after: WallFields): { level: number; bits: number } {
  // Plain comparisons, no temporary arrays: this runs once per visible bar.
  let unit: TimeTickLevel;
  let from: number;
  let to: number;
  if (before.year !== after.year) [unit, from, to] = ['year', before.year, after.year];
  else if (before.month !== after.month) [unit, from, to] = ['month', before.month, after.month];
  else if (before.day !== after.day) [unit, from, to] = ['day', before.day, after.day];
  else if (before.hour !== after.hour) [unit, from, to] = ['hour', before.hour, after.hour];
  else if (before.minute !== after.minute) [unit, from, to] = ['minute', before.minute, after.minute];
  else if (before.second !== after.second) [unit, from, to] = ['second', before.second, after.second];
  else if (before.ms !== after.ms) [unit, from, to] = ['ms', before.ms, after.ms];
  else return { level: -1, bits: 0 };
  return { level: levelRank(unit), bits: crossedBits(unit, from, to) };
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
  let before = emptyFields();
  let after = emptyFields();
  let hasBefore = firstIndex > 0;
  if (hasBefore) wallFields(zone.wallTime(times[firstIndex - 1]!), before);
  for (let i = 0; i < barCount; i++) {
    wallFields(zone.wallTime(times[firstIndex + i]!), after);
    if (hasBefore) {
      const crossed = crossing(before, after);
      levels[i] = crossed.level;
      bits[i] = crossed.bits;
      if (crossed.level >= 0) {
        levelCounts[crossed.level]!++;
        const firstRank = FIRST_RANK_OF[crossed.level]!;
        for (let bit = 0; crossed.bits >> bit; bit++) if ((crossed.bits >> bit) & 1) ownGridCounts[firstRank + bit]!++;
      }
    }
    [before, after] = [after, before];
    hasBefore = true;
  }

  // The finest grid whose boundaries could all sit minSpacingPx apart if evenly spread. Only
  // its bars are candidates: a regular rhythm (Jan, Mar, May...) rather than a mix of grids
  // that do not nest (quarters, then 2-month starts squeezed between them).
  const maxLabels = Math.max(1, Math.floor(widthPx / minSpacingPx));
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
