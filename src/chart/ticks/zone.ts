/**
 * Wall-clock arithmetic in an IANA time zone, without a date library.
 *
 * The only thing asked of Intl is the zone's UTC offset at an instant; everything else is plain
 * arithmetic on "wall time" = instant + offset, read through a UTC Date. Offsets are cached per
 * UTC day: each day remembers its offset at the start, at the end, and the exact second the
 * offset changes when they differ (found once by bisection). So after warm-up an offset costs
 * one Map lookup, and formatToParts runs about once per new day seen.
 *
 * Assumes at most one offset change per UTC day and per two consecutive days, and changes of at
 * most 3 hours: true of every zone in the tz database since 1900.
 */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Largest instant Date accepts; ranges are clamped to it. */
export const MAX_INSTANT = 8.64e15;

/** Widest offset change (daylight saving, zone rule changes) the neighbourhood checks look across. */
const MAX_SHIFT_MS = 3 * HOUR_MS;

/** Keeps a long-running chart scrolling through centuries from growing the cache forever. */
const MAX_CACHED_DAYS = 50_000;

interface DayOffsets {
  /** Offset at the UTC midnight starting the day. */
  readonly startOffset: number;
  /** Offset at the next UTC midnight. */
  readonly endOffset: number;
  /** First instant carrying endOffset (the day's end when nothing changes). */
  readonly changeAt: number;
}

/** Calendar fields of a wall time; month is 0-based like Date. */
export interface WallFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Days since 1970-01-01 in wall time: equal for two instants on the same local date. */
  dayNumber: number;
}

// One Date reused for field reads: this runs per bar in category scales.
const scratch = new Date(0);

export function wallFields(wall: number, into: WallFields = emptyFields()): WallFields {
  scratch.setTime(wall);
  into.year = scratch.getUTCFullYear();
  into.month = scratch.getUTCMonth();
  into.day = scratch.getUTCDate();
  into.hour = scratch.getUTCHours();
  into.minute = scratch.getUTCMinutes();
  into.second = scratch.getUTCSeconds();
  into.ms = scratch.getUTCMilliseconds();
  into.dayNumber = Math.floor(wall / DAY_MS);
  return into;
}

export function emptyFields(): WallFields {
  return { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, ms: 0, dayNumber: 0 };
}

/** Wall time of local midnight starting the given date (month 0-based, may overflow like Date). */
export function wallOfDate(year: number, month: number, day: number): number {
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0..99 to 1900..1999.
  scratch.setTime(0);
  scratch.setUTCFullYear(year, month, day);
  return scratch.getTime();
}

export function daysInMonth(year: number, month: number): number {
  return Math.round((wallOfDate(year, month + 1, 1) - wallOfDate(year, month, 1)) / DAY_MS);
}

export class ZoneOffsets {
  private readonly partsFormat: Intl.DateTimeFormat | undefined;
  private readonly days = new Map<number, DayOffsets>();
  private lastDay = NaN;
  private lastEntry: DayOffsets | undefined;

  /** @throws RangeError for a name Intl does not know. */
  constructor(readonly timeZone: string) {
    const upper = timeZone.toUpperCase();
    // UTC never changes offset; skipping Intl keeps the common case trivially fast.
    if (upper === 'UTC' || upper === 'ETC/UTC' || upper === 'GMT' || upper === 'ETC/GMT') {
      this.partsFormat = undefined;
    } else {
      this.partsFormat = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    }
  }

  /** Milliseconds to add to an instant to get the zone's wall time at that instant. */
  offsetAt(instant: number): number {
    if (this.partsFormat === undefined) return 0;
    const day = Math.floor(instant / DAY_MS);
    // Consecutive lookups mostly hit the same day (bars, ticks): skip the Map for those.
    let entry = this.lastEntry;
    if (day !== this.lastDay || entry === undefined) {
      entry = this.days.get(day) ?? this.computeDay(day);
      this.lastDay = day;
      this.lastEntry = entry;
    }
    return instant < entry.changeAt ? entry.startOffset : entry.endOffset;
  }

