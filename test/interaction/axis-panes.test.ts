import { expect } from '@esm-bundle/chai';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import { InteractionController } from '../../src/chart/interaction/index.js';
import { ArrayTarget, DAY, T0, makeHost, until } from './array-target.js';

/** Weekday bars: Monday to Friday, no weekends (gaps a category axis closes). */
function weekdays(n: number): ArrayTarget {
  const time = new Float64Array(n);
  const close = new Float64Array(n);
  // T0 is Monday 1 January 2024
  for (let i = 0, d = 0; i < n; d++) {
    if (d % 7 >= 5) continue;
    time[i] = T0 + d * DAY;
    close[i] = 50 + (i % 10);
    i++;
  }
  return new ArrayTarget(time, { close });
}

/** Reference: fractional row of a time, interpolating between rows (the category convention). */
function rowOf(times: Float64Array, t: number): number {
  let i = 0;
  while (i < times.length - 2 && times[i + 1] <= t) i++;
  return i + (t - times[i]) / (times[i + 1] - times[i]);
}

function mouse(host: HTMLElement, type: string, x: number, y: number, id = 1): PointerEvent {
  const e = new PointerEvent(type, { pointerId: id, pointerType: 'mouse', clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0, buttons: 1 });
  host.dispatchEvent(e);
  return e;
}

describe('interaction: category axis, panes, titles', () => {
  let ctl: InteractionController | null = null;
  afterEach(async () => {
    ctl?.detach();
    ctl = null;
    document.querySelectorAll('body > div[tabindex]').forEach((e) => e.remove());
    await resetMouse();
  });

  it('category axis: a drag of three bar widths moves the view by exactly three rows, across weekends', async () => {
    const target = weekdays(300);
    target.timeScaleMode = 'category';
    const host = makeHost(target);
    ctl = new InteractionController(host, target, { kinetic: false });
    ctl.attach();
    const t = target.times();
    target.visibleRange = { from: t[100], to: t[150] };
    // 50 rows over 500 px: 10 px per bar
    await sendMouse({ type: 'move', position: [300, 100] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [270, 100] });
    await sendMouse({ type: 'up' });
    const r = target.visibleRange;
    expect(r.from).to.be.closeTo(t[103], 1e-3);
    expect(r.to).to.be.closeTo(t[153], 1e-3);
  });

  it('category axis: wheel zoom keeps the row under the pointer, and the crosshair sits on bar centres', () => {
    const target = weekdays(300);
    target.timeScaleMode = 'category';
    const host = makeHost(target);
    ctl = new InteractionController(host, target);
    ctl.attach();
    const t = target.times();
    target.visibleRange = { from: t[100], to: t[140] };
    const x = 10 + 20 * 12.5; // row 120
    host.dispatchEvent(new WheelEvent('wheel', { clientX: x, clientY: 100, deltaY: -150, bubbles: true, cancelable: true }));
    const r = target.visibleRange;
    const from = rowOf(t, r.from);
    const to = rowOf(t, r.to);
    expect(to - from).to.be.lessThan(40);
    expect(from + ((x - 10) / 500) * (to - from)).to.be.closeTo(120, 1e-6);
    mouse(host, 'pointermove', 10 + ((120.3 - from) / (to - from)) * 500, 80);
    expect(target.crosshair!.index).to.equal(120);
    expect(target.crosshair!.x).to.be.closeTo(x, 1e-6);
  });

  it('several panes: drag and crosshair work over a lower pane; its value axis scales that pane', async () => {
    const target = ArrayTarget.series(500);
    target.plotRect = { x: 10, y: 10, width: 500, height: 150 };
    target.panes = [target.plotRect, { x: 10, y: 170, width: 500, height: 90 }];
    const host = makeHost(target);
    ctl = new InteractionController(host, target, { kinetic: false, crosshair: 'magnet' });
    ctl.attach();
    const t = target.times();
    target.visibleRange = { from: t[100], to: t[300] };
    mouse(host, 'pointermove', 200, 220);
    // the lower pane: a crosshair at the pointer (the magnet only snaps in the main pane)
    expect(target.crosshair!.y).to.equal(220);
    await sendMouse({ type: 'move', position: [300, 220] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [250, 220] });
    await sendMouse({ type: 'up' });
    expect(target.visibleRange.from - t[100]).to.be.closeTo((50 * 200 * DAY) / 500, 1e-3);
    await sendMouse({ type: 'move', position: [540, 200] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [540, 180] });
    await sendMouse({ type: 'up' });
    expect(target.axisPaneY).to.deep.equal([200]);
    expect(target.axisFactor).to.be.lessThan(1);
  });

  it('a press another handler took (a pane divider drag) does not pan', () => {
    const target = ArrayTarget.series(500);
    const host = makeHost(target);
    ctl = new InteractionController(host, target, { kinetic: false });
    ctl.attach();
    host.addEventListener('pointerdown', (e) => e.preventDefault(), { capture: true });
    const r0 = target.visibleRange;
    mouse(host, 'pointerdown', 300, 100, 7);
    mouse(host, 'pointermove', 200, 100, 7);
    mouse(host, 'pointerup', 200, 100, 7);
    expect(target.visibleRange).to.deep.equal(r0);
  });

  it('series titles name the values in the tooltip, live region and table (values keyed by id)', async () => {
    const target = ArrayTarget.series(30);
    target.titles = ['Close price', 'Volume'];
    const host = makeHost(target);
    ctl = new InteractionController(host, target, { tooltip: true, a11yTable: true, locale: 'en-GB', timeZone: 'UTC' });
    host.append(ctl.tooltipElement, ctl.dataTableElement);
    ctl.attach();
    host.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(ctl.liveRegionElement.textContent).to.match(/^30 January 2024: Close price [\d.]+, Volume 1,029$/);
    await until(() => !ctl!.tooltipElement.hidden, 'the tooltip');
    expect([...ctl.tooltipElement.querySelectorAll('.tooltip-name')].map((e) => e.textContent)).to.deep.equal(['Close price', 'Volume']);
    const table = ctl.dataTableElement;
    await until(() => table.tHead !== null, 'the table');
    expect([...table.tHead!.rows[0].cells].map((c) => c.textContent)).to.deep.equal(['Time', 'Close price', 'Volume']);
  });
});
