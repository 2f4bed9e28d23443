/**
 * Frame scheduling for the interaction layer. Pages without animation frames (hidden or
 * background tabs) still get their callback through a slow timer, so events and flings settle
 * there too.
 */

const HIDDEN_PAGE_DELAY_MS = 250;

/** Calls `callback(now)` at the next animation frame (or after a slow timer); returns a cancel. */
export function requestFrame(callback: (now: number) => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    callback(performance.now());
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, HIDDEN_PAGE_DELAY_MS);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * Coalesces bursts of updates into one delivery per animation frame: `push` may be called any
 * number of times (wheel, pointer moves, code); only the latest value is delivered, once, at the
 * next frame.
 */
export class FrameThrottle<T> {
  private value: T | undefined;
  private cancelFrame: (() => void) | null = null;

  constructor(private readonly deliver: (value: T) => void) {}

  /** Queues `value`; replaces any value queued earlier in the same frame. */
  push(value: T): void {
    this.value = value;
    this.cancelFrame ??= requestFrame(this.flush);
  }

  /** True while a value waits for its frame. */
  get isPending(): boolean {
    return this.cancelFrame !== null;
  }

  /** Drops the queued value, if any. */
  cancel(): void {
    this.cancelFrame?.();
    this.cancelFrame = null;
    this.value = undefined;
  }

  private readonly flush = (): void => {
    this.cancelFrame = null;
    const v = this.value as T;
    this.value = undefined;
    this.deliver(v);
  };
}
