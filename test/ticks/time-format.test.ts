import { expect } from '@esm-bundle/chai';
import { formatTime, formatTimeSpan, timePrecision } from '../../src/chart/interaction/format.js';
import { timeTicks, timeTickStep } from '../../src/chart/ticks/time-ticks.js';

const DAY = 86_400_000;
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const utc = { timeZone: 'UTC', locale: 'en-US' };

describe('time label precision follows the rows’ spacing', () => {
  it('daily bars show the date only; minutes, seconds and milliseconds as the spacing needs', () => {
    const t = Date.UTC(2025, 2, 21);
    expect(plain(formatTime(t, DAY, utc))).to.equal('Mar 21, 2025');
    expect(plain(formatTime(t + 9 * 3_600_000 + 30 * 60_000, 60_000, utc))).to.equal('Mar 21, 2025, 9:30 AM');
    expect(plain(formatTime(t + 12 * 3_600_000 + 1000, 1000, utc))).to.equal('Mar 21, 2025, 12:00:01 PM');
    // a 10 ms view: each sample keeps its milliseconds
    expect(plain(formatTime(t + 12 * 3_600_000 + 1007, 1, utc))).to.equal('Mar 21, 2025, 12:00:01.007 PM');
    expect(plain(formatTime(t, DAY, utc, true))).to.equal('March 21, 2025');
    expect([DAY, 60_000, 1000, 10].map(timePrecision)).to.deep.equal(['day', 'minute', 'second', 'ms']);
  });

  it('a merged bar’s span reads as a range', () => {
    const from = Date.UTC(2025, 2, 3);
    expect(plain(formatTimeSpan(from, from + 3 * DAY, DAY, utc))).to.equal('Mar 3 – 6, 2025');
    expect(plain(formatTimeSpan(from, from, DAY, utc))).to.equal('Mar 3, 2025');
  });
});

describe('time axis density for daily bars (charts pass calendarMinSpacingPx 54)', () => {
  const chart = { timeZone: 'UTC', locale: 'en-US', calendarMinSpacingPx: 54 };
  const from = Date.UTC(2025, 0, 6);

  it('150 to 300 daily bars at 1200 px get week or half-month ticks, not months', () => {
    expect(timeTickStep(from, from + 150 * DAY, 1200, chart)).to.deep.equal({ unit: 'day', count: 7 });
    expect(timeTickStep(from, from + 300 * DAY, 1200, chart)).to.deep.equal({ unit: 'day', count: 14 });
    const ticks = timeTicks(from, from + 300 * DAY, 1200, chart);
    const gaps = ticks.slice(1).map((t, i) => ((t.time - ticks[i].time) / (300 * DAY)) * 1200);
    expect(Math.max(...gaps)).to.be.below(70);
    expect(Math.min(...gaps)).to.be.at.least(54);
    expect(ticks.map((t) => t.label).slice(0, 4)).to.deep.equal(['Jan 15', 'Feb', 'Feb 15', 'Mar']);
  });

  it('without the calendar spacing the default stays (months at 80 px)', () => {
    expect(timeTickStep(from, from + 300 * DAY, 1200, utc).unit).to.equal('month');
  });
});
