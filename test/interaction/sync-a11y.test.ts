import { expect } from '@esm-bundle/chai';
import {
  A11Y_TABLE_MAX_ROWS,
  FrameThrottle,
  requestFrame,
  InteractionController,
  SyncHub,
  chartSummary,
  dataTableRows,
  indexRange,
  nearestIndex,
  pageSyncHub,
} from '../../src/chart/interaction/index.js';
import { ArrayTarget, DAY, T0, frames, makeHost, nextFrame, record, until } from './array-target.js';

const HOUR = 3_600_000;

function mouse(host: HTMLElement, type: string, x: number, y: number): void {
  host.dispatchEvent(new PointerEvent(type, { pointerId: 1, pointerType: 'mouse', clientX: x, clientY: y, bubbles: true }));
}

describe('interaction: linked charts', () => {
  const controllers: InteractionController[] = [];
  afterEach(() => {
    controllers.splice(0).forEach((c) => c.detach());
    document.querySelectorAll('body > div[tabindex]').forEach((e) => e.remove());
  });

  function chart(target: ArrayTarget, sync: string | null, top: number) {
    const host = makeHost(target, top);
    const controller = new InteractionController(host, target, { sync });
    controller.attach();
    controllers.push(controller);
    return { host, controller, target };
  }

  it('two synced charts with different data follow each other (range and crosshair time) without loops', async () => {
    // daily rows vs 6-hourly rows shifted by 3 h: same period, different grids
    const a = chart(ArrayTarget.series(400), 'sync-test-1', 0);
    const b = chart(ArrayTarget.series(1600, 6 * HOUR, T0 + 3 * HOUR), 'sync-test-1', 300);
    const other = chart(ArrayTarget.series(400), 'another-group', 0);
    const rangesA = record(a.host, 'gpu-range');
    const rangesB = record(b.host, 'gpu-range');
    const setsBefore = { a: a.target.rangeSets, b: b.target.rangeSets };
    a.host.dispatchEvent(new WheelEvent('wheel', { clientX: 200, clientY: 100, deltaY: -150, bubbles: true, cancelable: true }));
    expect(b.target.visibleRange).to.deep.equal(a.target.visibleRange);
    // exactly one write each: the receiver did not bounce the range back
    expect(a.target.rangeSets - setsBefore.a).to.equal(1);
    expect(b.target.rangeSets - setsBefore.b).to.equal(1);
    expect(other.target.visibleRange).to.deep.equal(other.target.dataRange());
    await frames(2);
    expect(rangesA.length).to.equal(1);
    expect(rangesB.length).to.equal(1);

    // and the other way round, from code
    b.controller.setVisibleRange({ from: T0 + 50 * DAY, to: T0 + 80 * DAY });
    expect(a.target.visibleRange).to.deep.equal({ from: T0 + 50 * DAY, to: T0 + 80 * DAY });

    // crosshair: b finds its own nearest row for a's time, shows only the vertical line
    mouse(a.host, 'pointermove', 260, 100);
    const ca = a.target.crosshair!;
    const cb = b.target.crosshair!;
    expect(cb.horizontal).to.equal(false);
    const bt = b.target.times();
    expect(cb.index).to.equal(nearestIndex(bt, ca.time));
    expect(Math.abs(bt[cb.index] - ca.time)).to.equal(3 * HOUR);
    expect(other.target.crosshair).to.equal(null);
    // moving on b now drives a (each side publishes only its own pointer)
    const callsA = a.target.crosshairCalls;
    mouse(b.host, 'pointermove', 100, 400);
    expect(a.target.crosshairCalls).to.equal(callsA + 1);
    expect(a.target.crosshair!.index).to.equal(nearestIndex(a.target.times(), b.target.crosshair!.time));
    mouse(b.host, 'pointerleave', 700, 700);
    expect(a.target.crosshair).to.equal(null);
    expect(b.target.crosshair).to.equal(null);

    // leaving the group unlinks
    b.controller.setOptions({ sync: null });
    a.controller.setVisibleRange({ from: T0 + 10 * DAY, to: T0 + 20 * DAY });
    expect(b.target.visibleRange).to.deep.equal({ from: T0 + 50 * DAY, to: T0 + 80 * DAY });
  });

  it('a linked time outside this chart’s view shows no crosshair there', () => {
    const a = chart(ArrayTarget.series(400), 'sync-test-2', 0);
    const b = chart(ArrayTarget.series(400), 'sync-test-2', 300);
    b.controller.setOptions({ sync: null });
    b.target.visibleRange = { from: T0 + 300 * DAY, to: T0 + 350 * DAY };
    b.controller.setOptions({ sync: 'sync-test-2' });
    b.controller.receiveCrosshairTime(T0 + 10 * DAY);
    expect(b.target.crosshair).to.equal(null);
    b.controller.receiveCrosshairTime(T0 + 310 * DAY);
    expect(b.target.crosshair!.time).to.equal(T0 + 310 * DAY);
    expect(a.target.crosshair, 'receiving does not publish').to.equal(null);
  });

  it('the hub drops publishes made while it delivers (no loop even with a naive member)', () => {
    const hub = new SyncHub();
    let received = 0;
    const echo = {
      receiveRange(r: { from: number; to: number }) {
        received++;
        hub.publishRange('g', echo, r); // a member that would bounce forever
      },
      receiveCrosshairTime() {},
    };
    const quiet = { receiveRange: () => received++, receiveCrosshairTime() {} };
    const leave1 = hub.join('g', echo);
    const leave2 = hub.join('g', quiet);
    hub.publishRange('g', quiet, { from: 0, to: 1 });
    expect(received).to.equal(1);
    leave1();
    leave2();
    expect(hub.members('g')).to.equal(0);
    expect(pageSyncHub()).to.equal(pageSyncHub());
  });
});

