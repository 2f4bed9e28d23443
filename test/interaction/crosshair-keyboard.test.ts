import { expect } from '@esm-bundle/chai';
import { sendKeys, sendMouse, resetMouse } from '@web/test-runner-commands';
import { InteractionController, type InteractionOptions } from '../../src/chart/interaction/index.js';
import type { GpuCrosshairDetail } from '../../src/elements/events.js';
import { ArrayTarget, DAY, frames, makeHost, record } from './array-target.js';

function setup(options: Partial<InteractionOptions> = {}, target = ArrayTarget.series(1000)) {
  const host = makeHost(target);
  const controller = new InteractionController(host, target, { locale: 'en-GB', timeZone: 'UTC', ...options });
  controller.attach();
  return { target, host, controller };
}

function mouse(host: HTMLElement, type: string, x: number, y: number): void {
  host.dispatchEvent(new PointerEvent(type, { pointerId: 1, pointerType: 'mouse', clientX: x, clientY: y, bubbles: true }));
}

/** The row nearest to t, by a plain scan (the reference the binary search must match). */
function scanNearest(times: Float64Array, t: number): number {
  let best = 0;
  for (let i = 1; i < times.length; i++) if (Math.abs(times[i] - t) < Math.abs(times[best] - t)) best = i;
  return best;
}

