import { expect } from '@esm-bundle/chai';
import { timeTicks, timeTickStep, type TimeTick } from '../../src/chart/ticks/time-ticks.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Chromium puts a narrow no-break space before AM/PM; compare with plain spaces. */
const plain = (text: string): string => text.replace(/\s/g, ' ');
const labels = (ticks: TimeTick[]): string[] => ticks.map((tick) => plain(tick.label));
const iso = (ticks: TimeTick[]): string[] => ticks.map((tick) => new Date(tick.time).toISOString());
const T = Date.UTC(2026, 2, 10, 12, 34, 56, 780); // Tue 2026-03-10 12:34:56.780Z

function expectNoDuplicateLabels(ticks: TimeTick[]): void {
  expect(new Set(labels(ticks)).size, labels(ticks).join(' | ')).to.equal(ticks.length);
}

describe('timeTickStep', () => {
  it('picks the smallest natural step keeping the spacing', () => {
    expect(timeTickStep(0, 10, 800)).to.deep.equal({ unit: 'ms', count: 1 });
    expect(timeTickStep(0, 60_000, 800)).to.deep.equal({ unit: 'second', count: 10 });
    expect(timeTickStep(0, HOUR, 800)).to.deep.equal({ unit: 'minute', count: 10 });
    expect(timeTickStep(0, DAY, 800, { timeZone: 'UTC' })).to.deep.equal({ unit: 'hour', count: 3 });
    expect(timeTickStep(0, 30 * DAY, 800)).to.deep.equal({ unit: 'day', count: 7 });
    expect(timeTickStep(0, 5 * 365 * DAY, 800)).to.deep.equal({ unit: 'year', count: 1 });
    expect(timeTickStep(0, 50 * 365 * DAY, 800)).to.deep.equal({ unit: 'year', count: 10 });
    expect(timeTickStep(0, 5000 * 365 * DAY, 800)).to.deep.equal({ unit: 'year', count: 1000 });
  });

  it('allows for the short gap when clocks jump forward in range', () => {
    const ny = { timeZone: 'America/New_York' };
    // 3 h ticks would put 00:00 and 03:00 EDT only 2 h (67px) apart on 2026-03-08.
    expect(timeTickStep(Date.UTC(2026, 2, 7, 12), Date.UTC(2026, 2, 8, 12), 800, ny)).to.deep.equal({ unit: 'hour', count: 4 });
    expect(timeTickStep(Date.UTC(2026, 2, 10, 12), Date.UTC(2026, 2, 11, 12), 800, ny)).to.deep.equal({ unit: 'hour', count: 3 });
  });
});

