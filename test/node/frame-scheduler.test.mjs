// The frame scheduler (src/chart/frame-scheduler.ts) with animation frames driven by the test:
// a follow-up frame (a colour bar's labels read back after a density's binning) is not waited for
// by `whenIdle`, and never makes the page's next change wait a display frame. esbuild bundles the
// source for this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';

async function load() {
  const out = await build({
    stdin: { contents: `export { FrameScheduler } from './src/chart/frame-scheduler.ts';`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

const { FrameScheduler } = await load();

/** Animation frames run by the test: `displayFrame()` runs the callbacks queued so far, in order. */
let queued = [];
let nextId = 1;
globalThis.requestAnimationFrame = (cb) => {
  const id = nextId++;
  queued.push({ id, cb });
  return id;
};
globalThis.cancelAnimationFrame = (id) => {
  queued = queued.filter((e) => e.id !== id);
};
function displayFrame() {
  const now = queued;
  queued = [];
  for (const e of now) e.cb(0);
}
const microtasks = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** A chart whose GPU finishes each frame at once (a fast GPU); `frames` counts the frames drawn. */
function chart() {
  const source = { frames: 0, drawFrame: () => (source.frames++, Promise.resolve()), busy: () => false };
  const scheduler = new FrameScheduler(source);
  scheduler.running = true;
  return { source, scheduler };
}

test('a follow-up frame: whenIdle does not wait for it, and a change in the next animation frame is drawn in that frame', async () => {
  const { source, scheduler } = chart();
  scheduler.request();
  await microtasks();
  assert.equal(source.frames, 1, 'the change, drawn at the end of its task');
  // the frame's read-back arrives: the labels' follow-up frame (this display frame had a frame)
  scheduler.requestFollowUp();
  let idle = false;
  scheduler.whenIdle().then(() => (idle = true));
  await microtasks();
  assert.equal(idle, true, 'whenIdle does not wait for the follow-up');
  assert.equal(source.frames, 1, 'not drawn twice in one display frame');
  // the page's next step runs in the next animation frame (after the scheduler's callbacks)
  let framesAtChange = -1;
  requestAnimationFrame(() => {
    framesAtChange = source.frames;
    scheduler.request();
  });
  displayFrame();
  await microtasks();
  assert.equal(framesAtChange, 1, 'the follow-up did not draw before the change');
  assert.equal(source.frames, 2, 'the change (with the labels) drawn in the display frame it was made in');
  assert.equal(scheduler.isQuiet(), true, 'nothing left for a later display frame');
});

test('a follow-up with no change after it is drawn once the animation frame has run', async () => {
  const { source, scheduler } = chart();
  scheduler.request();
  await microtasks();
  scheduler.requestFollowUp();
  displayFrame();
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(source.frames, 2, 'the labels drawn');
  assert.equal(scheduler.isQuiet(), true);
  // a follow-up is an ordinary frame for whenIdle once a change joins it
  scheduler.requestFollowUp();
  scheduler.request();
  let idle = false;
  scheduler.whenIdle().then(() => (idle = true));
  await microtasks();
  assert.equal(idle, false, 'a change joined: whenIdle waits for its frame');
  displayFrame();
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(source.frames, 3);
  assert.equal(idle, true);
});

test("a change made in the next animation frame's callbacks, before the scheduler's own, is drawn in that frame", async () => {
  // document.timeline's time moves on with each display frame, as in a browser
  const timeline = { currentTime: 0 };
  globalThis.document = { timeline };
  queued = []; // what earlier tests left
  try {
    const { source, scheduler } = chart();
    // the page's step runs in animation-frame callbacks it asked for before the chart drew
    let framesAtNextStep = -1;
    requestAnimationFrame(() => {
      framesAtNextStep = source.frames;
      scheduler.request();
    });
    scheduler.request();
    await microtasks();
    assert.equal(source.frames, 1, 'the first change, drawn at the end of its task');
    assert.equal(queued.length, 1, "the page's callback alone: with the timeline's time the scheduler asks for no animation frame of its own");
    timeline.currentTime += 16.7;
    displayFrame(); // the page's callback
    await microtasks();
    assert.equal(framesAtNextStep, 1);
    assert.equal(source.frames, 2, 'the next step drawn in the display frame it was made in, not the one after');
    // within one display frame, still one frame
    scheduler.request();
    await microtasks();
    assert.equal(source.frames, 2, 'a second change in the same display frame waits for the next');
    timeline.currentTime += 16.7;
    displayFrame();
    await microtasks();
    assert.equal(source.frames, 3);
  } finally {
    delete globalThis.document;
  }
});