describe('interaction: crosshair and keyboard', () => {
  let ctl: InteractionController | null = null;
  afterEach(async () => {
    ctl?.detach();
    ctl = null;
    document.querySelectorAll('body > div[tabindex]').forEach((e) => e.remove());
    await resetMouse();
  });

  it('pointer move puts the crosshair on the nearest row (normal mode keeps the pointer y)', async () => {
    const { target, host, controller } = setup();
    ctl = controller;
    const events = record<GpuCrosshairDetail>(host, 'gpu-crosshair');
    target.visibleRange = { from: target.times()[100], to: target.times()[150] };
    await sendMouse({ type: 'move', position: [212, 77] });
    const c = target.crosshair!;
    expect(c.index).to.equal(scanNearest(target.times(), target.timeAt(212)));
    expect(c.time).to.equal(target.times()[c.index]);
    expect(c.y).to.equal(77);
    expect(c.horizontal).to.equal(true);
    // the vertical line sits on the row, not at the raw pointer x
    expect(c.x).to.be.closeTo(10 + ((c.time - target.visibleRange.from) / (50 * DAY)) * 500, 1e-9);
    await frames(2);
    const d = events.at(-1)!;
    expect(d).to.deep.include({ time: c.time, index: c.index, values: target.valuesAt(c.index), x: c.x, y: 77, first: c.index, last: c.index });
    // leaving the chart clears it and fires null once
    await sendMouse({ type: 'move', position: [700, 500] });
    expect(target.crosshair).to.equal(null);
    await frames(2);
    expect(events.at(-1)).to.equal(null);
    const n = events.length;
    mouse(host, 'pointerleave', 700, 500);
    await frames(2);
    expect(events.length).to.equal(n);
  });

  it('irregular time steps: the hit-test still finds the nearest row', () => {
    const times = new Float64Array(300);
    let t = Date.UTC(2024, 0, 1);
    for (let i = 0; i < times.length; i++) times[i] = t += ((i * 7919) % 13) * 60_000 + 60_000;
    const target = new ArrayTarget(times, { close: new Float64Array(300).fill(50) });
    const { host, controller } = setup({}, target);
    ctl = controller;
    for (let x = 10; x <= 510; x += 7) {
      mouse(host, 'pointermove', x, 50);
      expect(target.crosshair!.index).to.equal(scanNearest(times, target.timeAt(x)));
    }
  });

  it('magnet mode snaps y to the row value; hidden mode draws nothing but still reports', async () => {
    const { target, host, controller } = setup({ crosshair: 'magnet' });
    ctl = controller;
    const events = record<GpuCrosshairDetail>(host, 'gpu-crosshair');
    mouse(host, 'pointermove', 300, 40);
    const c = target.crosshair!;
    expect(c.y).to.be.closeTo(target.yOfValue(target.magnetValueAt(c.index)), 1e-9);
    controller.setOptions({ crosshair: 'hidden' });
    mouse(host, 'pointermove', 320, 40);
    expect(target.crosshair).to.equal(null);
    await frames(2);
    expect(events.at(-1)!.index).to.equal(controller.crosshairIndex);
  });

  it('tooltip: text from the values (never markup), kept inside the chart box', async () => {
    const n = 50;
    const time = new Float64Array(n).map((_, i) => Date.UTC(2024, 0, 1) + i * DAY);
    const evil = '<img src=x onerror="window.__pwned=1">';
    const target = new ArrayTarget(time, { close: new Float64Array(n).fill(123.5), [evil]: new Float64Array(n).fill(7) });
    const { host, controller } = setup({ tooltip: true }, target);
    ctl = controller;
    host.append(controller.tooltipElement);
    const tip = controller.tooltipElement;
    expect(tip.getAttribute('part')).to.equal('tooltip');
    expect(tip.hidden).to.equal(true);
    mouse(host, 'pointermove', 505, 255);
    await frames(2);
    expect(tip.hidden).to.equal(false);
    expect(tip.textContent).to.contain('123.5');
    expect(tip.textContent).to.contain(evil);
    expect(tip.querySelector('img'), 'no element made from data').to.equal(null);
    const box = host.getBoundingClientRect();
    const r = tip.getBoundingClientRect();
    expect(r.right).to.be.at.most(box.right + 0.5);
    expect(r.bottom).to.be.at.most(box.bottom + 0.5);
    expect(r.left).to.be.at.least(box.left - 0.5);
    // flipped to the pointer's left and above it near the bottom-right corner
    expect(r.right).to.be.at.most(505);
    mouse(host, 'pointermove', 20, 20);
    await frames(2);
    const r2 = tip.getBoundingClientRect();
    expect(r2.left).to.be.at.least(20);
    mouse(host, 'pointerleave', 700, 700);
    await frames(2);
    expect(tip.hidden).to.equal(true);
  });

  it('arrow keys move the crosshair one bar, pan at the edge, and announce the bar', async () => {
    const { target, host, controller } = setup();
    ctl = controller;
    const times = target.times();
    target.visibleRange = { from: times[500], to: times[520] };
    host.focus();
    await sendKeys({ press: 'ArrowRight' });
    // first press: the last visible bar
    expect(controller.crosshairIndex).to.equal(520);
    expect(target.crosshair!.index).to.equal(520);
    expect(controller.liveRegionElement.textContent).to.equal('4 June 2025: close ' + new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4 }).format(target.magnetValueAt(520)) + ', volume 1,520');
    await sendKeys({ press: 'ArrowLeft' });
    expect(controller.crosshairIndex).to.equal(519);
    expect(controller.liveRegionElement.textContent).to.match(/^3 June 2025: close /);
    // walk to the left edge and beyond: the view follows, one bar at a time
    for (let i = 0; i < 22; i++) await sendKeys({ press: 'ArrowLeft' });
    expect(controller.crosshairIndex).to.equal(497);
    const r = target.visibleRange;
    expect(r.to - r.from).to.be.closeTo(20 * DAY, 1e-3);
    expect(times[497]).to.be.at.least(r.from);
    expect(times[497] - r.from).to.be.at.most(DAY);
    await sendKeys({ press: 'ArrowRight' });
    expect(controller.crosshairIndex).to.equal(498);
    expect(target.visibleRange, 'no pan inside the view').to.deep.equal(r);
  });

  it('Home/End, PageUp/PageDown, +/- and Escape', async () => {
    const { target, host, controller } = setup();
    ctl = controller;
    const times = target.times();
    target.visibleRange = { from: times[500], to: times[600] };
    host.focus();
    await sendKeys({ press: 'Home' });
    expect(controller.crosshairIndex).to.equal(0);
    expect(target.visibleRange.from).to.be.at.most(times[0]);
    expect(target.visibleRange.to - target.visibleRange.from).to.be.closeTo(100 * DAY, 1e-3);
    await sendKeys({ press: 'End' });
    expect(controller.crosshairIndex).to.equal(999);
    expect(target.visibleRange.to).to.be.at.least(times[999]);

    target.visibleRange = { from: times[500], to: times[600] };
    await sendKeys({ press: 'PageUp' });
    expect(target.visibleRange).to.deep.equal({ from: times[400], to: times[500] });
    await sendKeys({ press: 'PageDown' });
    await sendKeys({ press: 'PageDown' });
    expect(target.visibleRange).to.deep.equal({ from: times[600], to: times[700] });

    // zoom around the crosshair: its bar keeps its place
    await sendKeys({ press: 'ArrowRight' });
    const i = controller.crosshairIndex;
    const xBefore = target.crosshair!.x;
    await sendKeys({ press: '+' });
    expect(target.visibleRange.to - target.visibleRange.from).to.be.closeTo((100 * DAY) / 1.25, 1e-3);
    expect(target.crosshair!.x).to.be.closeTo(xBefore, 1e-6);
    await sendKeys({ press: '-' });
    expect(target.visibleRange.to - target.visibleRange.from).to.be.closeTo(100 * DAY, 1e-3);
    expect(controller.crosshairIndex).to.equal(i);
    await sendKeys({ press: 'Escape' });
    expect(target.crosshair).to.equal(null);
    expect(controller.crosshairIndex).to.equal(-1);
    // with no crosshair, zoom is around the centre
    const mid = (target.visibleRange.from + target.visibleRange.to) / 2;
    await sendKeys({ press: '=' });
    expect((target.visibleRange.from + target.visibleRange.to) / 2).to.be.closeTo(mid, 1e-3);
  });

  it('ArrowUp/ArrowDown scale the values; R fits all the data and auto-scales the values again', async () => {
    const { target, host, controller } = setup();
    ctl = controller;
    const times = target.times();
    host.focus();
    await sendKeys({ press: 'ArrowUp' });
    expect(target.axisFactor).to.be.closeTo(1 / 1.2, 1e-9);
    expect(target.autoScale).to.equal(false);
    const plot = target.plotRect;
    expect(target.axisPaneY.at(-1)).to.equal(plot.y + plot.height / 2);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(target.axisFactor).to.be.closeTo(1.2, 1e-9);
    target.visibleRange = { from: times[500], to: times[600] };
    const ranges = record(host, 'gpu-range');
    await sendKeys({ press: 'r' });
    expect(target.autoScale).to.equal(true);
    expect(target.axisFactor).to.equal(1);
    expect(target.visibleRange).to.deep.equal({ from: times[0], to: times[999] });
    expect(target.fits).to.equal(1);
    await frames(2);
    expect(ranges.length, 'gpu-range reported').to.be.greaterThan(0);
  });

  it('unhandled keys are left alone; handled ones do not scroll the page', () => {
    const { host, controller } = setup();
    ctl = controller;
    const press = (key: string) => {
      const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      host.dispatchEvent(e);
      return e.defaultPrevented;
    };
    expect(press('ArrowRight')).to.equal(true);
    expect(press('PageDown')).to.equal(true);
    expect(press('ArrowUp')).to.equal(true);
    expect(press('r')).to.equal(true);
    expect(press('a')).to.equal(false);
    expect(press('Tab')).to.equal(false);
  });
});
