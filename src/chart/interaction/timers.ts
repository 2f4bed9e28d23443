/**
 * Timers for work that follows data and view changes: a streaming chart changes both on every
 * display frame, so each of these costs at most one native timer call per change, usually none.
 */

/** Runs `run` once no `schedule` came for `delay` ms (the last call's delay counts). */
export class Debounce {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private due = 0;

  constructor(private readonly run: () => void) {}

  schedule(delay: number): void {
    const due = performance.now() + delay;
    // A later deadline needs no new timer: the pending one waits out the rest when it fires.
    if (this.timer !== undefined && due >= this.due) {
      this.due = due;
      return;
    }
    clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(this.fire, delay);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly fire = (): void => {
    const rest = this.due - performance.now();
    if (rest > 1) {
      this.timer = setTimeout(this.fire, rest);
      return;
    }
    this.timer = undefined;
    this.run();
  };
}

/**
 * Runs `run` at once when it last ran at least `interval` ms ago, else once when the interval is
 * over (so the latest state always gets its run, at most one run per interval).
 */
export class RateLimit {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = -Infinity;

  constructor(
    private readonly interval: number,
    private readonly run: () => void,
  ) {}

  request(): void {
    if (this.timer !== undefined) return;
    const wait = this.last + this.interval - performance.now();
    if (wait <= 0) this.fire();
    else this.timer = setTimeout(this.fire, wait);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.last = performance.now();
    this.run();
  };
}