  wallTime(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * The instants whose wall clock reads `wall`, ascending: none inside a spring-forward gap,
   * two inside a repeated (fall-back) hour, otherwise one. Writes into `out`, returns the count.
   */
  instantsAtWall(wall: number, out: number[]): number {
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    let count = 0;
    const first = wall - before;
    if (this.offsetAt(first) === before) out[count++] = first;
    if (after !== before) {
      const second = wall - after;
      if (this.offsetAt(second) === after) {
        if (count === 1 && second < first) {
          out[1] = first;
          out[0] = second;
        } else out[count] = second;
        count++;
      }
    }
    return count;
  }

  /**
   * The first instant whose wall time is at or after `wall`: the earlier one in a repeated hour,
   * and the moment the clocks jump when `wall` falls in a gap (a zone whose midnight is skipped
   * starts its day at 01:00, and a day tick belongs there, never at a time that does not exist).
   */
  firstInstantAtOrAfterWall(wall: number): number {
    const found: number[] = [];
    if (this.instantsAtWall(wall, found) > 0) return found[0]!;
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    const jump = this.changeBetween(wall - after, wall - before);
    return jump ?? wall - before;
  }

  /**
   * Whether the wall time shown at `instant` is shown at another instant too (the repeated hour
   * after clocks go back). Such labels need the zone name to be told apart.
   */
  isAmbiguous(instant: number): boolean {
    const offset = this.offsetAt(instant);
    const earlier = this.offsetAt(instant - MAX_SHIFT_MS);
    const later = this.offsetAt(instant + MAX_SHIFT_MS);
    if (earlier === offset && later === offset) return false;
    const wall = instant + offset;
    for (const other of [earlier, later]) {
      if (other !== offset && this.offsetAt(wall - other) === other) return true;
    }
    return false;
  }

  /**
   * Calls `visit` for each stretch of [from, to] with one constant offset, in order. Ticks are
   * laid out per stretch, which keeps both passes of a repeated hour and nothing in a gap.
   */
  forEachConstantOffset(from: number, to: number, visit: (start: number, end: number, offset: number) => void): void {
    let start = from;
    const lastDay = Math.floor(to / DAY_MS);
    for (let day = Math.floor(from / DAY_MS); day <= lastDay; day++) {
      if (this.partsFormat === undefined) break;
      const entry = this.days.get(day) ?? this.computeDay(day);
      if (entry.startOffset !== entry.endOffset && entry.changeAt > start && entry.changeAt <= to) {
        visit(start, entry.changeAt - 1, this.offsetAt(start));
        start = entry.changeAt;
      }
    }
    visit(start, to, this.offsetAt(start));
  }

  /** The instant in (after, upTo] where the offset changes, if one does. */
  private changeBetween(after: number, upTo: number): number | undefined {
    if (this.partsFormat === undefined) return undefined;
    for (let day = Math.floor(after / DAY_MS); day <= Math.floor(upTo / DAY_MS); day++) {
      const entry = this.days.get(day) ?? this.computeDay(day);
      if (entry.startOffset !== entry.endOffset && entry.changeAt > after && entry.changeAt <= upTo) return entry.changeAt;
    }
    return undefined;
  }

  private computeDay(day: number): DayOffsets {
    if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
    const dayStart = day * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    const startOffset = this.days.get(day - 1)?.endOffset ?? this.rawOffset(dayStart);
    const endOffset = this.days.get(day + 1)?.startOffset ?? this.rawOffset(dayEnd);
    let changeAt = dayEnd;
    if (startOffset !== endOffset) {
      // Bisect to the second: zone transitions fall on whole seconds.
      let lo = dayStart;
      let hi = dayEnd;
      while (hi - lo > SECOND_MS) {
        const mid = lo + Math.floor((hi - lo) / (2 * SECOND_MS)) * SECOND_MS;
        if (this.rawOffset(mid) === startOffset) lo = mid;
        else hi = mid;
      }
      changeAt = hi;
    }
    const entry: DayOffsets = { startOffset, endOffset, changeAt };
    this.days.set(day, entry);
    return entry;
  }

  /** The offset straight from Intl (slow: formatToParts). */
  private rawOffset(instant: number): number {
    const parts = this.partsFormat!.formatToParts(instant);
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let beforeCommonEra = false;
    for (const part of parts) {
      switch (part.type) {
        case 'year': year = Number(part.value); break;
        case 'month': month = Number(part.value); break;
        case 'day': day = Number(part.value); break;
        case 'hour': hour = Number(part.value); break;
        case 'minute': minute = Number(part.value); break;
        case 'second': second = Number(part.value); break;
        case 'era': beforeCommonEra = part.value.startsWith('B'); break;
        default: break;
      }
    }
    if (beforeCommonEra) year = 1 - year;
    const wall = wallOfDate(year, month - 1, day) + hour * HOUR_MS + minute * MINUTE_MS + second * SECOND_MS;
    const wholeSecond = Math.floor(instant / SECOND_MS) * SECOND_MS;
    return wall - wholeSecond;
  }
}

const zones = new Map<string, ZoneOffsets>();
let runtimeZone: string | undefined;

export function runtimeTimeZone(): string {
  runtimeZone ??= new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return runtimeZone;
}

/** Shared per zone name, so every axis reuses the warmed-up offset cache. */
export function zoneOffsets(timeZone: string = runtimeTimeZone()): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = new ZoneOffsets(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}
