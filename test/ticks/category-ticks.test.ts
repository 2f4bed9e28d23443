import { expect } from '@esm-bundle/chai';
import { categoryTicks, type CategoryTick } from '../../src/chart/ticks/category-ticks.js';

const DAY = 86_400_000;
const plain = (text: string): string => text.replace(/\s/g, ' ');
const labels = (ticks: CategoryTick[]): string[] => ticks.map((tick) => plain(tick.label));

/** Weekday daily bars from 2025-01-01 for `days` calendar days (UTC midnights). */
function weekdayBars(days: number): Float64Array {
  const times: number[] = [];
  for (let d = 0; d < days; d++) {
    const time = Date.UTC(2025, 0, 1) + d * DAY;
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6) times.push(time);
  }
  return Float64Array.from(times);
}

/** 5-minute bars of New York sessions (09:30-16:00) on the weekdays of 2026-03-02..13 (DST starts 03-08). */
function sessionBars(): Float64Array {
  const times: number[] = [];
  for (let day = 2; day <= 13; day++) {
    const weekday = new Date(Date.UTC(2026, 2, day)).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const utcOffsetHours = day >= 8 ? 4 : 5;
    for (let bar = 0; bar < 78; bar++) times.push(Date.UTC(2026, 2, day, 9 + utcOffsetHours, 30 + bar * 5));
  }
  return Float64Array.from(times);
}

function expectSpacing(ticks: CategoryTick[], firstIndex: number, lastIndex: number, widthPx: number, minSpacingPx = 80): void {
  const pxPerBar = widthPx / (lastIndex - firstIndex + 1);
  for (let i = 1; i < ticks.length; i++) {
    expect((ticks[i]!.index - ticks[i - 1]!.index) * pxPerBar).to.be.at.least(minSpacingPx - 1e-9);
  }
}

describe('categoryTicks', () => {
  const utc = { timeZone: 'UTC', locale: 'en-US' };

  it('prefers month starts for daily bars, on a regular 2-month rhythm', () => {
    const times = weekdayBars(600);
    const ticks = categoryTicks(times, 10, times.length - 1, 800, utc);
    expect(labels(ticks)).to.deep.equal(['Mar', 'May', 'Jul', 'Sep', 'Nov', '2026', 'Mar', 'May', 'Jul']);
    for (const tick of ticks) {
      // Each labelled bar is the first bar of its month.
      expect(new Date(times[tick.index - 1]!).getUTCMonth()).to.not.equal(new Date(tick.time).getUTCMonth());
      expect(tick.time).to.equal(times[tick.index]);
    }
    expect(ticks[5]).to.include({ level: 'year', major: true });
    expect(ticks[0]).to.include({ level: 'month', major: false });
    expectSpacing(ticks, 10, times.length - 1, 800);
  });

  it('labels every month start when there is room, keeping the spacing', () => {
    const times = weekdayBars(600);
    const ticks = categoryTicks(times, 10, times.length - 1, 1600, utc);
    expect(labels(ticks).slice(0, 4)).to.deep.equal(['Mar', 'Apr', 'May', 'Jun']);
    expectSpacing(ticks, 10, times.length - 1, 1600);
  });

  it('labels each session start with its date across a DST change, hours between when they fit', () => {
    const ny = { timeZone: 'America/New_York', locale: 'en-US' };
    const times = sessionBars();
    const narrow = categoryTicks(times, 0, times.length - 1, 800, ny);
    expect(labels(narrow)).to.deep.equal(['Mar 3', 'Mar 4', 'Mar 5', 'Mar 6', 'Mar 9', 'Mar 10', 'Mar 11', 'Mar 12', 'Mar 13']);
    const wide = categoryTicks(times, 0, times.length - 1, 3000, ny);
    const days = wide.filter((tick) => tick.level === 'day');
    expect(labels(days)).to.deep.equal(['Mar 3', 'Mar 4', 'Mar 5', 'Mar 6', 'Mar 9', 'Mar 10', 'Mar 11', 'Mar 12', 'Mar 13']);
    expect(days.every((tick) => tick.major && (tick.index % 78) === 0)).to.equal(true);
    const hours = wide.filter((tick) => tick.level === 'hour');
    expect(hours.length).to.be.greaterThan(5);
    const localMinute = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', minute: 'numeric' });
    // A bar that crosses an hour boundary in 5-minute sessions is the :00 bar.
    for (const tick of hours) expect(localMinute.format(tick.time)).to.equal('0');
    expect(labels(hours)).to.include('12:00 PM');
    expectSpacing(wide, 0, times.length - 1, 3000);
  });

  it('uses the bar before the window to decide whether the first bar starts a month', () => {
    const times = weekdayBars(600);
    const marchFirst = times.findIndex((time) => time >= Date.UTC(2025, 2, 1));
    const fromMarch = categoryTicks(times, marchFirst, marchFirst + 200, 800, utc);
    expect(fromMarch[0]!.index).to.equal(marchFirst);
    const fromStart = categoryTicks(times, 0, 200, 800, utc);
    expect(fromStart.some((tick) => tick.index === 0)).to.equal(false);
  });

  it('returns nothing for an empty window', () => {
    expect(categoryTicks(new Float64Array(0), 0, 10, 800, utc)).to.deep.equal([]);
    expect(categoryTicks(weekdayBars(30), 5, 4, 800, utc)).to.deep.equal([]);
  });

  it('labels 200k minute bars at half-month ticks (its time is logged, not asserted: speed belongs to the bench)', () => {
    const minutes = new Float64Array(200_000);
    for (let i = 0; i < minutes.length; i++) minutes[i] = Date.UTC(2020, 0, 1) + i * 60_000;
    const options = { timeZone: 'America/New_York', locale: 'en-US' };
    for (let i = 0; i < 5; i++) categoryTicks(minutes, 0, minutes.length - 1, 1000, options);
    let started = performance.now();
    const all = categoryTicks(minutes, 0, minutes.length - 1, 1000, options);
    const allMs = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < 20; i++) categoryTicks(minutes, 1000 + i, 1500 + i, 1000, options);
    const windowMs = (performance.now() - started) / 20;
    console.log(`categoryTicks, 1000px: 200k bars ${allMs.toFixed(2)} ms, 500 bars ${(windowMs * 1000).toFixed(0)} µs`);
    // half-month ticks (1st and 15th) since issue 14: months alone were ~200 px apart
    expect(labels(all)).to.deep.equal(['2020', 'Jan 15', 'Feb', 'Feb 15', 'Mar', 'Mar 15', 'Apr', 'Apr 15', 'May', 'May 15']);
  });
});
