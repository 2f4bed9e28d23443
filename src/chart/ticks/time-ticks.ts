/**
 * Time axis ticks on round wall-clock values of an IANA time zone.
 *
 * Daylight saving rule (sub-day grids): ticks sit on the wall-clock grid of each stretch of
 * constant UTC offset. So a time that does not exist (02:30 on a spring-forward day) never gets
 * a tick, and a wall time that happens twice (01:30 on a fall-back day) gets a tick in both
 * passes, each labelled with the zone's short name ("1:30 AM EDT", "1:30 AM EST") so no two
 * labels read the same and no stretch of real time is left unlabelled. Day, month and year ticks
 * sit on the first instant of the local day: midnight, or the moment the clocks jump when a
 * zone skips midnight.
 */
import { formatTimeLabel, isSubDay, labelLevel, levelRank, type TimeTickLevel } from './time-labels.js';
import {
  DAY_MS,
  HOUR_MS,
  MAX_INSTANT,
  MINUTE_MS,
  SECOND_MS,
  daysInMonth,
  emptyFields,
  runtimeTimeZone,
  wallFields,
  wallOfDate,
  zoneOffsets,
  type WallFields,
  type ZoneOffsets,
} from './zone.js';

export type { TimeTickLevel } from './time-labels.js';

export interface TimeTick {
  /** Milliseconds since 1970-01-01T00:00Z. */
  time: number;
  label: string;
  /** What the label names: a time of day, a date, a month or a year. */
  level: TimeTickLevel;
  /** The tick starts a larger unit than the grid's (a new day, month or year) and is labelled as such. */
  major: boolean;
}

export interface TimeTickOptions {
  /** IANA zone name; default the runtime's. */
  timeZone?: string;
  /** BCP 47 locale for labels; default the runtime's. */
  locale?: string;
  /** Smallest distance between two ticks; default 80. */
  minSpacingPx?: number;
  /**
   * Smallest distance between day, month and year ticks, whose labels ("15", "Mar", "2026") are
   * shorter than times of day; default minSpacingPx. Charts use 54 so that 150–300 daily bars
   * get week or half-month ticks, not months 200 px apart.
   */
  calendarMinSpacingPx?: number;
}

export interface TimeStep {
  unit: TimeTickLevel;
  /** How many units between ticks. For 'day' 7 means the 1st, 8th, 15th and 22nd. */
  count: number;
}

export const DEFAULT_MIN_SPACING_PX = 80;

interface StepSpec extends TimeStep {
  /** Real time between two ticks while the zone's offset stays put. */
  steadyGapMs: number;
  /**
   * The shortest real gap when clocks jump forward an hour: hour grids lose it when the jump
   * skips no grid hour (00:00 to 03:00 EDT is 2 h), days are 23 h.
   */
  jumpGapMs: number;
}

function stepSpecs(unit: TimeTickLevel, counts: number[], steadyGap: (count: number) => number, jumpGap = steadyGap): StepSpec[] {
  return counts.map((count) => ({ unit, count, steadyGapMs: steadyGap(count), jumpGapMs: jumpGap(count) }));
}

// Shortest span of 1, 2, 3 and 6 consecutive months.
const MONTHS_MIN_DAYS: Record<number, number> = { 1: 28, 2: 59, 3: 89, 6: 181 };

// Sub-hour steps divide every real offset change (whole or half hours), so jumps never shrink them.
const STEPS: StepSpec[] = [
  ...stepSpecs('ms', [1, 2, 5, 10, 20, 50, 100, 200, 500], (count) => count),
  ...stepSpecs('second', [1, 2, 5, 10, 15, 30], (count) => count * SECOND_MS),
  ...stepSpecs('minute', [1, 2, 5, 10, 15, 30], (count) => count * MINUTE_MS),
  ...stepSpecs('hour', [1, 2, 3, 4, 6, 12], (count) => count * HOUR_MS, (count) => Math.max(1, count - 1) * HOUR_MS),
  // 14: the 1st and 15th (the shorter half of a month is 14 days)
  ...stepSpecs('day', [1, 2, 7, 14], (count) => count * DAY_MS, (count) => count * DAY_MS - HOUR_MS),
  ...stepSpecs('month', [1, 2, 3, 6], (count) => MONTHS_MIN_DAYS[count]! * DAY_MS - HOUR_MS),
];