describe('interaction: accessibility text', () => {
  afterEach(() => document.querySelectorAll('body > div[tabindex]').forEach((e) => e.remove()));

  it('summary: label, series, dates, points, last value and change', () => {
    const target = ArrayTarget.series(366);
    const first = target.magnetValueAt(0);
    const last = target.magnetValueAt(365);
    const pct = ((last - first) / first) * 100;
    const s = chartSummary(target, 'ACME daily', { locale: 'en-GB', timeZone: 'UTC' });
    expect(s).to.equal(
      `ACME daily. Chart of close, volume from 1 January 2024 to 31 December 2024, 366 points. ` +
        `Last close ${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4 }).format(last)}, change ${pct > 0 ? '+' : '−'}${Math.abs(pct).toFixed(2)} % over the period.`,
    );
    expect(chartSummary(new ArrayTarget(new Float64Array(0), {}), 'Empty')).to.equal('Empty. Chart with no data.');
  });

  it('the controller sets role, roledescription and the summary as aria-label', () => {
    const target = ArrayTarget.series(30);
    const host = makeHost(target);
    const c = new InteractionController(host, target, { label: 'Prices', locale: 'en-GB', timeZone: 'UTC' });
    c.attach();
    expect(host.getAttribute('role')).to.equal('application');
    expect(host.getAttribute('aria-roledescription')).to.equal('chart');
    expect(host.getAttribute('aria-label')).to.match(/^Prices\. Chart of close, volume from 1 January 2024 to 30 January 2024, 30 points\./);
    c.setOptions({ label: 'Other' });
    expect(host.getAttribute('aria-label')).to.match(/^Other\. /);
    expect(c.liveRegionElement.getAttribute('aria-live')).to.equal('polite');
    c.detach();
  });

  it('data table: visible rows only, capped at 500 and sampled evenly, filled as text', async () => {
    const target = ArrayTarget.series(2000);
    const t = target.times();
    const small = dataTableRows(target, { from: t[10], to: t[14] }, { locale: 'en-GB', timeZone: 'UTC' });
    expect(small.columns).to.deep.equal(['Time', 'close', 'volume']);
    expect(small.rows.length).to.equal(5);
    expect(small.sampled).to.equal(false);
    expect(small.rows[0]).to.deep.equal(['11 Jan 2024', new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4 }).format(target.magnetValueAt(10)), '1,010']);
    const big = dataTableRows(target, { from: t[0], to: t[1999] });
    expect(A11Y_TABLE_MAX_ROWS).to.equal(500);
    expect(big.rows.length).to.equal(500);
    expect(big.total).to.equal(2000);
    expect(big.sampled).to.equal(true);
    expect(big.rows[499][2]).to.equal('2,999'); // last row kept

    const host = makeHost(target);
    const c = new InteractionController(host, target, { a11yTable: true, label: 'ACME' });
    host.append(c.dataTableElement);
    c.attach();
    const table = c.dataTableElement;
    await until(() => table.rows.length > 0, 'the table');
    expect(table.hidden).to.equal(false);
    expect(table.caption!.textContent).to.equal('ACME: 500 of 2000 visible rows, evenly sampled');
    expect(table.tBodies[0].rows.length).to.equal(500);
    c.setVisibleRange({ from: t[100], to: t[109] });
    await until(() => table.caption!.textContent === 'ACME: 10 visible rows', 'the table to follow the view');
    expect(table.tBodies[0].rows.length).to.equal(10);
    c.setOptions({ a11yTable: false });
    await until(() => table.hidden, 'the table to empty');
    expect(table.rows.length).to.equal(0);
    c.detach();
  });
});

