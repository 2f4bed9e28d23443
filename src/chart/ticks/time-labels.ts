/**
 * Tick labels through Intl.DateTimeFormat, one cached formatter per (locale, zone, kind):
 * creating a formatter costs far more than formatting with it.
 */

export type TimeTickLevel = 'ms' | 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

const LEVEL_RANK: Record<TimeTickLevel, number> = { ms: 0, second: 1, minute: 2, hour: 3, day: 4, month: 5, year: 6 };

export function levelRank(level: TimeTickLevel): number {
  return LEVEL_RANK[level];
}

export function isSubDay(level: TimeTickLevel): boolean {
  return LEVEL_RANK[level] < LEVEL_RANK.day;
}

/**
 * What a tick's label names, given the unit of the tick grid and the largest calendar unit that
 * starts at the tick. Within a day the start of a day shows its date (a month start too: "Mar 1"
 * reads better between times than "Mar"), a year start always shows the year, and on a
 * millisecond grid a whole second shows the full time.
 */
export function labelLevel(grid: TimeTickLevel, starts: TimeTickLevel): TimeTickLevel {
  if (starts === 'year' || grid === 'year') return 'year';
  if (grid === 'month') return 'month';
  if (grid === 'day') return starts === 'month' ? 'month' : 'day';
  if (starts === 'day' || starts === 'month') return 'day';
  if (grid === 'ms') return starts === 'ms' ? 'ms' : 'second';
  return grid;
}

/**
 * 0001-01-01T00:00Z. Years before it are labelled with their era ("200 BC"): Intl prints a bare
 * "200" for them otherwise. (Year ticks sit on local Jan 1, so the zone offset does not matter.)
 */
const FIRST_YEAR_OF_COMMON_ERA = -62_135_596_800_000 - 14 * 3_600_000;

const FORMAT_OPTIONS: Record<TimeTickLevel | 'era', Intl.DateTimeFormatOptions> = {
  // Minutes kept so "05:07.089" reads as a clock time, not a number.
  ms: { minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 },
  second: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
  minute: { hour: 'numeric', minute: '2-digit' },
  hour: { hour: 'numeric', minute: '2-digit' },
  day: { month: 'short', day: 'numeric' },
  month: { month: 'short' },
  year: { year: 'numeric' },
  era: { year: 'numeric', era: 'short' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, timeZone: string, level: TimeTickLevel | 'era', withZoneName: boolean): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${timeZone}|${level}|${withZoneName ? 'z' : ''}`;
  let format = formatters.get(key);
  if (format === undefined) {
    const options: Intl.DateTimeFormatOptions = { ...FORMAT_OPTIONS[level], timeZone };
    if (withZoneName) options.timeZoneName = 'short';
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/**
 * @param withZoneName adds the zone's short name ("1:30 AM EST"): used for wall times that occur
 *   twice when clocks go back, so the two passes never share a label.
 */
export function formatTimeLabel(
  instant: number,
  level: TimeTickLevel,
  timeZone: string,
  locale: string | undefined,
  withZoneName = false,
): string {
  if (level === 'year' && instant < FIRST_YEAR_OF_COMMON_ERA) return formatter(locale, timeZone, 'era', false).format(instant);
  return formatter(locale, timeZone, level, withZoneName && isSubDay(level)).format(instant);
}