const YEAR_MIN_MS = 365 * DAY_MS - HOUR_MS;

const UNIT_MS: Partial<Record<TimeTickLevel, number>> = { ms: 1, second: SECOND_MS, minute: MINUTE_MS, hour: HOUR_MS };

function pickStep(minGapMs: number, gapOf: (step: StepSpec) => number): TimeStep {
  for (const step of STEPS) {
    if (gapOf(step) >= minGapMs) return { unit: step.unit, count: step.count };
  }
  // Years: 1, 2, 5, 10, 20, 50, ...
  let years = 1;
  for (let i = 1; years * YEAR_MIN_MS < minGapMs; i++) years = [1, 2, 5][i % 3]! * 10 ** Math.floor(i / 3);
  return { unit: 'year', count: years };
}

/**
 * The smallest step of the natural sequence whose ticks stay at least minSpacingPx apart, even
 * on a daylight-saving day when one lies in [from, to] in the options' zone.
 */
export function timeTickStep(from: number, to: number, widthPx: number, options: TimeTickOptions = {}): TimeStep {
  if (to < from) [from, to] = [to, from];
  let minGapMs = ((to - from) / widthPx) * (options.minSpacingPx ?? DEFAULT_MIN_SPACING_PX);
  let steady = pickStep(minGapMs, (step) => step.steadyGapMs);
  if (options.calendarMinSpacingPx !== undefined && !isSubDay(steady.unit)) {
    const calendarGapMs = ((to - from) / widthPx) * options.calendarMinSpacingPx;
    const calendar = pickStep(calendarGapMs, (step) => step.steadyGapMs);
    if (!isSubDay(calendar.unit)) {
      minGapMs = calendarGapMs;
      steady = calendar;
    }
  }
  if (steady.unit !== 'hour' && steady.unit !== 'day') return steady;
  // Only hour and day grids shrink at a jump; checking the range is cheap at those spans.
  let offsetChanges = false;
  zoneOffsets(options.timeZone ?? runtimeTimeZone()).forEachConstantOffset(from, to, (start) => {
    if (start !== from) offsetChanges = true;
  });
  return offsetChanges ? pickStep(minGapMs, (step) => step.jumpGapMs) : steady;
}

export function timeTicks(from: number, to: number, widthPx: number, options: TimeTickOptions = {}): TimeTick[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(to > from) || !(widthPx > 0)) return [];
  from = Math.max(from, -MAX_INSTANT);
  to = Math.min(to, MAX_INSTANT);
  const timeZone = options.timeZone ?? runtimeTimeZone();
  const zone = zoneOffsets(timeZone);
  const step = timeTickStep(from, to, widthPx, options);
  const context: TickContext = { zone, timeZone, locale: options.locale, step };
  return isSubDay(step.unit) ? subDayTicks(from, to, context) : calendarTicks(from, to, context);
}

interface TickContext {
  zone: ZoneOffsets;
  timeZone: string;
  locale: string | undefined;
  step: TimeStep;
}

/**
 * Ticks made so far, by everything that decides them: a view that moves a little (a stream, a
 * pan) keeps most of its ticks, and formatting their labels is most of a frame's tick work.
 */
const madeTicks = new Map<string, Readonly<TimeTick>>();
const MADE_TICKS_KEPT = 2048;

function makeTick(instant: number, starts: TimeTickLevel, context: TickContext): TimeTick {
  const key = `${instant} ${starts} ${context.step.unit} ${context.timeZone} ${context.locale ?? ''}`;
  let tick = madeTicks.get(key);
  if (!tick) {
    if (madeTicks.size >= MADE_TICKS_KEPT) madeTicks.clear();
    madeTicks.set(key, (tick = newTick(instant, starts, context)));
  }
  return tick as TimeTick;
}

