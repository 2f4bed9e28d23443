/**
 * Frame scheduling for the interaction layer. Pages without animation frames (hidden or
 * background tabs) still get their callback through a slow timer, so events and flings settle
 * there too.
 */

const HIDDEN_PAGE_DELAY_MS = 250;

/**
 * Every callback waiting for the next frame, page-wide: one animation frame request and one
 * fallback timer serve them all. A streaming chart asks for several per update (range and data
 * events, crosshair), and a dashboard has many charts; each native request costs more than the
 * callback's own work.
 */
const waiting = new Set<{ callback: (now: number) => void }>();
let frameRequest = 0;
let fallbackTimer: ReturnType<typeof setTimeout> | undefined;

function runWaiting(): void {
  cancelAnimationFrame(frameRequest);
  clearTimeout(fallbackTimer);
  frameRequest = 0;
  fallbackTimer = undefined;
  // Callbacks queued while these run wait for the next frame.
  const due = [...waiting];
  waiting.clear();
  for (const entry of due) {
    try {
      entry.callback(performance.now());
    } catch (err) {
      // One failing callback must not keep the others from their frame.
      queueMicrotask(() => {
        throw err;
      });
    }
  }
}

/** Calls `callback(now)` at the next animation frame (or after a slow timer); returns a cancel. */
export function requestFrame(callback: (now: number) => void): () => void {
  const entry = { callback };
  waiting.add(entry);
  if (!frameRequest) {
    frameRequest = requestAnimationFrame(runWaiting);
    fallbackTimer = setTimeout(runWaiting, HIDDEN_PAGE_DELAY_MS);
  }
  return () => void waiting.delete(entry);
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
