import { expect } from '@esm-bundle/chai';
import { sendMouse, resetMouse, emulateMedia } from '@web/test-runner-commands';
import { InteractionController, type InteractionOptions } from '../../src/chart/interaction/index.js';
import { ArrayTarget, DAY, frames, makeHost, nextFrame, record } from './array-target.js';

function setup(options: Partial<InteractionOptions> = {}, n = 1000) {
  const target = ArrayTarget.series(n);
  const host = makeHost(target);
  const controller = new InteractionController(host, target, options);
  controller.attach();
  return { target, host, controller };
}

function wheel(host: HTMLElement, x: number, y: number, init: WheelEventInit): WheelEvent {
  const e = new WheelEvent('wheel', { clientX: x, clientY: y, bubbles: true, cancelable: true, ...init });
  host.dispatchEvent(e);
  return e;
}

function touch(host: HTMLElement, type: string, id: number, x: number, y: number): void {
  host.dispatchEvent(
    new PointerEvent(type, { pointerId: id, pointerType: 'touch', isPrimary: id === 1, clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0, buttons: type === 'pointerup' ? 0 : 1 }),
  );
}

const span = (r: { from: number; to: number }) => r.to - r.from;

describe('interaction: zoom and pan', () => {
  let ctl: InteractionController | null = null;
  afterEach(async () => {
    ctl?.detach();
    ctl = null;
    document.querySelectorAll('body > div[tabindex]').forEach((e) => e.remove());
    await resetMouse();
  });

  it('wheel zoom keeps the time under the pointer fixed (pixel, line and ctrl-pinch wheels)', () => {
    const { target, host, controller } = setup();
    ctl = controller;
    target.visibleRange = { from: target.times()[100], to: target.times()[600] };
    const cases: WheelEventInit[] = [
      { deltaY: -100, deltaMode: WheelEvent.DOM_DELTA_PIXEL },
      { deltaY: -3, deltaMode: WheelEvent.DOM_DELTA_LINE },
      { deltaY: -5, ctrlKey: true },
      { deltaY: 120 },
    ];
    for (const init of cases) {
      const x = 137;
      const before = target.timeAt(x);
      const spanBefore = span(target.visibleRange);
      const e = wheel(host, x, 100, init);
      expect(e.defaultPrevented, 'page does not scroll').to.equal(true);
      expect(target.timeAt(x)).to.be.closeTo(before, 1e-3);
      if ((init.deltaY ?? 0) < 0) expect(span(target.visibleRange)).to.be.lessThan(spanBefore);
      else expect(span(target.visibleRange)).to.be.greaterThan(spanBefore);
    }
    // a line is 16 px: three lines zoom as much as 48 px
    const r0 = target.visibleRange;
    wheel(host, 300, 100, { deltaY: -3, deltaMode: WheelEvent.DOM_DELTA_LINE });
    const lineFactor = span(target.visibleRange) / span(r0);
    target.visibleRange = r0;
    wheel(host, 300, 100, { deltaY: -48 });
    expect(span(target.visibleRange) / span(r0)).to.be.closeTo(lineFactor, 1e-9);
  });

  it('a sideways wheel (trackpad swipe) pans instead of zooming', () => {
    const { target, host, controller } = setup();
    ctl = controller;
    target.visibleRange = { from: target.times()[100], to: target.times()[600] };
    const r0 = target.visibleRange;
    wheel(host, 300, 100, { deltaX: 50, deltaY: 2 });
    const r1 = target.visibleRange;
    expect(span(r1)).to.be.closeTo(span(r0), 1e-3);
    expect(r1.from - r0.from).to.be.closeTo((50 * span(r0)) / target.plotRect.width, 1e-3);
  });

  it('mouse drag pans by exactly the dragged distance', async () => {
    const { target, controller } = setup({ kinetic: false });
    ctl = controller;
    target.visibleRange = { from: target.times()[300], to: target.times()[700] };
    const r0 = target.visibleRange;
    const timeUnder = target.timeAt(300);
    await sendMouse({ type: 'move', position: [300, 100] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [230, 120] });
    await sendMouse({ type: 'up' });
    const r1 = target.visibleRange;
    const msPerPx = span(r0) / target.plotRect.width;
    expect(r1.from - r0.from).to.be.closeTo(70 * msPerPx, 1e-3);
    expect(span(r1)).to.be.closeTo(span(r0), 1e-3);
    // the time that was under the pointer followed it
    expect(target.timeAt(230)).to.be.closeTo(timeUnder, 1e-3);
  });

  it('pinch with two touch pointers zooms around their midpoint, then pans with it', () => {
    const { target, host, controller } = setup();
    ctl = controller;
    target.visibleRange = { from: target.times()[200], to: target.times()[800] };
    const r0 = target.visibleRange;
    const mid = target.timeAt(250);
    touch(host, 'pointerdown', 1, 200, 100);
    touch(host, 'pointerdown', 2, 300, 100);
    touch(host, 'pointermove', 1, 150, 100);
    touch(host, 'pointermove', 2, 350, 100);
    // fingers twice as far apart: half the span, midpoint time unchanged
    expect(span(target.visibleRange)).to.be.closeTo(span(r0) / 2, 1e-3);
    expect(target.timeAt(250)).to.be.closeTo(mid, 1e-3);
    // both fingers move right by 60 px: the same time now sits under the new midpoint
    touch(host, 'pointermove', 1, 210, 100);
    touch(host, 'pointermove', 2, 410, 100);
    expect(target.timeAt(310)).to.be.closeTo(mid, 1e-3);
    touch(host, 'pointerup', 1, 210, 100);
    // the remaining finger pans
    const r1 = target.visibleRange;
    touch(host, 'pointermove', 2, 380, 100);
    expect(target.visibleRange.from - r1.from).to.be.closeTo((30 * span(r1)) / target.plotRect.width, 1e-3);
    touch(host, 'pointerup', 2, 380, 100);
  });

  it('one-finger touch pan; a tap shows the crosshair; pointercancel (page scroll) stops the pan', () => {
    const { target, host, controller } = setup({ kinetic: false });
    ctl = controller;
    target.visibleRange = { from: target.times()[200], to: target.times()[800] };
    const r0 = target.visibleRange;
    touch(host, 'pointerdown', 5, 300, 100);
    touch(host, 'pointermove', 5, 340, 100);
    expect(r0.from - target.visibleRange.from).to.be.closeTo((40 * span(r0)) / target.plotRect.width, 1e-3);
    host.dispatchEvent(new PointerEvent('pointercancel', { pointerId: 5, pointerType: 'touch', bubbles: true }));
    const r1 = target.visibleRange;
    touch(host, 'pointermove', 5, 400, 100);
    expect(target.visibleRange).to.deep.equal(r1);
    expect(target.crosshair).to.equal(null);
    touch(host, 'pointerdown', 6, 250, 100);
    touch(host, 'pointerup', 6, 250, 100);
    expect(target.crosshair?.index).to.equal(controller.crosshairIndex);
    expect(target.crosshair!.time).to.equal(target.times()[controller.crosshairIndex]);
  });

  it('double-click fits the data; value-axis drag scales it and double-click there resets it', async () => {
    const { target, host, controller } = setup();
    ctl = controller;
    const ranges = record<{ from: number; to: number }>(host, 'gpu-range');
    target.visibleRange = { from: target.times()[10], to: target.times()[50] };
    host.dispatchEvent(new MouseEvent('dblclick', { clientX: 200, clientY: 100, bubbles: true }));
    expect(target.fits).to.equal(1);
    expect(target.visibleRange).to.deep.equal(target.dataRange());
    await frames(2);
    expect(ranges.at(-1)).to.deep.equal(target.dataRange());

    // the strip right of the plot is the value axis
    const axisX = target.plotRect.x + target.plotRect.width + 30;
    await sendMouse({ type: 'move', position: [axisX, 100] });
    await sendMouse({ type: 'down' });
    await sendMouse({ type: 'move', position: [axisX, 160] });
    await sendMouse({ type: 'up' });
    expect(target.autoScale).to.equal(false);
    expect(target.axisFactor).to.be.closeTo(Math.exp(60 * 0.005), 1e-9);
    expect(target.visibleRange, 'axis drag does not pan').to.deep.equal(target.dataRange());
    host.dispatchEvent(new MouseEvent('dblclick', { clientX: axisX, clientY: 100, bubbles: true }));
    expect(target.autoScale).to.equal(true);
    expect(target.fits).to.equal(1);
  });

  it('zoom limits: not closer than 5 rows, not farther than the data plus 10 % each side', () => {
    const { target, host, controller } = setup();
    ctl = controller;
    for (let i = 0; i < 60; i++) wheel(host, 300, 100, { deltaY: -200 });
    // 5 rows of daily data span 4 days
    expect(span(target.visibleRange)).to.be.closeTo(4 * DAY, 1);
    for (let i = 0; i < 80; i++) wheel(host, 300, 100, { deltaY: 200 });
    const data = target.dataRange()!;
    expect(span(target.visibleRange)).to.be.closeTo((data.to - data.from) * 1.2, 1);
    // panning far away keeps at least half the view on the data (+margin)
    for (let i = 0; i < 50; i++) wheel(host, 300, 100, { deltaX: -500 });
    const r = target.visibleRange;
    expect(r.from).to.be.closeTo(data.from - (data.to - data.from) * 0.1 - span(r) / 2, 1);
  });

  it('gpu-range fires once per frame for 20 wheel events (and 20 code changes) in one frame', async () => {
    const { target, host, controller } = setup();
    ctl = controller;
    const ranges = record<{ from: number; to: number }>(host, 'gpu-range');
    await nextFrame();
    for (let i = 0; i < 20; i++) wheel(host, 200 + i, 100, { deltaY: -20 });
    expect(ranges.length, 'not synchronous').to.equal(0);
    await frames(3);
    expect(ranges.length).to.equal(1);
    expect(ranges[0]).to.deep.equal(target.visibleRange);
    const base = target.visibleRange;
    for (let i = 0; i < 20; i++) controller.setVisibleRange({ from: base.from + i * DAY, to: base.to + i * DAY });
    await frames(3);
    expect(ranges.length).to.equal(2);
    expect(ranges[1]).to.deep.equal({ from: base.from + 19 * DAY, to: base.to + 19 * DAY });
  });

  async function fling(): Promise<void> {
    await sendMouse({ type: 'move', position: [450, 100] });
    await sendMouse({ type: 'down' });
    for (const x of [420, 380, 340, 300, 260, 220]) await sendMouse({ type: 'move', position: [x, 100] });
    await sendMouse({ type: 'up' });
  }

  it('kinetic fling keeps the view moving after release, then stops', async () => {
    const { target, controller } = setup();
    ctl = controller;
    target.visibleRange = { from: target.times()[100], to: target.times()[400] };
    await fling();
    const atRelease = target.visibleRange;
    expect(controller.kineticActive).to.equal(true);
    await frames(5);
    const later = target.visibleRange;
    // dragged left: the view keeps moving to later times, at an unchanged span
    expect(later.from).to.be.greaterThan(atRelease.from);
    expect(span(later)).to.be.closeTo(span(atRelease), 1e-3);
    const deadline = performance.now() + 5000;
    while (controller.kineticActive && performance.now() < deadline) await nextFrame();
    expect(controller.kineticActive, 'fling decays to a stop').to.equal(false);
    const stopped = target.visibleRange;
    await frames(3);
    expect(target.visibleRange).to.deep.equal(stopped);
  });

  it('no fling with kinetic off, under prefers-reduced-motion, or with reducedMotion: true', async () => {
    for (const [options, media] of [
      [{ kinetic: false }, false],
      [{}, true],
      [{ reducedMotion: true }, false],
    ] as Array<[Partial<InteractionOptions>, boolean]>) {
      if (media) await emulateMedia({ reducedMotion: 'reduce' });
      try {
        const { target, controller } = setup(options);
        ctl = controller;
        target.visibleRange = { from: target.times()[100], to: target.times()[400] };
        await fling();
        const atRelease = target.visibleRange;
        expect(controller.kineticActive).to.equal(false);
        await frames(4);
        expect(target.visibleRange).to.deep.equal(atRelease);
        controller.detach();
        document.querySelectorAll('body > div[tabindex]').forEach((e) => e.remove());
        await resetMouse();
      } finally {
        if (media) await emulateMedia({ reducedMotion: 'no-preference' });
      }
    }
  });
});