function newTick(instant: number, starts: TimeTickLevel, context: TickContext): TimeTick {
  const grid = context.step.unit;
  const level = labelLevel(grid, starts);
  const ambiguous = isSubDay(level) && context.zone.isAmbiguous(instant);
  return {
    time: instant,
    label: formatTimeLabel(instant, level, context.timeZone, context.locale, ambiguous),
    level,
    major: levelRank(level) > levelRank(grid),
  };
}

function subDayTicks(from: number, to: number, context: TickContext): TimeTick[] {
  const { zone, step } = context;
  const stepMs = step.count * UNIT_MS[step.unit]!;
  const ticks: TimeTick[] = [];
  const fields = emptyFields();
  // Start one grid step early: whether the first tick opens a new day depends on the grid
  // point before it (or, when that point fell in a clock jump, on the wall time before it).
  const scanFrom = Math.max(-MAX_INSTANT, from - stepMs);
  wallFields(zone.wallTime(scanFrom - 1), fields);
  let previousDay = fields.dayNumber;
  let previousYear = fields.year;
  zone.forEachConstantOffset(scanFrom, to, (start, end, offset) => {
    // Every sub-day step divides a day, so a grid on wall time is round in every local day.
    for (let wall = Math.ceil((start + offset) / stepMs) * stepMs; wall <= end + offset; wall += stepMs) {
      wallFields(wall, fields);
      let starts: TimeTickLevel = step.unit;
      if (fields.dayNumber !== previousDay) starts = fields.year !== previousYear ? 'year' : 'day';
      else if (step.unit === 'ms' && fields.ms === 0) starts = 'second';
      previousDay = fields.dayNumber;
      previousYear = fields.year;
      const instant = wall - offset;
      if (instant >= from) ticks.push(makeTick(instant, starts, context));
    }
  });
  return ticks;
}

function calendarTicks(from: number, to: number, context: TickContext): TimeTick[] {
  const { zone, step } = context;
  const first = wallFields(zone.wallTime(from));
  const last = wallFields(zone.wallTime(to));
  const ticks: TimeTick[] = [];
  const add = (wall: number, starts: TimeTickLevel): void => {
    const instant = zone.firstInstantAtOrAfterWall(wall);
    // A skipped date (Pacific/Apia dropped 2011-12-30) starts at the same instant as the next.
    const previous = ticks[ticks.length - 1];
    if (instant >= from && instant <= to && (previous === undefined || instant > previous.time)) {
      ticks.push(makeTick(instant, starts, context));
    }
  };
  if (step.unit === 'day') {
    const fields = emptyFields();
    for (let dayNumber = first.dayNumber; dayNumber <= last.dayNumber; dayNumber++) {
      wallFields(dayNumber * DAY_MS, fields);
      if (!isDayOnGrid(fields, step.count)) continue;
      add(dayNumber * DAY_MS, fields.day === 1 ? (fields.month === 0 ? 'year' : 'month') : 'day');
    }
  } else if (step.unit === 'month') {
    for (let monthNumber = first.year * 12 + first.month; monthNumber <= last.year * 12 + last.month; monthNumber++) {
      const year = Math.floor(monthNumber / 12);
      const month = monthNumber - year * 12;
      if (month % step.count === 0) add(wallOfDate(year, month, 1), month === 0 ? 'year' : 'month');
    }
  } else {
    for (let year = Math.ceil(first.year / step.count) * step.count; year <= last.year; year += step.count) {
      add(wallOfDate(year, 0, 1), 'year');
    }
  }
  return ticks;
}

/**
 * Two-day grid: odd days, leaving out the last one when the next 1st is only a day away (no
 * 31st after the 29th). Seven-day grid: the 1st, 8th, 15th and 22nd; fourteen: the 1st and 15th.
 */
function isDayOnGrid(fields: WallFields, count: number): boolean {
  if (count === 1) return true;
  if (count === 2) return (fields.day - 1) % 2 === 0 && fields.day < daysInMonth(fields.year, fields.month);
  if (count === 14) return fields.day === 1 || fields.day === 15;
  return fields.day === 1 || fields.day === 8 || fields.day === 15 || fields.day === 22;
}