describe('timeTicks in UTC and Asia/Kolkata at 800px', () => {
  const utc = { timeZone: 'UTC', locale: 'en-US' };
  const kolkata = { timeZone: 'Asia/Kolkata', locale: 'en-US' };

  it('10 ms: millisecond ticks, a whole second shown in full', () => {
    const ticks = timeTicks(T, T + 10, 800, utc);
    expect(ticks).to.have.length(11);
    expect(labels(ticks).slice(0, 3)).to.deep.equal(['34:56.780', '34:56.781', '34:56.782']);
    expect(ticks.every((tick) => tick.level === 'ms' && !tick.major)).to.equal(true);
    const acrossSecond = timeTicks(T + 215, T + 225, 800, kolkata);
    const whole = acrossSecond.find((tick) => tick.major)!;
    expect(new Date(whole.time).toISOString()).to.equal('2026-03-10T12:34:57.000Z');
    expect(plain(whole.label)).to.equal('6:04:57 PM');
    expect(whole.level).to.equal('second');
  });

  it('1 minute: 10 second ticks', () => {
    expect(labels(timeTicks(T, T + MINUTE, 800, utc))).to.deep.equal([
      '12:35:00 PM', '12:35:10 PM', '12:35:20 PM', '12:35:30 PM', '12:35:40 PM', '12:35:50 PM',
    ]);
    expect(labels(timeTicks(T, T + MINUTE, 800, kolkata))[0]).to.equal('6:05:00 PM');
  });

  it('1 hour: 10 minute ticks on round local minutes', () => {
    expect(labels(timeTicks(T, T + HOUR, 800, utc))).to.deep.equal([
      '12:40 PM', '12:50 PM', '1:00 PM', '1:10 PM', '1:20 PM', '1:30 PM',
    ]);
    const ticks = timeTicks(T, T + HOUR, 800, kolkata);
    expect(labels(ticks)).to.deep.equal(['6:10 PM', '6:20 PM', '6:30 PM', '6:40 PM', '6:50 PM', '7:00 PM']);
    expect(iso(ticks)[0]).to.equal('2026-03-10T12:40:00.000Z');
  });

  it('1 day: 3 hour ticks, midnight shows the date', () => {
    const ticks = timeTicks(T, T + DAY, 800, utc);
    expect(labels(ticks)).to.deep.equal(['3:00 PM', '6:00 PM', '9:00 PM', 'Mar 11', '3:00 AM', '6:00 AM', '9:00 AM', '12:00 PM']);
    expect(ticks[3]).to.include({ time: Date.UTC(2026, 2, 11), level: 'day', major: true });
    const en = labels(timeTicks(T, T + DAY, 800, { timeZone: 'UTC', locale: 'en-GB' }));
    expect(en.slice(0, 4)).to.deep.equal(['15:00', '18:00', '21:00', '11 Mar']);
    expect(ticks[0]).to.include({ level: 'hour', major: false });
  });

  it('1 day in Asia/Kolkata (+5:30): ticks on round local hours', () => {
    const ticks = timeTicks(T, T + DAY, 800, kolkata);
    expect(labels(ticks)).to.deep.equal(['9:00 PM', 'Mar 11', '3:00 AM', '6:00 AM', '9:00 AM', '12:00 PM', '3:00 PM', '6:00 PM']);
    for (const tick of ticks) expect((tick.time + 5.5 * HOUR) % (3 * HOUR)).to.equal(0);
    expect(iso(ticks)[1]).to.equal('2026-03-10T18:30:00.000Z');
  });

  it('1 month: week ticks, a new month shows the month', () => {
    const ticks = timeTicks(T, T + 30 * DAY, 800, utc);
    expect(labels(ticks)).to.deep.equal(['Mar 15', 'Mar 22', 'Apr', 'Apr 8']);
    expect(ticks.map((tick) => tick.major)).to.deep.equal([false, false, true, false]);
    expect(ticks[2]).to.include({ time: Date.UTC(2026, 3, 1), level: 'month' });
    expect(iso(timeTicks(T, T + 30 * DAY, 800, kolkata))[0]).to.equal('2026-03-14T18:30:00.000Z');
  });

  it('day labels follow the locale', () => {
    const us = labels(timeTicks(T, T + 30 * DAY, 800, { timeZone: 'UTC', locale: 'en-US' }));
    const de = labels(timeTicks(T, T + 30 * DAY, 800, { timeZone: 'UTC', locale: 'de-DE' }));
    expect(us[0]).to.equal('Mar 15');
    expect(de[0]).to.equal('15. März');
  });

  it('several months: month ticks, a new year shows the year', () => {
    const ticks = timeTicks(Date.UTC(2025, 9, 15), Date.UTC(2026, 3, 15), 800, utc);
    expect(labels(ticks)).to.deep.equal(['Nov', 'Dec', '2026', 'Feb', 'Mar', 'Apr']);
    expect(ticks[2]).to.include({ level: 'year', major: true, time: Date.UTC(2026, 0, 1) });
  });

  it('5 years: yearly ticks on Jan 1 local midnight', () => {
    expect(labels(timeTicks(T, T + 5 * 365 * DAY, 800, utc))).to.deep.equal(['2027', '2028', '2029', '2030', '2031']);
    const ny = timeTicks(T, T + 5 * 365 * DAY, 800, { timeZone: 'America/New_York', locale: 'en-US' });
    expect(iso(ny)[0]).to.equal('2027-01-01T05:00:00.000Z');
    expect(ny.every((tick) => tick.level === 'year')).to.equal(true);
  });

  it('50 years: decade ticks', () => {
    expect(labels(timeTicks(T, T + 50 * 365 * DAY, 800, utc))).to.deep.equal(['2030', '2040', '2050', '2060', '2070']);
    const kol = timeTicks(T, T + 50 * 365 * DAY, 800, kolkata);
    expect(iso(kol)[0]).to.equal('2029-12-31T18:30:00.000Z');
  });

  it('returns nothing for an empty or invalid range', () => {
    expect(timeTicks(T, T, 800, utc)).to.deep.equal([]);
    expect(timeTicks(T, T + 1000, 0, utc)).to.deep.equal([]);
    expect(timeTicks(NaN, T, 800, utc)).to.deep.equal([]);
  });
});