describe('interaction: helpers', () => {
  it('binary searches agree with a scan', () => {
    const times = new Float64Array(1000);
    let t = 0;
    for (let i = 0; i < times.length; i++) times[i] = t += 1 + ((i * 31) % 17);
    for (let q = -20; q < t + 20; q += 13.7) {
      let best = 0;
      for (let i = 1; i < times.length; i++) if (Math.abs(times[i] - q) < Math.abs(times[best] - q)) best = i;
      expect(nearestIndex(times, q)).to.equal(best);
      const { start, end } = indexRange(times, q, q + 100);
      let s = 0;
      while (s < times.length && times[s] < q) s++;
      let e = s;
      while (e < times.length && times[e] <= q + 100) e++;
      expect([start, end]).to.deep.equal([s, e]);
    }
    expect(nearestIndex(new Float64Array(0), 5)).to.equal(-1);
  });

  it('FrameThrottle delivers the latest value once per frame', async () => {
    const got: number[] = [];
    const th = new FrameThrottle<number>((v) => got.push(v));
    await nextFrame();
    for (let i = 0; i < 50; i++) th.push(i);
    await nextFrame();
    await nextFrame();
    expect(got).to.deep.equal([49]);
    th.push(1);
    th.cancel();
    await frames(2);
    expect(got).to.deep.equal([49]);
  });

  it('frame callbacks of every throttle on the page share one animation frame request', async () => {
    await nextFrame();
    const native = window.requestAnimationFrame;
    let requests = 0;
    window.requestAnimationFrame = (cb) => (requests++, native.call(window, cb));
    const got: string[] = [];
    try {
      // twenty charts' range, data and crosshair throttles, all pushed in one task
      const throttles = Array.from({ length: 60 }, (_, i) => new FrameThrottle<number>((v) => got.push(`${i}:${v}`)));
      throttles.forEach((th, i) => th.push(i));
      const cancelled = requestFrame(() => got.push('cancelled'));
      cancelled();
      requestFrame(() => {
        got.push('first');
        // asked for during the frame: delivered in the next one
        requestFrame(() => got.push('next'));
      });
      expect(requests).to.equal(1);
      await nextFrame();
      await nextFrame();
    } finally {
      window.requestAnimationFrame = native;
    }
    expect(got.length).to.equal(62);
    expect(got).to.include.members(['0:0', '59:59', 'first', 'next']);
    expect(got).to.not.include('cancelled');
    expect(got.indexOf('next')).to.equal(61);
  });
});

