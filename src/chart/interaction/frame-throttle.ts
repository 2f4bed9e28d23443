/**
 * Coalesces bursts of updates into one delivery per animation frame: `push` may be called any
 * number of times (wheel, pointer moves, code); only the latest value is delivered, once, at the
 * next frame. Pages without animation frames (hidden tabs) still get it through a slow timer.
 */

const HIDDEN_PAGE_DELAY_MS = 250;

export class FrameThrottle<T> {
  private pending = false;
  private value: T | undefined;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deliver: (value: T) => void) {}

  /** Queues `value`; replaces any value queued earlier in the same frame. */
  push(value: T): void {
    this.value = value;
    if (this.pending) return;
    this.pending = true;
    this.frame = requestAnimationFrame(this.flush);
    this.timer = setTimeout(this.flush, HIDDEN_PAGE_DELAY_MS);
  }

  /** True while a value waits for its frame. */
  get isPending(): boolean {
    return this.pending;
  }

  /** Drops the queued value, if any. */
  cancel(): void {
    if (!this.pending) return;
    this.pending = false;
    this.value = undefined;
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
  }

  private readonly flush = (): void => {
    if (!this.pending) return;
    this.pending = false;
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    const v = this.value as T;
    this.value = undefined;
    this.deliver(v);
  };
}