describe('timeTicks across daylight saving in America/New_York', () => {
  const ny = { timeZone: 'America/New_York', locale: 'en-US' };

  it('spring forward (2026-03-08 02:00 → 03:00): hourly ticks skip the missing hour', () => {
    const ticks = timeTicks(Date.UTC(2026, 2, 8, 3), Date.UTC(2026, 2, 8, 12), 720, ny);
    expect(labels(ticks)).to.deep.equal([
      '10:00 PM', '11:00 PM', 'Mar 8', '1:00 AM', '3:00 AM', '4:00 AM', '5:00 AM', '6:00 AM', '7:00 AM', '8:00 AM',
    ]);
    expect(iso(ticks).slice(2, 5)).to.deep.equal(['2026-03-08T05:00:00.000Z', '2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z']);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.time - ticks[i - 1]!.time).to.equal(HOUR);
  });

  it('spring forward: 30 minute ticks never land in the gap', () => {
    const ticks = timeTicks(Date.UTC(2026, 2, 8, 5), Date.UTC(2026, 2, 8, 9), 800, ny);
    expect(labels(ticks)).to.deep.equal(['Mar 8', '12:30 AM', '1:00 AM', '1:30 AM', '3:00 AM', '3:30 AM', '4:00 AM', '4:30 AM', '5:00 AM']);
    expectNoDuplicateLabels(ticks);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.time - ticks[i - 1]!.time).to.equal(30 * MINUTE);
  });

  it('fall back (2026-11-01 01:00 repeats): both passes ticked, told apart by zone name', () => {
    const ticks = timeTicks(Date.UTC(2026, 10, 1, 2), Date.UTC(2026, 10, 1, 10), 640, ny);
    expect(labels(ticks)).to.deep.equal([
      '10:00 PM', '11:00 PM', 'Nov 1', '1:00 AM EDT', '1:00 AM EST', '2:00 AM', '3:00 AM', '4:00 AM', '5:00 AM',
    ]);
    expect(iso(ticks).slice(3, 6)).to.deep.equal(['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z']);
    expectNoDuplicateLabels(ticks);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.time - ticks[i - 1]!.time).to.equal(HOUR);
  });

  it('fall back: 15 minute ticks through the repeated hour', () => {
    const ticks = timeTicks(Date.UTC(2026, 10, 1, 4, 50), Date.UTC(2026, 10, 1, 7, 10), 800, ny);
    expect(labels(ticks)).to.deep.equal([
      '1:00 AM EDT', '1:15 AM EDT', '1:30 AM EDT', '1:45 AM EDT',
      '1:00 AM EST', '1:15 AM EST', '1:30 AM EST', '1:45 AM EST', '2:00 AM',
    ]);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.time - ticks[i - 1]!.time).to.equal(15 * MINUTE);
  });

  it('each local midnight exactly once on 23 h and 25 h days', () => {
    for (const [from, to, days] of [
      [Date.UTC(2026, 2, 6), Date.UTC(2026, 2, 11), ['Mar 6', 'Mar 7', 'Mar 8', 'Mar 9', 'Mar 10']],
      [Date.UTC(2026, 9, 30), Date.UTC(2026, 10, 4), ['Oct 30', 'Oct 31', 'Nov 1', 'Nov 2', 'Nov 3']],
    ] as const) {
      // 12 h ticks (the sub-day grid shows each midnight as its date).
      const ticks = timeTicks(from, to, 1600, ny);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.time - ticks[i - 1]!.time).to.be.within(11 * HOUR, 13 * HOUR);
      const dayTicks = ticks.filter((tick) => tick.level === 'day');
      expectNoDuplicateLabels(dayTicks);
      expect(labels(ticks.filter((tick) => tick.level === 'hour'))).to.deep.equal(Array(5).fill('12:00 PM'));
      expect(labels(dayTicks)).to.deep.equal([...days]);
      for (const tick of dayTicks) {
        const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
        expect(parts.format(tick.time)).to.equal('00:00');
      }
    }
    const spring = timeTicks(Date.UTC(2026, 2, 6), Date.UTC(2026, 2, 11), 1600, ny).filter((tick) => tick.level === 'day');
    expect(spring[3]!.time - spring[2]!.time).to.equal(23 * HOUR);
    const fall = timeTicks(Date.UTC(2026, 9, 30), Date.UTC(2026, 10, 4), 1600, ny).filter((tick) => tick.level === 'day');
    expect(fall[3]!.time - fall[2]!.time).to.equal(25 * HOUR);
  });

  it('daily ticks across a change land on local midnight, a new month shows the month', () => {
    const fall = timeTicks(Date.UTC(2026, 9, 30), Date.UTC(2026, 10, 4), 800, ny);
    expect(labels(fall)).to.deep.equal(['Oct 30', 'Oct 31', 'Nov', 'Nov 2', 'Nov 3']);
    expect(iso(fall).slice(1, 4)).to.deep.equal(['2026-10-31T04:00:00.000Z', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
    expect(fall[2]).to.include({ level: 'month', major: true });
    const ticks = timeTicks(Date.UTC(2026, 2, 5), Date.UTC(2026, 2, 12), 800, ny);
    expect(labels(ticks)).to.deep.equal(['Mar 5', 'Mar 6', 'Mar 7', 'Mar 8', 'Mar 9', 'Mar 10', 'Mar 11']);
    expect(iso(ticks).slice(2, 5)).to.deep.equal(['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });
});

describe('timeTicks speed', () => {
  it('builds ticks for a 1000px axis over many spans and pans (its time per call is logged, not asserted: speed is the bench\'s)', () => {
    const spans = [10, 60_000, HOUR, DAY, 30 * DAY, 365 * DAY, 40 * 365 * DAY];
    const options = { timeZone: 'America/New_York', locale: 'en-US' };
    for (const span of spans) timeTicks(T, T + span, 1000, options);
    const rounds = 200;
    const started = performance.now();
    let count = 0;
    for (let round = 0; round < rounds; round++) {
      // Pan by a varying amount so results are not the same call repeated.
      const shift = round * 7_919;
      for (const span of spans) count += timeTicks(T + shift, T + shift + span, 1000, options).length;
    }
    const perCall = (performance.now() - started) / (rounds * spans.length);
    console.log(`timeTicks, 1000px axis: ${(perCall * 1000).toFixed(1)} µs per call (${(count / (rounds * spans.length)).toFixed(1)} ticks)`);
    expect(count).to.be.greaterThan(rounds * spans.length);
  });
});

describe('timeTicks in unusual zones and years', () => {
  it('starts a day whose midnight is skipped at the jump (America/Sao_Paulo, 2018-11-04)', () => {
    const ticks = timeTicks(Date.UTC(2018, 10, 2), Date.UTC(2018, 10, 7), 800, { timeZone: 'America/Sao_Paulo', locale: 'en-GB' });
    expect(labels(ticks)).to.deep.equal(['2 Nov', '3 Nov', '4 Nov', '5 Nov', '6 Nov']);
    // 00:00 does not exist that day; 01:00 -02 (03:00Z) is its first instant.
    expect(iso(ticks)[2]).to.equal('2018-11-04T03:00:00.000Z');
  });

  it('gives a skipped date no tick of its own (Pacific/Apia dropped 2011-12-30)', () => {
    const ticks = timeTicks(Date.UTC(2011, 11, 27), Date.UTC(2012, 0, 2), 800, { timeZone: 'Pacific/Apia', locale: 'en-GB' });
    expect(labels(ticks)).to.deep.equal(['27 Dec', '28 Dec', '29 Dec', '31 Dec', '2012', '2 Jan']);
    expect(new Set(ticks.map((tick) => tick.time)).size).to.equal(ticks.length);
  });

  it('follows the local clock in Europe/London (01:00 → 02:00 on 2026-03-29)', () => {
    const ticks = timeTicks(Date.UTC(2026, 2, 29, 0), Date.UTC(2026, 2, 29, 5), 600, { timeZone: 'Europe/London', locale: 'en-GB' });
    expect(labels(ticks)).to.deep.equal(['29 Mar', '2:00', '3:00', '4:00', '5:00', '6:00']);
    expect(labels(ticks)).to.not.include('1:00');
  });

  it('labels years before 1 CE with their era', () => {
    const ticks = timeTicks(-70_000_000_000_000, -60_000_000_000_000, 800, { timeZone: 'UTC', locale: 'en-US' });
    expect(labels(ticks)).to.deep.equal(['201 BC', '151 BC', '101 BC', '51 BC', '1 BC', '50']);
  });
});