describe('interaction: custom formatters', () => {
  afterEach(() => document.querySelectorAll('body > div[tabindex]').forEach((e) => e.remove()));

  it('formatTime / formatValue reach the tooltip, live region, summary and table', async () => {
    const target = ArrayTarget.series(20);
    const host = makeHost(target);
    const c = new InteractionController(host, target, {
      tooltip: true,
      a11yTable: true,
      formatTime: (t) => `day ${Math.round((t - T0) / DAY)}`,
      formatValue: (v, series) => `${series}=${Math.round(v)}`,
    });
    host.append(c.tooltipElement, c.dataTableElement);
    c.attach();
    expect(host.getAttribute('aria-label')).to.contain('from day 0 to day 19');
    host.focus();
    host.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(c.liveRegionElement.textContent).to.equal(`day 19: close close=${Math.round(target.magnetValueAt(19))}, volume volume=1019`);
    await until(() => !c.tooltipElement.hidden, 'the tooltip');
    expect(c.tooltipElement.firstElementChild!.textContent).to.equal('day 19');
    await until(() => c.dataTableElement.tBodies.length > 0, 'the table');
    // End panned half a bar so the last bar is not cut: the first visible row is now day 1
    expect(target.visibleRange.from).to.equal(T0 + DAY / 2);
    expect(c.dataTableElement.tBodies[0].rows[0].cells[0].textContent).to.equal('day 1');
    expect(c.dataTableElement.tBodies[0].rows[0].cells[2].textContent).to.equal('volume=1001');
    c.detach();
  });
});

describe('interaction: streaming data', () => {
  afterEach(() => document.querySelectorAll('body > div[tabindex]').forEach((e) => e.remove()));

  it('many data changes in one frame update the accessible name once, with the latest data', async () => {
    const target = ArrayTarget.series(10);
    const host = makeHost(target);
    const c = new InteractionController(host, target, { label: 'Live', locale: 'en-GB', timeZone: 'UTC' });
    c.attach();
    expect(host.getAttribute('aria-label')).to.contain('10 points');
    const changes: string[] = [];
    const watch = new MutationObserver((records) => records.forEach(() => changes.push(host.getAttribute('aria-label')!)));
    watch.observe(host, { attributes: true, attributeFilter: ['aria-label'] });
    // grow the data under the target, as a stream would, telling the controller each time
    const bigger = ArrayTarget.series(60);
    for (let n = 11; n <= 60; n++) {
      target.setData(bigger, n);
      c.dataChanged();
    }
    await frames(2);
    await new Promise((r) => setTimeout(r, 0));
    watch.disconnect();
    expect(changes.length).to.equal(1);
    expect(changes[0]).to.contain('60 points. Last close');
    c.detach();
  });

  it('a stream rewrites the accessible name at most every 500 ms, and the last name has the latest data', async () => {
    const target = ArrayTarget.series(10);
    const host = makeHost(target);
    const c = new InteractionController(host, target, { label: 'Live', locale: 'en-GB', timeZone: 'UTC' });
    c.attach();
    const changes: Array<{ at: number; name: string }> = [];
    const watch = new MutationObserver(() => changes.push({ at: performance.now(), name: host.getAttribute('aria-label')! }));
    watch.observe(host, { attributes: true, attributeFilter: ['aria-label'] });
    // one row per display frame for 1.2 s, as a stream
    const bigger = ArrayTarget.series(400);
    const t0 = performance.now();
    let n = 10;
    while (performance.now() - t0 < 1200 && n < 400) {
      target.setData(bigger, ++n);
      c.dataChanged();
      await nextFrame();
    }
    await new Promise((r) => setTimeout(r, 600));
    watch.disconnect();
    expect(n, 'frames ran').to.be.greaterThan(30);
    expect(changes.length, 'far fewer names than updates').to.be.within(2, 4);
    for (let i = 1; i < changes.length; i++) expect(changes[i].at - changes[i - 1].at).to.be.greaterThan(450);
    expect(changes[changes.length - 1].name).to.contain(`${n} points. Last close`);
    c.detach();
  });
});
