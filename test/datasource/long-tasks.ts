/**
 * Watches the main thread while a <gpu-datasource> loads (issue 23): long tasks (a
 * PerformanceObserver for `longtask`, tasks over 50 ms) and a requestAnimationFrame loop standing
 * for an animation on the page (frames per second while loading, and the longest gap between
 * frames). Used by longtask.gpu.test.ts (250k rows, in `npm test`) and test/slow (the sizes).
 */
import { expect } from '@esm-bundle/chai';
import { createSource, until } from './helpers.js';

export interface LoadWatch {
  /** Durations (ms) of main-thread tasks over 50 ms, from the start of the load to its rows. */
  longTasks: number[];
  /** The longest time between two animation frames, ms. */
  longestFrameGap: number;
  frames: number;
  /** Animation frames per second while loading. */
  fps: number;
  /** From setting src to the rows in the table, ms. */
  loadMs: number;
  /**
   * Scripts of 20 ms or more inside animation frames over 50 ms (Long Animation Frames API), as
   * "invoker source ms": which code a long task ran, when it was ours. A long frame without them
   * spent its time outside page scripts (on a busy machine: the thread waiting for a core).
   */
  longFrameScripts: string[];
}

interface AnimationFrameScript {
  invoker: string;
  sourceURL: string;
  duration: number;
}

/** Loads `url` with `worker` and checks it ends with `rows` rows, decoded where asked. */
export async function watchLoad(url: string, worker: 'auto' | 'off', rows: number, timeoutMs = 30_000): Promise<LoadWatch> {
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration));
  });
  observer.observe({ type: 'longtask' });
  const longFrameScripts: string[] = [];
  const longFrames = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { scripts?: AnimationFrameScript[] })[]) {
      if (entry.duration <= 50) continue;
      for (const script of entry.scripts ?? []) {
        if (script.duration >= 20) longFrameScripts.push(`${script.invoker} ${script.sourceURL.replace(location.origin, '')} ${Math.round(script.duration)}`);
      }
    }
  });
  if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) longFrames.observe({ type: 'long-animation-frame', buffered: false });
  let frames = 0;
  let longestFrameGap = 0;
  let last = performance.now();
  let animating = true;
  const frame = (now: number) => {
    frames++;
    longestFrameGap = Math.max(longestFrameGap, now - last);
    last = now;
    if (animating) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const start = performance.now();
  const el = createSource({ src: url, worker });
  const errors: string[] = [];
  el.addEventListener('gpu-error', (event) => errors.push(event.detail.message));
  await until(() => el.status !== 'loading' && el.status !== 'idle', `the rows of ${url}`, timeoutMs);
  const loadMs = performance.now() - start;
  expect(el.status, errors.join('; ')).to.equal('ready');
  expect(el.length).to.equal(rows);
  expect(el.decodedIn).to.equal(worker === 'auto' ? 'worker' : 'main');
  // Entries are delivered after the task that ended: give the observer a turn.
  await new Promise((r) => setTimeout(r, 100));
  animating = false;
  observer.disconnect();
  longFrames.disconnect();
  el.remove();
  return { longTasks, longestFrameGap: Math.round(longestFrameGap), frames, fps: Math.round((frames * 1000) / loadMs), loadMs: Math.round(loadMs), longFrameScripts };
}

/** Animation frames per second with nothing loading (what `fps` while loading is compared with). */
export async function idleFps(ms = 1000): Promise<number> {
  let frames = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const frame = (now: number) => {
      frames++;
      if (now - start < ms) requestAnimationFrame(frame);
      else resolve();
    };
    requestAnimationFrame(frame);
  });
  return Math.round((frames * 1000) / (performance.now() - start));
}
